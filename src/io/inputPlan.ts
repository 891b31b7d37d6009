/**
 * Which file — or which sheet of the one workbook — each input table is read from (SPEC §2, §10),
 * decided from the run folder's listing before anything is read:
 *
 * - A table is named by its English name or one of its Chinese names (FILE_SPECS `names`), as
 *   `.csv` or `.xlsx`: households.csv, 成员名册.csv, 农户名册.xlsx …
 * - 录入表.xlsx (or inputs.xlsx) holds tables as sheets named the same way (成员名册, 务工, labor …);
 *   its 说明 sheet and its empty sheets are ignored; any other sheet is W_UNKNOWN_FILE. A blank sheet
 *   of an optional table is as if absent (and readRunDir sets aside one with a header and no row).
 * - Two sources for one table (households.csv and 成员名册.csv; 务工.csv and 用工.xlsx; 务工.csv and
 *   the sheet 务工) is E_AMBIGUOUS_INPUT (readRunDir reports it and reads neither).
 * - Any other `.csv`, `.xlsx`, `.xls`, `.et` or `.yaml` file is W_UNKNOWN_FILE, with the table it
 *   looks meant for (扣减记录.csv, Labor.csv, rules.yml).
 */
import { suggest } from '../util/suggest.js';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Problems } from '../problems.js';
import { englishName, FILE_SPECS, NOTES_SHEET, nameKey, specByName, specLookingLike, WORKBOOK_FILES, type FileKind, type FileSpec } from './columns.js';
import { q } from './fileContext.js';
import { checkInput, type InputPolicy } from './openRegular.js';
import { emptySheets, inspectWorkbook, type SheetInfo, type WorkbookInfo } from './workbookSheets.js';

/** A table's own file. */
export interface FileSource {
  type: 'file';
  /** Its name in the run folder: the `file` of summary.json's inputs (`务工.csv`). */
  name: string;
  /** The run folder joined with the name. */
  path: string;
  xlsx: boolean;
}

/** A sheet of the one workbook. */
export interface SheetSource {
  type: 'sheet';
  /** `录入表.xlsx[务工]`: how problems and summary.json name it. */
  name: string;
  /** The run folder joined with `name`: the `file` of its problems. */
  path: string;
  book: WorkbookInfo;
  sheet: SheetInfo;
}

export type TableSource = FileSource | SheetSource;

export interface InputPlan {
  /** Every source found per table, files first (in the order of the table's names, .csv before .xlsx), then sheets. */
  tables: Map<FileKind, TableSource[]>;
  /** A workbook that could not be opened (reported): tables it may hold are not reported missing. */
  workbookUnreadable: boolean;
  /** Optional tables' sheets left unfilled (blank here; header only, readRunDir): as if absent, but named when a rule needs them. */
  unfilled: Map<FileKind, SheetSource>;
}

/** Spreadsheets and YAML files that are read as something, or are the tool's own. */
const NOTED_FILE = /\.(csv|xlsx|xls|et|yaml|yml)$/i;
/** YAML files the tool reads (pool.yaml: batch's, in ROOT). */
const KNOWN_YAML = new Set(['rules.yaml', 'pool.yaml']);

/** The order of a table's file names: English first, then its Chinese names; .csv before .xlsx. */
function fileOrder(spec: FileSpec, stem: string, xlsx: boolean): number {
  const k = nameKey(stem);
  const i = k === englishName(spec) ? 0 : 1 + spec.names.indexOf(k);
  return i * 2 + (xlsx ? 1 : 0);
}

export async function planInputs(dir: string, policy: InputPolicy, problems: Problems): Promise<InputPlan> {
  const plan: InputPlan = { tables: new Map(), workbookUnreadable: false, unfilled: new Map() };
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return plan; // the folder itself is reported elsewhere; every required table is missing
  }
  const files: { spec: FileSpec; order: number; source: FileSource }[] = [];
  const books: string[] = [];
  for (const name of names) {
    if (name.startsWith('.') || name.startsWith('~$')) continue; // hidden files, Excel's lock files
    if (WORKBOOK_FILES.includes(nameKey(name))) {
      books.push(name);
      continue;
    }
    const m = /^(.*)\.(csv|xlsx)$/.exec(name);
    const spec = m ? specByName(m[1]) : undefined;
    if (m && spec) {
      const xlsx = m[2] === 'xlsx';
      files.push({ spec, order: fileOrder(spec, m[1], xlsx), source: { type: 'file', name, path: join(dir, name), xlsx } });
      continue;
    }
    if (NOTED_FILE.test(name) && !KNOWN_YAML.has(name)) unknownFile(dir, name, problems);
  }
  files.sort((a, b) => a.order - b.order);
  for (const f of files) add(plan, f.spec, f.source);
  for (const name of books) await planWorkbook(dir, name, policy, plan, problems);
  return plan;
}

function add(plan: InputPlan, spec: FileSpec, source: TableSource): void {
  const list = plan.tables.get(spec.kind);
  if (list) list.push(source);
  else plan.tables.set(spec.kind, [source]);
}

/** Every table name a sheet may have, for messages: `成员名册 (households), 收支 (revenue), …`. */
function sheetNames(): string {
  return FILE_SPECS.map((s) => `${s.names[0]} (${englishName(s)})`).join(', ');
}

