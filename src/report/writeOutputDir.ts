import { randomBytes } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { renameSync, rmSync } from 'node:fs';
import { lstat, mkdir, open, readdir, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { removeOnAbort } from './abortCleanup.js';

/** The output directory could not be written (the CLI reports it as E_OUTPUT). */
export class OutputError extends Error {
  override readonly name = 'OutputError';
  readonly path: string;
  constructor(path: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.path = path;
  }
}

export interface OutputFile {
  /** Relative path inside the output directory, `/`-separated (e.g. `payouts.csv`, `zaopo/summary.json`). */
  name: string;
  data: Buffer | string;
  mode?: number;
}

/** Names of input files: a directory holding one of them is a run (or batch) directory, never replaced. */
const INPUT_MARKERS = ['rules.yaml', 'households.csv', 'pool.yaml'];

function why(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * fsync a directory so that new entries and renames in it are durable. Not possible on Windows;
 * some file systems refuse it for directories (EINVAL, ENOTSUP, EISDIR, EPERM), which is not an error.
 */
async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const fh = await open(dir, fsConstants.O_RDONLY);
  try {
    await fh.sync();
  } catch (e) {
    if (!['EINVAL', 'ENOTSUP', 'EISDIR', 'EPERM'].includes((e as NodeJS.ErrnoException).code ?? '')) throw e;
  } finally {
    await fh.close();
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await lstat(p);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

/** A name's parts, refused when it could leave the directory. */
function nameParts(name: string): string[] {
  const parts = name.split('/');
  if (name === '' || name.includes('\\') || name.includes('\0') || parts.some((p) => p === '' || p === '.' || p === '..')) {
    throw new Error(`not a plain relative file name: ${JSON.stringify(name)}`);
  }
  return parts;
}

/** Refuses to replace a directory that holds input files (e.g. `--out` naming the run directory itself). */
async function assertReplaceable(outDir: string, shown: string): Promise<void> {
  const st = await lstat(outDir);
  if (!st.isDirectory()) throw new OutputError(shown, `${shown}: exists and is not a directory (a file or a symbolic link)`);
  const entries = await readdir(outDir, { withFileTypes: true });
  for (const e of entries) {
    if (e.isFile() && INPUT_MARKERS.includes(e.name)) {
      throw new OutputError(shown, `${shown}: holds ${e.name}, an input file; refusing to replace it (choose another output directory)`);
    }
  }
  for (const e of entries) {
    if (!e.isDirectory()) continue;
    for (const m of INPUT_MARKERS) {
      if (await exists(join(outDir, e.name, m))) {
        throw new OutputError(shown, `${shown}: ${e.name}${sep}${m} is an input file; refusing to replace it (choose another output directory)`);
      }
    }
  }
}

/**
 * Writes `files` as the whole content of `outDir`, all or nothing.
 *
 * The files go into a fresh hidden sibling `.<base>.tmp-<pid>-<random>`, each fsynced, then the
 * directory is fsynced and swapped in: an existing outDir is renamed aside, the new one renamed
 * in, the old one removed. On any failure before the swap the temporary directory is removed and
 * an existing outDir is left exactly as it was. The parent directory is created if missing.
 * Failures are thrown as OutputError naming the path.
 */
export async function writeOutputDir(outDir: string, files: readonly OutputFile[], opts: { onSwapped?: () => void } = {}): Promise<void> {
  const target = resolve(outDir);
  const base = basename(target);
  if (base === '' || target === dirname(target)) throw new OutputError(outDir, `${outDir}: cannot use a root directory as the output directory`);
  const parent = dirname(target);
  const tag = `${process.pid}-${randomBytes(6).toString('hex')}`;
  const tmp = join(parent, `.${base}.tmp-${tag}`);

  try {
    await mkdir(parent, { recursive: true });
  } catch (e) {
    throw new OutputError(parent, `${parent}: cannot create the directory (${why(e)})`, { cause: e });
  }
  const targetExists = await exists(target).catch((e: unknown) => {
    throw new OutputError(outDir, `${outDir}: cannot be read (${why(e)})`, { cause: e });
  });
  if (targetExists) {
    await assertReplaceable(target, outDir).catch((e: unknown) => {
      throw e instanceof OutputError ? e : new OutputError(outDir, `${outDir}: cannot be read (${why(e)})`, { cause: e });
    });
  }

  try {
    await mkdir(tmp);
  } catch (e) {
    throw new OutputError(tmp, `${tmp}: cannot create a temporary directory next to ${outDir} (${why(e)})`, { cause: e });
  }
  const forgetTmp = removeOnAbort(tmp);
  try {
    await fillAndSwap(outDir, target, tmp, parent, base, tag, targetExists, files, forgetTmp, opts.onSwapped);
  } finally {
    forgetTmp();
  }
}

/**
 * Call with the output's lock held, before writing. A run killed between its two renames leaves no
 * outDir but a complete `.<base>.old-*` beside it: the one set aside last (newest ctime: a rename
 * updates it) is put back, so the folder always holds a complete old or new output. Then every
 * leftover of killed runs (`.tmp-*` being written, `.old-*` set aside) is removed: they hold full
 * account numbers and nobody else can be writing them while we hold the lock.
 */
export async function recoverOutputDir(outDir: string): Promise<void> {
  const target = resolve(outDir);
  const parent = dirname(target);
  const base = basename(target);
  const names = await readdir(parent).catch(() => [] as string[]);
  // `.lock.<pid>-*`: the temporary name of a lock killed before it was linked into place.
  const ours = (n: string) => n.startsWith(`.${base}.old-`) || n.startsWith(`.${base}.tmp-`) || n.startsWith(`.${base}.lock.`);
  const leftovers = names.filter(ours).map((n) => join(parent, n));
  if (!(await exists(target).catch(() => true))) {
    const olds = leftovers.filter((p) => basename(p).startsWith(`.${base}.old-`));
    const aged = await Promise.all(olds.map(async (p) => ({ p, ctime: (await stat(p).catch(() => null))?.ctimeMs ?? -1 })));
    const newest = aged.sort((a, b) => b.ctime - a.ctime)[0];
    if (newest) renameSync(newest.p, target);
  }
  for (const p of leftovers) await rm(p, { recursive: true, force: true }).catch(() => undefined);
}

async function fillAndSwap(
  outDir: string,
  target: string,
  tmp: string,
  parent: string,
  base: string,
  tag: string,
  targetExists: boolean,
  files: readonly OutputFile[],
  forgetTmp: () => void,
  onSwapped: (() => void) | undefined,
): Promise<void> {
  // Write everything into the temporary directory.
  let current = tmp;
  try {
    const dirs = new Set<string>([tmp]);
    const seen = new Set<string>();
    for (const file of files) {
      current = `${outDir}${sep}${file.name}`;
      const parts = nameParts(file.name);
      if (seen.has(file.name)) throw new Error('named twice');
      seen.add(file.name);
      let dir = tmp;
      for (const p of parts.slice(0, -1)) {
        dir = join(dir, p);
        if (!dirs.has(dir)) {
          await mkdir(dir);
          dirs.add(dir);
        }
      }
      const fh = await open(join(tmp, ...parts), 'wx', file.mode ?? 0o644);
      try {
        await fh.writeFile(file.data);
        await fh.sync();
      } finally {
        await fh.close();
      }
    }
    current = tmp;
    // Deepest first, so that every directory entry is durable before its parent's.
    for (const d of [...dirs].sort((a, b) => b.length - a.length)) await syncDir(d);
  } catch (e) {
    await rm(tmp, { recursive: true, force: true }).catch(() => undefined);
    throw new OutputError(current, `${current}: cannot write (${why(e)})`, { cause: e });
  }

  // Swap it in, synchronously: no signal handler can run between the two renames, and from here on
  // an abort must not remove the temporary folder (it may already be the output).
  forgetTmp();
  const aside = targetExists ? join(parent, `.${base}.old-${tag}`) : null;
  try {
    if (aside) renameSync(target, aside);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw new OutputError(outDir, `${outDir}: cannot move the previous output aside (${why(e)})`, { cause: e });
  }
  try {
    renameSync(tmp, target);
  } catch (e) {
    let restored = aside === null;
    if (aside) {
      try {
        renameSync(aside, target);
        restored = true;
      } catch {
        /* reported below */
      }
    }
    rmSync(tmp, { recursive: true, force: true });
    const kept = restored ? '' : `; the previous output is at ${aside}`;
    throw new OutputError(outDir, `${outDir}: cannot move the new output in place (${why(e)})${kept}`, { cause: e });
  }
  // Done: the new output is in place (still synchronously, so the caller hears it before any signal).
  onSwapped?.();
  const forgetAside = aside ? removeOnAbort(aside) : () => undefined;
  await syncDir(parent).catch(() => undefined);
  if (aside) await rm(aside, { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined);
  forgetAside();
}
