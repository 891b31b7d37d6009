// Preloaded into `coop-payout run` by scripts/bench.mjs (node --import) when COOP_BENCH_PHASES names
// a file: times the run's phases without a profiler, by wrapping a few dist/ functions as they load
// (scripts/bench/phases-hooks.mjs), and writes [{ name, start, end }] (ms since the process started)
// to that file at exit. A function that is not there (renamed, moved) is simply not timed.
import { register } from 'node:module';
import { writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const file = process.env.COOP_BENCH_PHASES;
if (file && isMainThread) {
  const phases = [];
  globalThis.__coopBenchPhase = (name, start, end) => phases.push({ name, start: Math.round(start), end: Math.round(end) });
  register('./phases-hooks.mjs', import.meta.url);
  process.on('exit', () => writeFileSync(file, JSON.stringify(phases)));
}
