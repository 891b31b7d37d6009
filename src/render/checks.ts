import type { Distribution } from '../engine/types.js';
import { formatFen } from '../money/fen.js';
import { InternalError } from '../problems.js';
import type { BankFile } from './bank.js';

/** One reconciliation an auditor (报账制) can read in summary.json, with the figures compared. */
export interface Check {
  name: string;
  ok: boolean;
  description: string;
  figures: Record<string, string>;
}

/** SPEC §9.8: how the net payable is paid when some household is paid in cash, from the files that pay it. */
export interface CashFigures {
  /** signoff.csv's 合计: Σ positive nets of the households paid in cash. */
  cashTotalFen: bigint;
  /** Σ positive nets of bank households without an account (W_NO_ACCOUNT): in neither file. */
  noAccountFen: bigint;
  /** What the negative nets owe (W_NEGATIVE_NET), as a positive amount. */
  owedFen: bigint;
}

/**
 * The run's closing checks (the engine has already enforced the first three as invariants, so a
 * written summary always shows them true; they are listed so the figures can be re-added by hand).
 * With `cash` (some household is paid in cash, SPEC §9.8) the check `cash_total` comes last.
 */
export function reconciliationChecks(d: Distribution, bankFileTotalFen: bigint, positiveNetsWithAccountFen: bigint, cash?: CashFigures): Check[] {
  const f = formatFen;
  // Entries at their §5.6 parts: a rated basis's remainder (§9.3) is part of the members' pool.
  const entries = d.allocations.reduce((s, a) => s + a.amountFen - a.membersRemainderFen, 0n);
  const distributable = d.surplusFen > 0n ? d.surplusFen : 0n;
  const components = d.wagesFen + d.landRentFen + d.householdGuaranteedFen + d.performanceFen + d.floorTopupFen;
  const remainders = d.allocations.reduce((s, a) => s + a.membersRemainderFen, 0n);
  const holdersPerf = d.holders.reduce((s, h) => s + h.performanceFen, 0n);
  const checks: Check[] = [
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
      description: cash ? '银行代发合计 = 银行发放、有账号且实发为正的各户实发之和 (cash households are not in the bank file)' : '银行代发合计 = 有账号且实发为正的各户实发之和',
      figures: { bank_file_total: f(bankFileTotalFen), positive_nets_with_account: f(positiveNetsWithAccountFen) },
    },
  ];
  if (cash) {
    checks.push({
      name: 'cash_total',
      ok: bankFileTotalFen + cash.cashTotalFen + cash.noAccountFen - cash.owedFen === d.netPayableFen,
      description: '银行代发合计 + 现金发放合计（领款签收表）+ 无账号待付 − 欠款 = 实发合计 (bank file + cash sign-off sheet + owed to households without account − owed by households = net payable)',
      figures: {
        bank_file_total: f(bankFileTotalFen),
        cash_total: f(cash.cashTotalFen),
        no_account: f(cash.noAccountFen),
        owed: f(cash.owedFen),
        net_payable: f(d.netPayableFen),
      },
    });
  }
  return checks;
}

/**
 * The cash check's figures from the two files that pay the households: bank.csv (which also knows
 * whom it left out, and why) and signoff.csv's 合计, which must be what bank.csv left to cash.
 */
export function cashFigures(bank: BankFile, signoffTotalFen: bigint): CashFigures {
  if (bank.cashFen !== signoffTotalFen) {
    throw new InternalError(`signoff: 合计 ${formatFen(signoffTotalFen)}, but the bank file left ${formatFen(bank.cashFen)} to cash`);
  }
  let noAccountFen = 0n;
  let owedFen = 0n;
  for (const e of bank.excluded) {
    if (e.code === 'W_NO_ACCOUNT') noAccountFen += e.netFen;
    else owedFen -= e.netFen;
  }
  return { cashTotalFen: signoffTotalFen, noAccountFen, owedFen };
}
