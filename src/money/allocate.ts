import { InternalError } from '../problems.js';

/**
 * The one splitter (SPEC §5, largest remainder): part i gets ⌊A·wᵢ/Σw⌋ fen, then the fen still
 * left go one each to the parts with the largest remainders; ties go to the earlier part.
 * A zero weight gets nothing; the parts always add up to A.
 *
 * `weights` are non-negative integers (callers scale exact decimals to a common scale first).
 * Σw = 0 with A > 0 cannot be split: the caller must have reported it (E_EMPTY_BASIS), so it is
 * an internal error here.
 */
export function allocate(amount: bigint, weights: ArrayLike<bigint>): bigint[] {
  const n = weights.length;
  const parts = new Array<bigint>(n).fill(0n);
  if (amount < 0n) throw new InternalError(`allocate: negative amount ${amount}`);
  let total = 0n;
  for (let i = 0; i < n; i++) {
    const w = weights[i];
    if (w < 0n) throw new InternalError(`allocate: negative weight at ${i}`);
    total += w;
  }
  if (amount === 0n) return parts;
  if (total === 0n) throw new InternalError(`allocate: ${amount} fen over weights that add up to 0`);

  const rems: bigint[] = new Array<bigint>(n);
  let given = 0n;
  for (let i = 0; i < n; i++) {
    const p = amount * weights[i];
    const q = p / total;
    parts[i] = q;
    rems[i] = p - q * total;
    given += q;
  }
  let left = Number(amount - given);
  if (left === 0) return parts;
  // Only parts with a positive remainder can receive a fen (left < their count).
  const order: number[] = [];
  for (let i = 0; i < n; i++) if (rems[i] > 0n) order.push(i);
  order.sort((a, b) => (rems[a] > rems[b] ? -1 : rems[a] < rems[b] ? 1 : a - b));
  for (let k = 0; k < left; k++) parts[order[k]] += 1n;
  return parts;
}
