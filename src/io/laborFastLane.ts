/**
 * Long because every check of the general labor fold (tables/labor.ts) is repeated here on bytes, in the same order, so that the two can be compared side by side.
 *
 * The labor.csv fast lane. A county's labor file has ten million rows, and decoding each into a
 * string, splitting it into field strings and trimming them cost more than everything else the run
 * does. Most rows are plain: `H0012345,2025-03-17,张三,采摘,2.5`. This lane reads such a row
 * straight from the UTF-8 bytes and folds it into the Dataset exactly as the labor fold would.
 *
 * A row is taken only when every check the row handler makes passes and nothing about it needs the
 * general reader: no CR inside the line, no quote but around a whole field the lane does not read, the header's field count, a household_id of printable ASCII
 * and CJK ideographs that is listed, `days` a plain positive decimal of at most 2 decimals below 10^9, a date that is
 * empty or a valid YYYY-MM-DD in the rules' year, a job written exactly as a rate's name (or empty
 * with a default rate), and no surrounding blanks in these fields (no trimming needed). Any other
 * row — and every row before the header is read — goes through the CSV tokenizer and the row handler,
 * with its problems reported as always; the two take turns in file order, and the tokenizer counts
 * the lines this lane takes, so line numbers stay right.
 *
 * Rows go in batches of up to 64: first every row of the batch is checked and its household_id
 * hashed, and the hash-table slots and per-household totals it will need are loaded; then the rows
 * are looked up and folded in order. At a million households those loads are cache misses, and
 * issued together they overlap instead of being waited for one after the other.
 */
import type { CsvTokenizer } from './csvTokenizer.js';
import type { TextSink } from './encoding.js';
import type { DatasetBuilder } from './datasetBuilder.js';
import type { ColumnIndex, TableReader } from './tableReader.js';
import { checkDateBytes, DATE_OK } from './values.js';

/** Tests turn the lane off to compare it with the general reader on the same files. */
export const laborFastLaneSwitch = { enabled: true };

/** Longer lines go to the general reader (it also enforces the 64 KiB field limit). */
const MAX_LINE = 4096;
const NOT_PLAIN = -1;
const NO_LF = -2;

interface Job {
  bytes: Buffer;
  name: string;
  /** Its place in the target's `columns`. */
  index: number;
}

/** What the lane reads a line through: the tokenizer itself, or (laborWorker.ts) a recorder of what it is given. */
export type LaneTokenizer = Pick<CsvTokenizer, 'push' | 'skipLines' | 'atRecordStart' | 'line' | 'column'>;

/**
 * Where the rows the lane takes are looked up and added: the Dataset (DatasetTarget below) or, on a
 * worker thread reading labor.csv before households.csv is read, a table of the ids it meets
 * (laborWorker.ts), looked up in the index afterwards.
 */
export interface LaborLaneTarget {
  /** Called before a batch's lookups: room for `rows` more households (a growing target grows here, never during the batch). */
  reserve(rows: number): void;
  /** The first word of the slot a lookup of `hash` starts at (loaded early: see the batches above). */
  slotWord(hash: number): number;
  /** The household of an id as UTF-8 bytes (HouseholdIndex.findUtf8's contract), or −1: the general reader reports it. */
  findUtf8(buf: Uint8Array, start: number, end: number, units: number, hash: number): number;
  /** Σ days × 100 per household, read after reserve; null: not kept (the worker adds up its job columns instead). */
  readonly totals: Float64Array | null;
  /** Σ days × 100 per household of each job, by Job.index; null until made by `column` (the first row of the job the lane takes). */
  readonly columns: (Float64Array | null)[];
  column(name: string, index: number): Float64Array;
}

