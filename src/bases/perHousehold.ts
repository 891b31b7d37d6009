import { defineBasis, unitWords } from './types.js';

/** One share per household. */
export const perHousehold = defineBasis({
  key: 'per_household',
  label: { zh: '按户', en: 'per household' },
  explain: { zh: '按户平均', en: 'per household' },
  unit: unitWords('户', 'household', 'households'),
  table: 'households.csv',
  classes: false,
  keys: [],
  weights: ({ data }) => ({ weights: new BigInt64Array(data.households.length).fill(1n), den: 1n }),
});
