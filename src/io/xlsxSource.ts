/**
 * Long because the zip check, shared strings, cell typing and the row feed run as one streaming pass over one workbook; the parts only make sense together.
 *
 * NAME.xlsx instead of NAME.csv (SPEC §2): the first worksheet — or, in the one workbook 录入表.xlsx
 * (SPEC §10), the sheet named by the table (inputPlan.ts finds it) — fed row by row as text fields into
 * the same TableReader and table folds (tables/) as a CSV file, so every header, number, date and ID rule is
 * the CSV one. Only what a CSV cannot have is decided here, cell by cell:
 *
 * - LINE is the Excel row number, COLUMN the Excel column (A = 1), printed as its letter
 *   (`households.xlsx:14:C: …`, Problem.columnLabel); a record is always the header's width, so the
 *   field index is the column. Cells right of the header are ignored (W_UNKNOWN_COLUMN once per column).
 * - Number cells become `String(n)`, the shortest text that reads back as the same double: 2.5 → "2.5",
 *   1e-7 → "1e-7" (then E_BAD_NUMBER like any exponent), 0.30000000000000004 → too many decimals.
 * - Number cells in id_number / bank_account (and household_id) are E_EXCEL_MANGLED when ≥ 1e15
 *   (16+ digits: Excel keeps 15 significant digits, so an 18-digit ID or 19-digit account number cell
 *   has already lost its last digits) or not whole; a whole number below 1e15 is taken as its digits.
 * - Date cells (exceljs: UTC Date) → YYYY-MM-DD; a plain number in a `date` or `birth_date` column is read as an Excel
 *   date serial (1900 or 1904 system), so a date keeps working whatever the zip order of styles.xml.
 * - Formulas give their cached result; none cached → E_BAD_VALUE (open and save once in Excel).
 *   Excel error values (#N/A, #DIV/0! …) → E_BAD_VALUE. Rich text → its plain text. TRUE/FALSE as text.
 *   A cell reported here gets no second problem from the row handlers (same line and column).
 * - A sheet of the one workbook is placed as `录入表.xlsx[务工]:14:C` (its name is the input's name).
 * - Not a zip, truncated or corrupt: E_BAD_ENCODING at 0:0 (checked before streaming, see xlsxZip.ts);
 *   a part whose XML is truncated or malformed inside a whole zip too (damagedText: open and save it
 *   again), after whatever rows came before it — never a short read.
 * - Over a reading limit (xlsxLimits.ts: a deflate or shared-strings bomb, XML nested too deep):
 *   E_TOO_LARGE at 0:0, found while inflating, in bounded time and memory.
 *
 * Streaming (exceljs WorkbookReader): memory grows with the shared strings, not with the rows.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { errorText, fileState } from './fileState.js';
import type ExcelJS from 'exceljs';
import { InternalError, Problems, type ErrorCode, type WarningCode } from '../problems.js';
import { headerLookup, normalizeHeader, type FileSpec } from './columns.js';
import { isBlankRecord } from './csvTokenizer.js';
import { FileContext, q } from './fileContext.js';
import type { DatasetBuilder } from './datasetBuilder.js';
import { MAX_COLUMNS, TableReader } from './tableReader.js';
import { checkZip, ZipEntries } from './xlsxZip.js';
import { damagedText, SharedStringBudget, XlsxDamaged, XlsxTooLarge, type PartKind } from './xlsxLimits.js';
import { WORKBOOK_PART, workbookParts } from './workbookSheets.js';
import { columnLetter } from '../util/columnLetter.js';

export interface XlsxTableResult {
  reader: TableReader;
  /** Reading stopped early (corrupt file). */
  aborted: boolean;
}

/** One table given as a workbook: NAME.xlsx (its first sheet), or one sheet of 录入表.xlsx (SPEC §10). */
export interface XlsxInput {
  /** The workbook on disk. */
  path: string;
  /** The input as problems and summary.json's `inputs` name it: `labor.xlsx`, `录入表.xlsx[务工]`. */
  name: string;
  /** The run folder joined with `name`: the `file` of its problems. */
  place: string;
  /**
   * A sheet of the one workbook: which worksheet part (`xl/worksheets/sheet2.xml`) to read, and the
   * workbook's hash (the file was hashed and checked once, by inspectWorkbook). Absent: the first sheet.
   */
  sheet?: { part: string; sha256: string };
}

