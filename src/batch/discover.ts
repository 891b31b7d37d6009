import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { englishName, FILE_SPECS, TABLE_EXTENSIONS, WORKBOOK_FILES, type FileKind } from '../io/columns.js';
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
  /** Warnings about folders left out (a symlink leading outside ROOT, a folder that looks like a village but is not). */
  notes: Problem[];
}


/** Plain code-point order (UTF-8 byte order is code-point order): the same on every machine and locale. */
export function compareNames(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

async function isFile(p: string): Promise<boolean> {
  return (await stat(p).catch(() => null))?.isFile() ?? false;
}

/** A table's file names (SPEC §10: its English and Chinese names, .csv or .xlsx). */
function tableFiles(kind: FileKind): string[] {
  const spec = FILE_SPECS.find((s) => s.kind === kind)!;
  return [englishName(spec), ...spec.names].flatMap((n) => TABLE_EXTENSIONS.map((e) => n + e));
}

/** What makes a folder a village: its households table, or the one workbook (which should hold it). */
const HOUSEHOLDS_FILES = [...tableFiles('households'), ...WORKBOOK_FILES];
const REVENUE_FILES = tableFiles('revenue');

async function anyFile(dir: string, names: readonly string[]): Promise<boolean> {
  for (const n of names) if (await isFile(path.join(dir, n))) return true;
  return false;
}

/** `inner` is `outer` or lies below it (both real paths). */
export function isInside(outer: string, inner: string): boolean {
  const rel = path.relative(outer, inner);
  return rel === '' || (!rel.startsWith('..' + path.sep) && rel !== '..' && !path.isAbsolute(rel));
}

/**
 * SPEC §7: every direct subfolder of ROOT holding a households.csv (or .xlsx, or 成员名册.csv …, or a
 * 录入表.xlsx: SPEC §10) is a village, in
 * code-point order of the folder names. Hidden folders (`.…`) and the output folder are skipped.
 * A symlink is followed only when it leads to a folder inside ROOT; one leading outside is reported.
 */
export async function discoverVillages(root: string, outDir: string): Promise<Discovery> {
  const realRoot = await realpath(root);
  const realOut = await realpath(outDir).catch(() => path.resolve(outDir));
  const entries = await readdir(root, { withFileTypes: true });
  const villages: Village[] = [];
  const notes: Problem[] = [];
  const note = (dir: string, code: ProblemCode, message: string) => notes.push({ file: dir, line: 0, column: 0, code, message });

  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const dir = path.join(root, e.name);
    let real: string;
    if (e.isSymbolicLink()) {
      const target = await realpath(dir).catch(() => null);
      if (target === null) continue; // dangling
      if (!(await stat(target).catch(() => null))?.isDirectory()) continue;
      if (!isInside(realRoot, target) || target === realRoot) {
        note(dir, 'W_SYMLINK_OUTSIDE', `符号链接指向 ROOT 之外 (${target}), 不处理 (a symbolic link leading outside ROOT is not followed)`);
        continue;
      }
      real = target;
    } else if (e.isDirectory()) {
      real = path.join(realRoot, e.name);
    } else {
      continue;
    }
    if (real === realOut) continue;
    if (!(await anyFile(dir, HOUSEHOLDS_FILES))) {
      if ((await anyFile(dir, REVENUE_FILES)) || (await isFile(path.join(dir, 'rules.yaml')))) {
        note(dir, 'W_NOT_A_VILLAGE', '没有 households.csv (成员名册.csv) 或 录入表.xlsx, 不作为村处理 (no households.csv, 成员名册.csv or 录入表.xlsx: not a village, skipped)');
      }
      continue;
    }
    if (BATCH_OUTPUT_NAMES.includes(e.name)) {
      note(dir, 'W_NOT_A_VILLAGE', `文件夹名与批处理输出文件同名, 不处理 (the folder name is one of the batch's own output files: ${BATCH_OUTPUT_NAMES.join(', ')})`);
      continue;
    }
    villages.push({ folder: e.name, dir });
  }
  villages.sort((a, b) => compareNames(a.folder, b.folder));
  notes.sort((a, b) => compareNames(a.file, b.file));
  return { villages, notes };
}
