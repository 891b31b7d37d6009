import { pow10, roundHalfUp, type Exact } from '../money/exact.js';

/**
 * SPEC §9.3 declared rates: pay_h = round(rate × weight_h) fen. Weights are numerators over `den`
 * (a weight of w_h / den units); a rate is an exact decimal of 元 per unit. Everything is bigint:
 * a rated basis is a village's handful of pools, never the county's hot loop.
 */
export interface RatedPay {
  /** pay per weight (households then holders), fen. */
  pays: bigint[];
  totalFen: bigint;
}

export function payAtRate(rate: Exact, weights: readonly bigint[], den: bigint): RatedPay {
  // rate 元 = rate.units / 10^scale; fen = 元 × 100.
  const d = den * pow10(rate.scale);
  let totalFen = 0n;
  const pays = weights.map((w) => {
    const p = w === 0n ? 0n : roundHalfUp(rate.units * w * 100n, d);
    totalFen += p;
    return p;
  });
  return { pays, totalFen };
}

/** The largest k in [lo, hi] with holds(k), given holds(lo) (holds is monotone: true below, false above). */
function largestHolding(lo: bigint, hi: bigint, holds: (k: bigint) => boolean): bigint {
  while (lo < hi) {
    const mid = (lo + hi + 1n) / 2n;
    if (holds(mid)) lo = mid;
    else hi = mid - 1n;
  }
  return lo;
}

/** k × step as an Exact (step = s.units / 10^s.scale). */
function times(k: bigint, step: Exact): Exact {
  return { units: k * step.units, scale: step.scale };
}

/**
 * `rate_step`: rate0 = P_b / Σ weight rounded half up to a multiple of the step; if paying at it
 * needs more than `capFen` (the part plus what the remainder entry can give), the largest lower
 * multiple that fits (rate 0 always does).
 */
export function deriveRate(partFen: bigint, weights: readonly bigint[], den: bigint, step: Exact, capFen: bigint): { rate: Exact; rate0: Exact; pay: RatedPay } {
  const total = weights.reduce((s, w) => s + w, 0n);
  // rate0 / step = (P_b / 100) / (Σw / den) / (step.units / 10^scale)
  const k0 = total === 0n ? 0n : roundHalfUp(partFen * den * pow10(step.scale), 100n * total * step.units);
  const holds = (k: bigint) => payAtRate(times(k, step), weights, den).totalFen <= capFen;
  const k = holds(k0) ? k0 : largestHolding(0n, k0 - 1n, holds);
  return { rate: times(k, step), rate0: times(k0, step), pay: payAtRate(times(k, step), weights, den) };
}

/** For E_RATE_TOO_HIGH: the highest rate at 0.01 元 steps whose pay fits in `capFen`. */
export function highestRateCents(weights: readonly bigint[], den: bigint, declared: Exact, capFen: bigint): Exact {
  const cent: Exact = { units: 1n, scale: 2 };
  // Paying is monotone in the rate; the declared rate does not fit, so neither does any rate above it.
  const hi = (declared.units * 100n + pow10(declared.scale) - 1n) / pow10(declared.scale);
  const holds = (k: bigint) => payAtRate(times(k, cent), weights, den).totalFen <= capFen;
  return times(largestHolding(0n, hi, holds), cent);
}
