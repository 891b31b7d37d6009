import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
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

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes `lockFile` with O_EXCL and returns its release. A lock left by a process that no longer
 * exists on this host is stale and taken over; a live one fails at once (cron must not queue up).
 */
export function acquireLock(lockFile: string): () => void {
  const me = `${hostname()} ${process.pid}`;
  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number;
    try {
      fd = openSync(lockFile, 'wx', 0o644);
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
      const stale = host === hostname() && Number.isInteger(pid) && pid > 0 && !alive(pid);
      if (!stale) throw new LockedError(lockFile, holder || 'unknown holder');
      try {
        unlinkSync(lockFile);
      } catch {
        /* someone else took it over first; the next open decides */
      }
      continue;
    }
    writeSync(fd, me + '\n');
    closeSync(fd);
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
