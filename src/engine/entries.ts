import { allocate } from '../money/allocate.js';
import { pow10, roundHalfUp, unitsAt, type Exact } from '../money/exact.js';
import type { Rules } from '../rules/types.js';
import type { AllocationResult } from './types.js';
import { maxScale } from '../money/columns.js';

/** Percents (exact decimals) as integer weights on one scale, for the allocator. */
export function percentWeights(percents: Exact[]): bigint[] {
  const s = maxScale(percents);
  return percents.map((p) => unitsAt(p, s));
}

/**
 * SPEC §5 step 6: fixed entries take min(amount, what is left) in order (§9.7: an amount may be
 * round(I × percent / 100)); the rest D is split over the shares entries by percent. The `members`
 * entry's part is the members' pool M; §9.9: bases listed among the entries get their parts
 * (`listedPartsFen`, in order) and M is their sum.
 */
export function computeEntries(
  rules: Rules,
  surplusFen: bigint,
  incomeFen: bigint,
): { allocations: AllocationResult[]; membersPoolFen: bigint; listedPartsFen: bigint[] | null } {
  const allocations: AllocationResult[] = [];
  let left = surplusFen > 0n ? surplusFen : 0n;
  for (const f of rules.fixed) {
    const p = f.percentOfIncome;
    const wantFen = p === null ? f.amountFen : roundHalfUp(incomeFen * p.units, 100n * pow10(p.scale));
    const amountFen = wantFen < left ? wantFen : left;
    left -= amountFen;
    allocations.push({ to: f.to, kind: 'fixed', amountFen, floorTopupsFen: 0n, retainedFen: amountFen, membersRemainderFen: 0n, reserve: f.reserve });
  }
  const parts = allocate(left, percentWeights(rules.shares.map((s) => s.percent)));
  let membersPoolFen = 0n;
  const listed: bigint[] = [];
  rules.shares.forEach((s, i) => {
    if (s.to === 'members') {
      membersPoolFen += parts[i];
      if (s.basis) listed.push(parts[i]);
    } else allocations.push({ to: s.to, kind: 'shares', amountFen: parts[i], floorTopupsFen: 0n, retainedFen: parts[i], membersRemainderFen: 0n, reserve: s.reserve });
  });
  return { allocations, membersPoolFen, listedPartsFen: rules.shares.some((s) => s.basis) ? listed : null };
}
