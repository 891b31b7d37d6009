import type { Distribution } from '../engine/types.js';
import { formatFen } from '../money/fen.js';

/** One reconciliation an auditor (报账制) can read in summary.json, with the figures compared. */
export interface Check {
  name: string;
  ok: boolean;
  description: string;
  figures: Record<string, string>;
}

/**
 * The run's closing checks (the engine has already enforced the first three as invariants, so a
 * written summary always shows them true; they are listed so the figures can be re-added by hand).
 */
export function reconciliationChecks(d: Distribution, bankFileTotalFen: bigint, positiveNetsWithAccountFen: bigint): Check[] {
  const f = formatFen;
  // Entries at their §5.6 parts: a rated basis's remainder (§9.3) is part of the members' pool.
  const entries = d.allocations.reduce((s, a) => s + a.amountFen - a.membersRemainderFen, 0n);
  const distributable = d.surplusFen > 0n ? d.surplusFen : 0n;
  const components = d.wagesFen + d.landRentFen + d.householdGuaranteedFen + d.performanceFen + d.floorTopupFen;
  const remainders = d.allocations.reduce((s, a) => s + a.membersRemainderFen, 0n);
  const holdersPerf = d.holders.reduce((s, h) => s + h.performanceFen, 0n);
  return [
    {
      name: 'surplus_fully_allocated',
      ok: entries + d.membersPoolFen === distributable,
      description: '可分配盈余 = 各项提取 + 成员效益分红 (every fen of the surplus lands in one entry or the members’ pool)',
      figures: { surplus: f(distributable), entries: f(entries), members_pool: f(d.membersPoolFen) },
    },
    {
      name: 'households_equal_components',
      ok: d.totalFen === components && d.performanceFen + holdersPerf + remainders === d.membersPoolFen,
      description: '各户应分合计 = 务工工资 + 土地租金 + 保底分红 + 效益分红 + 兜底补差',
      figures: {
        households_total: f(d.totalFen),
        wages: f(d.wagesFen),
        land_rent: f(d.landRentFen),
        guaranteed_dividend: f(d.householdGuaranteedFen),
        performance_dividend: f(d.performanceFen),
        floor_topup: f(d.floorTopupFen),
      },
    },
    {
      name: 'net_equals_total_less_deductions',
      ok: d.netPayableFen === d.totalFen - d.deductionsFen,
      description: '实发合计 = 应分合计 − 扣减',
      figures: { net_payable: f(d.netPayableFen), total: f(d.totalFen), deductions: f(d.deductionsFen) },
    },
    {
      name: 'bank_total_equals_positive_nets',
      ok: bankFileTotalFen === positiveNetsWithAccountFen,
      description: '银行代发合计 = 有账号且实发为正的各户实发之和',
      figures: { bank_file_total: f(bankFileTotalFen), positive_nets_with_account: f(positiveNetsWithAccountFen) },
    },
  ];
}
