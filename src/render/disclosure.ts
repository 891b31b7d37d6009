import type { Distribution } from '../engine/types.js';
import type { Dataset } from '../io/types.js';
import type { Lang } from '../lang.js';
import type { Rules } from '../rules/types.js';
import type { Table } from './columns.js';
import { CsvBuilder, type CsvEncoding, type Row } from './csvWrite.js';
import { DISCLOSURE_KEYS, shownKeys, TOTAL_LABEL } from './householdColumns.js';
import { emitHouseholdSheet, householdRows, type SheetOptions } from './householdRows.js';
import { disclosureOptions } from './options.js';

/**
 * disclosure.csv, the 公示表: what may be posted for every member to check. Its figures are the
 * payouts sheet's (one column registry, one emitter), so they cannot differ from payouts.csv; the
 * personal columns are masked: ID number to its first 6 and last 4 characters, bank account to its
 * last 4, and, with `disclosure.mask_names: true`, the name to its first and last character.
 */

export { DISCLOSURE_KEYS };

function sheetOptions(rules: Rules, lang: Lang): SheetOptions {
  return { lang, posted: true, maskNames: disclosureOptions(rules).maskNames, totalLabel: TOTAL_LABEL[lang] };
}

/** The 公示表 as a table: header, one row per household in households.csv order, the 合计 row. */
export function disclosureTable(rules: Rules, data: Dataset, dist: Distribution, lang: Lang): Table {
  const [header, ...rest] = householdRows(DISCLOSURE_KEYS, data, dist, sheetOptions(rules, lang));
  const total = rest.pop()!;
  return { keys: shownKeys(DISCLOSURE_KEYS, data), header: header as string[], body: rest, total };
}

/** Header, households, 合计: the rows of disclosure.csv. */
export function disclosureRows(rules: Rules, data: Dataset, dist: Distribution, lang: Lang): Row[] {
  return householdRows(DISCLOSURE_KEYS, data, dist, sheetOptions(rules, lang));
}

/** disclosure.csv bytes: UTF-8 with BOM by default (as payouts.csv), GB18030 without BOM on request. */
export function disclosureCsv(rules: Rules, data: Dataset, dist: Distribution, opts: { lang: Lang; encoding?: CsvEncoding }): Buffer {
  const out = new CsvBuilder(opts.encoding ?? 'utf8', { bom: true, sizeHint: 128 * (data.households.length + 2), excelText: rules.csvExcelText });
  emitHouseholdSheet(out, DISCLOSURE_KEYS, data, dist, sheetOptions(rules, opts.lang));
  return out.bytes();
}

/** disclosure.csv's bytes, the same, handed to `write` a few MB at a time as they are made (`run` at county scale). */
export function writeDisclosureCsv(rules: Rules, data: Dataset, dist: Distribution, opts: { lang: Lang; encoding?: CsvEncoding }, write: (bytes: Buffer) => void): void {
  const out = new CsvBuilder(opts.encoding ?? 'utf8', { bom: true, excelText: rules.csvExcelText, flush: write });
  emitHouseholdSheet(out, DISCLOSURE_KEYS, data, dist, sheetOptions(rules, opts.lang));
  out.end();
}
