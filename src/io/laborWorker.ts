/**
 * A worker thread that reads labor.csv while the main thread reads households.csv, land.csv and
 * shares.csv (laborPrefetch.ts starts it; issue 14: the second core). It runs the same reader as the
 * main thread would — readTextFile, the tokenizer, a TableReader for the header, the labor fast lane —
 * but cannot look ids up (the households are not read yet): each id the lane takes gets a local
 * number (IdInterner) and its days are summed per local number and job; once the main thread posts
 * the household index, each id is looked up once and the sums moved to its household. Everything else is recorded
 * in order, as the main thread's tokenizer would have been fed it: the text of the lines the lane did
 * not take, the runs of lines it took, the jobs in the order the lane first took them. The main
 * thread replays that record through its own reader (every problem at its line, as always) and adds
 * the sums once the ids are looked up; it reads the file itself instead when the worker gives up.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { FILE_SPECS } from './columns.js';
import { CsvTokenizer } from './csvTokenizer.js';
import { type Encoding, readTextFile } from './encoding.js';
import { FileContext } from './fileContext.js';
import { grown, IdInterner } from './idInterner.js';
import { LaborFastLane, type LaborLaneTarget, type LaneTokenizer } from './laborFastLane.js';
import { HouseholdIndex } from './householdIndex.js';
import type { HouseholdsMessage, LaborDigest, LaborPrefetchRequest, LaneOp } from './laborPrefetch.js';
import { Problems } from '../problems.js';
import { MAX_COLUMNS, MAX_FIELD_LENGTH, TableReader } from './tableReader.js';

/** Thrown to stop reading: too much of the file is not the lane's (the main thread reads it itself). */
class GiveUp extends Error {}

/** The tokenizer of the header and the lines the lane leaves, recording what it is given. */
class Recorder implements LaneTokenizer {
  readonly ops: LaneOp[] = [];
  private chars = 0;
  constructor(
    private readonly tok: CsvTokenizer,
    private readonly maxChars: number,
  ) {}
  get atRecordStart(): boolean {
    return this.tok.atRecordStart;
  }
  get line(): number {
    return this.tok.line;
  }
  get column(): number {
    return this.tok.column;
  }
  push(text: string): void {
    this.chars += text.length;
    if (this.chars > this.maxChars) throw new GiveUp();
    this.tok.push(text);
    const ops = this.ops;
    if (typeof ops[ops.length - 1] === 'string') ops[ops.length - 1] += text;
    else ops.push(text);
  }
  skipLines(n: number): void {
    this.tok.skipLines(n);
    const ops = this.ops;
    const last = ops[ops.length - 1];
    if (typeof last === 'number') ops[ops.length - 1] = last + n;
    else ops.push(n);
  }
  job(name: string): void {
    this.ops.push({ job: name });
  }
}

/**
 * Sums per local id (the ids are numbered as met), per job only: a row the lane takes always has a
 * job (perhaps the empty one), so the total is the sum of the job columns, added up once at the end
 * (integers below 2^53: the same number), and each row costs one random memory access, not two.
 */
class LocalTarget implements LaborLaneTarget {
  readonly ids = new IdInterner();
  readonly totals = null;
  /** The job columns' length. */
  private size = 0;
  readonly columns: (Float64Array | null)[] = [];
  readonly names: string[] = [];
  constructor(private readonly rec: Recorder) {}
  reserve(rows: number): void {
    this.ids.reserve(rows);
    const need = this.ids.count + rows;
    if (need <= this.size) return;
    const size = Math.max(2 * this.size, need, 1024);
    this.size = size;
    for (let j = 0; j < this.columns.length; j++) {
      const c = this.columns[j];
      if (c) this.columns[j] = grown(c, size);
    }
  }
  slotWord(hash: number): number {
    return this.ids.slotWord(hash);
  }
  findUtf8(buf: Uint8Array, start: number, end: number, units: number, hash: number): number {
    return this.ids.intern(buf, start, end, units, hash);
  }
  column(name: string, index: number): Float64Array {
    this.rec.job(name);
    this.names[index] = name;
    return (this.columns[index] = new Float64Array(this.size));
  }
}

