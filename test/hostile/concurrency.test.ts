// Two runs on the same OUT (issue: faults). The lock `.OUT.lock` beside OUT holds
// `<hostname> <pid>`: a live holder makes a run fail at once with E_LOCKED (exit 1, nothing written,
// the holder's lock untouched); a lock whose process is gone is taken over; and two real runs at
// the same time end with one complete output.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { demoVariant, leftovers, makeVariantRefs, readTree, runCli, sameTree, startCli, treeDiff } from './helpers.js';

type Tree = Map<string, Buffer>;
let root: string;
let variants: string[];
let refs: Tree[];
beforeAll(async () => {
  root = tempDir('coop-concurrency-');
  ({ variants, refs } = await makeVariantRefs(root));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A fresh OUT holding variant 0's complete output. */
async function outWithOld(name: string): Promise<string> {
  const out = path.join(root, name, 'out');
  mkdirSync(path.dirname(out), { recursive: true });
  const r = await runCli(['run', variants[0], '--out', out, '--quiet']);
  expect(r.code, r.stderr).toBe(0);
  return out;
}

const lockOf = (out: string) => path.join(path.dirname(out), `.${path.basename(out)}.lock`);

/** A pid that certainly belongs to no process now: a child that has already exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '0']);
  expect(r.status).toBe(0);
  return r.pid!;
}

describe('concurrent runs on one output folder', () => {
  it('a live lock makes a run fail fast with E_LOCKED, exit 1, nothing written, the lock left alone', async () => {
    const out = await outWithOld('live');
    const holder = `${hostname()} ${process.pid}\n`; // this test process: alive
    writeFileSync(lockOf(out), holder);
    const r = await runCli(['run', variants[1], '--out', out, '--quiet']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:0:0: E_LOCKED: `, 'm'));
    expect(r.stderr).toContain(String(process.pid));
    // fails before reading or computing anything: about the time node needs to start
    expect(r.ms).toBeLessThan(5000);
    expect(sameTree(readTree(out), refs[0])).toBe(true);
    expect(readFileSync(lockOf(out), 'utf8')).toBe(holder);
    expect(leftovers(out)).toEqual({ tmp: [], old: [], lock: true, other: [] });

    const j = await runCli(['run', variants[1], '--out', out, '--json']);
    expect(j.code).toBe(1);
    expect(JSON.parse(j.stdout)).toEqual({ errors: [expect.objectContaining({ file: out, line: 0, column: 0, code: 'E_LOCKED' })] });
    expect(readFileSync(lockOf(out), 'utf8')).toBe(holder);

    // a lock written on another host cannot be checked from here: held as well
    writeFileSync(lockOf(out), `some-other-host-${hostname()} 1\n`);
    expect((await runCli(['run', variants[1], '--out', out, '--quiet'])).code).toBe(1);
    expect(sameTree(readTree(out), refs[0])).toBe(true);
  });

  it('a stale lock (its process is gone) is taken over, and released after the run', async () => {
    const out = await outWithOld('stale');
    writeFileSync(lockOf(out), `${hostname()} ${deadPid()}\n`);
    const r = await runCli(['run', variants[1], '--out', out, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(sameTree(readTree(out), refs[1])).toBe(true);
    expect(leftovers(out)).toEqual({ tmp: [], old: [], lock: false, other: [] });
  });

  // A run killed inside its own takeover leaves `.OUT.lock.takeover` behind with its dead pid; the
  // next cron run must clear it and go on (the last CI's kill test hit exactly this).
  it('a takeover mutex left by a killed run is cleared: the next run takes the stale lock', async () => {
    const out = await outWithOld('stale-mutex');
    writeFileSync(lockOf(out), `${hostname()} ${deadPid()}\n`);
    writeFileSync(`${lockOf(out)}.takeover`, `${hostname()} ${deadPid()} 0badf00d\n`);
    const r = await runCli(['run', variants[1], '--out', out, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(sameTree(readTree(out), refs[1])).toBe(true);
    expect(existsSync(`${lockOf(out)}.takeover`)).toBe(false);
    expect(leftovers(out)).toEqual({ tmp: [], old: [], lock: false, other: [] });

    // a live process's mutex is contention, reported and left alone
    writeFileSync(lockOf(out), `${hostname()} ${deadPid()}\n`);
    writeFileSync(`${lockOf(out)}.takeover`, `${hostname()} ${process.pid} 0badf00d\n`);
    const held = await runCli(['run', variants[0], '--out', out, '--quiet']);
    expect(held.code, held.stderr).toBe(1);
    expect(held.stderr).toContain('E_LOCKED');
    expect(readFileSync(`${lockOf(out)}.takeover`, 'utf8')).toBe(`${hostname()} ${process.pid} 0badf00d\n`);
    expect(sameTree(readTree(out), refs[1])).toBe(true);
    rmSync(`${lockOf(out)}.takeover`);
    rmSync(lockOf(out));
  });

  it('two runs started together end with one complete output: both done, or one E_LOCKED', async () => {
    const out = await outWithOld('race');
    const outcomes: string[] = [];
    for (let round = 0; round < 3; round++) {
      // different rules, so the result shows whose output won
      const a = startCli(['run', variants[0], '--out', out, '--quiet']);
      const b = startCli(['run', variants[1], '--out', out, '--quiet']);
      const [ra, rb] = await Promise.all([a.done, b.done]);
      const what = `round ${round}: exits ${ra.code}/${rb.code}\n${ra.stderr}\n${rb.stderr}`;
      for (const r of [ra, rb]) {
        expect([0, 1], what).toContain(r.code);
        if (r.code === 1) expect(r.stderr, what).toMatch(/: E_LOCKED: /);
      }
      expect(ra.code === 1 && rb.code === 1, `${what}\nboth runs refused`).toBe(false);
      const tree = readTree(out);
      const winner = sameTree(tree, refs[0]) ? 0 : sameTree(tree, refs[1]) ? 1 : -1;
      expect(winner, `${what}\nOUT is not one complete output: ${treeDiff(tree, refs[1])}`).not.toBe(-1);
      // with one refused, OUT is the other's
      if (ra.code === 1) expect(winner, what).toBe(1);
      if (rb.code === 1) expect(winner, what).toBe(0);
      expect(leftovers(out), what).toEqual({ tmp: [], old: [], lock: false, other: [] });
      outcomes.push(`${ra.code}/${rb.code}→v${winner}`);
    }
    console.log(`concurrent runs (exit codes → whose output is in OUT): ${outcomes.join(' ')}`);
  });

  // A lock file without a holder is what a run leaves when it is killed (or the power fails)
  // between creating `.OUT.lock` with O_EXCL and writing its pid: held while fresh (the writer may
  // be just about to write), stale once old — else a nightly cron job would fail for good.
  it('an empty lock file is held while fresh, and taken over once old', async () => {
    const out = await outWithOld('empty-lock');
    writeFileSync(lockOf(out), '');
    const fresh = await runCli(['run', variants[1], '--out', out, '--quiet']);
    expect(fresh.code, fresh.stderr).toBe(1);
    expect(fresh.stderr).toMatch(/: E_LOCKED: /);
    expect(sameTree(readTree(out), refs[0])).toBe(true);
    const longAgo = new Date('2020-01-01T00:00:00Z');
    utimesSync(lockOf(out), longAgo, longAgo);
    const r = await runCli(['run', variants[1], '--out', out, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(sameTree(readTree(out), refs[1])).toBe(true);
    expect(existsSync(lockOf(out))).toBe(false);
  });
});
