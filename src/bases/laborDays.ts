import { defineBasis, unitWords } from './types.js';

/** Labor days (×100 in the components). */
export const laborDays = defineBasis({
  key: 'labor_days',
  label: { zh: '按工日', en: 'by labor days' },
  explain: { zh: '按工日', en: 'by labor days' },
  unit: unitWords('工日', 'labor day', 'labor days'),
  table: 'labor.csv',
  classes: false,
  keys: [],
  weights: ({ comp }) => ({ weights: comp.laborDays100, den: 100n }),
});
