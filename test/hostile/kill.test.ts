// SIGKILL while a run writes its output (issue: faults). SIGKILL cannot be caught, so only the
// all-or-nothing swap of writeOutputDir protects OUT: after every kill OUT must hold the complete
// earlier output or the complete new one, byte for byte, never a mix and never with files missing.
// A kill exactly between the swap's two renames leaves no OUT but a complete `.OUT.old-*`; the next
// run's recoverOutputDir puts it back, so then the test makes that next run and checks again.
//
// KILL_RUNS (default 50) sets how many kills land; KILL_SEED replays the same delays.

import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers/cli.js';
import { MANIFEST_NAME } from '../../src/output/writeOutputDir.js';
import { DEMO_OUTPUT_FILES, demoVariant, leftovers, readTree, rng, runCli, sameTree, startCli, treeDiff, watchPhases } from './helpers.js';

const KILLS = Number(process.env.KILL_RUNS ?? 50);
const SEED = process.env.KILL_SEED ? Number(process.env.KILL_SEED) : Date.now() % 1_000_000;
/** A folder with a bad number: a run on it recovers OUT (under the lock) and then fails with exit 1. */
const BAD = path.join(ROOT, 'fixtures', 'errors', 'E_BAD_NUMBER');

type Tree = Map<string, Buffer>;
let root: string;
let variants: { dir: string; lang: string }[];
let refs: Tree[];
beforeAll(async () => {
  root = tempDir('coop-kill-');
  // Two outputs that differ in every sheet: the demo with English headers, and the demo with
  // Chinese headers and 村集体 31000 instead of 30000.
  variants = [0, 1].map((k) => ({ dir: demoVariant(path.join(root, `in${k}`), k), lang: k === 0 ? 'en' : 'zh' }));
  refs = [];
  for (const [k, v] of variants.entries()) {
    const r = await runCli(['run', v.dir, '--out', path.join(root, `ref${k}`), '--lang', v.lang, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const t = readTree(path.join(root, `ref${k}`))!;
    expect([...t.keys()].sort()).toEqual([MANIFEST_NAME, ...DEMO_OUTPUT_FILES].sort());
    refs.push(t);
  }
  // Every sheet differs between the two outputs (the manifest lists the same names in both).
  for (const f of DEMO_OUTPUT_FILES) expect(refs[0].get(f)!.equals(refs[1].get(f)!), f).toBe(false);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('SIGKILL during writing', () => {
  it(`after each of ${KILLS} kills OUT is the complete old or the complete new output`, async () => {
    const out = path.join(root, 'work', 'out');
    mkdirSync(path.dirname(out));
    const args = (k: number) => ['run', variants[k].dir, '--out', out, '--lang', variants[k].lang, '--quiet'];

    // Calibration: when do the lock, the temporary folder and the swap appear, and when does the run end?
    let current = 0;
    const spans = { analyse: 0, write: 0, analyseMax: 0, writeMax: 0 };
    for (const k of [1, 0]) {
      const t: Record<string, number> = {};
      const run = startCli(args(k));
      const w = watchPhases(out, (kind) => (t[kind] = performance.now() - run.started));
      const r = await run.done;
      w.close();
      expect(r.code, r.stderr).toBe(0);
      expect(sameTree(readTree(out), refs[k])).toBe(true);
      current = k;
      if (t.lock !== undefined && t.tmp !== undefined) spans.analyse = Math.max(spans.analyse, t.tmp - t.lock);
      if (t.tmp !== undefined) spans.write = Math.max(spans.write, r.ms - t.tmp);
    }
    expect(spans.analyse).toBeGreaterThan(0);
    expect(spans.write).toBeGreaterThan(0);
    spans.analyseMax = spans.analyse * 1.5;
    spans.writeMax = spans.write * 1.5;

    const random = rng(SEED);
    const tally = { kills: 0, old: 0, new: 0, recovered: 0, finished: 0, tmpLeft: 0, oldLeft: 0 };
    const byTrigger: Record<string, number> = { tmp: 0, lock: 0, old: 0 };
    const log: string[] = [];
    for (let iter = 0; tally.kills < KILLS && iter < KILLS * 3; iter++) {
      const next = 1 - current;
      // Mostly kills timed from the moment the temporary folder appears, over the whole write phase
      // and the swap; some over the whole run after the lock (reading, computing, rendering, writing);
      // some the instant the old output is moved aside (aimed between the swap's two renames).
      const p = random();
      const trigger: 'tmp' | 'lock' | 'old' = p < 0.7 ? 'tmp' : p < 0.88 ? 'lock' : 'old';
      const delay = trigger === 'tmp' ? random() * spans.write : trigger === 'lock' ? random() * (spans.analyse + spans.write) : 0;
      const run = startCli(args(next));
      const kill = () => run.child.kill('SIGKILL');
      const w = watchPhases(out, (kind) => {
        if (kind !== trigger) return;
        if (delay < 1) kill();
        else setTimeout(kill, delay);
      });
      const r = await run.done;
      w.close();

      const killed = r.signal === 'SIGKILL';
      // adapt the windows to the machine's speed right now (other tests run beside this one):
      // a run that outlived its kill time means the phase was shorter than estimated
      const f = killed ? 1.03 : 0.8;
      if (trigger === 'tmp') spans.write = Math.min(spans.write * f, spans.writeMax);
      if (trigger === 'lock') spans.analyse = Math.min(spans.analyse * f, spans.analyseMax);
      if (killed) {
        tally.kills++;
        byTrigger[trigger]++;
      } else {
        // the kill came too late (or its trigger never fired): the run must simply have succeeded
        expect(r.code, `iteration ${iter}: ${r.stderr}`).toBe(0);
        tally.finished++;
      }
      let tree = readTree(out);
      let state: string;
      if (tree === null) {
        // killed between the two renames: the next run puts the old output back before anything else
        const rec = await runCli(['run', BAD, '--out', out, '--quiet']);
        expect(rec.code, rec.stderr).toBe(1);
        tree = readTree(out);
        expect(tree, `iteration ${iter}: OUT still missing after the next run`).not.toBeNull();
        expect(sameTree(tree, refs[current]), `iteration ${iter}: recovered OUT is not the old output: ${treeDiff(tree, refs[current])}`).toBe(true);
        tally.recovered++;
        state = 'recovered';
      } else if (sameTree(tree, refs[current])) {
        expect(killed, `iteration ${iter}: a run that finished left the old output`).toBe(true);
        tally.old++;
        state = 'old';
      } else if (sameTree(tree, refs[next])) {
        tally.new++;
        state = 'new';
        current = next;
      } else {
        throw new Error(
          `iteration ${iter} (trigger ${trigger}, delay ${delay.toFixed(2)} ms, seed ${SEED}): OUT is neither the old nor the new output:\n` +
            `  vs old: ${treeDiff(tree, refs[current])}\n  vs new: ${treeDiff(tree, refs[next])}`,
        );
      }
      log.push(`${trigger}+${delay.toFixed(1)}ms→${killed ? state : 'finished'}`);

      // What a killed run leaves beside OUT is garbage, not output: count it, then tidy up so that
      // each iteration tests one kill. (A left-over `.OUT.old-*` next to a later one confuses
      // recovery — see the separate test below; with it tidied, two variants tell old from new.)
      const left = leftovers(out);
      tally.tmpLeft += left.tmp.length;
      tally.oldLeft += left.old.length;
      for (const n of [...left.tmp, ...left.old]) rmSync(path.join(path.dirname(out), n), { recursive: true, force: true });
      expect(left.other).toEqual([]);
    }
    console.log(
      `SIGKILL test (KILL_SEED=${SEED}): ${tally.kills} kills (timed from: temp folder ${byTrigger.tmp}, lock ${byTrigger.lock}, old set aside ${byTrigger.old}); ` +
        `OUT afterwards: old ${tally.old}, new ${tally.new}, missing→recovered by the next run ${tally.recovered}; ` +
        `${tally.finished} runs finished before their kill; left behind by killed runs: ${tally.tmpLeft} .out.tmp-*, ${tally.oldLeft} .out.old-*` +
        `\n  calibration: analyse+render ${spans.analyse.toFixed(0)} ms, write+swap ${spans.write.toFixed(0)} ms\n  ${log.join(' ')}`,
    );
    expect(tally.kills).toBeGreaterThanOrEqual(KILLS);
  }, 300_000);

  // When OUT is missing (a kill between the two renames) and stale `.OUT.old-*` folders lie beside
  // it, recovery must restore the one set aside last (names are `<pid>-<random>`: not time order).
  it('recovery restores the output moved aside last, not an older leftover', async () => {
    const out = path.join(root, 'stale', 'out');
    // what the runs left: an older output (variant 0) under a name that sorts last, and the output
    // that was in OUT when the last run was killed between its renames (variant 1)
    cpSync(path.join(root, 'ref0'), path.join(root, 'stale', '.out.old-99999-aaaaaaaaaaaa'), { recursive: true });
    cpSync(path.join(root, 'ref1'), path.join(root, 'stale', '.out.old-10000-bbbbbbbbbbbb'), { recursive: true });
    const expected = refs[1];
    const rec = await runCli(['run', BAD, '--out', out, '--quiet']);
    expect(rec.code).toBe(1);
    expect(treeDiff(readTree(out), expected)).toBe(treeDiff(expected, expected));
  });

  // What SIGKILLed runs leave beside OUT (`.OUT.tmp-*` killed while writing, `.OUT.old-*` killed
  // after the swap) holds full account numbers: the next run, holding the lock, removes it.
  it('a later run removes the temporary and set-aside folders that killed runs left beside OUT', async () => {
    const dir = path.join(root, 'litter');
    const out = path.join(dir, 'out');
    cpSync(path.join(root, 'ref0'), out, { recursive: true });
    const gone = (() => {
      // a pid that is certainly not running: a child that has exited
      const r = spawnSync(process.execPath, ['-e', '0']);
      return r.pid!;
    })();
    cpSync(path.join(root, 'ref1'), path.join(dir, `.out.tmp-${gone}-cccccccccccc`), { recursive: true });
    cpSync(path.join(root, 'ref0'), path.join(dir, `.out.old-${gone}-dddddddddddd`), { recursive: true });
    const r = await runCli(['run', variants[1].dir, '--out', out, '--lang', variants[1].lang, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(sameTree(readTree(out), refs[1])).toBe(true);
    expect(leftovers(out)).toEqual({ tmp: [], old: [], lock: false, other: [] });
  });
});
