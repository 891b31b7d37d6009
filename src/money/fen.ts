/** Money is held in whole fen (1 元 = 100 fen) as bigint. */

/** "1234.50", "-500.00", "0.05": exactly two decimals, no separators. */
export function formatFen(fen: bigint): string {
  const neg = fen < 0n;
  const s = (neg ? -fen : fen).toString().padStart(3, '0');
  return (neg ? '-' : '') + s.slice(0, -2) + '.' + s.slice(-2);
}

/** A scaled integer with `scale` decimals, formatted with exactly `scale` decimals. */
export function formatScaled(units: bigint, scale: number): string {
  if (scale === 0) return units.toString();
  const neg = units < 0n;
  const s = (neg ? -units : units).toString().padStart(scale + 1, '0');
  return (neg ? '-' : '') + s.slice(0, -scale) + '.' + s.slice(-scale);
}

/**
 * Fast paths for rendering a million households (county scale): the same texts as formatFen /
 * formatScaled, from a JS number that is a safe integer (|x| < 2^53, where every step below is
 * exact). Callers fall back to the bigint functions for anything larger.
 */
const POW10_NUM = [1, 10, 100, 1000, 10000, 100000, 1000000];
const ZEROS = ['', '0', '00', '000', '0000', '00000'];

export function formatScaledNum(units: number, scale: number): string {
  if (scale === 0) return String(units);
  const neg = units < 0;
  const a = neg ? -units : units;
  const p = POW10_NUM[scale];
  const frac = a % p;
  const whole = (a - frac) / p;
  const f = String(frac);
  return (neg ? '-' : '') + whole + '.' + ZEROS[scale - f.length] + f;
}

export function formatFenNum(fen: number): string {
  return formatScaledNum(fen, 2);
}
