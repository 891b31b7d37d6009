import { Worker } from 'node:worker_threads';
import type { VillageJob, VillageResult } from './types.js';
import { internalFailure, processVillage } from './village.js';

/** The worker script, next to this module (dist/batch/worker.js once built). */
export const WORKER_URL = new URL('./worker.js', import.meta.url);

function crashed(job: VillageJob, why: string): VillageResult {
  return internalFailure(job, `内部错误 internal error: the worker thread stopped (${why})`);
}

/**
 * Runs every job and calls `onResult` once per job, in the order they finish.
 *
 * `threads` ≤ 1 runs the jobs one after another in this thread (no worker start-up cost);
 * otherwise up to `threads` worker threads each take the next job when they are done with one.
 * A worker that dies takes only its current job with it (reported as `internal`) and is replaced.
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
  await new Promise<void>((resolve) => {
    let next = 0;
    let finished = 0;
    const workers = new Set<Worker>();

    const settle = (r: VillageResult) => {
      finished++;
      try {
        onResult(r);
      } finally {
        if (finished === jobs.length) {
          for (const w of workers) void w.terminate();
          workers.clear();
          resolve();
        }
      }
    };

    const start = () => {
      const w = new Worker(workerUrl);
      workers.add(w);
      let current: VillageJob | null = null;
      let dead = false;
      const feed = () => {
        if (next < jobs.length) {
          current = jobs[next++];
          w.postMessage(current);
        } else {
          current = null;
          workers.delete(w);
          void w.terminate();
        }
      };
      const die = (why: string) => {
        if (dead) return;
        dead = true;
        workers.delete(w);
        const job = current;
        current = null;
        if (job) {
          // Replace the worker first, so the remaining jobs keep going.
          if (next < jobs.length) start();
          settle(crashed(job, why));
        }
      };
      w.on('message', (r: VillageResult) => {
        // Buffers arrive as plain Uint8Arrays (transferred, not copied).
        feed();
        settle(r);
      });
      w.on('error', (err) => die(err instanceof Error ? err.message : String(err)));
      w.on('exit', (code) => {
        if (current) die(`exit code ${code}`);
      });
      feed();
    };

    for (let i = 0; i < n; i++) start();
  });
}
