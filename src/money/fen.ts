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

/** Whole 元 amount (e.g. from rules) to fen. */
export function yuanToFen(yuan: bigint): bigint {
  return yuan * 100n;
}
