import { defineBasis, unitWords } from './types.js';

/** The household's wages in fen (SPEC §5 step 1). */
export const wages = defineBasis({
  key: 'wages',
  label: { zh: '按务工工资', en: 'by wages' },
  explain: { zh: '按务工工资', en: 'by wages' },
  unit: unitWords('元工资', '元 of wages', '元 of wages'),
  table: 'labor.csv',
  classes: false,
  keys: [],
  weights: ({ comp }) => ({ weights: comp.wagesFen, den: 100n }),
});
