/** Small helpers over per-household bigint columns. */
import { exactSum } from './columnView.js';

export function newColumn(n: number): BigInt64Array {
  return new BigInt64Array(n);
}

/** Σ of a column, exact (a BigInt64Array is added in JS numbers while that is exact). */
export function sumColumn(col: ArrayLike<bigint>): bigint {
  if (col instanceof BigInt64Array) return exactSum(col);
  let s = 0n;
  for (let i = 0; i < col.length; i++) s += col[i];
  return s;
}

/** Integer-valued Float64 sums from the readers, as bigint. */
export function big(x: number): bigint {
  return x === 0 ? 0n : BigInt(x);
}

/** Highest decimal scale among some exact numbers (0 for none). */
export function maxScale(xs: Iterable<{ scale: number }>): number {
  let s = 0;
  for (const x of xs) if (x.scale > s) s = x.scale;
  return s;
}
