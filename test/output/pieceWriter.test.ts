/**
 * The sheet writer's thread (pieceWriter.ts): a file written piece by piece through it has exactly
 * the bytes written in order, however the pieces fall on the slots; a write error on the thread is
 * thrown here with its code; and without the built worker everything is written on this thread.
 */
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PieceWriter, pieceWriterSwitch, SLOT_BYTES, SLOTS } from '../../src/output/pieceWriter.js';

const WORKER = new URL('../../dist/output/pieceWriterWorker.js', import.meta.url);
const dir = mkdtempSync(path.join(tmpdir(), 'coop-piece-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes pieces of the given sizes (each filled with its own byte pattern, from one reused buffer); returns what was written and what should be. */
function writePieces(sizes: number[], name: string): { got: Buffer; want: Buffer; threaded: boolean } {
  const file = path.join(dir, name);
  const fd = openSync(file, 'wx');
  const w = new PieceWriter();
  const scratch = Buffer.alloc(Math.max(...sizes));
  const parts: Buffer[] = [];
  let position = 0;
  let threaded = false;
  try {
    sizes.forEach((n, k) => {
      const piece = scratch.subarray(0, n);
      for (let i = 0; i < n; i++) piece[i] = (i * 31 + k * 7) & 0xff;
      parts.push(Buffer.from(piece));
      w.write(fd, piece, position); // the writer must have taken the bytes: scratch is refilled next
      position += n;
    });
    w.finish();
    threaded = w.threaded;
  } finally {
    w.close();
    closeSync(fd);
  }
  return { got: readFileSync(file), want: Buffer.concat(parts), threaded };
}

describe('PieceWriter', () => {
  it('writes every piece at its place, through the thread and its slots', () => {
    const saved = pieceWriterSwitch.url;
    pieceWriterSwitch.url = WORKER;
    try {
      // More pieces than slots, of every size up to a slot and past it (written here).
      const sizes = [5, SLOT_BYTES, 1, ...Array.from({ length: 3 * SLOTS }, (_, k) => 1 + ((k * 977_761) % SLOT_BYTES)), SLOT_BYTES + 3, 17];
      const { got, want, threaded } = writePieces(sizes, 'many.bin');
      expect(threaded).toBe(true);
      expect(got.length).toBe(want.length);
      expect(got.equals(want)).toBe(true);
    } finally {
      pieceWriterSwitch.url = saved;
    }
  });

  it('throws the thread’s write error with its code', () => {
    const saved = pieceWriterSwitch.url;
    pieceWriterSwitch.url = WORKER;
    const fd = openSync('/dev/full', 'w');
    const w = new PieceWriter();
    let thrown: unknown = null;
    try {
      w.write(fd, Buffer.alloc(0), 0); // the first piece is written here; the next ones on the thread
      for (let k = 0; k < 4 * SLOTS; k++) w.write(fd, Buffer.alloc(1000), 1000 * k);
      w.finish();
    } catch (e) {
      thrown = e;
    } finally {
      expect(w.threaded).toBe(true);
      w.close();
      closeSync(fd);
      pieceWriterSwitch.url = saved;
    }
    expect((thrown as NodeJS.ErrnoException).code).toBe('ENOSPC');
    expect(String((thrown as Error).message)).toMatch(/no space left/);
  });

  it('writes the pieces here when the worker never starts (no wait without end)', async () => {
    const { writeFileSync } = await import('node:fs');
    const broken = path.join(dir, 'broken-worker.mjs');
    writeFileSync(broken, 'throw new Error("cannot start");\n');
    const saved = { ...pieceWriterSwitch };
    Object.assign(pieceWriterSwitch, { url: new URL('file://' + broken), startMs: 300 });
    try {
      const { got, want, threaded } = writePieces([3, 1000, 2000, ...Array.from({ length: 2 * SLOTS }, (_, k) => 100 + k)], 'fallback.bin');
      expect(threaded).toBe(false); // given up
      expect(got.equals(want)).toBe(true);
    } finally {
      Object.assign(pieceWriterSwitch, saved);
    }
  });

  it('writes on this thread when the worker is not built (running from src/)', () => {
    expect(pieceWriterSwitch.url.pathname.endsWith('/src/output/pieceWriterWorker.js')).toBe(true);
    const { got, want, threaded } = writePieces([3, SLOT_BYTES, 9, 100_000], 'here.bin');
    expect(threaded).toBe(false);
    expect(got.equals(want)).toBe(true);
  });
});
