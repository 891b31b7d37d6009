import type { Distribution } from '../engine/types.js';
import type { Dataset } from '../io/types.js';
import type { Lang } from '../lang.js';
import type { Rules } from '../rules/types.js';
import { CsvBuilder, type CsvEncoding, type Row } from './csvWrite.js';
import { householdColumn, PAYOUT_KEYS } from './householdColumns.js';
import { emitHouseholdSheet, householdRows } from './householdRows.js';

export type { Lang };

/**
 * payouts.csv columns in SPEC §6 order: English name, Chinese label (from the column registry). Every
 * column a run may have: `persons` (SPEC §9.1) is written only by runs with persons (shownKeys).
 */
export const PAYOUT_COLUMNS: readonly (readonly [string, string])[] = PAYOUT_KEYS.map((k) => [k, householdColumn(k).zh] as const);

/**
 * payouts.csv: the header, then one row per household in households.csv order (no total row:
 * the totals are in summary.json and waterfall.csv). Full names and accounts: a 0600 file.
 * `rules` is not needed for the figures; it is taken so that every sheet renderer has the same inputs.
 */
export function payoutsRows(_rules: Rules, dataset: Dataset, dist: Distribution, lang: Lang): Row[] {
  return householdRows(PAYOUT_KEYS, dataset, dist, { lang, posted: false });
}

/** payouts.csv's bytes: the same emitter, written straight into the byte builder (a county has a million rows). */
export function payoutsCsv(rules: Rules, dataset: Dataset, dist: Distribution, lang: Lang, encoding: CsvEncoding): Buffer {
  const out = new CsvBuilder(encoding, { bom: true, sizeHint: 192 * (dataset.households.length + 1), excelText: rules.csvExcelText });
  emitHouseholdSheet(out, PAYOUT_KEYS, dataset, dist, { lang, posted: false });
  return out.bytes();
}

/** payouts.csv's bytes, the same, handed to `write` a few MB at a time as they are made (`run` at county scale). */
export function writePayoutsCsv(rules: Rules, dataset: Dataset, dist: Distribution, lang: Lang, encoding: CsvEncoding, write: (bytes: Buffer) => void): void {
  const out = new CsvBuilder(encoding, { bom: true, excelText: rules.csvExcelText, flush: write });
  emitHouseholdSheet(out, PAYOUT_KEYS, dataset, dist, { lang, posted: false });
  out.end();
}
