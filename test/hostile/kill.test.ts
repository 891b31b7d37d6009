// SIGKILL while a run writes its output (issue: faults). SIGKILL cannot be caught, so only the
// all-or-nothing swap of writeOutputDir protects OUT: after every kill OUT must hold the complete
// earlier output or the complete new one, byte for byte, never a mix and never with files missing.
// A kill exactly between the swap's two renames leaves no OUT but a complete `.OUT.old-*`; the next
// run's recoverOutputDir puts it back, so then the test makes that next run and checks again.
//
// KILL_RUNS (default 50) sets how many kills land; KILL_SEED replays the same delays.

import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers/cli.js';
import { DEMO_OUTPUT_FILES, demoVariant, leftovers, readTree, rng, runCli, sameTree, startCli, treeDiff, watchPhases } from './helpers.js';

const KILLS = Number(process.env.KILL_RUNS ?? 50);
const SEED = process.env.KILL_SEED ? Number(process.env.KILL_SEED) : Date.now() % 1_000_000;
/** A folder with a bad number: a run on it recovers OUT (under the lock) and then fails with exit 1. */
const BAD = path.join(ROOT, 'fixtures', 'errors', 'E_BAD_NUMBER');

let root: string;
beforeAll(() => {
  root = tempDir('coop-kill-');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

type Tree = Map<string, Buffer>;

describe('SIGKILL during writing', () => {
  it(`after each of ${KILLS} kills OUT is the complete old or the complete new output`, async () => {
    // Three outputs that differ in every sheet: demo rules with 村集体 30000 / 31000 / 32000, and
    // English headers for the first.
    const variants = [0, 1, 2].map((k) => ({
      dir: demoVariant(path.join(root, `in${k}`), k),
      lang: k === 0 ? 'en' : 'zh',
    }));
    const refs: Tree[] = [];
    for (const [k, v] of variants.entries()) {
      const r = await runCli(['run', v.dir, '--out', path.join(root, `ref${k}`), '--lang', v.lang, '--quiet']);
      expect(r.code, r.stderr).toBe(0);
      const t = readTree(path.join(root, `ref${k}`))!;
      expect([...t.keys()].sort()).toEqual(DEMO_OUTPUT_FILES);
      refs.push(t);
    }
    for (const f of ['payouts.csv', 'summary.json', 'waterfall.csv', 'bank.csv', 'payouts.xlsx', 'report.html']) {
      expect(refs[0].get(f)!.equals(refs[1].get(f)!), f).toBe(false);
      expect(refs[1].get(f)!.equals(refs[2].get(f)!), f).toBe(false);
    }

    const out = path.join(root, 'work', 'out');
    mkdirSync(path.dirname(out));
    const args = (k: number) => ['run', variants[k].dir, '--out', out, '--lang', variants[k].lang, '--quiet'];

    // Calibration: when do the lock, the temporary folder and the swap appear, and when does the run end?
    let current = 0;
    const spans = { analyse: 0, write: 0 };
    for (const k of [0, 1, 2, 0]) {
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

    const random = rng(SEED);
    const tally = { kills: 0, old: 0, new: 0, recovered: 0, finished: 0, tmpLeft: 0, oldLeft: 0 };
    const byTrigger: Record<string, number> = { tmp: 0, lock: 0, old: 0 };
    const log: string[] = [];
    for (let iter = 0; tally.kills < KILLS && iter < KILLS * 3; iter++) {
      const next = random() < 0.5 ? (current + 1) % 3 : (current + 2) % 3;
      // Mostly kills timed from the moment the temporary folder appears, over the whole write phase
      // and the swap; some over the whole run after the lock (reading, computing, rendering, writing);
      // some the instant the old output is moved aside (aimed between the swap's two renames).
      const p = random();
      const trigger: 'tmp' | 'lock' | 'old' = p < 0.6 ? 'tmp' : p < 0.85 ? 'lock' : 'old';
      const delay = trigger === 'tmp' ? random() * spans.write * 1.3 : trigger === 'lock' ? random() * (spans.analyse + spans.write) : 0;
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
      // recovery — see the separate test below.)
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
  });

  // BUG (lead: src/report/writeOutputDir.ts recoverOutputDir): when OUT is missing, recovery renames
  // the `.OUT.old-*` whose NAME sorts last back into place. Names are `.OUT.old-<pid>-<random>`, so
  // the order is neither time nor pid order. A run SIGKILLed after its swap but before it removed the
  // set-aside folder leaves a stale `.OUT.old-*` behind (the kill test above sees this); if a later run
  // is killed between its two renames, recovery may then restore that stale, older output instead of
  // the one that was in OUT. Sequence: run A (pid 99999) killed after the swap → OUT = v1 and
  // `.out.old-99999-…` = v0 left over; run B (pid 10000) killed between renames → no OUT,
  // `.out.old-10000-…` = v1; run C restores `.out.old-99999-…` = v0 — neither B's old nor its new.
  // Fix idea: remove `.OUT.old-*`/`.OUT.tmp-*` of dead runs whenever OUT exists (under the lock), or
  // restore the most recently renamed one.
  it('recovery restores the output moved aside last, not an older leftover', async () => {
    const out = path.join(root, 'stale', 'out');
    const v0 = demoVariant(path.join(root, 'stale-in0'), 0);
    const v1 = demoVariant(path.join(root, 'stale-in1'), 1);
    const stale = path.join(root, 'stale', '.out.old-99999-aaaaaaaaaaaa');
    const aside = path.join(root, 'stale', '.out.old-10000-bbbbbbbbbbbb');
    expect((await runCli(['run', v0, '--out', stale, '--quiet'])).code).toBe(0);
    expect((await runCli(['run', v1, '--out', aside, '--quiet'])).code).toBe(0);
    const expected = readTree(aside);
    const rec = await runCli(['run', BAD, '--out', out, '--quiet']);
    expect(rec.code).toBe(1);
    expect(treeDiff(readTree(out), expected)).toBe(treeDiff(expected, expected));
  });
});
