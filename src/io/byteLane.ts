/**
 * A byte lane: plain rows of a county-sized table read straight from their UTF-8 bytes and folded
 * as the table's row handler would (no string per row or field), the other rows left to the CSV
 * tokenizer and the handler, in file order. laborFastLane.ts (labor.csv) and monthsFastLane.ts
 * (land.csv, shares.csv) are such lanes; recordLane.ts (every other table) only cuts plain lines
 * into fields for the handler. This is what they share: cutting the bytes into lines (a line cut by
 * a chunk's end is completed by the next), handing the lines a lane cannot take to the tokenizer,
 * the header (every line before it goes to the tokenizer, which finds it), splitting a line into
 * its fields with the quoting rules the lanes accept, and a batch's bookkeeping.
 *
 * A folding lane takes a row only when every check its handler makes passes and nothing about the
 * row needs the general reader; the tokenizer counts the lines a lane takes, so line numbers stay right.
 */
import type { CsvTokenizer } from './csvTokenizer.js';
import type { TextSink } from './encoding.js';
import type { ColumnIndex, TableReader } from './tableReader.js';

/** Longer lines go to the general reader (it also enforces the 64 KiB field limit). */
const MAX_LINE = 4096;
/** batch: the row at `pos` is the tokenizer's. */
export const NOT_PLAIN = -1;
/** batch: the row at `pos` goes on past the end of the bytes. */
export const NO_LF = -2;
/** Rows checked, then looked up and folded together (their cache misses overlap). */
export const BATCH = 64;

/** What a lane reads a line through: the tokenizer itself, or (laborWorker.ts) a recorder of what it is given. */
export type LaneTokenizer = Pick<CsvTokenizer, 'push' | 'skipLines' | 'atRecordStart' | 'line' | 'column'>;

export abstract class ByteLane<L> implements TextSink {
  private carry: Buffer | null = null;
  private layout: L | null | undefined = undefined; // undefined: the header is not read yet
  private rejected = 0; // rows in a row the lane could not take
  /** Columns whose header cell is empty: a row the lane folds has nothing in them (TableReader.emptyColumns). */
  private emptyCols: readonly number[] = [];
  /** Each field's text in the line being checked (splitLine): from starts[f] to ends[f], inside its quotes if quoted. */
  protected readonly starts: Int32Array = new Int32Array(1001);
  protected readonly ends: Int32Array = new Int32Array(1001);
  // The batch: each row's LF, its household_id's bytes, code units and hash, and (looked up) household.
  protected readonly rowLf = new Int32Array(BATCH);
  protected readonly idFrom = new Int32Array(BATCH);
  protected readonly idEnd = new Int32Array(BATCH);
  protected readonly idHash = new Int32Array(BATCH);
  protected readonly idUnits = new Int32Array(BATCH);
  protected readonly rowHousehold = new Int32Array(BATCH);

  constructor(
    protected readonly tok: LaneTokenizer,
    protected readonly reader: TableReader,
  ) {}

  /** The columns the lane reads, once the header is read; null: the lane stays off for this file. */
  protected abstract layoutFor(cols: ColumnIndex, width: number): L | null;

  /**
   * Checks the line at buf[start] as row k of the batch (no lookup, no effect) and returns the index
   * of its LF; NOT_PLAIN leaves it to the tokenizer, NO_LF means the line goes on past the end of buf.
   */
  protected abstract scan(layout: L, buf: Buffer, start: number, n: number, k: number): number;

  /**
   * Takes the plain rows from buf[pos] on, up to a batch, and returns where the first row it did
   * not take starts (> pos), or, when it took none: NOT_PLAIN (that row is the tokenizer's) or
   * NO_LF (the row goes on past the end of buf).
   */
  protected abstract batch(layout: L, buf: Buffer, pos: number, n: number): number;

  get line(): number {
    return this.tok.line;
  }

  get column(): number {
    return this.tok.column;
  }

  push(text: string): void {
    this.flushBytes();
    this.tok.push(text);
  }

  flushBytes(): void {
    if (this.carry === null) return;
    const c = this.carry;
    this.carry = null;
    this.tok.push(c.toString('utf8'));
  }

  pushUtf8(bytes: Buffer): void {
    if (this.layout === null) {
      this.push(bytes.toString('utf8'));
      return;
    }
    if (this.carry !== null) {
      // The line cut by the last chunk's end: complete it on its own (no copy of the whole chunk).
      const nl = bytes.indexOf(10);
      const head = Buffer.concat([this.carry, nl < 0 ? bytes : bytes.subarray(0, nl + 1)]);
      this.carry = null;
      this.lines(head);
      if (nl < 0) return;
      bytes = bytes.subarray(nl + 1);
    }
    this.lines(bytes);
  }

