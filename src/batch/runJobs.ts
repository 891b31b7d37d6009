import v8 from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { VillageJob, VillageResult } from './types.js';
import { internalFailure, processVillage } from './village.js';

/** The worker script, next to this module (dist/batch/worker.js once built). */
export const WORKER_URL = new URL('./worker.js', import.meta.url);

/** Jobs a worker holds at once: the one it is doing and the next. */
const IN_FLIGHT = 2;

/**
 * V8's tier-up budget while worker threads run. Each worker compiles the same code again with the
 * optimizing compiler (on the 200-village bench about a quarter of all CPU time), and when every
 * core runs a worker that time is taken from the villages. A larger budget optimizes only the hot
 * loops and leaves lukewarm code in baseline form: --jobs 2 ran about 16% faster there. The
 * single-thread path keeps V8's default: its compiler thread has an idle core to itself.
 * (V8's default is 66 KiB; the flag is read as functions tier up, so setting it now is safe.)
 */
const WORKER_INTERRUPT_BUDGET = 1_000_000;

function crashed(job: VillageJob, why: string): VillageResult {
  return internalFailure(job, `内部错误 internal error: the worker thread stopped (${why})`);
}

/**
 * Runs every job and calls `onResult` once per job, in the order they finish.
 *
 * `threads` ≤ 1 runs the jobs one after another in this thread (no worker start-up cost);
 * otherwise up to `threads` worker threads each hold two jobs (doing one, the next waiting) and get
 * another as each finishes. A worker that dies takes only its current job with it (reported as
 * `internal`); the job it had not started goes to another worker, and it is replaced.
 * What a job produces does not depend on where it ran, so results are the same for any `threads`.
 */
export async function runJobs(
  jobs: readonly VillageJob[],
  threads: number,
  onResult: (r: VillageResult) => void,
  workerUrl: URL = WORKER_URL,
): Promise<void> {
  if (jobs.length === 0) return;
  if (threads <= 1) {
    for (const job of jobs) onResult(await processVillage(job));
    return;
  }
  const n = Math.min(threads, jobs.length);
  v8.setFlagsFromString(`--interrupt-budget=${WORKER_INTERRUPT_BUDGET}`);
  await new Promise<void>((resolve) => {
    const pending = [...jobs];
    const settled = new Set<number>();
    const workers = new Set<Worker>();

    const settle = (r: VillageResult) => {
      // Each job is reported once, whatever the order its worker's messages and death arrive in.
      if (settled.has(r.index)) return;
      settled.add(r.index);
      try {
        onResult(r);
      } finally {
        if (settled.size === jobs.length) {
          for (const w of workers) void w.terminate();
          workers.clear();
          resolve();
        }
      }
    };

    const start = () => {
      const w = new Worker(workerUrl);
      workers.add(w);
      // Jobs sent and not yet answered, in the order the worker does them: the first is the
      // current one. A second one waits in the worker, so it never idles waiting for this thread.
      const inFlight: VillageJob[] = [];
      let dead = false;
      const feed = () => {
        while (inFlight.length < IN_FLIGHT && pending.length > 0) {
          const job = pending.shift()!;
          inFlight.push(job);
          w.postMessage(job);
        }
        if (inFlight.length === 0) {
          workers.delete(w);
          void w.terminate();
        }
      };
      const die = (why: string) => {
        if (dead) return;
        dead = true;
        workers.delete(w);
        const [current, ...waiting] = inFlight.splice(0);
        // The jobs it had not started go back to the front of the queue, in order.
        pending.unshift(...waiting);
        // Replace the worker first, so the remaining jobs keep going.
        if (pending.length > 0) start();
        if (current) settle(crashed(current, why));
      };
      w.on('message', (r: VillageResult) => {
        // Buffers arrive as plain Uint8Arrays (transferred, not copied).
        const at = inFlight.findIndex((j) => j.index === r.index);
        if (at >= 0) inFlight.splice(at, 1);
        if (!dead) feed();
        settle(r);
      });
      // A worker's death is judged at 'exit': by then Node has delivered every result it posted
      // (an 'error' can overtake them), so the first job still in flight is the one it died on.
      let error: string | null = null;
      w.on('error', (err) => (error ??= err instanceof Error ? err.message : String(err)));
      w.on('exit', (code) => {
        if (inFlight.length > 0) die(error ?? `exit code ${code}`);
      });
      feed();
    };

    for (let i = 0; i < n; i++) start();
  });
}
