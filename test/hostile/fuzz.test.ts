// Fuzzing every input file and rules.yaml with fast-check (issue: hostile inputs). Most cases run
// in-process through analyseRun/renderRunFiles (src/, fast); a smaller number run end to end through
// the built CLI. The long campaign is `node scripts/fuzz.mjs` (same cases, dist/ modules).
//
// Reproduce a failure: the fast-check report gives the seed; rerun with FUZZ_SEED=<seed>.
// FUZZ_RUNS / FUZZ_CLI_RUNS change how many cases run here.

import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseRun } from '../../src/pipeline/analyseRun.js';
import { renderRunFiles } from '../../src/pipeline/renderRunFiles.js';
import { generateVillage } from '../oracle/randomVillage.js';
import { BIN, ROOT, EXAMPLES, tempDir } from '../helpers/cli.js';
// plain JavaScript shared with scripts/fuzz.mjs (types in fuzzCore.d.mts)
import * as core from './fuzzCore.mjs';

const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2_000_000_000;
const RUNS = Number(process.env.FUZZ_RUNS ?? 250);
const CLI_RUNS = Number(process.env.FUZZ_CLI_RUNS ?? 25);

type RunFile = core.RunFile;
type Case = core.FuzzCase;

const fixedDirs = [
  path.join(ROOT, 'fixtures', 'mini'),
  path.join(ROOT, 'fixtures', 'demo'),
  path.join(EXAMPLES, 'baizhai-2025'),
  path.join(EXAMPLES, 'jinping-2025'),
].filter((d) => existsSync(path.join(d, 'rules.yaml')));
const bases: RunFile[][] = fixedDirs.map((d) => core.loadRunFolder(d));
const village = (seed: number) => generateVillage(seed);
const arb: fc.Arbitrary<Case> = core.caseArbitrary(bases.length);

