/**
 * Only regular files are read (issue 12: never hang, never drop data silently).
 *
 * checkInput: before a read, what stands where an input should be. A FIFO, device, socket or folder
 * is refused (E_BAD_INPUT_FILE), and so is a dangling symbolic link (never taken as "absent": an
 * optional deductions.csv or pool.yaml that silently vanished would change the money). A symbolic
 * link whose target lies outside the run folder (batch: ROOT) is refused unless --follow-symlinks,
 * so that e.g. rules.yaml -> /etc/shadow is never read nor quoted.
 *
 * openRegular / readRegular: every read goes through an fd opened O_RDONLY | O_NONBLOCK (a FIFO
 * never blocks the open) and fstat'ed: a file swapped for a FIFO or device after the check is still
 * refused, and the bytes come from the very file that was checked.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readFileSync, realpathSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { errorText } from './fileState.js';

/** Where an input's symbolic links may point. */
export interface InputPolicy {
  /** Links must resolve inside this folder (the run folder; batch: ROOT). Default: the file's folder. */
  root?: string;
  /** `--follow-symlinks`: links may point anywhere (the target must still be a regular file). */
  followSymlinks?: boolean;
}

export interface InputRefusal {
  code: 'E_BAD_INPUT_FILE' | 'E_MISSING_FILE';
  message: string;
}

/** What a non-regular file is, Chinese then English; null for a regular file. */
export function kindOf(st: Stats): { zh: string; en: string } | null {
  if (st.isFile()) return null;
  if (st.isFIFO()) return { zh: '命名管道 FIFO', en: 'a FIFO' };
  if (st.isCharacterDevice()) return { zh: '字符设备', en: 'a character device' };
  if (st.isBlockDevice()) return { zh: '块设备', en: 'a block device' };
  if (st.isSocket()) return { zh: '套接字 socket', en: 'a socket' };
  if (st.isDirectory()) return { zh: '文件夹', en: 'a folder' };
  return { zh: '特殊文件', en: 'a special file' };
}

function notRegularMessage(name: string, k: { zh: string; en: string }): string {
  return `${name} 不是普通文件（是${k.zh}），请换成普通文件 (not a regular file: ${k.en})`;
}

/** A read refused because the open fd is not a regular file. */
export class NotRegularFileError extends Error {
  constructor(readonly file: string, readonly kind: { zh: string; en: string }) {
    super(notRegularMessage(path.basename(file), kind));
    this.name = 'NotRegularFileError';
  }
}

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * 'absent' (nothing there, not even a link), 'file' (a regular file, or an allowed link to one), or
 * why it must not be read. Synchronous: lstat/stat/realpath never block on a FIFO.
 */
export function checkInput(file: string, name: string, policy: InputPolicy = {}): 'absent' | 'file' | InputRefusal {
  let st: Stats;
  try {
    st = lstatSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'absent';
    return { code: 'E_MISSING_FILE', message: `无法读取 ${name}：${errorText(e)} (cannot read file)` };
  }
  if (st.isSymbolicLink()) {
    try {
      st = statSync(file);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP') {
        return {
          code: 'E_BAD_INPUT_FILE',
          message: `${name} 是失效的符号链接（指向的文件不存在），请修复链接或换成普通文件；不会当作没有此文件 (dangling symbolic link: not taken as an absent file)`,
        };
      }
      return { code: 'E_MISSING_FILE', message: `无法读取 ${name}：${errorText(e)} (cannot read file)` };
    }
    if (!policy.followSymlinks) {
      let inside = false;
      try {
        inside = isInside(realpathSync(file), realpathSync(policy.root ?? path.dirname(file)));
      } catch {
        inside = false;
      }
      if (!inside) {
        return {
          code: 'E_BAD_INPUT_FILE',
          message: `${name} 是指向${policy.root ? '所在目录' : '运行目录'}之外的符号链接，已拒绝读取：请换成普通文件，或确认无误后加 --follow-symlinks (symbolic link pointing outside the folder; pass --follow-symlinks to allow)`,
        };
      }
    }
  }
  const k = kindOf(st);
  if (k) return { code: 'E_BAD_INPUT_FILE', message: notRegularMessage(name, k) };
  return 'file';
}

/**
 * An fd on `file`, opened without blocking and checked to be a regular file (NotRegularFileError
 * otherwise; the fd is then closed). The caller closes it (or hands it to a stream with autoClose).
 */
export function openRegular(file: string): { fd: number; size: number } {
  const fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const st = fstatSync(fd);
    const k = kindOf(st);
    if (k) throw new NotRegularFileError(file, k);
    return { fd, size: st.size };
  } catch (e) {
    closeSync(fd);
    throw e;
  }
}

/** The whole of a regular file, read from the checked fd. */
export function readRegular(file: string): Buffer {
  const { fd } = openRegular(file);
  try {
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}
