import type { Distribution } from '../engine/types.js';
import type { Dataset } from '../io/types.js';
import { InternalError } from '../problems.js';
import type { Rules } from '../rules/types.js';
import { CsvBuilder, num, type CsvEncoding, type Row } from './csvWrite.js';
import { HouseholdFigures } from './figures.js';

export type Lang = 'zh' | 'en';

/** payouts.csv columns in SPEC §6 order: English name, Chinese label. */
export const PAYOUT_COLUMNS: readonly (readonly [string, string])[] = [
  ['household_id', '户号'],
  ['name', '户主'],
  ['village', '村组'],
  ['category', '类别'],
  ['labor_days', '工日'],
  ['wages', '务工工资'],
  ['land_rent', '土地租金'],
  ['share_units', '股数'],
  ['guaranteed_dividend', '保底分红'],
  ['performance_dividend', '效益分红'],
  ['floor_topup', '兜底补差'],
  ['total', '应分合计'],
  ['deductions', '扣减'],
  ['net_payable', '实发金额'],
  ['net_payable_words', '实发金额大写'],
  ['bank_account', '银行账号'],
];

function checkSize(dataset: Dataset, dist: Distribution, what: string): void {
  if (dataset.households.length !== dist.households || dist.cols.netFen.length !== dist.households) {
    throw new InternalError(`${what}: ${dataset.households.length} households but a distribution of ${dist.households}`);
  }
}

/**
 * payouts.csv: the header, then one row per household in households.csv order (no total row:
 * the totals are in summary.json and waterfall.csv). `rules` is not needed for the figures; it is
 * taken so that every sheet renderer has the same inputs.
 */
export function payoutsRows(_rules: Rules, dataset: Dataset, dist: Distribution, lang: Lang): Row[] {
  checkSize(dataset, dist, 'payouts');
  const header = PAYOUT_COLUMNS.map(([en, zh]) => (lang === 'en' ? en : zh));
  const fig = new HouseholdFigures(dist);
  const rows: Row[] = [header];
  dataset.households.forEach((h, i) => {
    rows.push([
      h.id,
      h.name,
      h.village,
      h.category,
      num(fig.laborDays(i)),
      num(fig.money(fig.wagesFen, i)),
      num(fig.money(fig.landRentFen, i)),
      num(fig.shareUnits(i)),
      num(fig.money(fig.guaranteedFen, i)),
      num(fig.money(fig.performanceFen, i)),
      num(fig.money(fig.topupFen, i)),
      num(fig.money(fig.totalFen, i)),
      num(fig.money(fig.deductionsFen, i)),
      num(fig.money(fig.netFen, i)),
      fig.netWords(i),
      h.bankAccount,
    ]);
  });
  return rows;
}

/**
 * payouts.csv's bytes: the cells of payoutsRows, written row by row without building the rows
 * (a county has a million of them).
 */
export function payoutsCsv(_rules: Rules, dataset: Dataset, dist: Distribution, lang: Lang, encoding: CsvEncoding): Buffer {
  checkSize(dataset, dist, 'payouts');
  const out = new CsvBuilder(encoding, { bom: true, sizeHint: 192 * (dataset.households.length + 1) });
  for (const [en, zh] of PAYOUT_COLUMNS) out.cell(lang === 'en' ? en : zh);
  out.endRow();
  const fig = new HouseholdFigures(dist);
  const households = dataset.households;
  for (let i = 0; i < households.length; i++) {
    const h = households[i];
    out.cell(h.id);
    out.cell(h.name);
    out.cell(h.village);
    out.cell(h.category);
    fig.writeComponents(out, i);
    out.cell(fig.netWords(i));
    out.cell(h.bankAccount);
    out.endRow();
  }
  return out.bytes();
}
