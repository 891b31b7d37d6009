import { InternalError } from '../problems.js';
import { SafeColumn } from './columnView.js';

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
  const parts = new Array<bigint>(weights.length).fill(0n);
  split(amount, weights, {
    set: (i, q) => (parts[i] = typeof q === 'bigint' ? q : BigInt(q)),
    addOne: (i) => (parts[i] += 1n),
  });
  return parts;
}

/**
 * allocate() into a column (the engine's per-household parts; every part ≤ A, which the engine
 * holds in 64 bits like all its money columns). At county scale (a million households) the parts,
 * weights and remainders are JS numbers wherever they are exact, instead of a BigInt each.
 */
export function allocateColumn(amount: bigint, weights: ArrayLike<bigint>): BigInt64Array {
  const col = new BigInt64Array(weights.length);
  const view = new SafeColumn(col);
  split(amount, weights, {
    set: (i, q) => (typeof q === 'bigint' ? (col[i] = q) : view.set(i, q)),
    addOne: (i) => (col[i] += 1n),
  });
  return col;
}

interface PartsSink {
  set(i: number, q: number | bigint): void;
  addOne(i: number): void;
}

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function split(amount: bigint, weights: ArrayLike<bigint>, parts: PartsSink): void {
  const n = weights.length;
  if (amount < 0n) throw new InternalError(`allocate: negative amount ${amount}`);
  const read = weights instanceof BigInt64Array ? new SafeColumn(weights) : null;
  const { total, max } = read ? scanColumn(read, n) : scan(weights, n);
  if (amount === 0n) return;
  if (total === 0n) throw new InternalError(`allocate: ${amount} fen over weights that add up to 0`);

  // Every A·wᵢ + Σw below 2^53: quotients and remainders are exact in JS numbers.
  if (amount * max + total <= SAFE) {
    splitNumbers(Number(amount), read ?? weights, Number(total), parts, n);
    return;
  }
  // A and Σw below 2^53 (so is every part and remainder), only the products are not: those are
  // bigint, and nothing else is — no array of a million BigInts for the GC to move.
  if (amount <= SAFE && total <= SAFE) {
    splitProducts(amount, weights, total, parts, n);
    return;
  }
  const rems: bigint[] = new Array<bigint>(n);
  const keys = new Float64Array(n);
  let given = 0n;
  for (let i = 0; i < n; i++) {
    const w = weights[i];
    if (w === 0n) {
      rems[i] = 0n;
      continue;
    }
    const p = amount * w;
    const q = p / total;
    const r = p - q * total;
    parts.set(i, q);
    rems[i] = r;
    keys[i] = Number(r);
    given += q;
  }
  const left = Number(amount - given);
  if (left === 0) return;
  // Number(r) never reverses the order of two remainders, it can only make them equal: the parts
  // whose key is above the left-th largest key are in, those below are out, and the exact bigint
  // comparison is only needed among the ones whose key equals it.
  for (const i of topRemainders(keys, left, (a, b) => (rems[a] > rems[b] ? -1 : rems[a] < rems[b] ? 1 : a - b))) parts.addOne(i);
}

/** Σ and max of the weights; a negative weight is a bug of the caller. */
function scan(weights: ArrayLike<bigint>, n: number): { total: bigint; max: bigint } {
  let total = 0n;
  let max = 0n;
  for (let i = 0; i < n; i++) {
    const w = weights[i];
    if (w < 0n) throw new InternalError(`allocate: negative weight at ${i}`);
    total += w;
    if (w > max) max = w;
  }
  return { total, max };
}