async function digest(req: LaborPrefetchRequest): Promise<LaborDigest> {
  // 'auto' would first read the whole file to see whether it is UTF-8: read it as UTF-8 instead, and at
  // the first byte that is not, read it again as GB18030 — what auto detection makes of such a file
  // (Excel's 「CSV (逗号分隔)」 on a Chinese Windows), and what the main thread will read it as.
  const first = await readLabor(req, req.encoding === 'auto' ? 'utf8' : req.encoding);
  if (req.encoding === 'auto' && !first.ok && first.why === 'not utf8') return readLabor(req, 'gb18030');
  return first;
}

async function readLabor(req: LaborPrefetchRequest, encoding: Encoding): Promise<LaborDigest> {
  const spec = FILE_SPECS.find((s) => s.kind === 'labor')!;
  // The header's problems are the main thread's (it replays the text); these are dropped.
  const ctx = new FileContext(new Problems(), req.path, req.name);
  const reader = new TableReader(ctx, spec, () => () => {});
  const tok = new CsvTokenizer(reader.record, { maxFieldLength: MAX_FIELD_LENGTH, maxFields: MAX_COLUMNS, onIssue: reader.issue });
  const rec = new Recorder(tok, req.maxTextChars);
  const target = new LocalTarget(rec);
  target.reserve(Math.max(0, Math.floor(req.households)));
  const lane = new LaborFastLane(rec, reader, target, req.year, new Map(req.jobs.map((j) => [j, null])), req.hasDefault);
  // 1. The file.
  let res;
  try {
    res = await readTextFile(req.path, encoding, lane, { reuseChunks: true, stopAtProblem: true });
  } catch (e) {
    return { ok: false, why: e instanceof GiveUp ? 'text' : String((e as Error)?.message ?? e) };
  }
  // Any other problem is the main thread's to report, at its place.
  if (res.problem) return { ok: false, why: res.problem.notUtf8 === true ? 'not utf8' : 'encoding' };
  // 2. The households, once this thread has read them: each id looked up once, the sums put at the household's index.
  const { parts, count } = await households;
  const index = HouseholdIndex.view(parts);
  const ids = target.ids;
  const n = ids.count;
  const slot = new Int32Array(n);
  for (let k = 0, from = 0; k < n; k++) {
    const h = index.findUtf8(ids.bytes, from, ids.ends[k], ids.units[k], ids.hashes[k]);
    if (h < 0 || h >= count) return { ok: false, why: 'unknown id' }; // the general reader reports it
    slot[k] = h;
    from = ids.ends[k];
  }
  const totals = new Float64Array(count);
  const columns = target.columns.flatMap((c, j) => {
    if (c === null) return [];
    const days = new Float64Array(count);
    for (let k = 0; k < n; k++) days[slot[k]] = c[k];
    for (let h = 0; h < count; h++) totals[h] += days[h];
    return [{ name: target.names[j], days }];
  });
  return { ok: true, ops: rec.ops, sha256: res.sha256, encoding: res.encoding, households: count, totals, columns };
}

/** The main thread's household index, posted when households.csv is read (laborPrefetch.ts). */
const households = new Promise<HouseholdsMessage>((resolve) => parentPort!.once('message', resolve));

const req = workerData as LaborPrefetchRequest;
void digest(req).then(
  (d) => {
    const transfer = d.ok ? [d.totals.buffer, ...d.columns.map((c) => c.days.buffer)] : [];
    parentPort!.postMessage(d, transfer as ArrayBuffer[]);
  },
  (e: unknown) => parentPort!.postMessage({ ok: false, why: String((e as Error)?.stack ?? e) } satisfies LaborDigest),
);
