/**
 * Worker thread entry (dist/batch/worker.js): analyses and renders one village per message and
 * posts the result back, file buffers transferred. It writes nothing; the main thread does.
 */
import { parentPort } from 'node:worker_threads';
import type { VillageJob } from './types.js';
import { processVillage } from './village.js';

const port = parentPort;
if (!port) throw new Error('batch/worker.js runs only as a worker thread');

port.on('message', (job: VillageJob) => {
  void processVillage(job).then((result) => {
    port.postMessage(result, result.files.map((f) => f.data.buffer as ArrayBuffer));
  });
});
