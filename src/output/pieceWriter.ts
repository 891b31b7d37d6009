/**
 * Writes a county-sized sheet's pieces on another thread (issue 14): `run` renders payouts.csv and
 * disclosure.csv while writing them, and each 4 MB piece used to wait for writeSync's copy into the
 * page cache (≈ 0.8 s of a 1M-household run). Here the piece is copied into one of a few shared
 * slots and a worker (pieceWriterWorker.ts) writes it at its offset while the next rows are rendered.
 *
 * Nothing piles up: with every slot busy, the renderer waits (Atomics.wait) for one. A piece larger
 * than a slot is written here. A write error is the worker's first error, rebuilt here with its
 * message and code and thrown at the next piece or at `finish`, as writeSync would have thrown it.
 * The first piece of each file is written here: a small file (one piece) never starts the worker.
 * A file's pieces need not be written before the next file's begin (`endFile`): the renderer goes on
 * with the next sheet while the last pieces of this one are written; `finish` waits for all of them.
 */
import { existsSync, writeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

export const pieceWriterSwitch = {
  url: new URL('./pieceWriterWorker.js', import.meta.url),
  enabled: true,
  /** How long a worker may take to start before its pieces are written here (tests shorten it). */
  startMs: 10_000,
};

export const SLOTS = 6;
export const SLOT_BYTES = 4 << 20;
/** Index in `state` of the error flag (the slots' flags come first: 0 free, 1 being written). */
export const ERROR_FLAG = SLOTS;
/** Index in `state` the worker sets once it runs: a worker that never starts must not make the renderer wait forever. */
export const ALIVE_FLAG = SLOTS + 1;

export interface PieceMessage {
  fd: number;
  slot: number;
  length: number;
  position: number;
}

export class PieceWriter {
  private worker: Worker | null = null;
  private errors: MessagePort | null = null;
  private state: Int32Array | null = null;
  private slots: Uint8Array[] = [];
  private next = 0;
  private failed: Error | null = null;
  /** The file descriptor whose write failed (with `failed`), to name the file in the message. */
  failedFd: number | null = null;
  private pieces = 0;
  /** The worker never started: everything is written here. */
  private dead = false;
  /** What each busy slot holds (to write it here if the worker never starts). */
  private readonly sent: (PieceMessage | null)[] = new Array<PieceMessage | null>(SLOTS).fill(null);

  /** Pieces go to the worker (it has started). */
  get threaded(): boolean {
    return this.worker !== null;
  }

  /** Writes bytes (valid only during the call) at `position` of fd. */
  write(fd: number, bytes: Uint8Array, position: number): void {
    this.check();
    if (this.pieces++ === 0 || bytes.length > SLOT_BYTES || !this.start()) {
      writeAll(fd, bytes, position);
      return;
    }
    const state = this.state!;
    // The next slot in turn, once the worker has written what it held.
    const slot = this.next;
    this.next = (slot + 1) % SLOTS;
    this.waitFree(slot);
    this.check();
    if (this.worker === null) {
      writeAll(fd, bytes, position); // it never started: see waitFree
      return;
    }
    this.slots[slot].set(bytes);
    Atomics.store(state, slot, 1);
    const m: PieceMessage = { fd, slot, length: bytes.length, position };
    this.sent[slot] = m;
    this.worker.postMessage(m);
  }

  /** Waits until every piece handed over is written; throws the first write error. Then a new file may begin. */
  finish(): void {
    const state = this.state;
    if (state !== null) for (let s = 0; s < SLOTS; s++) this.waitFree(s);
    this.pieces = 0;
    this.check();
  }

  /** A file's last piece is handed over: the next piece begins a file (written here first). Nothing is waited for. */
  endFile(): void {
    this.pieces = 0;
    this.check();
  }

  /** Stops the worker (after finish). */
  close(): void {
    void this.worker?.terminate();
    this.errors?.close();
    this.worker = null;
  }

  /**
   * Until the worker has written slot s (it frees every slot it is given, even after an error). A
   * worker that has not started after `startMs` (it could not: its 'error' event cannot reach this
   * blocked thread) is given up: what it holds is written here, and so is every later piece.
   */
  private waitFree(s: number): void {
    const state = this.state!;
    const since = Date.now();
    while (Atomics.load(state, s) !== 0) {
      Atomics.wait(state, s, 1, 200);
      if (Atomics.load(state, ALIVE_FLAG) === 0 && Date.now() - since > pieceWriterSwitch.startMs) {
        void this.worker?.terminate();
        this.worker = null;
        this.dead = true;
        for (let k = 0; k < SLOTS; k++) {
          const m = this.sent[k];
          if (Atomics.load(state, k) !== 0 && m !== null) writeAll(m.fd, this.slots[k].subarray(0, m.length), m.position);
          Atomics.store(state, k, 0);
        }
      }
    }
  }

  private check(): void {
    if (this.failed === null && this.state !== null && Atomics.load(this.state, ERROR_FLAG) !== 0) {
      const m = receiveMessageOnPort(this.errors!)?.message as { message: string; code?: string; fd?: number } | undefined;
      this.failed = Object.assign(new Error(m?.message ?? 'write failed'), { code: m?.code });
      this.failedFd = m?.fd ?? null;
    }
    if (this.failed !== null) throw this.failed;
  }

  /** The worker, started on first need; false: write here (it could not start, or is switched off). */
  private start(): boolean {
    if (this.worker !== null) return true;
    if (this.dead) return false;
    if (!pieceWriterSwitch.enabled || !existsSync(fileURLToPath(pieceWriterSwitch.url))) return false;
    const memory = new SharedArrayBuffer(SLOTS * SLOT_BYTES);
    const state = new Int32Array(new SharedArrayBuffer(4 * (SLOTS + 2)));
    const { port1, port2 } = new MessageChannel();
    try {
      this.worker = new Worker(pieceWriterSwitch.url, { workerData: { memory, state, errors: port2 }, transferList: [port2] });
    } catch {
      pieceWriterSwitch.enabled = false;
      return false;
    }
    this.worker.unref();
    // A worker that dies cannot write: fail the file (the output is never swapped in).
    this.worker.on('error', () => undefined);
    this.errors = port1;
    this.state = state;
    for (let s = 0; s < SLOTS; s++) this.slots.push(new Uint8Array(memory, s * SLOT_BYTES, SLOT_BYTES));
    return true;
  }
}

export function writeAll(fd: number, bytes: Uint8Array, position: number): void {
  try {
    for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at, position + at);
  } catch (e) {
    // Named by its fd like the thread's errors: the caller may be writing another file by now.
    if (e !== null && typeof e === 'object') Object.assign(e, { fd });
    throw e;
  }
}
