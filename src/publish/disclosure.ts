import type { Distribution } from '../engine/types.js';
import type { Dataset } from '../io/types.js';
import { InternalError } from '../problems.js';
import { CsvBuilder, type CsvEncoding, type Row } from '../report/csvWrite.js';
import { HouseholdFigures } from '../report/figures.js';
import { PAYOUT_COLUMNS, payoutsRows, type Lang } from '../report/payoutsSheet.js';
import type { Rules } from '../rules/types.js';
import { totalRow, totalRowOfColumns, type Table } from './columns.js';
import { maskAccount, maskIdNumber, maskName } from '../privacy/mask.js';
import { disclosureOptions } from './options.js';

/**
 * disclosure.csv, the 公示表: what may be posted for every member to check. The figures are the
 * payouts sheet's cells (both come from HouseholdFigures), so they cannot differ from payouts.csv; the personal columns
 * are masked: ID number to its first 6 and last 4 characters, bank account to its last 4, and,
 * with `disclosure.mask_names: true`, the name to its first and last character.
 */

export const DISCLOSURE_KEYS = [
  'household_id',
  'name',
  'village',
  'category',
  'id_number',
  'bank_account',
  'labor_days',
  'wages',
  'land_rent',
  'share_units',
  'guaranteed_dividend',
  'performance_dividend',
  'floor_topup',
  'total',
  'deductions',
  'net_payable',
] as const;

const LABELS: Record<string, readonly [string, string]> = Object.fromEntries([
  ...PAYOUT_COLUMNS.map(([en, zh]) => [en, [en, zh] as const]),
  ['id_number', ['id_number', '身份证号'] as const],
]);

export function columnLabel(key: string, lang: Lang): string {
  const l = LABELS[key];
  if (!l) throw new InternalError(`publish: no label for column ${key}`);
  return lang === 'en' ? l[0] : l[1];
}

export const TOTAL_LABEL = { zh: '合计', en: 'Total' } as const;

/** The 公示表 as a table: header, one row per household in households.csv order, the 合计 row. */
export function disclosureTable(rules: Rules, data: Dataset, dist: Distribution, lang: Lang): Table {
  const { maskNames } = disclosureOptions(rules);
  const payouts = payoutsRows(rules, data, dist, lang);
  const payoutKeys = PAYOUT_COLUMNS.map(([en]) => en);
  const from = (key: string) => payoutKeys.indexOf(key);
  const keys = [...DISCLOSURE_KEYS];
  const body: Row[] = data.households.map((h, i) => {
    const src = payouts[i + 1];
    return keys.map((key) => {
      switch (key) {
        case 'name':
          return maskNames ? maskName(h.name) : h.name;
        case 'id_number':
          return maskIdNumber(h.idNumber);
        case 'bank_account':
          return maskAccount(h.bankAccount, lang);
        default: {
          const j = from(key);
          if (j < 0) throw new InternalError(`publish: payouts sheet has no column ${key}`);
          return src[j];
        }
      }
    });
  });
  const table: Table = { keys, header: keys.map((k) => columnLabel(k, lang)), body, total: null };
  table.total = totalRow(table, dist, TOTAL_LABEL[lang]);
  return table;
}

/** Header, households, 合计: the rows of disclosure.csv. */
export function disclosureRows(rules: Rules, data: Dataset, dist: Distribution, lang: Lang): Row[] {
  const t = disclosureTable(rules, data, dist, lang);
  return [t.header, ...t.body, ...(t.total ? [t.total] : [])];
}

/**
 * disclosure.csv bytes: UTF-8 with BOM by default (as payouts.csv), GB18030 without BOM on request.
 * The cells of disclosureRows, written row by row from the Distribution (a county has a million
 * rows: no intermediate tables); the 合计 row is added up from the bigint columns.
 */
export function disclosureCsv(rules: Rules, data: Dataset, dist: Distribution, opts: { lang: Lang; encoding?: CsvEncoding }): Buffer {
  const lang = opts.lang;
  if (data.households.length !== dist.households || dist.cols.netFen.length !== dist.households) {
    throw new InternalError(`disclosure: ${data.households.length} households but a distribution of ${dist.households}`);
  }
  const { maskNames } = disclosureOptions(rules);
  const out = new CsvBuilder(opts.encoding ?? 'utf8', { bom: true, sizeHint: 128 * (data.households.length + 2) });
  for (const key of DISCLOSURE_KEYS) out.cell(columnLabel(key, lang));
  out.endRow();
  const fig = new HouseholdFigures(dist);
  const households = data.households;
  // In DISCLOSURE_KEYS order.
  for (let i = 0; i < households.length; i++) {
    const h = households[i];
    out.cell(h.id);
    out.cell(maskNames ? maskName(h.name) : h.name);
    out.cell(h.village);
    out.cell(h.category);
    out.cell(maskIdNumber(h.idNumber));
    out.cell(maskAccount(h.bankAccount, lang));
    fig.writeComponents(out, i);
    out.endRow();
  }
  for (const c of totalRowOfColumns(DISCLOSURE_KEYS, dist, TOTAL_LABEL[lang])) {
    if (typeof c === 'string') out.cell(c);
    else out.num(c.num);
  }
  out.endRow();
  return out.bytes();
}
