/**
 * Long because every check of the general labor fold (tables/labor.ts) is repeated here on bytes, in the same order, so that the two can be compared side by side.
 *
 * The labor.csv fast lane. A county's labor file has ten million rows, and decoding each into a
 * string, splitting it into field strings and trimming them cost more than everything else the run
 * does. Most rows are plain: `H0012345,2025-03-17,张三,采摘,2.5`. This lane reads such a row
 * straight from the UTF-8 bytes and folds it into the Dataset exactly as the labor fold would.
 *
 * A row is taken only when every check the row handler makes passes and nothing about it needs the
 * general reader: no CR inside the line, quotes only around whole fields (a field the lane reads then holds no quote), the header's field count, a household_id of printable ASCII
 * and CJK ideographs that is listed, `days` a plain positive decimal of at most 2 decimals below 10^9, a date that is
 * empty or a valid date (any form SPEC §10 names) in the rules' year, a job written exactly as a rate's name (or empty
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
import { BATCH, ByteLane, NOT_PLAIN, plainDecimal, sameBytes, type LaneTokenizer } from './byteLane.js';
import type { DatasetBuilder } from './datasetBuilder.js';
import type { ColumnIndex, TableReader } from './tableReader.js';
import { checkDateBytes, DATE_OK } from './values.js';

export type { LaneTokenizer };

/** Tests turn the lane off to compare it with the general reader on the same files. */
export const laborFastLaneSwitch = { enabled: true };


interface Job {
  bytes: Buffer;
  name: string;
  /** Its place in the target's `columns`. */
  index: number;
}


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

export class LaborFastLane extends ByteLane<Layout> {
  // The batch (beside ByteLane's rows and ids): days × 100 and job.
  private readonly rowDays = new Float64Array(BATCH);
  private readonly rowJob: Job[] = new Array<Job>(BATCH);
  /** Where the early loads go, so that they are not optimised away. */
  private touched = 0;

  constructor(
    tok: LaneTokenizer,
    reader: TableReader,
    private readonly target: LaborLaneTarget,
    private readonly year: number,
    private readonly perDay: { keys(): Iterable<string> },
    private readonly hasDefault: boolean,
  ) {
    super(tok, reader);
  }

  protected layoutFor(cols: ColumnIndex, width: number): Layout | null {
    return layoutOf(cols, width, this.perDay, this.hasDefault);
  }

  /**
   * Takes the plain rows from buf[pos] on, up to a batch, and returns where the first row it did
   * not take starts (> pos), or, when it took none: NOT_PLAIN (that row is the tokenizer's) or
   * NO_LF (the row goes on past the end of buf).
   */
  protected batch(layout: Layout, buf: Buffer, pos: number, n: number): number {
    const target = this.target;
    // 1. Check the rows and hash their ids.
    const rows = this.checkRows(layout, buf, pos, n);
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
    return this.took(found, rows);
  }

  /**
   * Checks the line at buf[start] as row k of the batch (no lookup, no effect) and returns the index
   * of its LF; NOT_PLAIN leaves it to the tokenizer, NO_LF means the line goes on past the end of buf.
   */
  protected scan(layout: Layout, buf: Buffer, start: number, n: number, k: number): number {
    // household_id: printable ASCII and CJK ideographs, hashed as the string's code units (looked up in step 3 of batch).
    const nl = this.lineWithId(buf, start, n, layout.width, layout.cId, k);
    if (nl < 0) return nl;
    const starts = this.starts;
    const ends = this.ends;

    // days: \d+(\.\d{1,2})?, below 10^9, > 0 (as parseScaled reads it, × 100).
    const days = plainDecimal(buf, starts[layout.cDays], ends[layout.cDays], 2);
    if (days <= 0) return NOT_PLAIN;

    // date: empty, or a date checkDate takes, in the rules' year.
    if (layout.cDate >= 0) {
      const d = starts[layout.cDate];
      const len = ends[layout.cDate] - d;
      if (len !== 0 && checkDateBytes(buf, d, d + len, this.year) !== DATE_OK) return NOT_PLAIN;
    }

    // job: exactly a rate's name (perhaps inside quotes; no name has a quote).
    let job = layout.jobless;
    if (layout.cJob >= 0) job = matchJob(layout.jobs, buf, starts[layout.cJob], ends[layout.cJob]);
    if (job === null) return NOT_PLAIN;

    this.rowDays[k] = days;
    this.rowJob[k] = job;
    return nl;
  }
}

function layoutOf(cols: ColumnIndex, width: number, perDay: { keys(): Iterable<string> }, hasDefault: boolean): Layout | null {
  const cId = cols.get('household_id');
  const cDays = cols.get('days');
  if (cId === undefined || cDays === undefined || width > 1000) return null;
  const cJob = cols.get('job') ?? -1;
  const jobs: Job[] = [];
  // A name with blanks at its ends can never match a trimmed field: leave such rows to the handler.
  // A name with a quote would be written with it doubled inside quotes: such rows are the fold's.
  for (const name of perDay.keys()) if (name !== '' && name === name.trim() && !name.includes('"')) jobs.push({ bytes: Buffer.from(name, 'utf8'), name, index: jobs.length });
  const empty: Job | null = hasDefault ? { bytes: Buffer.alloc(0), name: '', index: jobs.length } : null;
  if (empty) jobs.push(empty);
  if (cJob < 0 && empty === null) return null; // every row is refused (reported once, by readRunDir)
  return { width, cId, cDays, cJob, cDate: cols.get('date') ?? -1, jobs, jobless: cJob < 0 ? empty : null };
}

function matchJob(jobs: readonly Job[], buf: Buffer, start: number, end: number): Job | null {
  for (const job of jobs) if (sameBytes(job.bytes, buf, start, end)) return job;
  return null;
}