/** scan() of a column, adding in JS numbers while exact (no BigInt per element). */
function scanColumn(read: SafeColumn, n: number): { total: bigint; max: bigint } {
  let total = 0n;
  let max = 0n;
  let acc = 0;
  let maxNum = 0;
  for (let i = 0; i < n; i++) {
    const x = read.at(i);
    if (x !== x) {
      const w = read.col[i]; // beyond 2^53
      if (w < 0n) throw new InternalError(`allocate: negative weight at ${i}`);
      total += w;
      if (w > max) max = w;
      continue;
    }
    if (x < 0) throw new InternalError(`allocate: negative weight at ${i}`);
    if (x > maxNum) maxNum = x;
    const t = acc + x;
    if (t <= Number.MAX_SAFE_INTEGER) acc = t;
    else {
      total += BigInt(acc);
      acc = x;
    }
  }
  const m = BigInt(maxNum);
  return { total: total + BigInt(acc), max: m > max ? m : max };
}

/** The split when A and Σw are below 2^53 (checked by the caller); A·wᵢ in bigint. */
function splitProducts(amount: bigint, weights: ArrayLike<bigint>, total: bigint, parts: PartsSink, n: number): void {
  const rems = new Float64Array(n);
  let given = 0;
  for (let i = 0; i < n; i++) {
    const w = weights[i];
    if (w === 0n) continue;
    const p = amount * w;
    const q = p / total;
    parts.set(i, Number(q));
    rems[i] = Number(p - q * total);
    given += Number(q);
  }
  const left = Number(amount) - given;
  if (left === 0) return;
  for (const i of topRemainders(rems, left, (a, b) => a - b)) parts.addOne(i);
}

/** The split when every A·wᵢ + Σw < 2^53 (checked by the caller). */
function splitNumbers(amount: number, weights: SafeColumn | ArrayLike<bigint>, total: number, parts: PartsSink, n: number): void {
  const rems = new Float64Array(n);
  const col = weights instanceof SafeColumn ? weights : null;
  const arr = col ? null : (weights as ArrayLike<bigint>);
  let given = 0;
  for (let i = 0; i < n; i++) {
    const w = col ? col.at(i) : Number(arr![i]);
    if (w === 0) continue;
    const p = amount * w;
    let q = Math.floor(p / total);
    let r = p - q * total;
    // The float quotient can be off by one next to an integer; the exact remainder says which way.
    if (r < 0) {
      q--;
      r += total;
    } else if (r >= total) {
      q++;
      r -= total;
    }
    parts.set(i, q);
    rems[i] = r;
    given += q;
  }
  const left = amount - given;
  if (left === 0) return;
  for (const i of topRemainders(rems, left, (a, b) => a - b)) parts.addOne(i);
}

/**
 * The `left` indexes with the largest remainders, ties to the earlier index, given `keys` that
 * order the remainders (a larger key means a larger remainder; equal keys may hide a difference,
 * which `tie` settles: negative when index a comes first). Only positive keys can be chosen:
 * `left` is always less than the count of positive remainders.
 */
function topRemainders(keys: Float64Array, left: number, tie: (a: number, b: number) => number): number[] {
  let count = 0;
  for (let i = 0; i < keys.length; i++) if (keys[i] > 0) count++;
  const positive = new Float64Array(count);
  for (let i = 0, k = 0; i < keys.length; i++) if (keys[i] > 0) positive[k++] = keys[i];
  const kth = select(positive, count - left); // the left-th largest key
  const chosen: number[] = [];
  const boundary: number[] = [];
  for (let i = 0; i < keys.length; i++) {
    if (keys[i] > kth) chosen.push(i);
    else if (keys[i] === kth) boundary.push(i);
  }
  boundary.sort(tie);
  for (let k = 0; chosen.length < left; k++) chosen.push(boundary[k]);
  return chosen;
}

/**
 * The value that would be at index k if `a` were sorted ascending (quickselect, Hoare partition;
 * `a` is reordered). Linear on average, where sorting a million remainders was a tenth of a second.
 */
function select(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    // Median of three as the pivot.
    const mid = (lo + hi) >>> 1;
    const x = a[lo];
    const y = a[mid];
    const z = a[hi];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    // Now a[lo..j] ≤ pivot ≤ a[i..hi], and every element between j and i equals the pivot.
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}
