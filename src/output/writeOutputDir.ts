// Long because the refusal checks, the atomic swap and its recovery must be read together: each guards a step of the others.
import { inputFileNames } from '../io/columns.js';
import { readRegular } from '../io/openRegular.js';
import { randomBytes } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { chmodSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { PieceWriter, SLOT_BYTES } from './pieceWriter.js';
import { chmod, lstat, mkdir, open, readdir, realpath, rm, stat, type FileHandle } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { DeferredRender } from '../render/runOutputs.js';
import { removeOnAbort } from './abortCleanup.js';
import { isLiveLockFile } from './outputLock.js';

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

/**
 * A file rendered as it is written (`run` at county scale): render/runOutputs.ts's DeferredRender,
 * one type for both layers. `render` hands its bytes to `write` piece by piece, each used (written, or
 * copied for the writer thread) before `write` returns; an error of `render` is the caller's (a bug: exit 3), not a write failure.
 */
export type DeferredFile = DeferredRender;

export type WritableFile = OutputFile | DeferredFile;

/** Carries an error thrown by a DeferredFile's render past the write errors' handling. */
class RenderFailure {
  constructor(readonly cause: unknown) {}
}

/**
 * A DeferredFile's bytes into `fd` (each piece at its offset, by `writer`: another thread once there
 * is more than one); a failed write is thrown as it is, a failed render as RenderFailure. The last
 * pieces may still be being written when this returns (the caller's writer.finish waits for them).
 */
function renderInto(fd: number, file: DeferredFile, writer: PieceWriter): void {
  let writeError: unknown = null;
  let position = 0;
  try {
    file.render((bytes) => {
      try {
        writer.write(fd, bytes, position);
        position += bytes.length;
      } catch (e) {
        writeError = e;
        throw e;
      }
    });
  } catch (e) {
    try {
      writer.finish(); // nothing may still write into fd once it is closed
    } catch {
      /* the first error is thrown below */
    }
    if (writeError !== null) throw writeError;
    throw new RenderFailure(e);
  }
  writer.endFile();
}

/** A file's bytes into `fd` through `writer`, a slot at a time (bank.csv is tens of MB at county scale). */
function writeThrough(fd: number, data: Buffer | string, writer: PieceWriter): void {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  for (let at = 0; at < bytes.length; at += SLOT_BYTES) writer.write(fd, bytes.subarray(at, at + SLOT_BYTES), at);
  writer.endFile();
}

/** Files whose pieces may still be in the writer's hands, each synced and closed once they are written. */
const MAX_PENDING_FILES = 16;

/** Names of input files: a folder holding one of them (at any depth) is an input folder, never replaced. */
/** A file that makes a folder an input folder: the rules, a pool, any input table by any of its names (SPEC §10). */
const INPUT_MARKERS = new Set(['rules.yaml', 'pool.yaml', ...inputFileNames()]);

/** Every folder this tool writes holds this file: the list of what it wrote (no timestamps: reruns are byte-identical). */
export const MANIFEST_NAME = '.coop-payout-manifest.json';
export const TOOL_NAME = 'coop-payout';

/** The manifest's bytes for these relative names (`/`-separated; a folder as `name/`). */
export function manifestText(names: readonly string[]): string {
  const files = [...new Set(names)].filter((n) => n !== MANIFEST_NAME).sort();
  return JSON.stringify({ tool: TOOL_NAME, files }, null, 2) + '\n';
}

/** Entries walked at most when looking into a folder before replacing it. */
const WALK_LIMIT = 20_000;

/** The exact names of this tool's temporaries beside (or inside) a folder named `base`. */
function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
export function isOwnTemporary(base: string, name: string): boolean {
  const b = escapeRe(base);
  return new RegExp(`^\\.${b}\\.(?:tmp|old)-\\d+-[0-9a-f]{12}$|^\\.${b}\\.lock(?:\\.\\d+-[0-9a-f]{8})?$`).test(name);
}

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

function outErr(shown: string, zh: string, en: string): OutputError {
  return new OutputError(shown, `${shown}: ${zh} (${en})`);
}

function inside(outer: string, inner: string): boolean {
  const rel = relative(outer, inner);
  return rel === '' || (rel !== '..' && !rel.startsWith('..' + sep) && !isAbsolute(rel));
}

async function realOrResolved(p: string): Promise<string> {
  // The nearest existing ancestor's real path, joined with the rest.
  let cur = resolve(p);
  const rest: string[] = [];
  for (;;) {
    try {
      return join(await realpath(cur), ...rest.reverse());
    } catch {
      const up = dirname(cur);
      if (up === cur) return resolve(p);
      rest.push(basename(cur));
      cur = up;
    }
  }
}

async function readManifest(dir: string): Promise<Set<string> | null> {
  try {
    // Only a regular file: a FIFO planted as the manifest must not make the run wait.
    const m = JSON.parse(readRegular(join(dir, MANIFEST_NAME)).toString('utf8')) as { tool?: unknown; files?: unknown };
    if (m.tool !== TOOL_NAME || !Array.isArray(m.files) || !m.files.every((f) => typeof f === 'string')) return null;
    return new Set(m.files as string[]);
  } catch {
    return null;
  }
}

/**
 * Refuses an output folder that this tool must not replace or write into, touching nothing:
 * an empty name, `/`, the home folder (or one of its ancestors), a run/batch input folder or one of
 * its ancestors (`inputDirs`), a folder that holds input files at any depth, a live lock below it,
 * and an existing non-empty folder without this tool's manifest or with anything its manifest does
 * not list (a document the accountant saved there). With `topLevelOnly` (a batch's OUT, written
 * into rather than replaced) only OUT's own entries are compared with its manifest.
 */
export async function checkOutputTarget(outDir: string, opts: { inputDirs?: readonly string[]; topLevelOnly?: boolean; allow?: readonly string[] } = {}): Promise<void> {
  const shown = outDir;
  if (outDir.trim() === '') {
    throw outErr(JSON.stringify(outDir), '输出目录为空: 请用 --out 指定一个新的或本工具写过的文件夹 (例如 cron 里的变量没有设置)', 'the output folder is empty: give --out a new folder or one this tool wrote (an unset variable in cron?)');
  }
  const target = await realOrResolved(outDir);
  if (target === dirname(target)) throw outErr(shown, '不能把根目录作为输出目录: 请用 --out 指定一个新文件夹', 'the root folder cannot be the output folder; choose another --out');
  const home = await realOrResolved(homedir());
  if (inside(target, home)) throw outErr(shown, '不能把主目录 (或其上级) 作为输出目录: 请用 --out 指定一个新文件夹', 'the home folder (or one above it) cannot be the output folder; choose another --out');
  for (const d of opts.inputDirs ?? []) {
    const real = await realOrResolved(d);
    if (inside(target, real)) throw outErr(shown, `输出目录是输入目录 ${d} 或其上级, 不能替换: 请用 --out 指定另一个文件夹`, `the output folder is the input folder ${d} or contains it; choose another --out`);
  }
  const st = await lstat(target).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return null;
    throw new OutputError(shown, `${shown}: cannot be read (${why(e)})`, { cause: e });
  });
  if (!st) return;
  if (!st.isDirectory()) throw outErr(shown, '已存在且不是文件夹 (是文件或符号链接): 请移走它或用 --out 指定另一个文件夹', 'exists and is not a directory (a file or a symbolic link); move it away or choose another --out');
  // Input files or live locks at any depth (breadth first, a bounded number of entries).
  let walked = 0;
  const queue: string[] = [target];
  while (queue.length > 0) {
    const d = queue.shift()!;
    const entries = await readdir(d, { withFileTypes: true }).catch((e: unknown) => {
      throw new OutputError(shown, `${shown}: cannot be read (${why(e)})`, { cause: e });
    });
    for (const e of entries) {
      if (++walked > WALK_LIMIT) throw outErr(shown, `文件夹里的条目超过 ${WALK_LIMIT} 个, 不像本工具的输出: 请用 --out 指定另一个文件夹`, `holds more than ${WALK_LIMIT} entries, not like an output of this tool; choose another --out`);
      const p = join(d, e.name);
      const rel = relative(target, p);
      if (d === target && opts.allow?.includes(e.name)) continue; // e.g. the batch's own lock: its acquireLock decides
      if (e.isFile() && INPUT_MARKERS.has(e.name)) {
        throw outErr(shown, `含有输入文件 ${rel}, 不能作为输出目录: 请用 --out 指定另一个文件夹`, `holds the input file ${rel}; choose another --out`);
      }
      if (e.isFile() && (e.name === '.coop-payout-batch-lock' || /^\..+\.lock$/.test(e.name)) && isLiveLockFile(p)) {
        const err = outErr(shown, `${rel} 是正在运行的另一个运行的锁: 等它结束再试`, `${rel} is the lock of another run in progress; try again when it ends`);
        (err as OutputError & { locked?: boolean }).locked = true;
        throw err;
      }
      if (e.isDirectory()) queue.push(p);
    }
  }
  const names = (await readdir(target)).filter((n) => !opts.allow?.includes(n));
  if (names.length === 0) return;
  const manifest = await readManifest(target);
  if (!manifest) {
    throw outErr(shown, `文件夹不是空的, 也不是本工具写的 (没有 ${MANIFEST_NAME}): 请把里面的文件移走, 或用 --out 指定另一个文件夹`, `the folder is not empty and was not written by this tool (no ${MANIFEST_NAME}); move its files away or choose another --out`);
  }
  const allow = new Set([MANIFEST_NAME, ...(opts.allow ?? [])]);
  const foreign: string[] = [];
  const compare = async (dir: string, prefix: string): Promise<void> => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const rel = prefix + e.name;
      if (prefix === '' && allow.has(e.name)) continue;
      if (e.isDirectory()) {
        if (manifest.has(rel + '/')) continue; // a folder the tool wrote as a whole (a batch's village)
        if (!opts.topLevelOnly && [...manifest].some((m) => m.startsWith(rel + '/'))) {
          await compare(join(dir, e.name), rel + '/');
          continue;
        }
        foreign.push(rel + '/');
      } else if (!manifest.has(rel) && !(opts.topLevelOnly && prefix === '' && [...manifest].some((m) => m.endsWith('/') && isOwnTemporary(m.slice(0, -1), e.name)))) {
        foreign.push(rel);
      }
    }
  };
  await compare(target, '');
  if (foreign.length > 0) {
    const list = foreign.slice(0, 5).join(', ') + (foreign.length > 5 ? ` … (${foreign.length})` : '');
    throw outErr(shown, `文件夹里有不是本工具写的文件 ${list}: 请把它们移走, 或用 --out 指定另一个文件夹`, `holds files this tool did not write (${list}); move them away or choose another --out`);
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
export async function writeOutputDir(outDir: string, written: readonly WritableFile[], opts: { onSwapped?: () => void } = {}): Promise<void> {
  if (outDir.trim() === '') await checkOutputTarget(outDir);
  const files: WritableFile[] = [...written, { name: MANIFEST_NAME, data: manifestText(written.map((f) => f.name)), mode: 0o644 }];
  const target = resolve(outDir);
  const base = basename(target);
  if (base === '' || target === dirname(target)) throw new OutputError(outDir, `${outDir}: cannot use a root directory as the output directory`);
  const parent = dirname(target);
  const tag = `${process.pid}-${randomBytes(6).toString('hex')}`;
  const tmp = join(parent, `.${base}.tmp-${tag}`);

  try {
    await mkdir(parent, { recursive: true, mode: 0o700 });
  } catch (e) {
    throw new OutputError(parent, `${parent}: cannot create the directory (${why(e)})`, { cause: e });
  }
  const targetExists = await exists(target).catch((e: unknown) => {
    throw new OutputError(outDir, `${outDir}: cannot be read (${why(e)})`, { cause: e });
  });
  if (targetExists) {
    await checkOutputTarget(outDir).catch((e: unknown) => {
      throw e instanceof OutputError ? e : new OutputError(outDir, `${outDir}: cannot be read (${why(e)})`, { cause: e });
    });
  }

  // Registered before the folder exists: a signal between mkdir and chmod must not leave it behind.
  // Synchronous: an mkdir still queued in libuv's thread pool when the signal handler has run
  // would create the folder after its removal.
  const forgetTmp = removeOnAbort(tmp);
  try {
    mkdirSync(tmp, { mode: 0o700 });
    chmodSync(tmp, 0o700);
  } catch (e) {
    forgetTmp();
    throw new OutputError(tmp, `${tmp}: cannot create a temporary directory next to ${outDir} (${why(e)})`, { cause: e });
  }
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
  // Only the exact names this tool makes: `.<base>.tmp-<pid>-<hex12>`, `.<base>.old-<pid>-<hex12>` and
  // `.<base>.lock.<pid>-<hex8>` (a lock killed before it was linked into place); never the lock itself.
  const ours = (n: string) => isOwnTemporary(base, n) && n !== `.${base}.lock`;
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
  files: readonly WritableFile[],
  forgetTmp: () => void,
  onSwapped: (() => void) | undefined,
): Promise<void> {
  // Write everything into the temporary directory.
  let current = tmp;
  const writer = new PieceWriter();
  // Open files the writer may still be writing (a sheet's last pieces while the next one is rendered):
  // synced and closed once every piece is written, every few files and at the end.
  const pending: { fh: FileHandle; path: string }[] = [];
  const settle = async (): Promise<void> => {
    writer.finish();
    while (pending.length > 0) {
      const { fh, path } = pending[0];
      current = path;
      try {
        await fh.sync();
      } finally {
        pending.shift();
        await fh.close();
      }
    }
  };
  const closeAll = async (): Promise<void> => {
    try {
      writer.finish(); // nothing may still write into a file once it is closed
    } catch {
      /* the first error is the one reported */
    }
    for (const { fh } of pending.splice(0)) await fh.close().catch(() => undefined);
  };
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
          await mkdir(dir, { mode: 0o700 });
          await chmod(dir, 0o700);
          dirs.add(dir);
        }
      }
      const fh = await open(join(tmp, ...parts), 'wx', file.mode ?? 0o644);
      pending.push({ fh, path: current });
      await fh.chmod(file.mode ?? 0o644); // whatever the umask
      if ('render' in file) renderInto(fh.fd, file, writer);
      else writeThrough(fh.fd, file.data, writer);
      if (pending.length >= MAX_PENDING_FILES) await settle();
    }
    await settle();
    writer.close();
    current = tmp;
    // Deepest first, so that every directory entry is durable before its parent's.
    for (const d of [...dirs].sort((a, b) => b.length - a.length)) await syncDir(d);
  } catch (e) {
    // A write of an earlier file's last pieces may fail while a later one is written: name that file.
    const fd = (e as { fd?: unknown } | null)?.fd ?? writer.failedFd;
    const failed = pending.find((p) => p.fh.fd === fd);
    if (failed) current = failed.path;
    await closeAll();
    writer.close();
    await rm(tmp, { recursive: true, force: true }).catch(() => undefined);
    if (e instanceof RenderFailure) throw e.cause;
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