/**
 * Reads one table from a workbook. Returns null when nothing could be read (reported), else the
 * reader after the whole sheet.
 */
export async function readXlsxTable(input: XlsxInput, spec: FileSpec, b: DatasetBuilder, problems: Problems): Promise<XlsxTableResult | null> {
  const { path, name, place } = input;
  const labelled = new LabelledProblems(problems);
  const ctx = new FileContext(labelled, place, name);
  const reader = new TableReader(ctx, spec, b.factory(spec.kind, ctx));
  reader.maxRows = b.opts.maxRows ?? Infinity;
  let sha256: string;
  let why: string | null = null;
  let code: 'E_BAD_ENCODING' | 'E_TOO_LARGE' = 'E_BAD_ENCODING';
  if (input.sheet) {
    sha256 = input.sheet.sha256;
  } else {
    const state = fileState(path);
    if (state !== 'file') {
      problems.error(place, 0, 0, 'E_MISSING_FILE', `无法读取 ${name}：${state} (cannot read file)`);
      return null;
    }
    let head: Head;
    try {
      head = await hashFile(path);
    } catch (e) {
      problems.error(place, 0, 0, 'E_MISSING_FILE', `无法读取 ${name}：${errorText(e)} (cannot read file)`);
      return null;
    }
    sha256 = head.sha256;
    why = notZip(head.first);
  }
  if (why === null) {
    try {
      const bad = input.sheet ? null : await checkZip(path);
      if (bad !== null) why = corruptZip(bad);
      else why = await new SheetFeeder(path, spec, reader, ctx, labelled, input.sheet?.part ?? null).run();
    } catch (e) {
      if (e instanceof InternalError) throw e;
      if (e instanceof XlsxTooLarge) {
        code = 'E_TOO_LARGE';
        why = e.text();
      } else why = damagedText(e instanceof XlsxDamaged ? e.message : `corrupt .xlsx: ${errorText(e)}`);
    }
  }
  if (why !== null) {
    reader.broken = true;
    ctx.error(0, 0, code, `${name}：${why}`);
  } else reader.end();
  // xlsx text is Unicode (UTF-8 XML) whatever --encoding says.
  b.ds.inputs.push({ file: name, sha256, rows: reader.rows, encoding: 'utf8' });
  return { reader, aborted: why !== null };
}

/** The message for a zip that checkZip refused. */
export function corruptZip(bad: string): string {
  return `文件已损坏或不完整，请在 Excel 中重新保存 (corrupt .xlsx: ${bad})`;
}

/** Passes problems on, adding the column letter, and drops a second problem for a cell already reported. */
class LabelledProblems extends Problems {
  private readonly target: Problems;
  private readonly claimed = new Set<string>();

  constructor(target: Problems) {
    super();
    this.target = target;
  }

  /** Later problems at this cell are dropped. */
  claim(line: number, column: number): void {
    this.claimed.add(`${line}:${column}`);
  }

  override error(file: string, line: number, column: number, code: ErrorCode, message: string): void {
    if (column > 0 && this.claimed.has(`${line}:${column}`)) return;
    this.target.error(file, line, column, code, message);
    label(this.target.errors, column);
  }

  override warn(file: string, line: number, column: number, code: WarningCode, message: string): void {
    this.target.warn(file, line, column, code, message);
    label(this.target.warnings, column);
  }

  override get ok(): boolean {
    return this.target.ok;
  }
}

function label(list: Problems['errors'], column: number): void {
  if (column > 0 && list.length > 0) list[list.length - 1].columnLabel = columnLetter(column);
}

// ——— the sheet ———

/** How a column's cells are turned into text. */
type Kind = 0 | 1 | 2 | 3;
const TEXT: Kind = 0;
/** id_number, bank_account: a number cell must be a whole number below 1e15. */
const DIGITS: Kind = 1;
/** household_id: a number cell must be below 1e15. */
const KEY: Kind = 2;
const DATE: Kind = 3;

