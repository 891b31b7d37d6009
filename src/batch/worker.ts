/**
 * Worker thread entry (dist/batch/worker.js): analyses and renders one village per message and
 * posts the result back, file buffers transferred. It writes nothing; the main thread does.
 * Jobs arrive ahead of time (see runJobs) and are done one at a time, in the order they came.
 */
import { parentPort } from 'node:worker_threads';
import type { VillageJob } from './types.js';
import { processVillage } from './village.js';

const port = parentPort;
if (!port) throw new Error('batch/worker.js runs only as a worker thread');

const queue: VillageJob[] = [];
let busy = false;

async function drain(): Promise<void> {
  busy = true;
  for (let job = queue.shift(); job; job = queue.shift()) {
    const result = await processVillage(job);
    port!.postMessage(result, result.files.map((f) => f.data.buffer as ArrayBuffer));
  }
  busy = false;
}

port.on('message', (job: VillageJob) => {
  queue.push(job);
  if (!busy) void drain();
});