  /** Handles the complete lines of buf; an incomplete last line is kept for the next bytes. */
  private lines(buf: Buffer): void {
    const n = buf.length;
    let pos = 0; // start of the next line
    let text = 0; // start of the lines not handed to the tokenizer yet
    while (pos < n) {
      if (this.layout === undefined) {
        // Until the header is read, lines go to the tokenizer one by one.
        const nl = buf.indexOf(10, pos);
        if (nl < 0) break;
        this.tok.push(buf.toString('utf8', text, nl + 1));
        pos = text = nl + 1;
        this.learn();
        continue;
      }
      if (this.layout !== null) {
        if (text < pos) {
          this.tok.push(buf.toString('utf8', text, pos));
          text = pos;
        }
        if (this.tok.atRecordStart) {
          const next = this.batch(this.layout, buf, pos, n);
          if (next > pos) {
            this.rejected = 0;
            pos = text = next;
            continue;
          }
          // A file of rows the lane cannot take (quoted fields, say) is left to the tokenizer whole.
          if (next === NOT_PLAIN && ++this.rejected > 64) this.layout = null;
        }
      }
      const nl = buf.indexOf(10, pos);
      if (nl < 0) break;
      pos = nl + 1;
    }
    if (text < pos) this.tok.push(buf.toString('utf8', text, pos));
    if (pos < n) {
      if (n - pos > MAX_LINE) this.tok.push(buf.toString('utf8', pos, n)); // a long line: the tokenizer takes it as it comes
      else this.carry = Buffer.from(buf.subarray(pos));
    }
  }

  /**
   * Splits the line at buf[start] into `width` fields (splitLine), checks that the columns without a
   * header name are empty and field `cId` is a plain household_id (plainId), kept as row k of the
   * batch: the index of the line's LF, or NOT_PLAIN / NO_LF.
   */
  protected lineWithId(buf: Buffer, start: number, n: number, width: number, cId: number, k: number): number {
    const nl = splitLine(buf, start, n, width, this.starts, this.ends);
    if (nl < 0) return nl;
    for (let e = 0; e < this.emptyCols.length; e++) if (this.starts[this.emptyCols[e]] !== this.ends[this.emptyCols[e]]) return NOT_PLAIN;
    const from = this.starts[cId];
    const end = this.ends[cId];
    if (!plainId(buf, from, end, this.idHash, this.idUnits, k)) return NOT_PLAIN;
    this.idFrom[k] = from;
    this.idEnd[k] = end;
    return nl;
  }

  /** Why the last checkRows stopped before a full batch: NOT_PLAIN or NO_LF. */
  private why = NOT_PLAIN;

  /** Step 1 of a batch: the rows from buf[pos] on that scan takes, up to BATCH (their LFs in rowLf); how many. */
  protected checkRows(layout: L, buf: Buffer, pos: number, n: number): number {
    let rows = 0;
    let start = pos;
    this.why = NOT_PLAIN;
    while (rows < BATCH) {
      const nl = this.scan(layout, buf, start, n, rows);
      if (nl < 0) {
        this.why = nl;
        break;
      }
      this.rowLf[rows++] = nl;
      start = nl + 1;
    }
    return rows;
  }

  /** A batch's first `found` of `rows` checked rows are folded: the reader counts them, the tokenizer skips their lines. Returns batch's result. */
  protected took(found: number, rows: number): number {
    if (found === 0) return rows > 0 ? NOT_PLAIN : this.why;
    this.reader.countRows(found);
    this.tok.skipLines(found);
    return this.rowLf[found - 1] + 1;
  }

  /** Once the header is read, the layout is fixed (null: the lane stays off for this file, e.g. a header with an empty cell). */
  private learn(): void {
    const reader = this.reader;
    const width = reader.fastWidth;
    this.emptyCols = reader.emptyColumns;
    if (width > 0) this.layout = this.layoutFor(reader.cols, width);
    else if (reader.headerLine > 0 || reader.broken) this.layout = null;
  }
}

/**
 * The fields of the line at buf[start] (`width` of them) and the index of its LF: field f's text is
 * buf[starts[f], ends[f]) — for a quoted field the text inside its quotes, in which a quote is still
 * doubled — and a CR before the LF is left out. NOT_PLAIN leaves the line to the tokenizer (another
 * field count, a CR inside, a quote it does not accept), NO_LF means the line goes on past buf's
 * end. A quoted field (a worker's name with a comma; every field, from an export that quotes all) is
 * accepted only from its first byte, with no line break inside, closed and followed by `,` or the
 * line end. A lane that reads a field's text checks it holds no quote (a doubled one is the
 * tokenizer's to undo) unless it undoes them itself.
 */