const KIND_OF: Record<string, Kind> = { id_number: DIGITS, bank_account: DIGITS, household_id: KEY, date: DATE, birth_date: DATE };

interface Col {
  kind: Kind;
  /** Chinese label for messages. */
  zh: string;
}

const PLAIN: Col = { kind: TEXT, zh: '' };

/**
 * The parts of exceljs's streaming reader used here (not in its typings: exceljs 4.4.0, pinned):
 * its parsers of one part each, given that part's bytes as a stream.
 */
interface BookParts {
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncIterable<unknown>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseWorksheet(iterator: AsyncIterable<unknown>, sheetNo: string): Iterable<{ eventType: string; value: unknown }>;
  sharedStrings?: unknown[];
  model?: { sheets?: unknown[] };
  properties?: { model?: { date1904?: boolean } };
}

type StreamSheet = AsyncIterable<ExcelJS.Row>;

type CellProblem = { code: ErrorCode; message: string };

class SheetFeeder {
  private headerSeen = false;
  private width = 0;
  private cols: Col[] = [];
  private date1904 = false;
  private readonly warnedBeyond = new Set<number>();
  /** The first non-blank row, the header if no row among the title rows names the table's columns. */
  private firstTitle: string[] | null = null;

  constructor(
    private readonly path: string,
    private readonly spec: FileSpec,
    private readonly reader: TableReader,
    private readonly ctx: FileContext,
    private readonly labelled: LabelledProblems,
    /** The worksheet part to read (`xl/worksheets/sheet2.xml`); null: the workbook's first sheet. */
    private readonly target: string | null = null,
  ) {}

  /** Feeds the first worksheet (or the target); returns why the workbook could not be read, or null. */
  async run(): Promise<string | null> {
    const { default: Excel } = await import('exceljs'); // loaded only when an .xlsx is read
    const zip = await ZipEntries.open(this.path);
    if (typeof zip === 'string') return corruptZip(zip);
    const parts = await workbookParts(zip);
    if (typeof parts === 'string') return `不是 Excel 工作簿 (not an .xlsx workbook: ${parts})`;
    // The first sheet in the workbook's order (not the first part in the zip); a chart sheet there has no rows to read.
    const part = this.target ?? (parts.sheets.length > 0 ? parts.sheets[0].part : null);
    if (part === null || !zip.has(part))
      return this.target === null
        ? '工作簿中找不到第一个工作表 (no worksheet found: is this an Excel workbook?)'
        : '这个工作表无法读取，请在 Excel 中重新保存 (the worksheet could not be read: save the workbook again in Excel)';
    // exceljs parses each part (the same cells, styles and shared strings as its streaming reader),
    // fed from ZipEntries in the order a sheet needs them, whatever their order in the zip.
    const book = new Excel.stream.xlsx.WorkbookReader(this.path, {
      worksheets: 'emit',
      sharedStrings: 'emit', // kept here, counted (SharedStringBudget), and handed to the sheet reader
      styles: 'cache', // number formats: which number cells are dates
      hyperlinks: 'ignore',
      entries: 'ignore',
    } as ExcelJS.stream.xlsx.WorkbookStreamReaderOptions) as unknown as BookParts;
    const open: Readable[] = [];
    const stream = async (name: string, kind: PartKind = 'other'): Promise<Readable | null> => {
      const s = await zip.stream(name, kind);
      if (s !== null) open.push(s);
      return s;
    };
    // Last resort: a stream that stalls with nothing left to do would let the process exit silently.
    let stalled: (() => void) | null = null;
    const stall = new Promise<string>((resolve) => {
      stalled = () => resolve('读取中断，文件可能不完整 (reading stalled: incomplete .xlsx?)');
    });
    const onIdle = (): void => stalled?.();
    process.once('beforeExit', onIdle);
    try {
      const read = (async (): Promise<string | null> => {
        await book._parseWorkbook((await stream(WORKBOOK_PART))!);
        book.model ??= {};
        if (parts.sharedStrings !== null) {
          const strings: unknown[] = [];
          const budget = new SharedStringBudget();
          for await (const s of book._parseSharedStrings((await stream(parts.sharedStrings, 'sst'))!)) {
            const text = (s as { text?: unknown }).text;
            budget.add(text);
            strings.push(text);
          }
          book.sharedStrings = strings;
        }
        if (parts.styles !== null) await book._parseStyles((await stream(parts.styles))!);
        this.date1904 = book.properties?.model?.date1904 === true;
        let sheet: StreamSheet | null = null;
        for (const ev of book._parseWorksheet((await stream(part, 'sheet'))!, '0')) if (ev.eventType === 'worksheet') sheet = ev.value as StreamSheet;
        if (sheet === null) throw new InternalError('exceljs gave no worksheet reader');
        for await (const row of sheet) {
          if (!this.row(row)) break;
        }
        return null;
      })();
      return await Promise.race([read, stall]);
    } finally {
      process.removeListener('beforeExit', onIdle);
      for (const s of open) s.destroy();
    }
  }

