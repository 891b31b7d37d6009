import type { Household } from '../io/types.js';
import { allocate } from '../money/allocate.js';
import { formatFen } from '../money/fen.js';
import { InternalError } from '../problems.js';
import type { Rules } from '../rules/types.js';
import type { AllocationResult, EngineWarning, FloorResult } from './types.js';

/**
 * SPEC §5 step 9: floors in order. Each tops its category's households up to min_total out of the
 * funded_by entry's remaining amount; if that is not enough, the remaining amount is split by
 * shortfall (W_FLOOR_SHORT). Mutates the allocations' floorTopupsFen/retainedFen.
 */
export function applyFloors(
  rules: Rules,
  households: Household[],
  grossFen: BigInt64Array,
  allocations: AllocationResult[],
  warnings: EngineWarning[],
): { topupFen: BigInt64Array; floorTopupFen: BigInt64Array[]; floors: FloorResult[] } {
  const n = households.length;
  const topupFen = new BigInt64Array(n);
  const floorTopupFen: BigInt64Array[] = [];
  const floors: FloorResult[] = [];
  for (const floor of rules.floors) {
    const entry = allocations.find((a) => a.to === floor.fundedBy);
    if (!entry) throw new InternalError(`floor funded_by "${floor.fundedBy}" names no entry: rules validation should have caught it`);
    const members: number[] = [];
    const shortfalls: bigint[] = [];
    let need = 0n;
    for (let h = 0; h < n; h++) {
      if (households[h].category !== floor.category) continue;
      const gap = floor.minTotalFen - (grossFen[h] + topupFen[h]);
      members.push(h);
      shortfalls.push(gap > 0n ? gap : 0n);
      if (gap > 0n) need += gap;
    }
    const remaining = entry.retainedFen;
    const short = need > remaining;
    const paid = short ? allocate(remaining, shortfalls) : shortfalls;
    const col = new BigInt64Array(n);
    let paidFen = 0n;
    members.forEach((h, k) => {
      col[h] = paid[k];
      topupFen[h] += paid[k];
      paidFen += paid[k];
    });
    entry.floorTopupsFen += paidFen;
    entry.retainedFen -= paidFen;
    if (short) {
      warnings.push({
        code: 'W_FLOOR_SHORT',
        message:
          `兜底 ${floor.category} 需补差 ${formatFen(need)} 元, ${floor.fundedBy} 只剩 ${formatFen(remaining)} 元, 已按差额比例分配 ` +
          `(floor for ${floor.category} needs ${formatFen(need)}, ${floor.fundedBy} has ${formatFen(remaining)}: split by shortfall)`,
        place: { file: floor.pos.file ?? rules.file, line: floor.pos.line, column: floor.pos.column },
      });
    }
    floorTopupFen.push(col);
    floors.push({
      category: floor.category,
      minTotalFen: floor.minTotalFen,
      fundedBy: floor.fundedBy,
      households: members.length,
      shortfallFen: need,
      paidFen,
      short,
    });
  }
  return { topupFen, floorTopupFen, floors };
}
