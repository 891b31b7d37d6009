import iconv from 'iconv-lite';
import { InternalError } from '../problems.js';
import { ByteSink } from './byteSink.js';

/**
 * CSV output (RFC 4180 as Excel reads it): CRLF line ends, a field quoted when it holds `,` `"`
 * CR or LF or starts/ends with white space, `"` doubled inside quotes.
 *
 * A cell is text or a number. Text that starts with `=`, `+`, `-`, `@`, tab or CR gets a leading
 * `'` so that a spreadsheet does not run it as a formula (SPEC §6). A number is written exactly as
 * given and never altered (a negative net payable stays `-500.00`); it must be a plain decimal, so
 * a number cell cannot smuggle a formula past the guard.
 */
export interface NumCell {
  num: string;
}
export type Cell = string | NumCell;
export type Row = readonly Cell[];

export type CsvEncoding = 'utf8' | 'gb18030';

const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/** A number cell; `text` must be a plain decimal such as `1234.50` or `-500.00`. */
export function num(text: string): NumCell {
  if (!PLAIN_NUMBER.test(text)) throw new InternalError(`csv: not a plain number: ${JSON.stringify(text)}`);
  return { num: text };
}

/** One field as it appears in the file. */
export function csvField(cell: Cell): string {
  if (typeof cell !== 'string') {
    if (!PLAIN_NUMBER.test(cell.num)) throw new InternalError(`csv: not a plain number: ${JSON.stringify(cell.num)}`);
    return cell.num;
  }
  return textField(cell);
}

/**
 * A text cell as it appears in the file: the formula guard, then quoting. The same as testing
 * FORMULA_START and NEEDS_QUOTES, in charCodeAt checks (it runs for every text cell of a county).
 */
export function textField(cell: string): string {
  const n = cell.length;
  if (n === 0) return cell;
  const c0 = cell.charCodeAt(0);
  // = + - @ tab CR
  const guard = c0 === 61 || c0 === 43 || c0 === 45 || c0 === 64 || c0 === 9 || c0 === 13;
  const text = guard ? "'" + cell : cell;
  let quote = (!guard && isRegExpSpace(c0)) || isRegExpSpace(cell.charCodeAt(n - 1));
  let quotes = false;
  for (let i = 0; i < n && !quotes; i++) {
    const c = cell.charCodeAt(i);
    if (c === 34) quote = quotes = true;
    else if (c === 44 || c === 13 || c === 10) quote = true;
  }
  if (!quote) return text;
  return '"' + (quotes ? text.replaceAll('"', '""') : text) + '"';
}

/** What `\s` matches in a JS regular expression. */
function isRegExpSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

/** The whole file as text: every row ends in CRLF. */
export function csvText(rows: readonly Row[]): string {
  let out = '';
  for (const row of rows) out += row.map(csvField).join(',') + '\r\n';
  return out;
}

/**
 * A CSV file written straight into bytes, row by row, without cell objects, strings per row or
 * chunk buffers (county scale: a million rows). Text goes through the formula guard and quoting
 * of textField; numbers are written as given (num) or from a safe integer (fixed), so the caller
 * passes plain decimals only. The bytes are those of csvBytes on the same cells.
 */
export class CsvBuilder {
  private readonly out: ByteSink;
  private readonly delimiter: string;
  private readonly delimiterCode: number;
  private atRowStart = true;

  /**
   * `bom`: UTF-8 with a BOM (payouts.csv); bank.csv is written without. A `delimiter` other than
   * `,` is for bank.csv. `sizeHint`: the expected size in bytes (the buffer grows past it).
   */
  private readonly excelText: boolean;

  /**
   * `excelText` (rules `csv.excel_text`): id() writes what Excel would read as a number or a date
   * as `="…"`.
   */
  constructor(encoding: CsvEncoding, opts: { bom: boolean; delimiter?: string; sizeHint?: number; excelText?: boolean; flush?: (bytes: Buffer) => void }) {
    this.out = new ByteSink(encoding, opts.flush ? STREAM_BUFFER : opts.sizeHint, opts.flush);
    this.excelText = opts.excelText === true;
    this.delimiter = opts.delimiter ?? ',';
    this.delimiterCode = this.delimiter.charCodeAt(0);
    if (encoding === 'utf8' && opts.bom) this.out.bytes(BOM);
  }