function unknownFile(dir: string, name: string, problems: Problems): void {
  const dot = name.lastIndexOf('.');
  const stem = name.slice(0, dot);
  const ext = name.slice(dot).toLowerCase();
  let message: string;
  if (ext === '.yaml' || ext === '.yml') {
    message = /^rules?$/i.test(nameKey(stem))
      ? `文件名不是本工具的输入, 未读取: 分配方案请命名为 rules.yaml (not an input file name, not read; the rules file is rules.yaml)`
      : `不是本工具读取的文件, 未读取; 分配方案是 rules.yaml (not an input file, not read; the rules are read from rules.yaml)`;
  } else if (WORKBOOK_FILES.some((w) => w.replace(/\.xlsx$/, '') === nameKey(stem))) {
    message = `录入表须为 Excel 工作簿 (.xlsx): 请在 Excel 或 WPS 中“另存为” ${nameKey(stem)}.xlsx (the one workbook must be an .xlsx file)`;
  } else {
    const spec = specLookingLike(stem);
    const wrongForm = ext === '.xls' || ext === '.et';
    if (spec && wrongForm) {
      message = `${ext} 格式不能读取: 请在 Excel 或 WPS 中“另存为” Excel 工作簿 ${nameKey(stem)}.xlsx 或 CSV (an old ${ext} file is not read: save it as .xlsx or .csv)`;
    } else if (spec) {
      const to = spec.names.includes(nameKey(stem)) ? `${nameKey(stem)}.csv 或 ${nameKey(stem)}.xlsx` : `${spec.file}（或 ${spec.names.map((n) => `${n}.csv`).join('、')}）`;
      message = `文件名不是本工具的输入, 未读取: 如果这是要计算的数据, 请改名为 ${to} (not an input file name, not read; if it holds the ${spec.kind} table, rename it to ${spec.file})`;
    } else if (ext === '.xlsx' && suggest(nameKey(stem), WORKBOOK_FILES.map((w) => w.replace(/\.xlsx$/, ''))) !== null) {
      const to = suggest(nameKey(stem), WORKBOOK_FILES.map((w) => w.replace(/\.xlsx$/, '')))!;
      message = `文件名不是本工具的输入, 未读取: 如果这是录入表, 请改名为 ${to}.xlsx (not an input file name, not read; if it is the one workbook, rename it to ${to}.xlsx)`;
    } else {
      message = `不是本工具读取的文件名, 未读取; 输入文件为 ${FILE_SPECS.map((s) => s.file).join(', ')}, 或用中文表名 (${FILE_SPECS.map((s) => s.names[0]).join(', ')}), 或一个 录入表.xlsx (not an input file name, not read)`;
    }
  }
  problems.warn(join(dir, name), 0, 0, 'W_UNKNOWN_FILE', message);
}

/** The workbook's table sheets become sources; other sheets are noted. */
async function planWorkbook(dir: string, name: string, policy: InputPolicy, plan: InputPlan, problems: Problems): Promise<void> {
  const path = join(dir, name);
  const c = checkInput(path, name, policy);
  if (c === 'absent') return; // gone since the listing
  if (c !== 'file') {
    problems.error(path, 0, 0, c.code, c.message);
    plan.workbookUnreadable = true;
    return;
  }
  const book = await inspectWorkbook(path, name, problems);
  if (book === null) {
    plan.workbookUnreadable = true;
    return;
  }
  let tables = 0;
  const others: SheetInfo[] = [];
  const optional: SheetInfo[] = [];
  for (const sheet of book.sheets) {
    const spec = specByName(sheet.name, true);
    if (spec) {
      tables++;
      if (!spec.required && sheet.part !== null) optional.push(sheet);
    } else if (nameKey(sheet.name) !== NOTES_SHEET && sheet.part !== null) others.push(sheet);
  }
  const empty = await emptySheets(path, [...optional, ...others].map((s) => s.part!));
  for (const sheet of book.sheets) {
    const spec = specByName(sheet.name, true);
    if (!spec) continue;
    const source: SheetSource = { type: 'sheet', name: `${name}[${sheet.name}]`, path: `${path}[${sheet.name}]`, book, sheet };
    // A blank sheet of an optional table is as if absent (readRunDir also sets aside one with a header only).
    if (sheet.part !== null && !spec.required && empty.has(sheet.part)) plan.unfilled.set(spec.kind, source);
    else add(plan, spec, source);
  }
  for (const sheet of others) {
    if (empty.has(sheet.part!)) continue;
    const like = specLookingLike(sheet.name);
    const hint = like
      ? `如果这是 ${like.names[0]} (${like.kind}) 表, 请把工作表改名为 ${like.names[0]} (if it holds the ${like.kind} table, rename the sheet ${like.names[0]})`
      : `工作表名应为 ${sheetNames()}; ${NOTES_SHEET} 页不读取 (sheets are named by their table)`;
    problems.warn(
      `${path}[${sheet.name}]`,
      0,
      0,
      'W_UNKNOWN_FILE',
      `工作表 ${q(sheet.name)} 不是本工具读取的表名, 未读取: ${hint}`,
    );
  }
  if (tables === 0) {
    problems.warn(
      path,
      0,
      0,
      'W_UNKNOWN_FILE',
      `工作簿中没有以表名命名的工作表, 未读取任何表: 工作表名应为 ${sheetNames()} (no sheet of the workbook is named by a table; nothing read from it)`,
    );
  }
}