let root: string;
beforeAll(() => {
  root = tempDir('coop-fuzz-');
  console.log(`fuzz seed ${SEED} (FUZZ_SEED=${SEED} reproduces this run)`);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('fuzzing: mutated, truncated and arbitrary input files', () => {
  it('the mutations themselves do what they say', () => {
    const base = Buffer.from('household_id,name,amount\nA1,张三,"1,200.50"\nA2,李四,300\n');
    const mutate = (kind: string, a = 0, b = 0, c = 0) => core.mutate(base, { kind, a, b, c, bytes: new Uint8Array([1, 2, 3]), text: 'é' });
    const m = (kind: string, a = 0, b = 0, c = 0) => mutate(kind, a, b, c)!;
    expect(m('empty')).toEqual(Buffer.alloc(0));
    expect(mutate('delete')).toBeNull();
    expect(m('truncate', 10).length).toBe(10);
    expect(m('bytes')).toEqual(Buffer.from([1, 2, 3]));
    expect(m('nul').includes(0)).toBe(true);
    expect(m('bad-utf8', 5).toString('utf8')).toContain('\ufffd');
    expect(m('eol', 0, 0).toString()).toBe(base.toString().replace(/\n/g, '\r\n'));
    expect(m('eol', 0, 1).toString()).toBe(base.toString().replace(/\n/g, '\r'));
    expect(m('drop-field', 2, 0).toString().split('\n')[2]).toBe('李四,300');
    expect(m('header-rename', 0, 0, 3).toString().split('\n')[0]).toBe('name,name,amount');
    expect(m('digit-letter', 0, 0).toString()).toMatch(/A1,张三,"a,200.50"|Aa,/);
    expect(m('huge-number', 3, 6).toString()).toContain('9'.repeat(400));
    expect(m('many-columns', 0, 2).toString().split('\n')[0].split(',').length).toBe(3 + 1001);
    expect(m('long-field', 0, 4, 2).length).toBeGreaterThan(200_000);
    expect(m('bom', 0, 1).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xfe]));
  });

  it(`${RUNS} cases in-process: never a throw, every error has a code and a place, clean folders render and reconcile`, async () => {
    const dir = path.join(root, 'inproc');
    const tally = { rejected: 0, accepted: 0 };
    await fc.assert(
      fc.asyncProperty(arb, async (c) => {
        core.writeRunFolder(dir, core.caseFiles(c, bases, village));
        try {
          const r = await core.checkFolder(dir, c.encoding, { analyseRun, renderRunFiles }, 10_000);
          tally[r.outcome]++;
        } catch (e) {
          throw new Error(`${core.describeCase(c)}\n${(e as Error).message}`);
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
    console.log(`in-process fuzz: ${RUNS} cases (plus shrinking, if any): ${tally.rejected} rejected, ${tally.accepted} accepted`);
    // the mutations are meant to reach past the header most of the time, and some folders stay valid
    expect(tally.accepted).toBeGreaterThan(0);
    expect(tally.rejected).toBeGreaterThan(RUNS / 4);
  }, 180_000);

  it(`${CLI_RUNS} cases end to end: exit 0 or 1, no stack trace, every error line placed, nothing written on 1`, async () => {
    const cases = fc.sample(arb, { seed: SEED + 1, numRuns: CLI_RUNS });
    const outcome = { ok: 0, rejected: 0 };
    const one = async (c: Case, k: number) => {
      const caseRoot = path.join(root, `cli-${k}`);
      const dir = path.join(caseRoot, 'run');
      const out = path.join(caseRoot, 'result', 'out');
      core.writeRunFolder(dir, core.caseFiles(c, bases, village));
      const json = k % 2 === 1;
      const args = ['run', dir, '--out', out, ...(json ? ['--json'] : []), ...(c.encoding === 'auto' ? [] : ['--encoding', c.encoding])];
      const r = await spawnCli(args);
      const what = `case ${k} (${core.describeCase(c)}), ${json ? '--json' : 'text'}: exit ${r.code}\n${r.stderr.slice(0, 2000)}`;
      expect([0, 1], what).toContain(r.code);
      expect(r.stderr, what).not.toMatch(/\n\s+at .+:\d+:\d+\)?$/m);
      expect(r.stderr, what).not.toMatch(/internal error|内部错误|TypeError|RangeError|ReferenceError/);
      const lines = r.stderr.split('\n').filter((l) => l !== '');
      const problemLines = lines.filter((l) => core.PROBLEM_LINE.test(l));
      const errorLines = problemLines.filter((l) => /: E_[A-Z0-9_]+: /.test(l));
      const leftovers = existsSync(path.dirname(out)) ? readdirSync(path.dirname(out)) : [];
      if (r.code === 1) {
        outcome.rejected++;
        expect(errorLines.length, what).toBeGreaterThan(0);
        // every line is a placed problem or the closing count
        for (const l of lines) expect(core.PROBLEM_LINE.test(l) || /个错误, 未写出任何文件/.test(l), `${what}\nline: ${l}`).toBe(true);
        if (json) {
          const parsed = JSON.parse(r.stdout) as { errors: Record<string, unknown>[] };
          // The terminal sums up a problem repeated down a column (a summing-up line, the first three,
          // "…另有 N 行"); --json lists every one: count the terminal's the same way.
          const summed = errorLines.filter((l) => / 同一列有 [\d,]+ 行同样的问题 /.test(l)).length;
          const more = errorLines.reduce((n, l) => n + Number(/…另有 ([\d,]+) 行同样的问题/.exec(l)?.[1].replace(/,/g, '') ?? 0), 0);
          const listed = errorLines.filter((l) => !/…另有 [\d,]+ 行同样的问题/.test(l)).length - summed;
          expect(parsed.errors.length, what).toBe(listed + more);
          for (const e of parsed.errors) {
            expect(Object.keys(e).sort(), what).toEqual(['code', 'column', 'file', 'line', 'message']);
            expect(core.problemDefects(e, dir, /^E_[A-Z0-9_]+$/), what).toEqual([]);
          }
        } else expect(r.stdout, what).toBe('');
        // nothing written: no OUT, no temporary folder, no lock
        expect(leftovers, what).toEqual([]);
      } else {
        outcome.ok++;
        expect(errorLines, what).toEqual([]);
        const summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8')) as { checks: { ok: boolean }[] };
        expect(summary.checks.every((x) => x.ok), what).toBe(true);
        if (json) expect(JSON.parse(r.stdout)).toEqual(summary);
        expect(leftovers, what).toEqual(['out']);
      }
    };
    // two at a time (the runner has two cores)
    for (let k = 0; k < cases.length; k += 2) await Promise.all(cases.slice(k, k + 2).map((c, j) => one(c, k + j)));
    console.log(`end-to-end fuzz: ${cases.length} cases: ${outcome.rejected} exit 1, ${outcome.ok} exit 0`);
  }, 180_000);
});

function spawnCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? -1 : -2), stdout, stderr });
    });
  });
}
