import { hostname } from 'node:os';
import { open, readFile, stat, unlink } from 'node:fs/promises';
import path from 'node:path';

/** The lock file inside OUT (hidden, so it is never taken for a village). */
export const LOCK_NAME = '.coop-payout-batch.lock';

/** Another batch holds OUT (E_LOCKED). */
export class LockedError extends Error {
  override readonly name = 'LockedError';
  constructor(
    readonly lockFile: string,
    message: string,
  ) {
    super(message);
  }
}

export interface Lock {
  file: string;
  release(): Promise<void>;
}

/** A lock file younger than this with no readable pid is taken as being written right now. */
const UNREADABLE_GRACE_MS = 60_000;

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

interface Holder {
  pid: number;
  host: string;
}

function parseLock(text: string): Holder | null {
  const [pidLine, hostLine] = text.split('\n');
  if (!/^\d+$/.test(pidLine ?? '')) return null;
  return { pid: Number(pidLine), host: (hostLine ?? '').trim() };
}

/** Why the lock is still held, or null when it is stale (its process is gone). */
async function stillHeld(file: string, text: string): Promise<string | null> {
  const h = parseLock(text);
  if (!h) {
    const st = await stat(file).catch(() => null);
    if (st && Date.now() - st.mtimeMs < UNREADABLE_GRACE_MS) return 'being created by another process';
    return null;
  }
  if (h.host !== '' && h.host !== hostname()) return `held by pid ${h.pid} on host ${h.host}`;
  // The same pid as ours is a leftover of an earlier process (containers reuse small pids).
  if (h.pid === process.pid || !pidAlive(h.pid)) return null;
  return `held by pid ${h.pid}`;
}

/**
 * Takes OUT's lock: the file is created with O_EXCL and holds our pid and host name. A lock whose
 * process is gone (same host) is stale and taken over; a live one is a LockedError at once — never
 * a wait. `shown` is the lock path as shown to the user.
 */
export async function acquireLock(outDir: string): Promise<Lock> {
  const file = path.join(outDir, LOCK_NAME);
  const mine = `${process.pid}\n${hostname()}\n`;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fh = await open(file, 'wx', 0o644);
      try {
        await fh.writeFile(mine);
      } finally {
        await fh.close();
      }
      return { file, release: () => releaseLock(file, mine) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const text = await readFile(file, 'utf8').catch(() => null);
    if (text === null) continue; // removed meanwhile: try again
    const held = await stillHeld(file, text);
    if (held !== null) {
      throw new LockedError(
        file,
        `另一个批处理正在写这个输出目录 (another batch is writing this output directory: ${held}); ` +
          `若确认没有批处理在运行, 删除该文件 (if no batch is running, delete this file)`,
      );
    }
    // Stale: remove it only if it is still the same stale lock, then try again.
    const again = await readFile(file, 'utf8').catch(() => null);
    if (again === text) await unlink(file).catch(() => undefined);
  }
  throw new LockedError(file, '无法取得锁 (could not take the lock: other processes keep taking it)');
}

async function releaseLock(file: string, mine: string): Promise<void> {
  const text = await readFile(file, 'utf8').catch(() => null);
  if (text === mine) await unlink(file).catch(() => undefined);
}
