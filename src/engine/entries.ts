import { allocate } from '../money/allocate.js';
import { unitsAt, type Exact } from '../money/exact.js';
import type { Rules } from '../rules/types.js';
import type { AllocationResult } from './types.js';
import { maxScale } from '../money/columns.js';

/** Percents (exact decimals) as integer weights on one scale, for the allocator. */
export function percentWeights(percents: Exact[]): bigint[] {
  const s = maxScale(percents);
  return percents.map((p) => unitsAt(p, s));
}

/**
 * SPEC §5 step 6: fixed entries take min(amount, what is left) in order; the rest D is split over
 * the shares entries by percent. The `members` entry's part is the members' pool M.
 */
export function computeEntries(rules: Rules, surplusFen: bigint): { allocations: AllocationResult[]; membersPoolFen: bigint } {
  const allocations: AllocationResult[] = [];
  let left = surplusFen > 0n ? surplusFen : 0n;
  for (const f of rules.fixed) {
    const amountFen = f.amountFen < left ? f.amountFen : left;
    left -= amountFen;
    allocations.push({ to: f.to, kind: 'fixed', amountFen, floorTopupsFen: 0n, retainedFen: amountFen });
  }
  const parts = allocate(left, percentWeights(rules.shares.map((s) => s.percent)));
  let membersPoolFen = 0n;
  rules.shares.forEach((s, i) => {
    if (s.to === 'members') membersPoolFen += parts[i];
    else allocations.push({ to: s.to, kind: 'shares', amountFen: parts[i], floorTopupsFen: 0n, retainedFen: parts[i] });
  });
  return { allocations, membersPoolFen };
}
