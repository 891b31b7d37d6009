import { sumsColumn, sumTerms } from '../money/sumTerms.js';
import { defineBasis, unitWords } from './types.js';

/** points.csv's 积分 (×10^4 in the reader). */
export const points = defineBasis({
  key: 'points',
  label: { zh: '按积分', en: 'by points' },
  explain: { zh: '按积分', en: 'by points' },
  unit: unitWords('积分', 'point', 'points'),
  table: 'points.csv',
  classes: false,
  keys: [],
  weights: ({ data }) => {
    const n = data.households.length;
    return { weights: sumsColumn(sumTerms(n, [{ values: data.points, mult: 1n }]), n), den: 10_000n };
  },
});
