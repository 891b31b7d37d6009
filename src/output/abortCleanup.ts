import { existsSync, rmSync, unlinkSync } from 'node:fs';

/**
 * What must be undone if the process is interrupted (SIGINT/SIGTERM): temporary output directories
 * and lock files. Writers register while they work; the CLI's signal handler runs what is left,
 * synchronously, before exiting. (SIGKILL cannot be caught: the all-or-nothing swap covers it.)
 */
const pending = new Map<number, () => void>();
let next = 0;

export function onAbort(fn: () => void): () => void {
  const id = next++;
  pending.set(id, fn);
  return () => pending.delete(id);
}

/**
 * Removes a temporary folder the process was still writing into. File writes already handed to
 * libuv's thread pool may create a file between rmSync's listing and its rmdir (ENOTEMPTY), so the
 * removal is repeated until the folder is gone: once it is, no late write can bring it back.
 */
export function removeOnAbort(dir: string): () => void {
  return onAbort(() => {
    for (let attempt = 0; attempt < 20 && existsSync(dir); attempt++) {
      try {
        rmSync(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 5 });
      } catch {
        /* a write raced the removal: list and remove again */
      }
    }
  });
}

export function unlinkOnAbort(file: string): () => void {
  return onAbort(() => {
    try {
      unlinkSync(file);
    } catch {
      /* already gone */
    }
  });
}

export function runAbortCleanups(): void {
  for (const fn of [...pending.values()].reverse()) {
    try {
      fn();
    } catch {
      /* best effort: we are exiting */
    }
  }
  pending.clear();
}

/**
 * Set once a single run has swapped its output in: from then on the run is done, and a late
 * SIGINT/SIGTERM must not report failure (exit 130/143) for an output that is complete.
 */
let committed = false;

export function markCommitted(): void {
  committed = true;
}

export function isCommitted(): boolean {
  return committed;
}
