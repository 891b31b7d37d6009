import iconv from 'iconv-lite';
import { InternalError } from '../problems.js';

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
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

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
  const text = FORMULA_START.test(cell) ? "'" + cell : cell;
  return NEEDS_QUOTES.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
}

/** The whole file as text: every row ends in CRLF. */
export function csvText(rows: readonly Row[]): string {
  let out = '';
  for (const row of rows) out += row.map(csvField).join(',') + '\r\n';
  return out;
}

/** The file's bytes: UTF-8 with a BOM (what Excel needs to see UTF-8), or GB18030 without BOM. */
export function csvBytes(rows: readonly Row[], encoding: CsvEncoding = 'utf8'): Buffer {
  const text = csvText(rows);
  if (encoding === 'gb18030') return iconv.encode(text, 'gb18030', { addBOM: false });
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}
