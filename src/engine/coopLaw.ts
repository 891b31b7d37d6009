import { roundHalfUp } from '../money/exact.js';
import { formatFen, formatScaled } from '../money/fen.js';
import type { Problems } from '../problems.js';
import type { Rules } from '../rules/types.js';
import type { AllocationResult, BasisResult, CoopLawResult } from './types.js';

/**
 * SPEC §9.5, Farmers' Professional Cooperatives Law art. 44: with `legal_form: farmers_cooperative`,
 * the `transactions` bases must get at least 60 % of D = S − the reserve entries' §5.6 parts.
 * null: not a cooperative; false: the check failed (E_COOP_LAW pushed).
 */
export function checkCoopLaw(rules: Rules, surplusFen: bigint, allocations: readonly AllocationResult[], bases: readonly BasisResult[], problems: Problems): CoopLawResult | null | false {
  if (rules.legalForm !== 'farmers_cooperative') return null;
  const reserveFen = allocations.filter((a) => a.reserve).reduce((s, a) => s + a.amountFen - a.membersRemainderFen, 0n);
  const distributableFen = surplusFen - reserveFen;
  const transactionsFen = bases.filter((b) => b.basis === 'transactions').reduce((s, b) => s + b.amountFen, 0n);
  const percent100 = distributableFen > 0n ? roundHalfUp(transactionsFen * 10_000n, distributableFen) : 0n;
  if (distributableFen > 0n && 100n * transactionsFen < 60n * distributableFen) {
    const pos = rules.coopLawPos ?? { line: 0, column: 0 };
    problems.error(
      pos.file ?? rules.file,
      pos.line,
      pos.column,
      'E_COOP_LAW',
      `农民专业合作社按交易量(额)返还的总额不得低于可分配盈余的 60% (《农民专业合作社法》第四十四条): 可分配盈余 ${formatFen(distributableFen)} 元, 按交易返还 ${formatFen(transactionsFen)} 元, 只占 ${formatScaled(percent100, 2)}%; 请提高 transactions 依据的百分比` +
        ` (a farmers' cooperative must return at least 60 % by transactions: ${formatFen(transactionsFen)} of ${formatFen(distributableFen)} is ${formatScaled(percent100, 2)} %)`,
    );
    return false;
  }
  return { distributableFen, transactionsFen, percent100 };
}