/** The target of the main thread: the household index and the Dataset's labor totals. */
export class DatasetTarget implements LaborLaneTarget {
  readonly columns: (Float64Array | null)[] = [];
  constructor(private readonly b: DatasetBuilder) {}
  reserve(): void {}
  slotWord(hash: number): number {
    return this.b.index.slotWord(hash);
  }
  findUtf8(buf: Uint8Array, start: number, end: number, units: number, hash: number): number {
    return this.b.index.findUtf8(buf, start, end, units, hash);
  }
  get totals(): Float64Array {
    return this.b.ds.laborDays;
  }
  column(name: string, index: number): Float64Array {
    return (this.columns[index] = this.b.laborColumn(name));
  }
}

interface Layout {
  width: number;
  cId: number;
  cDays: number;
  cJob: number;
  cDate: number;
  /** Jobs a row may name, as their UTF-8 bytes; `jobless` when there is no job column. */
  jobs: Job[];
  jobless: Job | null;
}

const BATCH = 64;

export class LaborFastLane implements TextSink {
  private carry: Buffer | null = null;
  private layout: Layout | null | undefined = undefined; // undefined: the header is not read yet
  private rejected = 0; // rows in a row the lane could not take
  private readonly ends: Int32Array = new Int32Array(1001);
  // The batch: each row's LF, household_id bytes and hash, days × 100 and job.
  private readonly rowLf = new Int32Array(BATCH);
  private readonly idFrom = new Int32Array(BATCH);
  private readonly idEnd = new Int32Array(BATCH);
  private readonly idHash = new Int32Array(BATCH);
  private readonly idUnits = new Int32Array(BATCH);
  private readonly rowHousehold = new Int32Array(BATCH);
  private readonly rowDays = new Float64Array(BATCH);
  private readonly rowJob: Job[] = new Array<Job>(BATCH);
  /** Where the early loads go, so that they are not optimised away. */
  private touched = 0;

  constructor(
    private readonly tok: LaneTokenizer,
    private readonly reader: TableReader,
    private readonly target: LaborLaneTarget,
    private readonly year: number,
    private readonly perDay: { keys(): Iterable<string> },
    private readonly hasDefault: boolean,
  ) {}

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

  /** Once the header is read, the layout is fixed (null: the lane stays off for this file, e.g. a header with an empty cell). */
  private learn(): void {
    const reader = this.reader;
    const width = reader.fastWidth;
    if (width > 0) this.layout = layoutOf(reader.cols, width, this.perDay, this.hasDefault);
    else if (reader.headerLine > 0 || reader.broken) this.layout = null;
  }

  /**
   * Takes the plain rows from buf[pos] on, up to a batch, and returns where the first row it did
   * not take starts (> pos), or, when it took none: NOT_PLAIN (that row is the tokenizer's) or
   * NO_LF (the row goes on past the end of buf).
   */
  private batch(layout: Layout, buf: Buffer, pos: number, n: number): number {
    const target = this.target;
    let rows = 0;
    let start = pos;
    let why = NOT_PLAIN;
    // 1. Check the rows and hash their ids.
    while (rows < BATCH) {
      const nl = this.scan(layout, buf, start, n, rows);
      if (nl < 0) {
        why = nl;
        break;
      }
      this.rowLf[rows++] = nl;
      start = nl + 1;
    }
    // 2. Load the slots the ids will be looked up in, all at once (tight loops: the loads overlap).
    target.reserve(rows);
    let touched = 0;
    for (let k = 0; k < rows; k++) touched += target.slotWord(this.idHash[k]);
    // 3. Look the ids up (the slots are in cache now), then load the totals they add to.
    const columns = target.columns;
    let found = 0;
    for (; found < rows; found++) {
      const h = target.findUtf8(buf, this.idFrom[found], this.idEnd[found], this.idUnits[found], this.idHash[found]);
      if (h < 0) break; // not listed: the general reader reports it
      this.rowHousehold[found] = h;
      const job = this.rowJob[found];
      if (columns[job.index] == null) target.column(job.name, job.index);
    }
    const laborDays = target.totals;
    for (let k = 0; k < found; k++) touched += (laborDays === null ? 0 : laborDays[this.rowHousehold[k]]) + columns[this.rowJob[k].index]![this.rowHousehold[k]];
    this.touched = touched;
    // 4. Fold them, in file order; the reader counts them and the tokenizer skips their lines.
    for (let k = 0; k < found; k++) {
      const h = this.rowHousehold[k];
      const days = this.rowDays[k];
      columns[this.rowJob[k].index]![h] += days;
      if (laborDays !== null) laborDays[h] += days;
    }
    if (found > 0) {
      this.reader.countRows(found);
      this.tok.skipLines(found);
    }
    if (found > 0) return this.rowLf[found - 1] + 1;
    return rows > 0 ? NOT_PLAIN : why;
  }

