/**
 * Exact decimals as scaled integers: value = units / 10^scale.
 * Rule numbers (rates, percents, weights) are kept exactly as written, never as binary floats.
 */
export interface Exact {
  units: bigint;
  scale: number;
}

const PLAIN_DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/** Parses a plain non-negative decimal ("12", "1.2", "0.0625"). Returns null for anything else. */
export function parseExact(text: string): Exact | null {
  const m = PLAIN_DECIMAL.exec(text);
  if (!m) return null;
  const frac = m[2] ?? '';
  return { units: BigInt(m[1] + frac), scale: frac.length };
}

export function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

/** The value scaled to `scale` decimals; `scale` must be ≥ the value's own scale. */
export function unitsAt(x: Exact, scale: number): bigint {
  if (scale < x.scale) throw new RangeError(`unitsAt: scale ${scale} < ${x.scale}`);
  return x.units * pow10(scale - x.scale);
}

/** Canonical text without trailing zeros ("1.50" → "1.5", "12.0" → "12"). */
export function exactToString(x: Exact): string {
  const neg = x.units < 0n;
  let digits = (neg ? -x.units : x.units).toString();
  if (x.scale === 0) return (neg ? '-' : '') + digits;
  digits = digits.padStart(x.scale + 1, '0');
  const int = digits.slice(0, digits.length - x.scale);
  const frac = digits.slice(digits.length - x.scale).replace(/0+$/, '');
  return (neg ? '-' : '') + int + (frac ? '.' + frac : '');
}

/** round(num / den) half up (四舍五入, away from zero for halves); den > 0. */
export function roundHalfUp(num: bigint, den: bigint): bigint {
  if (den <= 0n) throw new RangeError('roundHalfUp: den must be > 0');
  if (num >= 0n) return (2n * num + den) / (2n * den);
  return -((2n * -num + den) / (2n * den));
}

/**
 * roundHalfUp for numbers: round(num / den) half up, for integers num ≥ 0 and den > 0 with
 * 2·num + 3·den < 2^53 (then every step below is exact; the caller checks, else uses bigint).
 * The quotient of the float division can be off by one next to an integer; the remainder fixes it.
 */
export function roundHalfUpNum(num: number, den: number): number {
  const a = 2 * num + den;
  const b = 2 * den;
  let q = Math.floor(a / b);
  const r = a - q * b;
  if (r < 0) q--;
  else if (r >= b) q++;
  return q;
}

/** floor(num / den) for den > 0 (BigInt division truncates toward zero). */
export function floorDiv(num: bigint, den: bigint): bigint {
  const q = num / den;
  return num % den !== 0n && num < 0n ? q - 1n : q;
}

/** Σ of exact values, as an Exact at the largest scale. */
export function sumExact(xs: readonly Exact[]): Exact {
  const scale = xs.reduce((s, x) => Math.max(s, x.scale), 0);
  let units = 0n;
  for (const x of xs) units += unitsAt(x, scale);
  return { units, scale };
}
