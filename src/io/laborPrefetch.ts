/**
 * labor.csv on the second core (issue 14). A county's labor file is the largest input, and it needs
 * the household index only for its lookups; so a worker (laborWorker.ts) reads it from the start of
 * the run while this thread reads households.csv, land.csv and shares.csv. Once households.csv is
 * read, the index (in shared memory, never written again) is posted to the worker, which looks up
 * the ids it met and sums per household. When labor's turn comes, `replayLabor` feeds the worker's
 * record of the read to this thread's tokenizer and reader exactly as the file would have been (the
 * text of every line the lane did not take, a count for the lines it took) and adds the worker's
 * sums: the reader, its problems and the Dataset are the same as reading the file here. The sums are
 * of days × 100, integers below 2^53 (checkSums reports any above), so adding them in another order
 * gives the same numbers.
 *
 * The worker gives up (and this thread reads the file itself, as before) on anything unusual: a file
 * the lane mostly cannot take (GBK, quoted ids…), an encoding problem, an unreadable file, a worker
 * that fails to start. An id the lane took that is not a household also means reading it here: only
 * the general reader reports E_UNKNOWN_HOUSEHOLD, at its line.
 */
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FileSpec } from './columns.js';
import { CsvTokenizer } from './csvTokenizer.js';
import type { DatasetBuilder } from './datasetBuilder.js';
import type { Encoding } from './encoding.js';
import type { HouseholdIndex, IndexParts } from './householdIndex.js';
import { FileContext } from './fileContext.js';
import type { Problems } from '../problems.js';
import type { Rules } from '../rules/types.js';
import { MAX_COLUMNS, MAX_FIELD_LENGTH, TableReader } from './tableReader.js';
import type { ReadOptions } from './types.js';

/** Below this size the worker's start (≈ 50 ms) costs more than it saves. Tests lower it, and point `url` at the built worker. */
export const laborPrefetchSwitch = {
  minBytes: 16 << 20,
  url: new URL('./laborWorker.js', import.meta.url),
  /** Text the worker records before giving up (the lines the lane cannot take). */
  maxTextChars: 8 << 20,
};

/** How often a worker's read was used, or the file read here after all (the tests check the worker path is taken). */
export const laborPrefetchStats = { replayed: 0, readHere: 0 };

export interface LaborPrefetchRequest {
  path: string;
  name: string;
  encoding: 'auto' | Encoding;
  year: number;
  jobs: string[];
  hasDefault: boolean;
  maxTextChars: number;
  /** About how many households there are (a hint for the worker's table of ids). */
  households: number;
}

/** Text for the tokenizer, a run of lines the lane took, or a job the lane took for the first time. */
export type LaneOp = string | number | { job: string };

export type LaborDigest =
  | {
      ok: true;
      ops: LaneOp[];
      sha256: string;
      encoding: Encoding;
      /** The households it was looked up in (their count when the index was posted). */
      households: number;
      /** Σ days × 100 of the rows the lane took, per household, in total and per job (jobs in the order the lane met them). */
      totals: Float64Array;
      columns: { name: string; days: Float64Array }[];
    }
  | { ok: false; why: string };

/** Posted to the worker once households.csv is read: the index in shared memory (never written again), and the number of households. */
export interface HouseholdsMessage {
  parts: IndexParts;
  count: number;
}

export interface LaborPrefetch {
  path: string;
  /** households.csv's turn is over: the worker may look its ids up. */
  households(index: HouseholdIndex, count: number): void;
  result: Promise<LaborDigest>;
  cancel(): void;
}

/** Starts the worker on `path` when it can help; null when this thread should read it as before. */
export function prefetchLabor(path: string, name: string, rules: Rules | null, opts: ReadOptions, laneOn: boolean, households: number): LaborPrefetch | null {
  if (rules === null || !laneOn || opts.detailFor !== undefined || (opts.maxRows ?? Infinity) !== Infinity) return null;
  const sw = laborPrefetchSwitch;
  try {
    if (statSync(path).size < sw.minBytes || !existsSync(fileURLToPath(sw.url))) return null;
  } catch {
    return null;
  }
  const req: LaborPrefetchRequest = {
    path,
    name,
    encoding: opts.encoding,
    year: rules.year,
    jobs: [...rules.wages.perDay.keys()],
    hasDefault: rules.wages.defaultPerDay !== null,
    maxTextChars: sw.maxTextChars,
    households,
  };
  let worker: Worker;
  try {
    worker = new Worker(sw.url, { workerData: req });
  } catch {
    return null;
  }
  // Never keeps the process alive: a run stopped early (a signal, an internal error) just ends.
  worker.unref();
  const result = new Promise<LaborDigest>((resolve) => {
    worker.once('message', (d: LaborDigest) => resolve(d));
    worker.once('error', (e) => resolve({ ok: false, why: String(e) }));
    worker.once('exit', (code) => resolve({ ok: false, why: `exit ${code}` }));
  });
  return {
    path,
    households: (index, count) => worker.postMessage({ parts: index.parts, count } satisfies HouseholdsMessage),
    result,
    cancel: () => void worker.terminate(),
  };
}

export interface ReplayedTable {
  reader: TableReader;
  aborted: false;
}

/**
 * Labor's turn: the worker's read replayed into `b` (null: read the file here instead, nothing of it
 * done yet). Everything this does is what readCsvTable would do with the lane on the same bytes.
 */
export function replayLabor(d: LaborDigest, path: string, name: string, spec: FileSpec, b: DatasetBuilder, problems: Problems): ReplayedTable | null {
  if (!d.ok || d.households !== b.ds.households.length) {
    laborPrefetchStats.readHere++;
    return null;
  }
  // The worker's arrays become the Dataset's (no second copy of a million households' sums): labor
  // is the only table adding to laborDays, and a job's column is taken over where the lane met the
  // job first, so the Map keeps the jobs in file order. The rows replayed here add to them.
  b.ds.laborDays = d.totals;
  const byJob = new Map(d.columns.map((c) => [c.name, c.days]));
  const ctx = new FileContext(problems, path, name);
  const reader = new TableReader(ctx, spec, b.factory(spec.kind, ctx));
  const tok = new CsvTokenizer(reader.record, { maxFieldLength: MAX_FIELD_LENGTH, maxFields: MAX_COLUMNS, onIssue: reader.issue });
  for (const op of d.ops) {
    if (typeof op === 'string') tok.push(op);
    else if (typeof op === 'number') {
      tok.skipLines(op);
      reader.countRows(op);
    } else {
      const days = byJob.get(op.job);
      if (days !== undefined && !b.ds.laborDaysByJob.has(op.job)) {
        b.ds.laborDaysByJob.set(op.job, days);
        byJob.delete(op.job);
      } else b.laborColumn(op.job);
    }
  }
  tok.end();
  reader.end();
  // A job whose column a replayed row made before the lane met it: the lane's days are added to it.
  for (const [job, days] of byJob) {
    const col = b.laborColumn(job);
    for (let h = 0; h < d.households; h++) col[h] += days[h];
  }
  b.ds.inputs.push({ file: name, sha256: d.sha256, rows: reader.rows, encoding: d.encoding });
  laborPrefetchStats.replayed++;
  return { reader, aborted: false };
}
