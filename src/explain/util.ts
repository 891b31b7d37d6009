import { inputTable } from '../io/columns.js';
import type { Dataset, DetailRow } from '../io/types.js';
import { pow10, roundHalfUp } from '../money/exact.js';
import { formatScaled } from '../money/fen.js';
import { normalizeValue, parseMonths, parseScaled } from '../io/values.js';

/** An exact fraction num/den shown with `decimals` places (half up), for reading aloud. */
export function ratio(num: bigint, den: bigint, decimals: number): string {
  return formatScaled(roundHalfUp(num * 10n ** BigInt(decimals), den), decimals);
}

/** A weight num/den as a whole number when it is one ("7"), else with 4 decimals ("6.5000"). */
export function quantity(num: bigint, den: bigint): string {
  return num % den === 0n ? (num / den).toString() : ratio(num, den, 4);
}

/** The same input table, whatever it was given as: land.csv, land.xlsx, 土地.csv, 录入表.xlsx[土地] (SPEC §10). */
function sameTable(a: string, b: string): boolean {
  const ta = inputTable(a);
  return ta !== undefined ? ta === inputTable(b) : a === b;
}

/** Detail rows of one input, under whichever name it was read. */
export function rowsOf(data: Dataset, file: string): DetailRow[] {
  return data.detail.filter((r) => sameTable(r.file, file));
}

/** The name an input was read under (`persons.xlsx`, `人口.csv` when that is what was there), else `file`. */
export function inputName(data: Dataset, file: string): string {
  return data.inputs.find((i) => sameTable(i.file, file))?.file ?? data.detail.find((r) => sameTable(r.file, file))?.file ?? file;
}

/** A number cell of a detail row as the reader reads it (×10^scale), or null when it does not parse. */
export function cellScaled(text: string | undefined, scale: number): bigint | null {
  const v = parseScaled(normalizeValue((text ?? '').trim()), scale, 1e9, false);
  return v >= 0 ? BigInt(v) : null;
}

/** A months cell (empty = 12), or null when it does not parse. */
export function cellMonths(text: string | undefined): number | null {
  const m = parseMonths(normalizeValue((text ?? '').trim()));
  return m === 0 ? null : m;
}

/** An amount num/den 元 as "4260.00", or with up to 4 decimals when that is exact, else "≈1234.5679". */
export function yuanText(num: bigint, den: bigint): string {
  if ((num * 100n) % den === 0n) return formatScaled((num * 100n) / den, 2);
  for (let d = 3; d <= 4; d++) if ((num * pow10(d)) % den === 0n) return formatScaled((num * pow10(d)) / den, d);
  return `≈${ratio(num, den, 4)}`;
}