  private separate(): void {
    if (this.atRowStart) this.atRowStart = false;
    else this.out.byte(this.delimiterCode);
  }

  /** A text cell: textField's guard and quoting; with `|` or tab as the delimiter, a field holding it is quoted too (bank.csv). */
  cell(text: string): void {
    this.separate();
    const n = text.length;
    if (n === 0) return;
    const c0 = text.charCodeAt(0);
    const guard = c0 === 61 || c0 === 43 || c0 === 45 || c0 === 64 || c0 === 9 || c0 === 13; // = + - @ tab CR
    let quote = (!guard && isRegExpSpace(c0)) || isRegExpSpace(text.charCodeAt(n - 1));
    let quotes = 0;
    const other = this.delimiterCode === 44 ? -1 : this.delimiterCode;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 34) quotes++;
      else if (c === 44 || c === 13 || c === 10 || c === other) quote = true;
    }
    const out = this.out;
    if (quote || quotes > 0) out.byte(34);
    if (guard) out.byte(39);
    if (quotes === 0) out.text(text);
    else {
      let from = 0;
      for (let i = 0; i < n; i++) {
        if (text.charCodeAt(i) !== 34) continue;
        out.text(text, from, i + 1);
        out.byte(34);
        from = i + 1;
      }
      out.text(text, from, n);
    }
    if (quote || quotes > 0) out.byte(34);
  }

  /**
   * An identifier (household id, ID number, account): a text cell, or with `excelText`, when Excel
   * would make a number or a date of it, the quoted field `="6217…"` (quotes doubled): Excel shows
   * the formula's text, digits and leading zeros intact, and saves it back as that text.
   */
  id(text: string): void {
    if (!this.excelText || !excelWouldConvert(text)) {
      this.cell(text);
      return;
    }
    this.separate();
    this.out.ascii('"=""');
    this.out.ascii(text);
    this.out.ascii('"""');
  }

  /** A number cell: a plain decimal (`-500.00`) the caller formatted. */
  num(text: string): void {
    this.separate();
    this.out.ascii(text);
  }

  /** A number cell from a safe integer `units` with `scale` decimals (formatScaled's text, no string made). */
  fixed(units: number, scale: number): void {
    this.separate();
    this.out.fixed(units, scale);
  }

  endRow(): void {
    this.out.byte(13);
    this.out.byte(10);
    this.atRowStart = true;
  }

  /** The file's bytes. */
  bytes(): Buffer {
    return this.out.result();
  }

  /** Built with `flush`: the last bytes to it. */
  end(): void {
    this.out.end();
  }
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
/** The buffer of a CSV written as it is built (`flush`): large enough for few write calls. */
const STREAM_BUFFER = 4 << 20;

/** Digits with number or date punctuation only (ASCII: the `="…"` field needs no escaping). */
const NUMBER_OR_DATE_LIKE = /^[0-9][0-9.\-/:eE+]*$/;
/** What Excel shows unchanged: a whole number of at most 11 digits without a leading zero. */
const SAFE_IN_EXCEL = /^[1-9][0-9]{0,10}$/;

/**
 * Excel would turn this text into something else when opening a CSV: a long number into
 * `6.21779E+18` (losing the digits past 15), `007` into 7, `3-1` into a date, `1E5` into 100000.
 */
export function excelWouldConvert(text: string): boolean {
  return NUMBER_OR_DATE_LIKE.test(text) && !SAFE_IN_EXCEL.test(text);
}

/** The file's bytes: UTF-8 with a BOM (what Excel needs to see UTF-8), or GB18030 without BOM. */
export function csvBytes(rows: readonly Row[], encoding: CsvEncoding = 'utf8'): Buffer {
  const text = csvText(rows);
  if (encoding === 'gb18030') return iconv.encode(text, 'gb18030', { addBOM: false });
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}
