import type { Household } from '../io/types.js';
import { allocateColumn } from '../money/allocate.js';
import { combineColumns, isSafe, SafeColumn } from '../money/columnView.js';
import { formatFen } from '../money/fen.js';
import { InternalError } from '../problems.js';
import type { Rules } from '../rules/types.js';
import { sumColumn } from '../money/columns.js';
import type { AllocationResult, EngineWarning, FloorResult } from './types.js';

/**
 * SPEC §5 step 9: floors in order. Each tops its category's households up to min_total out of the
 * funded_by entry's remaining amount; if that is not enough, the remaining amount is split by
 * shortfall (W_FLOOR_SHORT). Mutates the allocations' floorTopupsFen/retainedFen.
 */
/** max(0, min_total − (gross + top-ups so far)) of each member household, exact (in JS numbers where that is exact). */
function shortfallsOf(members: readonly number[], minTotalFen: bigint, grossFen: BigInt64Array, topupFen: BigInt64Array): BigInt64Array {
  const out = new BigInt64Array(members.length);
  const view = new SafeColumn(out);
  const gross = new SafeColumn(grossFen);
  const topup = new SafeColumn(topupFen);
  const min = isSafe(Number(minTotalFen)) ? Number(minTotalFen) : NaN;
  members.forEach((h, k) => {
    const sofar = gross.at(h) + topup.at(h); // NaN when either is not a safe integer
    const gap = min - sofar;
    if (isSafe(sofar) && isSafe(gap)) view.set(k, gap > 0 ? gap : 0);
    else {
      const g = minTotalFen - (grossFen[h] + topupFen[h]);
      out[k] = g > 0n ? g : 0n;
    }
  });
  return out;
}

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
    for (let h = 0; h < n; h++) if (households[h].category === floor.category) members.push(h);
    const shortfalls = shortfallsOf(members, floor.minTotalFen, grossFen, topupFen);
    const need = sumColumn(shortfalls);
    const remaining = entry.retainedFen;
    const short = need > remaining;
    const paid = short ? allocateColumn(remaining, shortfalls) : shortfalls;
    const col = new BigInt64Array(n);
    const colView = new SafeColumn(col);
    const paidView = new SafeColumn(paid);
    members.forEach((h, k) => {
      const p = paidView.at(k);
      if (p === p) colView.set(h, p);
      else col[h] = paid[k];
    });
    combineColumns(topupFen, [topupFen, col]);
    const paidFen = sumColumn(paid);
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
