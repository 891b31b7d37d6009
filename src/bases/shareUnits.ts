import { maxScale } from '../money/columns.js';
import { pow10, unitsAt } from '../money/exact.js';
import { sumsColumn, sumTerms, type Term } from '../money/sumTerms.js';
import { defineBasis } from './types.js';

/** Σ time-weighted units × class weight, over the chosen classes (all by default). */
export const shareUnits = defineBasis({
  key: 'share_units',
  label: { zh: '按股数', en: 'by share units' },
  explain: { zh: '按股数', en: 'by share units' },
  table: 'shares.csv',
  classes: true,
  weights({ rules, data, comp, classes: chosen }) {
    const classes = [...comp.unitsNum.keys()].filter((c) => chosen === null || chosen.includes(c));
    const ws = classes.map((c) => rules.shareClasses.get(c)!.weight);
    const s = maxScale(ws);
    const terms: Term[] = [];
    classes.forEach((c, k) => {
      const w = unitsAt(ws[k], s);
      if (w === 0n) return;
      for (const t of comp.unitsTerms.get(c)!) terms.push({ values: t.values, mult: t.mult * w });
    });
    const n = data.households.length;
    return { weights: sumsColumn(sumTerms(n, terms), n), den: comp.unitsDen * pow10(s) };
  },
});