  /** One sheet row; false to stop (the header is unusable). */
  private row(row: ExcelJS.Row): boolean {
    const line = row.number;
    if (!this.headerSeen) return this.header(row, line);
    const fields: string[] = new Array(this.width).fill('');
    row.eachCell((cell, col) => {
      if (col > this.width) {
        if (!this.warnedBeyond.has(col) && !isEmptyValue(cell.value)) {
          this.warnedBeyond.add(col);
          const letter = columnLetter(col);
          this.ctx.warn(line, col, 'W_UNKNOWN_COLUMN', `第 ${letter} 列没有列名，其中的数据已忽略 (column ${letter} has no header name, ignored)`);
        }
        return;
      }
      const v = this.text(cell.value, this.cols[col - 1]);
      if (typeof v === 'string') fields[col - 1] = v;
      else if (this.reader.usable) {
        // (Rows of a file whose header lacks a required column are not checked, as for CSV.)
        this.ctx.error(line, col, v.code, v.message);
        this.labelled.claim(line, col);
      }
    });
    this.reader.record(fields, line);
    return true;
  }

  private header(row: ExcelJS.Row, line: number): boolean {
    const cells: string[] = [];
    row.eachCell((cell, col) => {
      const v = this.text(cell.value, PLAIN);
      cells[col - 1] = typeof v === 'string' ? v : '';
    });
    let width = cells.length;
    while (width > 0 && (cells[width - 1] ?? '').trim() === '') width--;
    const fields = Array.from({ length: width }, (_, j) => cells[j] ?? '');
    if (isBlankRecord(fields)) return true;
    if (width > MAX_COLUMNS) {
      this.headerSeen = true;
      this.reader.issue('too-many-fields', line, MAX_COLUMNS + 1);
      return false;
    }
    // SPEC §10: title rows above the header (`老山村 2025 年务工登记表`, often one merged cell) are the
    // reader's to skip; the sheet's width is the header's, once the reader has taken a row as it.
    this.firstTitle ??= fields;
    this.reader.record(fields, line);
    if (this.reader.headerLine === 0) return true;
    // This row, or (no header among the title rows) the first of them.
    const header = this.reader.headerLine === line ? fields : this.firstTitle;
    this.headerSeen = true;
    this.width = header.length;
    const lookup = headerLookup(this.spec);
    this.cols = header.map((f) => {
      const c = lookup.get(normalizeHeader(f));
      return c ? { kind: KIND_OF[c.name] ?? TEXT, zh: c.zh } : PLAIN;
    });
    return true;
  }

