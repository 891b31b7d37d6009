import { readRegular } from '../io/openRegular.js';
import { randomBytes } from 'node:crypto';
import { closeSync, linkSync, openSync, renameSync, statSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { hostname } from 'node:os';
import { unlinkOnAbort } from './abortCleanup.js';

/** Another run holds the lock on this output (the CLI reports E_LOCKED, exit 1). */
export class LockedError extends Error {
  override readonly name = 'LockedError';
  constructor(
    readonly lockFile: string,
    readonly holder: string,
  ) {
    super(`${lockFile}: 另一个运行正在写这个输出目录 (${holder}) (another run is writing this output; try again when it ends)`);
  }
}

/**
 * Creates `file` holding `content`, failing with EEXIST if it exists. Written to a temporary name and
 * hard-linked into place, so a process killed at any moment never leaves an empty lock behind; where
 * the file system has no hard links, an exclusive create (the empty-lock rule covers that case).
 */
function createWithContent(file: string, content: string): void {
  const tmp = `${file}.${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    writeFileSync(tmp, content, { flag: 'wx', mode: 0o644 });
  } catch {
    return createExclusive(file, content);
  }
  try {
    linkSync(tmp, file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw e;
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'ENOSYS') return createExclusive(file, content);
    throw e;
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      /* already gone */
    }
  }
}

function createExclusive(file: string, content: string): void {
  const fd = openSync(file, 'wx', 0o644);
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
}

function mtimeMs(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return Date.now();
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The lock of an output folder sits beside it (the folder itself is replaced whole): `.<name>.lock`. */
export function lockFileFor(outDir: string): string {
  const abs = path.resolve(outDir);
  return path.join(path.dirname(abs), `.${path.basename(abs)}.lock`);
}

/** An empty lock file is a writer that died between create and write; after a while it is stale. */
const EMPTY_LOCK_STALE_MS = 10_000;

/** A batch's lock, inside its OUT (hidden, never a village's name). */
export const BATCH_LOCK_NAME = '.coop-payout-batch-lock';

function holderOf(lockFile: string): string | null {
  try {
    return readRegular(lockFile).toString('utf8').trim(); // never waits on a FIFO in the lock's place
  } catch {
    return null;
  }
}

function isStale(lockFile: string, holder: string): boolean {
  const [host, pidText] = holder.split(' ');
  const pid = Number(pidText);
  // Our own pid in a lock we did not take is a dead process's (containers reuse small pids).
  const deadHolder = host === hostname() && Number.isInteger(pid) && pid > 0 && (pid === process.pid || !alive(pid));
  return deadHolder || (holder === '' && Date.now() - mtimeMs(lockFile) > EMPTY_LOCK_STALE_MS);
}

/** Whether `lockFile` exists and is held by a live process (someone else's lock). */
export function isLiveLockFile(lockFile: string): boolean {
  const holder = holderOf(lockFile);
  if (holder === null) return false;
  const [host, pidText] = holder.split(' ');
  if (host === hostname() && Number(pidText) === process.pid) return false;
  return !isStale(lockFile, holder);
}

/**
 * The locks of other writers whose output contains or is `outDir`: `.<A>.lock` beside every ancestor
 * A of outDir and a batch's lock inside every ancestor (and inside outDir itself). Throws LockedError
 * for the first live one. (Writers below outDir are found by checkOutputTarget's walk.)
 */
export function assertNoRelatedLock(outDir: string, own: string): void {
  let cur = path.resolve(outDir);
  const candidates: string[] = [path.join(cur, BATCH_LOCK_NAME)];
  for (;;) {
    const up = path.dirname(cur);
    if (up === cur) break;
    candidates.push(lockFileFor(cur), path.join(up, BATCH_LOCK_NAME));
    cur = up;
  }
  for (const c of candidates) {
    if (path.resolve(c) === path.resolve(own)) continue;
    if (isLiveLockFile(c)) throw new LockedError(c, holderOf(c) || 'unknown holder');
  }
}

/**
 * Takes `lockFile` with O_EXCL and returns its release. A lock left by a process that no longer
 * exists on this host is stale and taken over; a live one fails at once (cron must not queue up).
 * Takeover is atomic: only the process that creates `<lock>.takeover` (O_EXCL) may remove a stale
 * lock, and it checks again under that mutex that the lock is still the stale one; the new lock is
 * then linked into place, so two processes never both hold it.
 */
export function acquireLock(lockFile: string): () => void {
  const me = `${hostname()} ${process.pid}`;
  try {
    createWithContent(lockFile, me + '\n');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    takeOver(lockFile, me);
  }
  const forget = unlinkOnAbort(lockFile);
  return () => {
    forget();
    try {
      unlinkSync(lockFile);
    } catch {
      /* already gone */
    }
  };
}

function takeOver(lockFile: string, me: string): void {
  const holder = holderOf(lockFile);
  if (holder !== null && !isStale(lockFile, holder)) throw new LockedError(lockFile, holder || 'unknown holder');
  const mutex = `${lockFile}.takeover`;
  // A process killed inside its takeover leaves the mutex behind; the next run clears it and tries
  // again (twice at most) instead of failing a cron run that is the only writer left.
  for (let attempt = 0; ; attempt++) {
    const mine = `${me} ${randomBytes(4).toString('hex')}`;
    try {
      createWithContent(mutex, mine + '\n');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      if (attempt < 2 && clearStaleMutex(mutex)) continue;
      throw new LockedError(lockFile, 'contended');
    }
    try {
      const now = holderOf(lockFile);
      if (now !== null) {
        if (!isStale(lockFile, now)) throw new LockedError(lockFile, now || 'unknown holder');
        unlinkSync(lockFile);
      }
      try {
        createWithContent(lockFile, me + '\n');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new LockedError(lockFile, holderOf(lockFile) || 'contended');
        throw e;
      }
      return;
    } finally {
      try {
        if (holderOf(mutex) === mine) unlinkSync(mutex);
      } catch {
        /* gone */
      }
    }
  }
}

/**
 * Removes a takeover mutex whose holder is dead. It is first renamed to a private name and its
 * content compared with what was judged stale, so a live process's fresh mutex created in between
 * is put back instead of removed. Returns whether the stale one is gone.
 */
function clearStaleMutex(mutex: string): boolean {
  const seen = holderOf(mutex);
  if (seen === null || !isStale(mutex, seen.split(' ').slice(0, 2).join(' '))) return false;
  const aside = `${mutex}.${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    renameSync(mutex, aside);
  } catch {
    return true; // someone else cleared it: try again
  }
  const moved = holderOf(aside);
  if (moved !== seen) {
    try {
      linkSync(aside, mutex); // a live mutex: back where it was
    } catch {
      /* another took its place; the lock check inside the takeover still guards */
    }
    unlinkQuiet(aside);
    return false;
  }
  unlinkQuiet(aside);
  return true;
}

function unlinkQuiet(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    /* gone */
  }
}
