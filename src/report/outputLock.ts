import { randomBytes } from 'node:crypto';
import { closeSync, linkSync, openSync, readFileSync, statSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
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

/**
 * Takes `lockFile` with O_EXCL and returns its release. A lock left by a process that no longer
 * exists on this host is stale and taken over; a live one fails at once (cron must not queue up).
 */
export function acquireLock(lockFile: string): () => void {
  const me = `${hostname()} ${process.pid}`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      createWithContent(lockFile, me + '\n');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let holder = '';
      try {
        holder = readFileSync(lockFile, 'utf8').trim();
      } catch {
        continue; // released meanwhile
      }
      const [host, pidText] = holder.split(' ');
      const pid = Number(pidText);
      // Our own pid in a lock we did not take is a dead process's (containers reuse small pids).
      const deadHolder = host === hostname() && Number.isInteger(pid) && pid > 0 && (pid === process.pid || !alive(pid));
      const stale = deadHolder || (holder === '' && Date.now() - mtimeMs(lockFile) > EMPTY_LOCK_STALE_MS);
      if (!stale) throw new LockedError(lockFile, holder || 'unknown holder');
      try {
        unlinkSync(lockFile);
      } catch {
        /* someone else took it over first; the next open decides */
      }
      continue;
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
  throw new LockedError(lockFile, 'contended');
}
