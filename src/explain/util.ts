import type { Dataset, DetailRow } from '../io/types.js';
import { roundHalfUp } from '../money/exact.js';
import { formatScaled } from '../money/fen.js';

/** An exact fraction num/den shown with `decimals` places (half up), for reading aloud. */
export function ratio(num: bigint, den: bigint, decimals: number): string {
  return formatScaled(roundHalfUp(num * 10n ** BigInt(decimals), den), decimals);
}

/** A weight num/den as a whole number when it is one ("7"), else with 4 decimals ("6.5000"). */
export function quantity(num: bigint, den: bigint): string {
  return num % den === 0n ? (num / den).toString() : ratio(num, den, 4);
}

const stem = (file: string) => file.replace(/\.(csv|xlsx)$/, '');

/** Detail rows of one input, whether it was given as .csv or .xlsx. */
export function rowsOf(data: Dataset, file: string): DetailRow[] {
  const s = stem(file);
  return data.detail.filter((r) => stem(r.file) === s);
}

/** The name an input was read under (`persons.xlsx` when that is what was there), else `file`. */
export function inputName(data: Dataset, file: string): string {
  const s = stem(file);
  return data.inputs.find((i) => stem(i.file) === s)?.file ?? data.detail.find((r) => stem(r.file) === s)?.file ?? file;
}
