/**
 * The thread of pieceWriter.ts: writes each piece it is told of from its shared slot at its offset,
 * then frees the slot. The first error is posted (message and code), flagged, and every later piece
 * is dropped: the file has failed and will never be swapped in.
 */
import { writeSync } from 'node:fs';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { ALIVE_FLAG, ERROR_FLAG, SLOT_BYTES, type PieceMessage } from './pieceWriter.js';

const { memory, state, errors } = workerData as { memory: SharedArrayBuffer; state: Int32Array; errors: MessagePort };
Atomics.store(state, ALIVE_FLAG, 1);

parentPort!.on('message', (m: PieceMessage) => {
  try {
    if (Atomics.load(state, ERROR_FLAG) === 0) {
      const bytes = new Uint8Array(memory, m.slot * SLOT_BYTES, m.length);
      for (let at = 0; at < m.length; ) at += writeSync(m.fd, bytes, at, m.length - at, m.position + at);
    }
  } catch (e) {
    if (Atomics.load(state, ERROR_FLAG) === 0) {
      const err = e as NodeJS.ErrnoException;
      errors.postMessage({ message: String(err?.message ?? e), code: err?.code, fd: m.fd });
      Atomics.store(state, ERROR_FLAG, 1);
    }
  } finally {
    Atomics.store(state, m.slot, 0);
    Atomics.notify(state, m.slot);
  }
});
