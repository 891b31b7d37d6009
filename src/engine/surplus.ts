import { allocateColumn } from '../money/allocate.js';
import type { Rules } from '../rules/types.js';
import { sumColumn } from '../money/columns.js';

export interface SurplusResult {
  surplusFen: bigint;
  deficitFen: bigint;
  guaranteedFen: bigint; // G as paid
  guaranteedScaled: boolean;
  /** Household guaranteed dividends as paid (the input column when not scaled). */
  guaranteedCol: BigInt64Array;
}

/** SPEC §5 step 5: S = I − E − W − R − G, and what a loss year does under `pay` or `scale`. */
export function computeSurplus(
  rules: Rules,
  incomeFen: bigint,
  expensesFen: bigint,
  wagesFen: bigint,
  landRentFen: bigint,
  guaranteedCol: BigInt64Array,
): SurplusResult {
  const due = sumColumn(guaranteedCol);
  const beforeGuaranteed = incomeFen - expensesFen - wagesFen - landRentFen; // A
  let surplusFen = beforeGuaranteed - due;
  if (surplusFen >= 0n || rules.guaranteedShortfall === 'pay') {
    return { surplusFen, deficitFen: surplusFen < 0n ? -surplusFen : 0n, guaranteedFen: due, guaranteedScaled: false, guaranteedCol };
  }
  const available = beforeGuaranteed > 0n ? beforeGuaranteed : 0n;
  if (available >= due) {
    return { surplusFen, deficitFen: -surplusFen, guaranteedFen: due, guaranteedScaled: false, guaranteedCol };
  }
  const scaled = allocateColumn(available, guaranteedCol);
  surplusFen = beforeGuaranteed - available;
  return {
    surplusFen,
    deficitFen: surplusFen < 0n ? -surplusFen : 0n,
    guaranteedFen: available,
    guaranteedScaled: true,
    guaranteedCol: scaled,
  };
}
