import type { Distribution } from '../engine/types.js';
import type { Dataset } from '../io/types.js';
import { formatFen, formatScaled } from '../money/fen.js';
import { InternalError } from '../problems.js';
import type { Rules } from '../rules/types.js';
import { amountInWords } from './amountInWords.js';
import { num, type Row } from './csvWrite.js';

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

/**
 * payouts.csv: the header, then one row per household in households.csv order (no total row:
 * the totals are in summary.json and waterfall.csv). `rules` is not needed for the figures; it is
 * taken so that every sheet renderer has the same inputs.
 */
export function payoutsRows(_rules: Rules, dataset: Dataset, dist: Distribution, lang: Lang): Row[] {
  if (dataset.households.length !== dist.households || dist.cols.netFen.length !== dist.households) {
    throw new InternalError(`payouts: ${dataset.households.length} households but a distribution of ${dist.households}`);
  }
  const header = PAYOUT_COLUMNS.map(([en, zh]) => (lang === 'en' ? en : zh));
  const c = dist.cols;
  const money = (col: BigInt64Array, i: number) => num(formatFen(col[i]));
  const rows: Row[] = [header];
  dataset.households.forEach((h, i) => {
    rows.push([
      h.id,
      h.name,
      h.village,
      h.category,
      num(formatScaled(c.laborDays100[i], 2)),
      money(c.wagesFen, i),
      money(c.landRentFen, i),
      num(formatScaled(c.shareUnits4[i], 4)),
      money(c.guaranteedFen, i),
      money(c.performanceFen, i),
      money(c.topupFen, i),
      money(c.totalFen, i),
      money(c.deductionsFen, i),
      money(c.netFen, i),
      amountInWords(c.netFen[i]),
      h.bankAccount,
    ]);
  });
  return rows;
}
