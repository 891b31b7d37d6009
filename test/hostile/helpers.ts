/** Helpers of the hostile tests: async CLI runs that can be interrupted, output trees, variants of the demo. */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, statSync, watch, writeFileSync, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { BIN, ROOT } from '../helpers/cli.js';

export const DEMO = path.join(ROOT, 'fixtures', 'demo');
export const MINI = path.join(ROOT, 'fixtures', 'mini');
/** The files of a run's output folder (fixtures/demo writes these 7). */
export const DEMO_OUTPUT_FILES = ['bank.csv', 'disclosure.csv', 'payouts.csv', 'payouts.xlsx', 'report.html', 'summary.json', 'waterfall.csv'];

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** A CLI run in the background; `done` settles when the process has exited and its pipes closed. */
export interface Running {
  child: ChildProcess;
  started: number;
  done: Promise<RunResult>;
}

export function startCli(args: string[], env: Record<string, string> = {}): Running {
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const done = new Promise<RunResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: performance.now() - started });
    });
  });
  return { child, started, done };
}

export function runCli(args: string[], env: Record<string, string> = {}): Promise<RunResult> {
  return startCli(args, env).done;
}

/** Every file under `dir` (relative `/` paths) with its bytes; null when `dir` does not exist. */
export function readTree(dir: string): Map<string, Buffer> | null {
  if (!existsSync(dir)) return null;
  const out = new Map<string, Buffer>();
  const walk = (d: string, prefix: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.isDirectory()) walk(path.join(d, e.name), `${prefix}${e.name}/`);
      else out.set(prefix + e.name, readFileSync(path.join(d, e.name)));
    }
  };
  walk(dir, '');
  return out;
}

export function sameTree(a: Map<string, Buffer> | null, b: Map<string, Buffer> | null): boolean {
  if (!a || !b || a.size !== b.size) return false;
  for (const [k, v] of a) {
    const w = b.get(k);
    if (!w || !v.equals(w)) return false;
  }
  return true;
}

/** A readable difference of two trees (for assertion messages). */
export function treeDiff(actual: Map<string, Buffer> | null, expected: Map<string, Buffer> | null): string {
  if (!actual) return 'no folder';
  if (!expected) return 'no reference';
  const names = [...new Set([...actual.keys(), ...expected.keys()])].sort();
  return names
    .map((n) => {
      const a = actual.get(n);
      const e = expected.get(n);
      if (!a) return `${n}: missing`;
      if (!e) return `${n}: unexpected`;
      return a.equals(e) ? `${n}: same` : `${n}: differs (${a.length} vs ${e.length} bytes)`;
    })
    .join(', ');
}

/**
 * A copy of fixtures/demo whose rules give different figures: the fixed 村集体 amount is 30000 + k·1000
 * (k = 0 is the demo as it is). Each output file then differs from the other variants'.
 */
export function demoVariant(dir: string, k: number): string {
  cpSync(DEMO, dir, { recursive: true, filter: (src) => path.basename(src) !== 'out' });
  const rules = path.join(dir, 'rules.yaml');
  const text = readFileSync(rules, 'utf8');
  const changed = text.replace('{ to: 村集体, amount: 30000 }', `{ to: 村集体, amount: ${30000 + k * 1000} }`);
  if (k !== 0 && changed === text) throw new Error('fixtures/demo/rules.yaml changed: update demoVariant');
  writeFileSync(rules, changed);
  return dir;
}

/** Hidden siblings a run leaves beside OUT: `.OUT.tmp-*`, `.OUT.old-*`, `.OUT.lock`. */
export function leftovers(outDir: string): { tmp: string[]; old: string[]; lock: boolean; other: string[] } {
  const parent = path.dirname(outDir);
  const base = path.basename(outDir);
  const names = existsSync(parent) ? readdirSync(parent) : [];
  return {
    tmp: names.filter((n) => n.startsWith(`.${base}.tmp-`)),
    old: names.filter((n) => n.startsWith(`.${base}.old-`)),
    lock: names.includes(`.${base}.lock`),
    other: names.filter((n) => n !== base && !n.startsWith(`.${base}.`)),
  };
}

/**
 * Watches the parent of OUT and calls `on(kind)` the first time each of the lock, the temporary
 * folder and the set-aside old folder appears (inotify on Linux: well under a millisecond).
 */
export function watchPhases(outDir: string, on: (kind: 'lock' | 'tmp' | 'old' | 'out') => void): FSWatcher {
  const base = path.basename(outDir);
  const seen = new Set<string>();
  const w = watch(path.dirname(outDir), (_event, name) => {
    if (!name) return;
    const kind = name === `.${base}.lock` ? 'lock' : name.startsWith(`.${base}.tmp-`) ? 'tmp' : name.startsWith(`.${base}.old-`) ? 'old' : name === base ? 'out' : null;
    if (!kind || seen.has(kind)) return;
    seen.add(kind);
    on(kind);
  });
  return w;
}

/** Mode bits of a file. */
export const modeOf = (p: string): number => statSync(p).mode & 0o777;

/** A deterministic random source (mulberry32) so that a run's timings can be replayed. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    let t = (s = (s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Money as written in summary.json / the sheets ("-2285.36", "1,234.50") → integer fen. */
export function fen(text: string): bigint {
  const m = /^(-?)(\d+)\.(\d{2})$/.exec(text.replace(/,/g, '').trim());
  if (!m) throw new Error(`not a money figure with 2 decimals: ${JSON.stringify(text)}`);
  const v = BigInt(m[2]) * 100n + BigInt(m[3]);
  return m[1] ? -v : v;
}

/**
 * Two demo variants with recognisably different outputs, and their reference output trees: the
 * "old" and "new" that fault tests compare OUT with.
 */
export async function makeVariantRefs(root: string): Promise<{ variants: string[]; refs: Map<string, Buffer>[] }> {
  const variants = [0, 1].map((k) => demoVariant(path.join(root, `in${k}`), k));
  const refs: Map<string, Buffer>[] = [];
  for (const [k, dir] of variants.entries()) {
    const r = await runCli(['run', dir, '--out', path.join(root, `ref${k}`), '--quiet']);
    if (r.code !== 0) throw new Error(`reference run failed: ${r.stderr}`);
    refs.push(readTree(path.join(root, `ref${k}`))!);
  }
  return { variants, refs };
}
