/**
 * The allocator's split (money/allocate.ts, SPEC §5) worked out again for one part, so that explain
 * can say why a household got its last fen: every part first gets ⌊A·wᵢ/Σw⌋ fen; the K fen still
 * left go one each to the K largest remainders A·wᵢ mod Σw, ties to the earlier part. O(n) bigint
 * work for the one part asked about (explain is one household at a time).
 */
import { InternalError } from '../problems.js';

export interface LeftoverFen {
  /** A·w: the exact share is exactNum / total fen. */
  exactNum: bigint;
  total: bigint;
  /** ⌊A·w / Σw⌋ fen. */
  baseFen: bigint;
  /** A·w mod Σw (the cut-off part of a fen is remainder / total). */
  remainder: bigint;
  /** Fen left after every part got its whole fen (K). */
  leftover: bigint;
  /** Parts with a weight > 0. */
  parts: number;
  /** 1 + parts with a larger remainder + earlier parts with the same remainder; 0 when the remainder is 0. */
  rank: number;
  /** Whether this part got one of the K fen. */
  got: boolean;
  /** Parts with a larger remainder. */
  larger: number;
  /** Parts (other than this one) with exactly the same remainder, before and after it. */
  tiedBefore: number;
  tiedAfter: number;
  /** The first few tied parts that got a leftover fen by coming earlier (indexes), when the tie was split. */
  tiedWinners: number[];
  /** baseFen + (got ? 1 : 0). */
  fen: bigint;
}

/**
 * The split of `amount` fen over `count` weights (weightAt(j) ≥ 0) seen from part `i`. `expected`
 * is what the engine paid part i: a different answer is an internal error (explain must never
 * explain a figure it did not reproduce).
 */
export function leftoverFen(amount: bigint, weightAt: (j: number) => bigint, count: number, i: number, expected?: bigint): LeftoverFen {
  let total = 0n;
  for (let j = 0; j < count; j++) total += weightAt(j);
  const w = weightAt(i);
  if (total === 0n) {
    if (amount !== 0n || (expected !== undefined && expected !== 0n)) throw new InternalError(`explain: ${amount} fen over weights that add up to 0`);
    return { exactNum: 0n, total: 1n, baseFen: 0n, remainder: 0n, leftover: 0n, parts: 0, rank: 0, got: false, larger: 0, tiedBefore: 0, tiedAfter: 0, tiedWinners: [], fen: 0n };
  }
  const exactNum = amount * w;
  const baseFen = exactNum / total;
  const remainder = exactNum - baseFen * total;
  let given = 0n;
  let parts = 0;
  let larger = 0;
  let tiedBefore = 0;
  let tiedAfter = 0;
  const tied: number[] = [];
  for (let j = 0; j < count; j++) {
    const wj = weightAt(j);
    if (wj === 0n) continue;
    parts++;
    const p = amount * wj;
    const q = p / total;
    given += q;
    const r = p - q * total;
    if (j === i) continue;
    if (r > remainder) larger++;
    else if (r === remainder) {
      if (j < i) {
        tiedBefore++;
        if (tied.length < 3) tied.push(j);
      } else tiedAfter++;
    }
  }
  const leftover = amount - given;
  const positive = w > 0n && remainder > 0n;
  const rank = positive ? 1 + larger + tiedBefore : 0;
  const got = positive && BigInt(rank) <= leftover;
  // A tie split by the order: those earlier in the tie got one, this part did not (or did, being early enough).
  const seats = Number(leftover) - larger; // leftover fen left for the tie group
  const tiedWinners = positive && tiedBefore + tiedAfter > 0 && seats > 0 && seats <= tiedBefore + tiedAfter ? tied.slice(0, Math.min(seats, 3)) : [];
  const fen = baseFen + (got ? 1n : 0n);
  if (expected !== undefined && fen !== expected) {
    throw new InternalError(`explain: the split gives part ${i} ${fen} fen, the engine paid ${expected}`);
  }
  return { exactNum, total, baseFen, remainder, leftover, parts, rank, got, larger, tiedBefore, tiedAfter, tiedWinners, fen };
}
