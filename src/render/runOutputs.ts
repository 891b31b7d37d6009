import type { Distribution } from '../engine/types.js';
import type { Dataset } from '../io/types.js';
import type { Rules } from '../rules/types.js';
import { csvBytes, type CsvEncoding } from './csvWrite.js';
import { payoutsCsv, writePayoutsCsv, type Lang } from './payoutsSheet.js';
import { buildSummary, summaryBytes, writeSummary, type Summary, type WarningLike } from './summaryJson.js';
import { waterfallRows } from './waterfallSheet.js';

export interface RenderOptions {
  lang: Lang;
  /** Of the CSV sheets; summary.json is always UTF-8 without BOM. */
  encoding: CsvEncoding;
  /** The run's summary when the caller built it (with its reconciliation checks); else built here. */
  summary?: Summary;
}

/** A file whose bytes are made when it is written (output/writeOutputDir.ts DeferredFile). */
export interface DeferredRender {
  name: string;
  render: (write: (bytes: Buffer) => void) => void;
  mode?: number;
}

export type RunFile = { name: string; data: Buffer; mode?: number };

/**
 * The files of one run, in a fixed order: payouts.csv, summary.json, waterfall.csv.
 * Pure: identical inputs give identical bytes (no timestamps, no absolute paths).
 */
export function renderRunOutputs(rules: Rules, dataset: Dataset, dist: Distribution, warnings: readonly WarningLike[], opts: RenderOptions): RunFile[];
/** `defer`: payouts.csv (a county's biggest file) is rendered when it is written. */
export function renderRunOutputs(
  rules: Rules,
  dataset: Dataset,
  dist: Distribution,
  warnings: readonly WarningLike[],
  opts: RenderOptions & { defer: true },
): (RunFile | DeferredRender)[];
export function renderRunOutputs(
  rules: Rules,
  dataset: Dataset,
  dist: Distribution,
  warnings: readonly WarningLike[],
  opts: RenderOptions & { defer?: boolean },
): (RunFile | DeferredRender)[] {
  return [
    // Full bank accounts: readable by the owner only.
    opts.defer
      ? { name: 'payouts.csv', render: (write) => writePayoutsCsv(rules, dataset, dist, opts.lang, opts.encoding, write), mode: 0o600 }
      : { name: 'payouts.csv', data: payoutsCsv(rules, dataset, dist, opts.lang, opts.encoding), mode: 0o600 },
    // Deferred too: with a warning per household (no account column) it is the size of payouts.csv.
    opts.defer
      ? { name: 'summary.json', render: (write) => writeSummary(opts.summary ?? buildSummary(rules, dataset, dist, warnings), write) }
      : { name: 'summary.json', data: summaryBytes(opts.summary ?? buildSummary(rules, dataset, dist, warnings)) },
    { name: 'waterfall.csv', data: csvBytes(waterfallRows(rules, dataset, dist, opts.lang), opts.encoding) },
  ];
}
