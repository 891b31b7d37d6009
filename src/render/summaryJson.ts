import type { ProblemCode } from '../problemCodes.js';
import type { Distribution } from '../engine/types.js';
import type { Dataset } from '../io/types.js';
import { formatFen } from '../money/fen.js';
import type { Rules } from '../rules/types.js';
import { toolVersion } from '../version.js';
import type { Check } from './checks.js';

/** summary.json (SPEC §6): English keys in this order, money as strings with 2 decimals. */
export interface Summary {
  name: string;
  year: number;
  households: number;
  income: string;
  expenses: string;
  wages: string;
  land_rent: string;
  guaranteed_dividend: string; // G as paid
  surplus: string; // may be negative
  deficit: string;
  guaranteed_scaled: boolean;
  allocations: { to: string; amount: string; floor_topups: string; retained: string }[];
  members_pool: string;
  bases: { basis: string; amount: string }[];
  performance_dividend: string;
  floor_topup: string;
  total: string;
  deductions: string;
  net_payable: string;
  warnings: { code: string; message: string }[];
  inputs: { file: string; sha256: string; rows: number }[];
  rules_sha256: string;
  tool_version: string;
  /** Reconciliation checks with their figures (issue: auditors see them, not only the exit code). */
  checks: Check[];
}

export interface WarningLike {
  code: ProblemCode;
  message: string;
}

/** The summary object; `warnings` are all warnings of the run (readers', rules' and engine's). */
export function buildSummary(
  rules: Rules,
  dataset: Dataset,
  dist: Distribution,
  warnings: readonly WarningLike[],
  checks: Check[] = [],
): Summary {
  const f = formatFen;
  return {
    name: rules.name,
    year: rules.year,
    households: dist.households,
    income: f(dist.incomeFen),
    expenses: f(dist.expensesFen),
    wages: f(dist.wagesFen),
    land_rent: f(dist.landRentFen),
    guaranteed_dividend: f(dist.guaranteedFen),
    surplus: f(dist.surplusFen),
    deficit: f(dist.deficitFen),
    guaranteed_scaled: dist.guaranteedScaled,
    allocations: dist.allocations.map((a) => ({
      to: a.to,
      amount: f(a.amountFen),
      floor_topups: f(a.floorTopupsFen),
      retained: f(a.retainedFen),
    })),
    members_pool: f(dist.membersPoolFen),
    bases: dist.bases.map((b) => ({ basis: b.basis, amount: f(b.amountFen) })),
    performance_dividend: f(dist.performanceFen),
    floor_topup: f(dist.floorTopupFen),
    total: f(dist.totalFen),
    deductions: f(dist.deductionsFen),
    net_payable: f(dist.netPayableFen),
    warnings: warnings.map((w) => ({ code: w.code, message: w.message })),
    inputs: dataset.inputs.map((x) => ({ file: x.file, sha256: x.sha256, rows: x.rows })),
    rules_sha256: rules.sha256,
    tool_version: toolVersion(),
    checks,
  };
}

/** Serialised: 2-space indent and a final newline (UTF-8, no BOM, when written). */
export function summaryText(summary: Summary): string {
  return JSON.stringify(summary, null, 2) + '\n';
}
