import type { Dataset } from '../io/types.js';
import { inline } from '../util/inline.js';
import { combineColumns, SafeColumn } from '../money/columnView.js';
import { formatFen } from '../money/fen.js';
import type { Problems } from '../problems.js';
import type { Rules } from '../rules/types.js';
import { newColumn, sumColumn } from '../money/columns.js';
import { computeComponents } from './components.js';
import { computeEntries } from './entries.js';
import { applyFloors } from './floors.js';
import { checkInvariants } from './invariants.js';
import { computeMembers } from './members.js';
import { computeSurplus } from './surplus.js';
import { checkCoopLaw } from './coopLaw.js';
import { pow10, roundHalfUp } from '../money/exact.js';
import type { Distribution, EngineWarning } from './types.js';

/**
 * The waterfall of SPEC §5, in its order: components (1–4) → surplus (5) → entries (6) →
 * members (7) → gross (8) → floors (9) → totals and nets (10), then the invariants.
 * Returns null when the user's data cannot be distributed (E_EMPTY_BASIS, pushed to `problems`).
 */
export function computeDistribution(rules: Rules, data: Dataset, problems: Problems): Distribution | null {
  const n = data.households.length;
  const warnings: EngineWarning[] = [];

  const comp = computeComponents(rules, data);
  let incomeFen = 0n;
  let expensesFen = 0n;
  for (const line of data.revenue) {
    if (line.kind === 'income') incomeFen += line.amountFen;
    else expensesFen += line.amountFen;
  }
  const wagesFen = sumColumn(comp.wagesFen);
  const landRentFen = sumColumn(comp.landRentFen);

  const openingFen = rules.opening ? rules.opening.retainedFen - rules.opening.lossFen : 0n;
  const holderDue = rules.shareHolders.map((h) => {
    const g = rules.shareClasses.get(h.class)!.guaranteedPerUnit;
    return roundHalfUp(h.units.units * BigInt(h.months) * g.units * 100n, 12n * pow10(h.units.scale + g.scale));
  });
  // G due: households' and share holders' (§9.4), before any `scale`.
  const guaranteedDueFen = sumColumn(comp.guaranteedFen) + holderDue.reduce((a, g) => a + g, 0n);
  const surplus = computeSurplus(rules, incomeFen, expensesFen, openingFen, wagesFen, landRentFen, comp.guaranteedFen, holderDue);
  if (surplus.guaranteedScaled) {
    warnings.push({
      code: 'W_GUARANTEED_SCALED',
      message: `收入不足以支付保底分红 ${formatFen(guaranteedDueFen)} 元, 按比例支付 ${formatFen(surplus.guaranteedFen)} 元 (guaranteed dividends scaled down)`,
    });
  }
  if (surplus.deficitFen > 0n) {
    warnings.push({
      code: 'W_DEFICIT',
      message: `本年度亏损 ${formatFen(surplus.deficitFen)} 元, 没有可分配盈余 (deficit: nothing to distribute)`,
      place: { file: 'revenue.csv', line: 0, column: 0 },
    });
  }

  const { allocations, membersPoolFen, listedPartsFen } = computeEntries(rules, surplus.surplusFen, incomeFen);
  const members = computeMembers(rules, data, comp, membersPoolFen, listedPartsFen, surplus.surplusFen > 0n, allocations, warnings, problems);
  if (!members) return null;
  const coopLaw = checkCoopLaw(rules, surplus.surplusFen, allocations, members.bases, problems);
  if (coopLaw === false) return null;
  const holders = rules.shareHolders.map((h, j) => {
    const guaranteedFen = surplus.holderGuaranteedFen[j];
    const performanceFen = members.holderPerformanceFen[j];
    return {
      to: h.to,
      class: h.class,
      units4: roundHalfUp(h.units.units * BigInt(h.months) * 10_000n, 12n * pow10(h.units.scale)),
      guaranteedFen,
      performanceFen,
      totalFen: guaranteedFen + performanceFen,
    };
  });

  const grossFen = newColumn(n);
  combineColumns(grossFen, [comp.wagesFen, comp.landRentFen, surplus.guaranteedCol, members.performanceFen]);
  const { topupFen, floorTopupFen, floors } = applyFloors(rules, data.households, grossFen, allocations, warnings);

  const totalFen = newColumn(n);
  const deductionsFen = newColumn(n);
  const netFen = newColumn(n);
  combineColumns(totalFen, [grossFen, topupFen]);
  const deductions = new SafeColumn(deductionsFen);
  for (let h = 0; h < n; h++) deductions.set(h, data.deductionsFen[h]); // exact integers < 2^53 (checked by the reader)
  combineColumns(netFen, [totalFen], [deductionsFen]);
  householdWarnings(data, netFen, warnings);

  const dist: Distribution = {
    households: n,
    incomeFen,
    expensesFen,
    wagesFen,
    landRentFen,
    guaranteedDueFen,
    guaranteedFen: surplus.guaranteedFen,
    householdGuaranteedFen: sumColumn(surplus.guaranteedCol),
    guaranteedScaled: surplus.guaranteedScaled,
    openingFen,
    holders,
    coopLaw,
    surplusFen: surplus.surplusFen,
    deficitFen: surplus.deficitFen,
    allocations,
    membersPoolFen,
    bases: members.bases,
    floors,
    performanceFen: sumColumn(members.performanceFen),
    floorTopupFen: sumColumn(topupFen),
    totalFen: sumColumn(totalFen),
    deductionsFen: sumColumn(deductionsFen),
    netPayableFen: sumColumn(netFen),
    cols: {
      laborDays100: comp.laborDays100,
      wagesFen: comp.wagesFen,
      landRentFen: comp.landRentFen,
      shareUnits4: comp.shareUnits4,
      guaranteedFen: surplus.guaranteedCol,
      performanceFen: members.performanceFen,
      basisFen: members.basisFen,
      topupFen,
      floorTopupFen,
      grossFen,
      totalFen,
      deductionsFen,
      netFen,
    },
    unitsByClass: comp.unitsNum,
    unitsDen: comp.unitsDen,
    warnings,
  };
  checkInvariants(dist);
  return dist;
}

/** A household that owes money, or is owed money with no account to pay it into. */
function householdWarnings(data: Dataset, netFen: BigInt64Array, warnings: EngineWarning[]): void {
  const nets = new SafeColumn(netFen);
  data.households.forEach((hh, h) => {
    const v = nets.at(h);
    if (v > 0 && (hh.bankAccount !== '' || hh.payment === 'cash')) return; // the usual case, without a BigInt
    const net = netFen[h];
    if (net < 0n) {
      warnings.push({
        code: 'W_NEGATIVE_NET',
        message: `${inline(hh.id)} ${inline(hh.name)}: 扣减超过应分, 实发 ${formatFen(net)} 元, 不进入银行代发 (owes ${formatFen(-net)}; left out of the bank file)`,
        place: { file: 'households.csv', line: hh.line, column: 0 },
      });
    } else if (net > 0n && hh.bankAccount === '' && hh.payment !== 'cash') {
      warnings.push({
        code: 'W_NO_ACCOUNT',
        message: `${inline(hh.id)} ${inline(hh.name)}: 实发 ${formatFen(net)} 元, 但没有银行账号 (no bank account: pay in cash or add one)`,
        place: { file: 'households.csv', line: hh.line, column: 0 },
      });
    }
  });
}
