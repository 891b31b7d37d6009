/** Small helpers over per-household bigint columns. */

export function newColumn(n: number): BigInt64Array {
  return new BigInt64Array(n);
}

export function sumColumn(col: ArrayLike<bigint>): bigint {
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
