import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { nameKey, specByName, WORKBOOK_FILES } from '../io/columns.js';
import type { Problem, ProblemCode } from '../problems.js';
import { BATCH_OUTPUT_NAMES } from './outputNames.js';

export interface Village {
  /** Folder name under ROOT. */
  folder: string;
  /** ROOT joined with the folder, as the user gave ROOT. */
  dir: string;
}

export interface Discovery {
  villages: Village[];
  /**
   * Warnings about folders left out: a symlink leading outside ROOT or to a village already counted,
   * a folder that looks like a village but is not, one that cannot be read, one whose name is not UTF-8.
   */
  notes: Problem[];
}

/** A directory entry as discovery sees it: its name as the bytes on disk. */
export interface DiscoveryEntry {
  name: Buffer;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
}

/**
 * The file system calls discovery makes (paths as strings or as raw bytes). Tests pass one that
 * fails where they want: as root, `chmod 000` does not stop a read.
 */
export interface DiscoveryFs {
  readdir(dir: string | Buffer): Promise<DiscoveryEntry[]>;
  realpath(p: string | Buffer): Promise<string>;
  stat(p: string | Buffer): Promise<{ isDirectory(): boolean }>;
}

export const NODE_FS: DiscoveryFs = {
  readdir: (dir) => readdir(dir, { withFileTypes: true, encoding: 'buffer' }),
  realpath: (p) => realpath(p),
  stat: (p) => stat(p),
};

