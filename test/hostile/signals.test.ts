// SIGINT and SIGTERM during a run (issue: faults): the CLI stops with 130 / 143 (128 + signal),
// removes its temporary folder and its lock, and leaves OUT as the complete old or new output.

import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers/cli.js';
import { demoVariant, leftovers, makeVariantRefs, readTree, rng, runCli, sameTree, startCli, treeDiff, watchPhases } from './helpers.js';

const RUNS = Number(process.env.SIGNAL_RUNS ?? 8);
const SEED = process.env.SIGNAL_SEED ? Number(process.env.SIGNAL_SEED) : Date.now() % 1_000_000;
const BAD = path.join(ROOT, 'fixtures', 'errors', 'E_BAD_NUMBER');

type Tree = Map<string, Buffer>;
let root: string;
let variants: string[];
let refs: Tree[];
beforeAll(async () => {
  root = tempDir('coop-signal-');
  ({ variants, refs } = await makeVariantRefs(root));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));


describe('SIGINT and SIGTERM', () => {
  it(`${RUNS} runs interrupted while reading, computing or writing exit 130/143 and leave no temporary folder or lock`, async () => {
    const out = path.join(root, 'work', 'out');
    mkdirSync(path.dirname(out));
    // calibrate: lock → temporary folder (reading, computing, rendering), temporary folder → swap (writing files)
    const analyse: number[] = [];
    const write: number[] = [];
    for (const k of [1, 0]) {
      const t: Record<string, number> = {};
      const cal = startCli(['run', variants[k], '--out', out, '--quiet']);
      const cw = watchPhases(out, (kind) => (t[kind] = performance.now() - cal.started));
      const c = await cal.done;
      cw.close();
      expect(c.code, c.stderr).toBe(0);
      analyse.push(t.tmp - t.lock);
      // the first run finds no OUT, so its swap is one rename (no set-aside `.old-`)
      write.push((t.old ?? t.out) - t.tmp);
    }
    for (const ms of [...analyse, ...write]) expect(Number.isFinite(ms) && ms >= 0, `calibration ${analyse} / ${write}`).toBe(true);
    let current = 0;

    const random = rng(SEED);
    const tally = { stopped: 0, finished: 0, lastInstant: 0, inSwap: 0, old: 0, new: 0 };
    const log: string[] = [];
    for (let i = 0; i < RUNS; i++) {
      const signal: 'SIGINT' | 'SIGTERM' = i % 2 === 0 ? 'SIGINT' : 'SIGTERM';
      // half while reading/computing/rendering (timed from the lock), half while the files are
      // written into the temporary folder (timed from its creation, before the swap begins)
      const trigger: 'lock' | 'tmp' = i % 4 < 2 ? 'lock' : 'tmp';
      const delay = random() * (trigger === 'lock' ? Math.min(...analyse) : 0.6 * Math.min(...write));
      const next = 1 - current;
      const run = startCli(['run', variants[next], '--out', out, '--quiet']);
      const w = watchPhases(out, (kind) => {
        if (kind === trigger) setTimeout(() => run.child.kill(signal), delay);
      });
      const r = await run.done;
      w.close();
      const what = `run ${i} (${signal} ${trigger}+${delay.toFixed(1)} ms, SIGNAL_SEED=${SEED}): exit ${r.code} signal ${r.signal}\n${r.stderr}`;
      const left = leftovers(out);
      const tree = readTree(out);
      // whatever happened, the handler removed the temporary folder and the lock
      expect(left.tmp, what).toEqual([]);
      expect(left.lock, what).toBe(false);
      // Signs that the signal was handled after the swap had begun (the first rename done): the old
      // output set aside, OUT missing or mixed, or the new output in place while the run says it
      // stopped. Under load the timing can slip into that window; it is the known bug pinned by the
      // next test, so it is counted, not judged, here. (Once that is fixed, judge these too.)
      const state = tree === null ? 'missing' : sameTree(tree, refs[current]) ? 'old' : sameTree(tree, refs[next]) ? 'new' : 'mixed';
      if (left.old.length > 0 || state === 'missing' || state === 'mixed' || (state === 'new' && r.code !== 0 && r.signal === null)) {
        tally.inSwap++;
        expect(r.code, what).toBe(signal === 'SIGINT' ? 130 : 143);
        log.push(`${signal}@${trigger}+${delay.toFixed(1)}ms→in-swap(${state})`);
        // repair for the next run: the next run recovers a missing OUT; a mixed one is rewritten
        if (state === 'missing') await runCli(['run', BAD, '--out', out, '--quiet']);
        for (const n of left.old) if (state !== 'missing') rmSync(path.join(path.dirname(out), n), { recursive: true, force: true });
        if (state === 'mixed') expect((await runCli(['run', variants[current], '--out', out, '--quiet'])).code).toBe(0);
        current = sameTree(readTree(out), refs[next]) ? next : current;
        expect(sameTree(readTree(out), refs[current]), `${what}\nrepair failed`).toBe(true);
        continue;
      }
      if (r.signal !== null) {
        // Node restores the default action while the process tears down after its work is done: a
        // signal in that last instant kills it. Acceptable only when the run had fully finished.
        expect(r.signal, what).toBe(signal);
        expect(sameTree(tree, refs[next]), `${what}\nkilled by the signal before the run had finished`).toBe(true);
        tally.lastInstant++;
      } else if (r.code === 0) tally.finished++;
      else {
        expect(r.code, what).toBe(signal === 'SIGINT' ? 130 : 143);
        expect(r.stderr, what).toContain(signal);
        expect(r.stderr, what).not.toMatch(/\n\s+at .+:\d+:\d+/);
        tally.stopped++;
      }
      // an interrupted run leaves OUT as it was (SPEC §6: a failed run leaves an existing OUT as it was)
      expect(tree, `${what}\nOUT is missing`).not.toBeNull();
      if (sameTree(tree, refs[next])) {
        tally.new++;
        current = next;
      } else {
        expect(sameTree(tree, refs[current]), `${what}\nOUT is neither old nor new: ${treeDiff(tree, refs[current])}`).toBe(true);
        expect(r.code === 0 || r.signal !== null, `${what}\na run that finished left the old output`).toBe(false);
        tally.old++;
      }
      log.push(`${signal}@${trigger}+${delay.toFixed(1)}ms→${r.code ?? r.signal}`);
    }
    console.log(
      `signals (SIGNAL_SEED=${SEED}): ${tally.stopped} runs stopped with 130/143, ${tally.finished} finished before the signal, ` +
        `${tally.lastInstant} killed by it while exiting after finishing, ${tally.inSwap} slipped into the swap (not judged here); ` +
        `OUT old ${tally.old}, new ${tally.new}\n  calibration: analyse ${Math.min(...analyse).toFixed(0)} ms, write ${Math.min(...write).toFixed(0)} ms\n  ${log.join(' ')}`,
    );
    expect(tally.stopped).toBeGreaterThanOrEqual(RUNS / 3);
  }, 120_000);

  // A signal that arrives while the output is being swapped in: the two renames are synchronous, so no
  // handler runs between them; the temporary folder is never removed once the swap began; once the
  // new output is in place the run is committed and a late signal no longer reports failure.
  it('a signal during the swap leaves OUT complete (old or new) and nothing beside it', async () => {
    const out = path.join(root, 'swap', 'out');
    mkdirSync(path.dirname(out));
    expect((await runCli(['run', variants[0], '--out', out, '--quiet'])).code).toBe(0);
    let current = 0;
    const problems: string[] = [];
    for (let i = 0; i < 6; i++) {
      const next = 1 - current;
      const signal = i % 2 ? 'SIGINT' : 'SIGTERM';
      const run = startCli(['run', variants[next], '--out', out, '--quiet']);
      const w = watchPhases(out, (kind) => kind === 'old' && run.child.kill(signal));
      const r = await run.done;
      w.close();
      const left = leftovers(out);
      const tree = readTree(out);
      const state = tree === null ? 'missing' : sameTree(tree, refs[current]) ? 'old' : sameTree(tree, refs[next]) ? 'new' : `mixed (${treeDiff(tree, refs[next])})`;
      if (!['old', 'new'].includes(state) || left.old.length || left.tmp.length || left.lock || (state === 'new' && r.code !== 0)) {
        problems.push(`${signal}: exit ${r.code ?? r.signal}, OUT ${state}, left ${[...left.old, ...left.tmp].join(' ') || 'nothing'}`);
      }
      // repair for the next try (the next run recovers a missing OUT; a mixed one is replaced)
      for (const n of [...left.tmp, ...left.old]) if (tree !== null) rmSync(path.join(path.dirname(out), n), { recursive: true, force: true });
      if (tree === null) await runCli(['run', BAD, '--out', out, '--quiet']);
      if (state.startsWith('mixed')) expect((await runCli(['run', variants[current], '--out', out, '--quiet'])).code).toBe(0);
      else if (state === 'new') current = next;
    }
    expect(problems).toEqual([]);
  }, 120_000);
});