  /** A cell's value as the text a CSV field would hold, or the problem with it. */
  private text(v: ExcelJS.CellValue | undefined, col: Col): string | CellProblem {
    if (v === null || v === undefined) return '';
    if (typeof v === 'string') return v;
    if (typeof v === 'number') return this.number(v, col);
    if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
    if (v instanceof Date) return dateText(v);
    const o = v as unknown as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as { text?: unknown }[]).map((r) => (typeof r.text === 'string' ? r.text : '')).join('');
    if ('formula' in o || 'sharedFormula' in o) {
      const r = o.result;
      if (r === undefined || r === null) return formulaWithoutResult(o);
      if (typeof r === 'number' && Number.isNaN(r)) return errorValue('');
      if (typeof r === 'object' && !(r instanceof Date)) {
        const err = (r as { error?: unknown }).error;
        if (typeof err === 'string') return errorValue(err);
      }
      return this.text(r as ExcelJS.CellValue, col);
    }
    if (typeof o.error === 'string') return errorValue(o.error);
    if (typeof o.text === 'string') return o.text; // a hyperlink's shown text
    return { code: 'E_BAD_VALUE', message: `无法识别的单元格内容 (unreadable cell value)` };
  }

  private number(n: number, col: Col): string | CellProblem {
    switch (col.kind) {
      case DIGITS:
        if (!Number.isInteger(n) || Math.abs(n) >= 1e15) return mangled(col.zh, n);
        break;
      case KEY:
        if (Math.abs(n) >= 1e15) return mangled(col.zh, n);
        break;
      case DATE:
        // A date serial, as Excel shows it once the cell is formatted as a date; other numbers stay numbers (E_BAD_DATE).
        if (n >= 1 && n < 2958466) return dateText(new Date(Math.round((n - (this.date1904 ? 24107 : 25569)) * 86400000)));
        break;
      default:
    }
    return String(n);
  }
}

function dateText(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + 1;
  const day = d.getUTCDate();
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${day < 10 ? '0' : ''}${day}`;
}

function isEmptyValue(v: ExcelJS.CellValue | undefined): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}

function mangled(zh: string, n: number): CellProblem {
  const why = Number.isInteger(n)
    ? `是数字单元格 ${q(String(n))}：Excel 的数字只保留 15 位有效数字，更长的号码（18 位身份证号、19 位银行卡号）后几位已被改掉，无法还原`
    : `是带小数的数字单元格 ${q(String(n))}，不是完整的号码`;
  return {
    code: 'E_EXCEL_MANGLED',
    message: `${zh}${why}。请在 Excel 中把该列“设置单元格格式为文本”，再重新录入 (a number cell keeps only 15 significant digits, so the number is lost; format the column as text and re-type it)`,
  };
}

function formulaWithoutResult(o: Record<string, unknown>): CellProblem {
  const f = typeof o.formula === 'string' && o.formula !== '' ? ` =${o.formula.length > 40 ? o.formula.slice(0, 40) + '…' : o.formula}` : '';
  return {
    code: 'E_BAD_VALUE',
    message: `公式${f} 没有保存计算结果：请在 Excel 中打开并保存一次 (formula without a cached result: open and save the file once in Excel)`,
  };
}

function errorValue(err: string): CellProblem {
  const shown = err ? ` ${err}` : '';
  return {
    code: 'E_BAD_VALUE',
    message: `单元格是 Excel 错误值${shown}，请改正公式或数据 (the cell holds an Excel error value${shown})`,
  };
}

// ——— the file ———

export interface Head {
  sha256: string;
  /** The first bytes (up to 8). */
  first: Buffer;
}

export function hashFile(path: string): Promise<Head> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    let first = Buffer.alloc(0);
    const s = createReadStream(path, { highWaterMark: 1 << 20 });
    s.on('data', (chunk) => {
      const c = chunk as Buffer;
      if (first.length < 8) first = Buffer.concat([first, c.subarray(0, 8 - first.length)]);
      h.update(c);
    });
    s.on('error', reject);
    s.on('end', () => resolve({ sha256: h.digest('hex'), first }));
  });
}

/** Why the first bytes are not a zip's, or null. */
export function notZip(b: Buffer): string | null {
  if (b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) return null;
  if (b.length === 0) return `文件是空的，不是 Excel 工作簿 (empty file, not an .xlsx workbook)`;
  if (b.length >= 8 && b.readUInt32BE(0) === 0xd0cf11e0 && b.readUInt32BE(4) === 0xa1b11ae1)
    return `这是旧版 .xls 文件或加了密码的工作簿，不是 .xlsx：请去掉密码并在 Excel 中“另存为” Excel 工作簿 (.xlsx) (an old .xls or a password-protected workbook, not .xlsx: remove the password and save as .xlsx)`;
  return `不是 Excel 工作簿 (.xlsx)：文件不是 zip 压缩包，可能是改了扩展名的其他文件 (not an .xlsx workbook: the file is not a zip)`;
}

