/** Spawning the built CLI the way a user or a cron script does: no stdin, no terminal. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = path.join(ROOT, 'bin', 'coop-payout.js');
/** The worked examples of the product contract (docs/SPEC.md), copied into the repository with their expected results. */
export const EXAMPLES = path.join(ROOT, 'fixtures', 'examples');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function cli(args: string[], env: Record<string, string> = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', ...env },
    timeout: 120_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function tempDir(prefix = 'coop-payout-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** `FILE:LINE:COLUMN: CODE` of every error line, FILE made relative to `dir`. */
export function errorPlaces(stderr: string, dir: string): string[] {
  const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
  return stderr
    .split('\n')
    .map((l) => /^(.+?:\d+:\d+: E_[A-Z_]+):/.exec(l)?.[1])
    .filter((x): x is string => x !== undefined)
    .map((x) => (x.startsWith(prefix) ? x.slice(prefix.length) : x))
    .sort();
}

/** Every error line `FILE:LINE:COLUMN: CODE: message`, FILE made relative to `dir`, sorted. */
export function errorLines(stderr: string, dir: string): string[] {
  const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
  return stderr
    .split('\n')
    .filter((l) => /^.+?:\d+:[0-9A-Z]+: E_[A-Z_]+: /.test(l))
    .map((l) => (l.startsWith(prefix) ? l.slice(prefix.length) : l))
    .sort();
}
