import { maxScale } from '../money/columns.js';
import { pow10, unitsAt } from '../money/exact.js';
import { sumsColumn, sumTerms, type Term } from '../money/sumTerms.js';
import { InternalError } from '../problems.js';
import { defineBasis, unitWords } from './types.js';

/** Σ time-weighted units × class weight, over the chosen classes (all by default). */
export const shareUnits = defineBasis({
  key: 'share_units',
  label: { zh: '按股数', en: 'by share units' },
  explain: { zh: '按股数', en: 'by share units' },
  unit: unitWords('股', 'unit', 'units'),
  table: 'shares.csv',
  classes: true,
  keys: [],
  weights({ rules, data, comp, classes: chosen }) {
    const classes = [...comp.unitsNum.keys()].filter((c) => chosen === null || chosen.includes(c));
    const ws = classes.map((c) => rules.shareClasses.get(c)!.weight);
    // Holders' classes count for the scale too, so their weights are exact over the same den.
    const s = maxScale([...ws, ...rules.shareHolders.map((h) => rules.shareClasses.get(h.class)!.weight)]);
    const terms: Term[] = [];
    classes.forEach((c, k) => {
      const w = unitsAt(ws[k], s);
      if (w === 0n) return;
      for (const t of comp.unitsTerms.get(c)!) terms.push({ values: t.values, mult: t.mult * w });
    });
    const n = data.households.length;
    return { weights: sumsColumn(sumTerms(n, terms), n), den: comp.unitsDen * pow10(s) };
  },
  // units × months / 12 × weight(class), over den = unitsDen × 10^s: exact (units have ≤ 4 decimals).
  holderWeights({ rules, classes: chosen }, den) {
    return rules.shareHolders.map((h) => {
      if (chosen !== null && !chosen.includes(h.class)) return 0n;
      const w = rules.shareClasses.get(h.class)!.weight;
      const num = h.units.units * BigInt(h.months) * w.units * den;
      const div = 12n * pow10(h.units.scale) * pow10(w.scale);
      if (num % div !== 0n) throw new InternalError('share holder weight is not exact over the basis denominator');
      return num / div;
    });
  },
});
