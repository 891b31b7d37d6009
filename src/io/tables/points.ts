/** points.csv (积分, SPEC §3): Σ points per household. */
import type { NumberRule } from '../datasetBuilder.js';
import { sumPerHousehold } from './sumPerHousehold.js';
import type { TableFold } from './tableFold.js';

const POINTS: NumberRule = { col: 'points', zh: '积分', scale: 4, max: 1e9, maxText: '10 亿 (10^9)', money: false, positive: false };

export const points: TableFold = {
  rows: (b, ctx, cols) => sumPerHousehold(b, ctx, cols, 'points', POINTS, b.ds.points),
  finish: (b, reader) => b.checkSums(reader.ctx, b.ds.points, '积分合计 (points)'),
};
