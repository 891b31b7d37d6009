import { lstatSync, statSync } from 'node:fs';

/** An error as a user reads it: the system's code (ENOENT, EACCES…) when there is one, else its message. */
export function errorText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err && err.code) return err.code;
  return e instanceof Error ? e.message : String(e);
}

/**
 * Whether an input file is there: `'file'`, `'absent'`, or why it cannot be read (a folder in its
 * place, EACCES…). Synchronous: a stat is microseconds, while a thread-pool round trip per input
 * file adds up in a township batch whose I/O threads are busy writing finished villages.
 */
export function fileState(path: string): 'absent' | 'file' | string {
  try {
    return statSync(path).isFile() ? 'file' : '不是文件 (not a file)';
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') return errorText(e);
    // A dangling symbolic link is not an absent file (issue 12): never skip it silently.
    try {
      if (lstatSync(path).isSymbolicLink()) return '失效的符号链接 (dangling symbolic link)';
    } catch {
      /* really absent */
    }
    return 'absent';
  }
}