  /**
   * Checks the line at buf[start] as row k of the batch (no lookup, no effect) and returns the index
   * of its LF; NOT_PLAIN leaves it to the tokenizer, NO_LF means the line goes on past the end of buf.
   */
  private scan(layout: Layout, buf: Buffer, start: number, n: number, k: number): number {
    // Field ends, and no quote or CR inside.
    const ends = this.ends;
    const last = layout.width - 1;
    const limit = Math.min(n, start + MAX_LINE);
    let f = 0;
    let i = start;
    for (; i < limit; i++) {
      const c = buf[i];
      if (c > 44) continue; // digits, letters, UTF-8: one compare for most bytes
      if (c === 10) break;
      if (c === 44) {
        if (f === last) return NOT_PLAIN;
        ends[f++] = i;
      } else if (c === 34) {
        // A quoted field (a worker's name with a comma, say): only from the field's first byte, with
        // no line break inside, closed and followed by `,` or the line end. The columns the lane reads
        // must not be quoted (checked below); any other quote is the tokenizer's.
        if (i !== (f === 0 ? start : ends[f - 1] + 1)) return NOT_PLAIN;
        for (i++; ; i++) {
          if (i >= limit) return limit === n ? NO_LF : NOT_PLAIN;
          const d = buf[i];
          if (d === 34) {
            if (i + 1 >= limit) return limit === n ? NO_LF : NOT_PLAIN;
            if (buf[i + 1] !== 34) break;
            i++;
          } else if (d === 10 || d === 13) return NOT_PLAIN;
        }
        const e = buf[i + 1];
        if (e !== 44 && e !== 10 && e !== 13) return NOT_PLAIN;
      } else if (c === 13 && !(i + 1 < n && buf[i + 1] === 10)) return NOT_PLAIN; // only as CRLF
    }
    if (i === limit) return limit === n ? NO_LF : NOT_PLAIN;
    const nl = i;
    if (f !== last) return NOT_PLAIN;
    ends[f] = nl > start && buf[nl - 1] === 13 ? nl - 1 : nl;

    // household_id: printable ASCII without blanks and CJK ideographs U+4E00–U+9FFF (which NFKC
    // and trim leave as they are), hashed as the string's code units (looked up in step 3 of batch).
    const idFrom = fieldStart(ends, start, layout.cId);
    const idEnd = ends[layout.cId];
    if (idEnd === idFrom) return NOT_PLAIN;
    let hash = 0x811c9dc5 | 0;
    let units = 0;
    for (let j = idFrom; j < idEnd; units++) {
      const c = buf[j];
      if (c < 128) {
        if (c <= 32 || c === 127 || c === 34) return NOT_PLAIN;
        hash = Math.imul(hash ^ c, 0x01000193);
        j++;
        continue;
      }
      if ((c & 0xf0) !== 0xe0 || j + 2 >= idEnd || (buf[j + 1] & 0xc0) !== 0x80 || (buf[j + 2] & 0xc0) !== 0x80) return NOT_PLAIN;
      const u = ((c & 0x0f) << 12) | ((buf[j + 1] & 0x3f) << 6) | (buf[j + 2] & 0x3f);
      if (u < 0x4e00 || u > 0x9fff) return NOT_PLAIN;
      hash = Math.imul(hash ^ u, 0x01000193);
      j += 3;
    }

    // days: \d+(\.\d{1,2})?, below 10^9, > 0 (as parseScaled reads it, × 100).
    const days = plainDays(buf, fieldStart(ends, start, layout.cDays), ends[layout.cDays]);
    if (days <= 0) return NOT_PLAIN;

    // date: empty, or YYYY-MM-DD in the rules' year.
    if (layout.cDate >= 0) {
      const d = fieldStart(ends, start, layout.cDate);
      const len = ends[layout.cDate] - d;
      if (len !== 0 && (len !== 10 || checkDateBytes(buf, d, this.year) !== DATE_OK)) return NOT_PLAIN;
    }

    // job: exactly a rate's name (not quoted).
    let job = layout.jobless;
    if (layout.cJob >= 0) {
      const j = fieldStart(ends, start, layout.cJob);
      job = j < ends[layout.cJob] && buf[j] === 34 ? null : matchJob(layout.jobs, buf, j, ends[layout.cJob]);
    }
    if (job === null) return NOT_PLAIN;

    this.idFrom[k] = idFrom;
    this.idEnd[k] = idEnd;
    this.idHash[k] = hash;
    this.idUnits[k] = units;
    this.rowDays[k] = days;
    this.rowJob[k] = job;
    return nl;
  }
}

