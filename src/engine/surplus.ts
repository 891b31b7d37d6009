import { allocateColumn } from '../money/allocate.js';
import type { Rules } from '../rules/types.js';
import { sumColumn } from '../money/columns.js';

export interface SurplusResult {
  surplusFen: bigint;
  deficitFen: bigint;
  guaranteedFen: bigint; // G as paid, holders included
  guaranteedScaled: boolean;
  /** Household guaranteed dividends as paid (the input column when not scaled). */
  guaranteedCol: BigInt64Array;
  /** Share holders' guaranteed dividends as paid (SPEC §9.4). */
  holderGuaranteedFen: bigint[];
}

/**
 * SPEC §5 step 5 with §9.6: S = I − E + O − W − R − G, and what a loss year does under `pay` or
 * `scale` (households first, then share holders, in the split).
 */
export function computeSurplus(
  rules: Rules,
  incomeFen: bigint,
  expensesFen: bigint,
  openingFen: bigint,
  wagesFen: bigint,
  landRentFen: bigint,
  guaranteedCol: BigInt64Array,
  holderGuaranteedFen: bigint[],
): SurplusResult {
  const due = sumColumn(guaranteedCol) + holderGuaranteedFen.reduce((s, g) => s + g, 0n);
  const beforeGuaranteed = incomeFen - expensesFen + openingFen - wagesFen - landRentFen; // A
  let surplusFen = beforeGuaranteed - due;
  const unscaled = { guaranteedFen: due, guaranteedScaled: false, guaranteedCol, holderGuaranteedFen };
  if (surplusFen >= 0n || rules.guaranteedShortfall === 'pay') {
    return { surplusFen, deficitFen: surplusFen < 0n ? -surplusFen : 0n, ...unscaled };
  }
  const available = beforeGuaranteed > 0n ? beforeGuaranteed : 0n;
  if (available >= due) return { surplusFen, deficitFen: -surplusFen, ...unscaled };
  const n = guaranteedCol.length;
  const weights = holderGuaranteedFen.length ? BigInt64Array.from([...guaranteedCol, ...holderGuaranteedFen]) : guaranteedCol;
  const scaled = allocateColumn(available, weights);
  surplusFen = beforeGuaranteed - available;
  return {
    surplusFen,
    deficitFen: surplusFen < 0n ? -surplusFen : 0n,
    guaranteedFen: available,
    guaranteedScaled: true,
    guaranteedCol: holderGuaranteedFen.length ? scaled.slice(0, n) : scaled,
    holderGuaranteedFen: Array.from(scaled.slice(n)),
  };
}
