import { maxScale } from '../money/columns.js';
import { pow10, unitsAt } from '../money/exact.js';
import { sumsColumn, sumTerms, type Term } from '../money/sumTerms.js';
import { defineBasis, unitWords } from './types.js';

/** 按交易量返还 (SPEC §9.5): Σ amount in 元, or with `by: quantity` Σ quantity × product weight. */
export const transactions = defineBasis({
  key: 'transactions',
  label: { zh: '按交易额', en: 'by transactions' },
  explain: { zh: '按交易额', en: 'by transactions' },
  unit: unitWords('元交易额', '元 of transactions', '元 of transactions'),
  table: 'transactions.csv',
  classes: false,
  keys: ['by', 'product_weights'],
  unitOf: (rule) => (rule.by === 'quantity' ? unitWords('单位交易量', 'unit of quantity', 'units of quantity') : unitWords('元交易额', '元 of transactions', '元 of transactions')),
  weights: ({ data, rule }) => {
    const n = data.households.length;
    if (rule.by === 'amount') {
      const fen = data.transactionsFen ?? new Float64Array(n);
      return { weights: sumsColumn(sumTerms(n, [{ values: fen, mult: 1n }]), n), den: 100n };
    }
    const pw = rule.productWeights;
    const s = pw ? maxScale(pw.values()) : 0;
    const terms: Term[] = [];
    for (const [product, q] of data.transactionQuantity) {
      const w = pw ? pw.get(product) : { units: 1n, scale: 0 };
      const mult = w ? unitsAt(w, s) : 0n; // the reader refused products not listed
      if (mult !== 0n) terms.push({ values: q, mult });
    }
    return { weights: sumsColumn(sumTerms(n, terms), n), den: 10_000n * pow10(s) };
  },
});
