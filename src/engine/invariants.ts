import { isSafe, SafeColumn } from '../money/columnView.js';
import { formatFen } from '../money/fen.js';
import { InternalError } from '../problems.js';
import { sumColumn } from '../money/columns.js';
import type { Distribution } from './types.js';

function expectEqual(what: string, got: bigint, want: bigint): void {
  if (got !== want) throw new InternalError(`invariant broken: ${what}: ${formatFen(got)} ≠ ${formatFen(want)}`);
}

/**
 * SPEC §5 "checked on every run": a failure is a bug in this tool (exit 3), never the user's fault.
 * Money is integer fen by construction, so "at most 2 decimals" holds by type; the sums are checked here.
 */
export function checkInvariants(d: Distribution): void {
  const c = d.cols;
  // SPEC §9.4: every fen of S lands in exactly one entry (rated bases' remainders included), holder or household.
  const entries = d.allocations.reduce((s, a) => s + a.amountFen, 0n);
  const remainders = d.allocations.reduce((s, a) => s + a.membersRemainderFen, 0n);
  const paid = d.bases.reduce((s, b) => s + b.amountFen, 0n);
  const holdersPerf = d.holders.reduce((s, h) => s + h.performanceFen, 0n);
  const distributed = d.surplusFen > 0n ? d.surplusFen : 0n;
  expectEqual('every fen of the surplus lands in one entry, holder or household', entries + paid, distributed);
  expectEqual('Σ bases + Σ remainders = members’ pool', paid + remainders, d.membersPoolFen);
  if (d.holders.length === 0) c.basisFen.forEach((col, i) => expectEqual(`Σ households of basis ${d.bases[i].basis}`, sumColumn(col), d.bases[i].amountFen));
  expectEqual('Σ performance (households and holders) = Σ bases', sumColumn(c.performanceFen) + holdersPerf, paid);
  expectEqual('Σ guaranteed = households’ G', sumColumn(c.guaranteedFen), d.householdGuaranteedFen);
  expectEqual('households’ and holders’ guaranteed = G', d.householdGuaranteedFen + d.holders.reduce((s, h) => s + h.guaranteedFen, 0n), d.guaranteedFen);
  for (const a of d.allocations) {
    expectEqual(`${a.to}: retained + floor top-ups = amount`, a.retainedFen + a.floorTopupsFen, a.amountFen);
    if (a.retainedFen < 0n) throw new InternalError(`invariant broken: ${a.to} paid more to floors than it had`);
  }
  expectEqual('Σ floor top-ups = top-ups paid by entries', d.floorTopupFen, d.allocations.reduce((s, a) => s + a.floorTopupsFen, 0n));
  expectEqual(
    'Σ total = W + R + G + performance + top-ups (households)',
    d.totalFen,
    d.wagesFen + d.landRentFen + d.householdGuaranteedFen + d.performanceFen + d.floorTopupFen,
  );
  expectEqual('Σ net = Σ total − Σ deductions', d.netPayableFen, d.totalFen - d.deductionsFen);
  const parts = [c.wagesFen, c.landRentFen, c.guaranteedFen, c.performanceFen, c.topupFen].map((col) => new SafeColumn(col));
  const total = new SafeColumn(c.totalFen);
  const gross = new SafeColumn(c.grossFen);
  const topup = parts[4];
  for (let h = 0; h < d.households; h++) {
    // In JS numbers while they are exact (a million households: no BigInt per check); any doubt
    // goes to the bigint checks below, which also word the failure.
    let fine = true;
    for (let k = 0; k < parts.length; k++) if (!(parts[k].at(h) >= 0)) fine = false;
    const sum = gross.at(h) + topup.at(h);
    if (fine && isSafe(sum) && total.at(h) === sum) continue;
    if (c.wagesFen[h] < 0n || c.landRentFen[h] < 0n || c.guaranteedFen[h] < 0n || c.performanceFen[h] < 0n || c.topupFen[h] < 0n) {
      throw new InternalError(`invariant broken: household #${h + 1} has a negative component`);
    }
    expectEqual(`household #${h + 1} total`, c.totalFen[h], c.grossFen[h] + c.topupFen[h]);
  }
}
