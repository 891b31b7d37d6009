/**
 * Reading BigInt64Array columns (the engine's per-household money) as JS numbers without allocating
 * a BigInt per read: every element access of a BigInt64Array creates a heap BigInt, and at a million
 * households × a dozen columns that garbage dominated rendering. The two 32-bit halves of each
 * element are read instead; a value is returned only when it is a safe integer (|v| < 2^53), where
 * a JS number holds it exactly. Otherwise NaN: the caller then uses the bigint itself.
 * Writes the same way: set() stores a safe integer without creating a BigInt.
 */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const TWO_32 = 4294967296;

export class SafeColumn {
  private readonly halves: Int32Array;
  private readonly lo: number;
  readonly col: BigInt64Array;

  constructor(col: BigInt64Array) {
    this.col = col;
    this.halves = new Int32Array(col.buffer, col.byteOffset, col.length * 2);
    this.lo = LITTLE_ENDIAN ? 0 : 1;
  }

  /** Stores a safe integer (|x| < 2^53) as element i, without a BigInt: its two's complement halves. */
  set(i: number, x: number): void {
    const hi = Math.floor(x / TWO_32);
    this.halves[2 * i + this.lo] = x - hi * TWO_32; // 0 ≤ low half < 2^32, stored as its bit pattern
    this.halves[2 * i + 1 - this.lo] = hi;
  }

  /** The element as an exact number, or NaN when it is not a safe integer. */
  at(i: number): number {
    const hi = this.halves[2 * i + 1 - this.lo];
    if (hi <= -0x200000 || hi >= 0x200000) return NaN;
    return hi * TWO_32 + (this.halves[2 * i + this.lo] >>> 0);
  }
}

/** Σ of a column, exact: in numbers while every partial sum is a safe integer, else in bigint. */
export function exactSum(col: BigInt64Array): bigint {
  const v = new SafeColumn(col);
  let s = 0;
  for (let i = 0; i < col.length; i++) {
    const x = v.at(i);
    const t = s + x;
    if (!(t >= -Number.MAX_SAFE_INTEGER && t <= Number.MAX_SAFE_INTEGER)) return bigSum(col);
    s = t;
  }
  return BigInt(s);
}

function bigSum(col: BigInt64Array): bigint {
  let s = 0n;
  for (let i = 0; i < col.length; i++) s += col[i];
  return s;
}

/** Is x an integer that a JS number holds exactly (|x| < 2^53)? NaN is not. */
export function isSafe(x: number): boolean {
  return x <= Number.MAX_SAFE_INTEGER && x >= -Number.MAX_SAFE_INTEGER;
}

/**
 * out[i] = Σ_k cols[k][i] − Σ_k minus[k][i] for every i, exact: in numbers where every term and
 * the result are safe integers (partial sums of safe terms then stay exact: |Σ| < 2^53 is checked
 * on the way), in bigint for the rest.
 */
export function combineColumns(out: BigInt64Array, plus: readonly BigInt64Array[], minus: readonly BigInt64Array[] = []): void {
  const o = new SafeColumn(out);
  const p = plus.map((c) => new SafeColumn(c));
  const m = minus.map((c) => new SafeColumn(c));
  for (let i = 0; i < out.length; i++) {
    let s = 0;
    for (let k = 0; k < p.length && s === s; k++) {
      s += p[k].at(i);
      if (!isSafe(s)) s = NaN;
    }
    for (let k = 0; k < m.length && s === s; k++) {
      s -= m[k].at(i);
      if (!isSafe(s)) s = NaN;
    }
    if (s === s) o.set(i, s);
    else {
      let b = 0n;
      for (const c of plus) b += c[i];
      for (const c of minus) b -= c[i];
      out[i] = b;
    }
  }
}