/** Plain code-point order (UTF-8 byte order is code-point order): the same on every machine and locale. */
export function compareNames(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** `inner` is `outer` or lies below it (both real paths). */
export function isInside(outer: string, inner: string): boolean {
  const rel = path.relative(outer, inner);
  return rel === '' || (!rel.startsWith('..' + path.sep) && rel !== '..' && !path.isAbsolute(rel));
}

/** The name if its bytes are UTF-8 (and so survive the strings the rest of the tool uses), else null. */
export function utf8Name(bytes: Buffer): string | null {
  const s = bytes.toString('utf8');
  return Buffer.from(s, 'utf8').equals(bytes) ? s : null;
}

/**
 * A name that is not UTF-8, for messages: printable ASCII as it is, every other byte as `\xNN`
 * (`ls -b` style). All of them, not only the invalid ones: GBK bytes often contain pieces that
 * happen to be valid UTF-8 (大坪 is B4 F3 C6 BA, and C6 BA is "ƺ"), which would only mislead.
 */
export function escapedName(bytes: Buffer): string {
  let out = '';
  for (const b of bytes) out += b >= 0x20 && b < 0x7f && b !== 0x5c ? String.fromCharCode(b) : '\\x' + b.toString(16).toUpperCase().padStart(2, '0');
  return out;
}

/** The name read as GB18030 (Windows' Chinese code page: GBK names unpacked from a zip), or null. */
export function gb18030Name(bytes: Buffer): string | null {
  try {
    return new TextDecoder('gb18030', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Why a folder could not be looked at, for the user, or null when the error only means "not there"
 * (gone between the listing and the look: nothing to report).
 */
export function unreadableReason(e: unknown): { zh: string; en: string } | null {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return null;
  if (code === 'EACCES' || code === 'EPERM') return { zh: '没有读取权限', en: 'permission denied' };
  if (code === 'ELOOP') return { zh: '符号链接循环', en: 'a loop of symbolic links' };
  if (code === 'EIO') return { zh: '磁盘读写错误', en: 'input/output error' };
  const what = e instanceof Error ? e.message : String(e);
  return { zh: `读取出错 ${code ?? ''}`.trim(), en: what };
}

/** What a file name in a folder makes of it (SPEC §7, §10, matched as the run matches it: src/io/inputPlan.ts). */
function fileRole(name: string): 'households' | 'village-file' | null {
  if (name.startsWith('.') || name.startsWith('~$')) return null;
  if (WORKBOOK_FILES.includes(nameKey(name))) return 'households';
  if (name === 'rules.yaml') return 'village-file';
  const m = /^(.*)\.(csv|xlsx)$/.exec(name);
  const kind = m ? specByName(m[1])?.kind : undefined;
  return kind === 'households' ? 'households' : kind === 'revenue' ? 'village-file' : null;
}

type Listing =
  | { kind: 'village' }
  | { kind: 'looks-like-village' }
  /** Not a village, but a file whose name is not UTF-8 would make it one: that name, escaped and as GB18030. */
  | { kind: 'undecodable-file'; escaped: string; gb: string }
  | { kind: 'other' };

function classifyListing(names: Buffer[]): Listing {
  let looks = false;
  let undecodable: Listing | null = null;
  for (const bytes of names) {
    const name = utf8Name(bytes);
    if (name !== null) {
      const role = fileRole(name);
      if (role === 'households') return { kind: 'village' };
      if (role === 'village-file') looks = true;
      continue;
    }
    const gb = gb18030Name(bytes);
    if (gb !== null && fileRole(gb) !== null) undecodable ??= { kind: 'undecodable-file', escaped: escapedName(bytes), gb };
  }
  return undecodable ?? (looks ? { kind: 'looks-like-village' } : { kind: 'other' });
}

/** A name with a file extension (`pool.yaml`, `说明.docx`): a dangling link so named is not taken for a lost village folder. */
const FILE_LIKE = /\.[A-Za-z][A-Za-z0-9]{0,4}$/;

/** How to rename every GBK name under ROOT at once (convmv leaves names that are UTF-8 already as they are). */
const convmv = (root: string) => `convmv -r -f gbk -t utf8 --notest ${JSON.stringify(root)}`;

/**
 * SPEC §7: every direct subfolder of ROOT holding a households.csv (or .xlsx, or 成员名册.csv …, or a
 * 录入表.xlsx: SPEC §10, file names matched as a run matches them) is a village, in code-point order
 * of the folder names. Hidden folders (`.…`) and the output folder are skipped. A symlink is
 * followed only when it leads to a folder inside ROOT; one leading outside, or nowhere, is reported.
 *
 * Each real folder is a village once: when several entries of ROOT lead to it, the real folder is
 * kept (or, when only links lead to it, the first link in code-point order) and every other one is
 * reported (W_DUPLICATE_VILLAGE) — a link beside its target would count the village twice in the
 * township's totals.
 *
 * Nothing is left out without a word: a folder that cannot be listed, or a link that cannot be
 * resolved, for any reason but "gone" is W_UNREADABLE_FOLDER.
 *
 * Names are read as bytes. A folder whose name is not UTF-8 (a zip made on Windows, unpacked on
 * Linux: GBK names) is reported (W_NOT_UTF8_NAME, with the name read as GB18030) and NOT processed:
 * the rest of the tool — the worker messages, OUT/<village>/, batch.json, township-summary.csv,
 * pool.yaml's keys — names a village by a string, and no string leads back to those bytes; guessing
 * the encoding would write the village under a name it does not have. Renaming the folder is the fix.
 * The same note is made for a folder that would be a village but for a file name that is not UTF-8.
 */
export async function discoverVillages(root: string, outDir: string, fs: DiscoveryFs = NODE_FS): Promise<Discovery> {
  const realRoot = await fs.realpath(root);
  const realOut = await fs.realpath(outDir).catch(() => path.resolve(outDir));
  const entries = await fs.readdir(root);
  const found: (Village & { real: string; link: boolean })[] = [];
  const notes: Problem[] = [];
  const note = (dir: string, code: ProblemCode, message: string) => notes.push({ file: dir, line: 0, column: 0, code, message });
  const unreadable = (dir: string, e: unknown, what: { zh: string; en: string }): void => {
    const r = unreadableReason(e);
    if (r === null) return;
    note(
      dir,
      'W_UNREADABLE_FOLDER',
      `${what.zh}无法读取: ${r.zh}, 不处理; 请检查文件夹权限, 例如 chmod -R u+rX, 或以文件夹的所有者运行 ` +
        `(cannot read the ${what.en}: ${r.en}; not processed: check its permissions, e.g. chmod -R u+rX, or run as its owner)`,
    );
  };

  for (const e of entries) {
    if (e.name[0] === 0x2e) continue; // hidden: `.…`
    const name = utf8Name(e.name);
    if (name === null) {
      // Not processed (see above); reported when it is a folder.
      const raw = Buffer.concat([Buffer.from(path.join(root, path.sep)), e.name]);
      const shown = path.join(root, escapedName(e.name));
      const isDir = e.isDirectory() || (e.isSymbolicLink() && ((await fs.stat(raw).catch(() => null))?.isDirectory() ?? false));
      if (!isDir) continue;
      const gb = gb18030Name(e.name);
      const zh = gb !== null ? `按 GB18030 (GBK) 读作 "${gb}"` : '也不是 GB18030 (GBK)';
      const en = gb !== null ? `read as GB18030 (GBK) it is "${gb}"` : 'nor GB18030 (GBK)';
      note(
        shown,
        'W_NOT_UTF8_NAME',
        `文件夹名不是 UTF-8 编码, ${zh}, 不处理; 请把名字改为 UTF-8, 例如 ${convmv(root)} ` +
          `(the folder name is not UTF-8, ${en}: not processed; rename it, e.g. with ${convmv(root)})`,
      );
      continue;
    }
    const dir = path.join(root, name);
    let real: string;
    if (e.isSymbolicLink()) {
      let target: string;
      try {
        target = await fs.realpath(dir);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException | null)?.code;
        if (code === 'ENOENT' || code === 'ENOTDIR') {
          // A link named like a file (pool.yaml, 说明.docx) is no village folder: ROOT's own inputs are reported where they are read.
          if (FILE_LIKE.test(name)) continue;
          note(dir, 'W_UNREADABLE_FOLDER', '符号链接指向的位置不存在, 不处理; 若这是村文件夹, 请修正链接 (a symbolic link leading nowhere: not followed; if it is a village folder, fix the link)');
        } else unreadable(dir, err, { zh: '符号链接', en: 'symbolic link' });
        continue;
      }
      let isDir: boolean;
      try {
        isDir = (await fs.stat(target)).isDirectory();
      } catch (err) {
        unreadable(dir, err, { zh: '符号链接指向的文件夹', en: 'folder the symbolic link leads to' });
        continue;
      }
      if (!isDir) continue;
      if (!isInside(realRoot, target) || target === realRoot) {
        note(dir, 'W_SYMLINK_OUTSIDE', `符号链接指向 ROOT 之外 (${target}), 不处理 (a symbolic link leading outside ROOT is not followed)`);
        continue;
      }
      real = target;
    } else if (e.isDirectory()) {
      real = path.join(realRoot, name);
    } else {
      continue;
    }
    if (real === realOut) continue;
    let listing: Listing;
    try {
      listing = classifyListing((await fs.readdir(dir)).map((x) => x.name));
    } catch (err) {
      unreadable(dir, err, { zh: '文件夹', en: 'folder' });
      continue;
    }
    if (listing.kind === 'undecodable-file') {
      note(
        path.join(dir, listing.escaped),
        'W_NOT_UTF8_NAME',
        `文件名不是 UTF-8 编码, 按 GB18030 (GBK) 读作 "${listing.gb}", 这个文件夹不作为村处理; 请把名字改为 UTF-8, 例如 ${convmv(root)} ` +
          `(the file name is not UTF-8, read as GB18030 it is "${listing.gb}": the folder is not processed as a village; rename it, e.g. with ${convmv(root)})`,
      );
      continue;
    }
    if (listing.kind !== 'village') {
      if (listing.kind === 'looks-like-village') {
        note(dir, 'W_NOT_A_VILLAGE', '没有 households.csv (成员名册.csv) 或 录入表.xlsx, 不作为村处理 (no households.csv, 成员名册.csv or 录入表.xlsx: not a village, skipped)');
      }
      continue;
    }
    if (BATCH_OUTPUT_NAMES.includes(name)) {
      note(dir, 'W_NOT_A_VILLAGE', `文件夹名与批处理输出文件同名, 不处理 (the folder name is one of the batch's own output files: ${BATCH_OUTPUT_NAMES.join(', ')})`);
      continue;
    }
    found.push({ folder: name, dir, real, link: e.isSymbolicLink() });
  }

  // One village per real folder: the real entry, else the first link in code-point order.
  found.sort((a, b) => Number(a.link) - Number(b.link) || compareNames(a.folder, b.folder));
  const kept = new Map<string, Village>();
  for (const v of found) {
    const first = kept.get(v.real);
    if (first === undefined) {
      kept.set(v.real, { folder: v.folder, dir: v.dir });
      continue;
    }
    note(
      v.dir,
      'W_DUPLICATE_VILLAGE',
      `符号链接与村 "${first.folder}" 指向同一个文件夹, 只按 "${first.folder}" 计算一次, 不重复计入乡镇合计 (a symbolic link to the same folder as the village "${first.folder}": counted once, as "${first.folder}")`,
    );
  }
  const villages = [...kept.values()].sort((a, b) => compareNames(a.folder, b.folder));
  notes.sort((a, b) => compareNames(a.file, b.file));
  return { villages, notes };
}