/** Where field k of the line starting at `start` begins (`ends`: each field's end). */
function fieldStart(ends: Int32Array, start: number, k: number): number {
  return k === 0 ? start : ends[k - 1] + 1;
}

function layoutOf(cols: ColumnIndex, width: number, perDay: { keys(): Iterable<string> }, hasDefault: boolean): Layout | null {
  const cId = cols.get('household_id');
  const cDays = cols.get('days');
  if (cId === undefined || cDays === undefined || width > 1000) return null;
  const cJob = cols.get('job') ?? -1;
  const jobs: Job[] = [];
  // A name with blanks at its ends can never match a trimmed field: leave such rows to the handler.
  for (const name of perDay.keys()) if (name !== '' && name === name.trim()) jobs.push({ bytes: Buffer.from(name, 'utf8'), name, index: jobs.length });
  const empty: Job | null = hasDefault ? { bytes: Buffer.alloc(0), name: '', index: jobs.length } : null;
  if (empty) jobs.push(empty);
  if (cJob < 0 && empty === null) return null; // every row is refused (reported once, by readRunDir)
  return { width, cId, cDays, cJob, cDate: cols.get('date') ?? -1, jobs, jobless: cJob < 0 ? empty : null };
}

function matchJob(jobs: readonly Job[], buf: Buffer, start: number, end: number): Job | null {
  const n = end - start;
  for (const job of jobs) {
    const b = job.bytes;
    if (b.length !== n) continue;
    let k = 0;
    while (k < n && b[k] === buf[start + k]) k++;
    if (k === n) return job;
  }
  return null;
}

/** days × 100 for a plain decimal with at most 2 decimals and at most 9 integer digits; −1 otherwise. */
function plainDays(buf: Buffer, start: number, end: number): number {
  let i = start;
  let whole = 0;
  while (i < end && buf[i] >= 48 && buf[i] <= 57) whole = whole * 10 + (buf[i++] - 48);
  const digits = i - start;
  if (digits === 0 || digits > 9) return -1;
  if (i === end) return whole * 100;
  if (buf[i] !== 46) return -1;
  i++;
  const fracDigits = end - i;
  if (fracDigits < 1 || fracDigits > 2) return -1;
  let frac = 0;
  for (; i < end; i++) {
    const c = buf[i];
    if (c < 48 || c > 57) return -1;
    frac = frac * 10 + (c - 48);
  }
  return whole * 100 + (fracDigits === 1 ? frac * 10 : frac);
}
