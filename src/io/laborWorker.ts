/**
 * A worker thread that reads labor.csv while the main thread reads households.csv, land.csv and
 * shares.csv (laborPrefetch.ts starts it; issue 14: the second core). It runs the same reader as the
 * main thread would — readTextFile, the tokenizer, a TableReader for the header, the labor fast lane —
 * but cannot look ids up (the households are not read yet): each id the lane takes gets a local
 * number (IdInterner) and its days are summed per local number and job. Everything else is recorded
 * in order, as the main thread's tokenizer would have been fed it: the text of the lines the lane did
 * not take, the runs of lines it took, the jobs in the order the lane first took them. The main
 * thread replays that record through its own reader (every problem at its line, as always) and adds
 * the sums once the ids are looked up; it reads the file itself instead when the worker gives up.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { FILE_SPECS } from './columns.js';
import { CsvTokenizer } from './csvTokenizer.js';
import { readTextFile } from './encoding.js';
import { FileContext } from './fileContext.js';
import { grown, IdInterner } from './idInterner.js';
import { LaborFastLane, type LaborLaneTarget, type LaneTokenizer } from './laborFastLane.js';
import type { LaborDigest, LaborPrefetchRequest, LaneOp } from './laborPrefetch.js';
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
  skipLine(): void {
    this.tok.skipLine();
    const ops = this.ops;
    const last = ops[ops.length - 1];
    if (typeof last === 'number') ops[ops.length - 1] = last + 1;
    else ops.push(1);
  }
  job(name: string): void {
    this.ops.push({ job: name });
  }
}

/** Sums per local id (the ids are numbered as met). */
class LocalTarget implements LaborLaneTarget {
  readonly ids = new IdInterner();
  totals = new Float64Array(1024);
  readonly columns: (Float64Array | null)[] = [];
  readonly names: string[] = [];
  constructor(private readonly rec: Recorder) {}
  reserve(rows: number): void {
    this.ids.reserve(rows);
    const need = this.ids.count + rows;
    if (need <= this.totals.length) return;
    const size = Math.max(2 * this.totals.length, need);
    this.totals = grown(this.totals, size);
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
    return (this.columns[index] = new Float64Array(this.totals.length));
  }
}

async function digest(req: LaborPrefetchRequest): Promise<LaborDigest> {
  const spec = FILE_SPECS.find((s) => s.kind === 'labor')!;
  // The header's problems are the main thread's (it replays the text); these are dropped.
  const ctx = new FileContext(new Problems(), req.path, req.name);
  const reader = new TableReader(ctx, spec, () => () => {});
  const tok = new CsvTokenizer(reader.record, { maxFieldLength: MAX_FIELD_LENGTH, maxFields: MAX_COLUMNS, onIssue: reader.issue });
  const rec = new Recorder(tok, req.maxTextChars);
  const target = new LocalTarget(rec);
  const lane = new LaborFastLane(rec, reader, target, req.year, new Map(req.jobs.map((j) => [j, null])), req.hasDefault);
  let res;
  try {
    res = await readTextFile(req.path, req.encoding, lane);
  } catch (e) {
    return { ok: false, why: e instanceof GiveUp ? 'text' : String((e as Error)?.message ?? e) };
  }
  if (res.problem) return { ok: false, why: 'encoding' };
  const ids = target.ids;
  const n = ids.count;
  const columns = target.columns.flatMap((c, j) => (c ? [{ name: target.names[j], days: c.slice(0, n) }] : []));
  return {
    ok: true,
    ops: rec.ops,
    sha256: res.sha256,
    encoding: res.encoding,
    count: n,
    idBytes: ids.bytes.slice(0, n === 0 ? 0 : ids.ends[n - 1]),
    idEnds: ids.ends.slice(0, n),
    idUnits: ids.units.slice(0, n),
    idHashes: ids.hashes.slice(0, n),
    totals: target.totals.slice(0, n),
    columns,
  };
}

const req = workerData as LaborPrefetchRequest;
void digest(req).then(
  (d) => {
    const transfer = d.ok ? [d.idBytes.buffer, d.idEnds.buffer, d.idUnits.buffer, d.idHashes.buffer, d.totals.buffer, ...d.columns.map((c) => c.days.buffer)] : [];
    parentPort!.postMessage(d, transfer as ArrayBuffer[]);
  },
  (e: unknown) => parentPort!.postMessage({ ok: false, why: String((e as Error)?.stack ?? e) } satisfies LaborDigest),
);
