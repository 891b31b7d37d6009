import type { ProblemCode } from '../problemCodes.js';
import type { Distribution } from '../engine/types.js';
import type { Dataset } from '../io/types.js';
import { exactToString } from '../money/exact.js';
import { formatFen, formatScaled } from '../money/fen.js';
import type { Rules } from '../rules/types.js';
import { toolVersion } from '../version.js';
import { InternalError } from '../problems.js';
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
  /** SPEC §9.6, present with `opening:`. */
  opening_retained?: string;
  opening_loss?: string;
  loss_carried_forward?: string;
  guaranteed_scaled: boolean;
  allocations: { to: string; amount: string; floor_topups: string; retained: string; members_remainder?: string; from_shares?: string }[];
  members_pool: string;
  bases: { basis: string; amount: string; rate?: string; remainder_to?: string; remainder?: string }[];
  /** SPEC §9.4, present with `share_holders:`. */
  holders?: { to: string; class: string; units: string; guaranteed_dividend: string; performance_dividend: string; total: string }[];
  /** SPEC §9.5, present with `legal_form: farmers_cooperative`. */
  coop_law?: { distributable: string; transactions: string; percent: string };
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
  // §9 keys appear only when their feature is used (docs/RULES-9.md), so §5–§6 summaries stay byte-identical.
  const opening = rules.opening
    ? { opening_retained: f(rules.opening.retainedFen), opening_loss: f(rules.opening.lossFen), loss_carried_forward: f(dist.deficitFen) }
    : {};
  const fromShares = new Map<string, bigint>();
  for (const h of dist.holders) fromShares.set(h.to, (fromShares.get(h.to) ?? 0n) + h.totalFen);
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
    ...opening,
    guaranteed_scaled: dist.guaranteedScaled,
    allocations: dist.allocations.map((a) => ({
      to: a.to,
      amount: f(a.amountFen),
      floor_topups: f(a.floorTopupsFen),
      retained: f(a.retainedFen),
      ...(a.membersRemainderFen !== 0n ? { members_remainder: f(a.membersRemainderFen) } : {}),
      ...(fromShares.has(a.to) ? { from_shares: f(fromShares.get(a.to)!) } : {}),
    })),
    members_pool: f(dist.membersPoolFen),
    bases: dist.bases.map((b) =>
      b.rated
        ? { basis: b.basis, amount: f(b.amountFen), rate: exactToString(b.rated.rate), remainder_to: b.rated.remainderTo, remainder: f(b.rated.remainderFen) }
        : { basis: b.basis, amount: f(b.amountFen) },
    ),
    ...(rules.shareHoldersGiven
      ? {
          holders: dist.holders.map((h) => ({
            to: h.to,
            class: h.class,
            units: formatScaled(h.units4, 4),
            guaranteed_dividend: f(h.guaranteedFen),
            performance_dividend: f(h.performanceFen),
            total: f(h.totalFen),
          })),
        }
      : {}),
    ...(dist.coopLaw
      ? { coop_law: { distributable: f(dist.coopLaw.distributableFen), transactions: f(dist.coopLaw.transactionsFen), percent: formatScaled(dist.coopLaw.percent100, 2) } }
      : {}),
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

/** Stands for the warnings while the rest is serialised (a string no summary holds: JSON writes U+0000 escaped). */
const WARNINGS_HERE = '\u0000warnings';

/**
 * summaryText's bytes as UTF-8, handed to `write` in pieces, the warnings a few thousand at a time
 * (each piece used before the next is made): a county whose households.csv has no account column
 * has a W_NO_ACCOUNT per household, and one string of a million of them (twice the file's size in
 * memory, then encoded) cost seconds and a gigabyte. The bytes are summaryText's exactly
 * (test/render/summaryJson.test.ts).
 */
export function writeSummary(summary: Summary, write: (bytes: Buffer) => void): void {
  const text = summaryText({ ...summary, warnings: WARNINGS_HERE as unknown as Summary['warnings'] });
  // With the key and its line break: no string value can hold that (JSON escapes a line break).
  const mark = `\n  "warnings": ${JSON.stringify(WARNINGS_HERE)}`;
  const at = text.indexOf(mark);
  if (at < 0) throw new InternalError('summary.json: the warnings key is not where it was put');
  const head = text.slice(0, at + mark.length - JSON.stringify(WARNINGS_HERE).length);
  const tail = text.slice(at + mark.length);
  const list = summary.warnings;
  if (list.length === 0) {
    write(Buffer.from(head + '[]' + tail, 'utf8'));
    return;
  }
  // `"warnings"` is a key of the top object: its elements are at 4 spaces, their keys at 6.
  let chunk = head + '[\n';
  for (let i = 0; i < list.length; i++) {
    const w = list[i];
    chunk += `${i === 0 ? '' : ',\n'}    {\n      "code": ${JSON.stringify(w.code)},\n      "message": ${JSON.stringify(w.message)}\n    }`;
    if (chunk.length > 1 << 16) {
      write(Buffer.from(chunk, 'utf8'));
      chunk = '';
    }
  }
  write(Buffer.from(chunk + '\n  ]' + tail, 'utf8'));
}

/** writeSummary's bytes in one buffer. */
export function summaryBytes(summary: Summary): Buffer {
  const parts: Buffer[] = [];
  writeSummary(summary, (b) => parts.push(b));
  return Buffer.concat(parts);
}