export function splitLine(buf: Buffer, start: number, n: number, width: number, starts: Int32Array, ends: Int32Array): number {
  const last = width - 1;
  const limit = Math.min(n, start + MAX_LINE);
  let f = 0;
  let i = start;
  let from = start; // field f's first byte
  let close = -1; // field f's closing quote, when it is quoted
  starts[0] = start;
  for (; i < limit; i++) {
    const c = buf[i];
    if (c > 44) continue; // digits, letters, UTF-8: one compare for most bytes
    if (c === 10) break;
    if (c === 44) {
      if (f === last) return NOT_PLAIN;
      ends[f++] = close < 0 ? i : close;
      close = -1;
      from = starts[f] = i + 1;
    } else if (c === 34) {
      if (i !== from) return NOT_PLAIN;
      starts[f] = i + 1;
      for (i++; ; i++) {
        if (i >= limit) return limit === n ? NO_LF : NOT_PLAIN;
        const d = buf[i];
        if (d === 34) {
          if (i + 1 >= limit) return limit === n ? NO_LF : NOT_PLAIN;
          if (buf[i + 1] !== 34) break;
          i++;
        } else if (d === 10 || d === 13) return NOT_PLAIN;
      }
      close = i;
      const e = buf[i + 1];
      if (e !== 44 && e !== 10 && e !== 13) return NOT_PLAIN;
    } else if (c === 13 && !(i + 1 < n && buf[i + 1] === 10)) return NOT_PLAIN; // only as CRLF
  }
  if (i === limit) return limit === n ? NO_LF : NOT_PLAIN;
  if (f !== last) return NOT_PLAIN;
  ends[f] = close >= 0 ? close : i > start && buf[i - 1] === 13 ? i - 1 : i;
  return i;
}

/**
 * A household_id as bytes buf[from..end): printable ASCII without blanks or quotes, and CJK
 * ideographs U+4E00–U+9FFF (which NFKC and trim leave as they are). Its hash (FNV-1a of the UTF-16
 * code units, HouseholdIndex's) goes to hashes[k], its number of code units to units[k]; false: the
 * id is the general reader's.
 */
export function plainId(buf: Buffer, from: number, end: number, hashes: Int32Array, units: Int32Array, k: number): boolean {
  if (end === from) return false;
  let hash = 0x811c9dc5 | 0;
  let count = 0;
  for (let j = from; j < end; count++) {
    const c = buf[j];
    if (c < 128) {
      if (c <= 32 || c === 127 || c === 34) return false;
      hash = Math.imul(hash ^ c, 0x01000193);
      j++;
      continue;
    }
    if ((c & 0xf0) !== 0xe0 || j + 2 >= end || (buf[j + 1] & 0xc0) !== 0x80 || (buf[j + 2] & 0xc0) !== 0x80) return false;
    const u = ((c & 0x0f) << 12) | ((buf[j + 1] & 0x3f) << 6) | (buf[j + 2] & 0x3f);
    if (u < 0x4e00 || u > 0x9fff) return false;
    hash = Math.imul(hash ^ u, 0x01000193);
    j += 3;
  }
  hashes[k] = hash;
  units[k] = count;
  return true;
}

/**
 * A plain decimal `\d{1,9}(\.\d{1,scale})?` × 10^scale (as parseScaled reads it, below 10^9);
 * −1 otherwise.
 */
export function plainDecimal(buf: Buffer, start: number, end: number, scale: number): number {
  let i = start;
  let whole = 0;
  while (i < end && buf[i] >= 48 && buf[i] <= 57) whole = whole * 10 + (buf[i++] - 48);
  const digits = i - start;
  if (digits === 0 || digits > 9) return -1;
  let p = 1;
  for (let s = 0; s < scale; s++) p *= 10;
  if (i === end) return whole * p;
  if (buf[i] !== 46) return -1;
  i++;
  const fracDigits = end - i;
  if (fracDigits < 1 || fracDigits > scale) return -1;
  let frac = 0;
  for (; i < end; i++) {
    const c = buf[i];
    if (c < 48 || c > 57) return -1;
    frac = frac * 10 + (c - 48);
  }
  for (let s = fracDigits; s < scale; s++) frac *= 10;
  return whole * p + frac;
}

/** Bytes buf[start..end) equal `b`. */
export function sameBytes(b: Uint8Array, buf: Buffer, start: number, end: number): boolean {
  const n = end - start;
  if (b.length !== n) return false;
  let k = 0;
  while (k < n && b[k] === buf[start + k]) k++;
  return k === n;
}
