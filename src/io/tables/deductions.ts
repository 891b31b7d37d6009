/** deductions.csv (扣减, SPEC §3): Σ amount in fen per household, taken off its payout. */
import type { NumberRule } from '../datasetBuilder.js';
import { sumPerHousehold } from './sumPerHousehold.js';
import type { TableFold } from './tableFold.js';

const AMOUNT: NumberRule = { col: 'amount', zh: '金额', scale: 2, max: 1e12, maxText: '1 万亿元 (10^12 元)', money: true, positive: true };

export const deductions: TableFold = {
  rows: (b, ctx, cols) => sumPerHousehold(b, ctx, cols, 'amount', AMOUNT, b.ds.deductionsFen),
  finish: (b, reader) => b.checkSums(reader.ctx, b.ds.deductionsFen, '扣减合计 (deductions)'),
};
