/**
 * Exact per-household sums of products (Σ_t values_t[h] × mult_t), the building block of every
 * component and basis weight. Computed in JS numbers when a bound on the largest value shows every
 * step is exact (all terms are non-negative integers), in bigint otherwise: the same results either
 * way, without a BigInt per household in the usual case.
 */
import { big, newColumn } from './columns.js';
import { SafeColumn } from './columnView.js';
import { roundHalfUp, roundHalfUpNum } from './exact.js';

/** Σ values[h] × mult over some terms: the per-household numerator of one component. */
export interface Term {
  values: ArrayLike<number>; // exact non-negative integers (Float64 sums of the readers)
  mult: bigint; // ≥ 0
}

/** Exact per-household sums: numbers when all are below `bound` < 2^52, else bigint. */
export type Sums = { num: Float64Array; bound: number } | { big: bigint[] };

/** Bounds stay below 2^52: every sum, product and rounding step below then stays under 2^53. */
const LIMIT = 2 ** 52;
const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function maxOf(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) if (values[i] > m) m = values[i];
  return m;
}

/** Σ_t values_t[h] × mult_t for every h. */
export function sumTerms(n: number, terms: readonly Term[]): Sums {
  let bound = 0;
  for (const t of terms) bound += t.mult <= SAFE ? maxOf(t.values) * Number(t.mult) : Infinity;
  if (bound < LIMIT) {
    const num = new Float64Array(n);
    for (const t of terms) {
      const m = Number(t.mult);
      const v = t.values;
      for (let h = 0; h < n; h++) if (v[h] !== 0) num[h] += v[h] * m;
    }
    return { num, bound };
  }
  const sums = new Array<bigint>(n).fill(0n);
  for (const t of terms) for (let h = 0; h < n; h++) if (t.values[h] !== 0) sums[h] += big(t.values[h]) * t.mult;
  return { big: sums };
}

/** The sums as a column of exact integers (BigInt64Array when they fit in 64 bits, as they do in practice). */
export function sumsColumn(sums: Sums, n: number): ArrayLike<bigint> {
  if ('num' in sums) {
    const out = newColumn(n);
    const col = new SafeColumn(out);
    for (let h = 0; h < n; h++) col.set(h, sums.num[h]);
    return out;
  }
  return sums.big;
}


/** out[h] = round(sums[h] × factor / den), half up. */
export function roundSums(out: BigInt64Array, sums: Sums, factor: bigint, den: bigint): void {
  if ('num' in sums && 2 * sums.bound * Number(factor) + 3 * Number(den) < LIMIT) {
    const f = Number(factor);
    const d = Number(den);
    const col = new SafeColumn(out);
    for (let h = 0; h < out.length; h++) col.set(h, sums.num[h] === 0 ? 0 : roundHalfUpNum(sums.num[h] * f, d));
    return;
  }
  for (let h = 0; h < out.length; h++) out[h] = roundHalfUp(sumAt(sums, h) * factor, den);
}

function sumAt(sums: Sums, h: number): bigint {
  return 'num' in sums ? big(sums.num[h]) : sums.big[h];
}

