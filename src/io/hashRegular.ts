import { createHash } from 'node:crypto';
import { closeSync, readSync } from 'node:fs';
import { openRegular } from './openRegular.js';

/**
 * SHA-256 of a regular file, read in chunks from the checked fd; null when there is no such
 * regular file (absent, a FIFO, a device, a folder): hashing must never wait on a pipe.
 */
export function sha256OfRegular(file: string): string | null {
  let fd: number;
  try {
    fd = openRegular(file).fd;
  } catch {
    return null;
  }
  try {
    const h = createHash('sha256');
    const buf = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      h.update(buf.subarray(0, n));
    }
    return h.digest('hex');
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}
