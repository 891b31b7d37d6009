import type { Dataset } from '../io/types.js';
import { allocate, allocateColumn } from '../money/allocate.js';
import { combineColumns } from '../money/columnView.js';
import { basisDef } from '../bases/registry.js';
import { maxScale, sumColumn } from '../money/columns.js';
import { exactToString, pow10, unitsAt, type Exact } from '../money/exact.js';
import { formatFen } from '../money/fen.js';
import type { Problems } from '../problems.js';
import type { MemberBasis, Rules } from '../rules/types.js';
import type { Components } from './components.js';
import { percentWeights } from './entries.js';
import { deriveRate, highestRateCents, payAtRate } from './rates.js';
import type { AllocationResult, BasisResult, EngineWarning } from './types.js';

export interface MembersResult {
  bases: BasisResult[];
  /** One column per basis: the households' parts. */
  basisFen: BigInt64Array[];
  performanceFen: BigInt64Array;
  /** Each share holder's performance dividend (SPEC §9.4), in rules order. */
  holderPerformanceFen: bigint[];
}

/**
 * SPEC §5 step 7 with §9: each basis's part P_b (M split by percent, or — §9.9 — the basis's own
 * entry part) goes to households and then share holders, either by `split` over their weights or,
 * for a rated basis (§9.3), as round(rate × weight) with the difference to its `remainder_to`
 * entry (added to that allocation). A positive part with no weight at all is the user's
 * E_EMPTY_BASIS; a declared rate that pays more than can be covered is E_RATE_TOO_HIGH.
 */
export function computeMembers(
  rules: Rules,
  data: Dataset,
  comp: Components,
  membersPoolFen: bigint,
  listedPartsFen: bigint[] | null,
  surplusPositive: boolean,
  allocations: AllocationResult[],
  warnings: EngineWarning[],
  problems: Problems,
): MembersResult | null {
  const n = data.households.length;
  const holders = rules.shareHolders.length;
  const parts = listedPartsFen ?? (rules.members.length ? allocate(membersPoolFen, percentWeights(rules.members.map((m) => m.percent))) : []);
  const bases: BasisResult[] = [];
  const basisFen: BigInt64Array[] = [];
  const performanceFen = new BigInt64Array(n);
  const holderPerformanceFen = new Array<bigint>(holders).fill(0n);
  let ok = true;
  let noBirthDateWarned = false;
  rules.members.forEach((m, i) => {
    const where = { file: m.pos.file ?? rules.file, line: m.pos.line, column: m.pos.column };
    // A filtered persons basis without persons.csv was refused by the reader (E_MISSING_FILE).
    if ((m.minAge !== null || m.maxAge !== null) && !noBirthDateWarned && data.persons?.some((p) => p.age === null)) {
      const missing = data.persons.filter((p) => p.age === null).length;
      warnings.push({
        code: 'W_NO_BIRTH_DATE',
        message: `persons.csv 中有 ${missing} 人没有出生日期, 不计入按年龄筛选的分红 (${missing} persons without birth_date never match an age filter)`,
        place: { file: 'persons.csv', line: 0, column: 0 },
      });
      noBirthDateWarned = true;
    }
    const input = { rules, data, comp, classes: m.classes, rule: m };
    const def = basisDef(m.basis);
    const raw = def.weights(input);
    const holderRaw = def.holderWeights ? def.holderWeights(input, raw.den) : new Array<bigint>(holders).fill(0n);
    const { weights, den } = applyCategories(m, data, raw.weights, raw.den, holderRaw);
    const total = sumColumn(weights);
    const partFen = parts[i];
    const result: BasisResult = {
      basis: m.basis,
      classes: m.classes,
      percentText: exactToString(m.percent),
      partFen,
      amountFen: partFen,
      totalWeight: total,
      weightDen: den,
      weights: weights.length === n ? weights : Array.prototype.slice.call(weights, 0, n),
      rated: null,
      pos: m.pos,
    };
    bases.push(result);
    const empty = () => {
      basisFen.push(new BigInt64Array(n));
    };
    if (partFen > 0n && total === 0n) {
      const what = m.classes ? `${m.basis} (classes: ${m.classes.join(', ')})` : m.basis;
      problems.error(
        where.file,
        where.line,
        where.column,
        'E_EMPTY_BASIS',
        `成员分红依据 ${what} 分得 ${formatFen(partFen)} 元, 但没有任何一户有这项依据 (basis has a part but every household's weight is 0)`,
      );
      ok = false;
      return empty();
    }
    if (m.rate === null && m.rateStep === null) {
      const col = allocateColumn(partFen, weights);
      basisFen.push(holders ? col.slice(0, n) : col);
      for (let j = 0; j < holders; j++) holderPerformanceFen[j] += col[n + j];
      return;
    }
    // A rated basis (§9.3).
    const entry = allocations.find((a) => a.to === m.remainderTo)!;
    const balance = entry.amountFen; // its §5.6 part plus the remainders of the rated bases before this one
    const ws = Array.from(weights);
    let rate: Exact;
    let pays: bigint[];
    let paid: bigint;
    if (!surplusPositive) {
      rate = m.rate ?? { units: 0n, scale: 0 };
      pays = ws.map(() => 0n);
      paid = 0n;
    } else if (m.rate !== null) {
      rate = m.rate;
      ({ pays, totalFen: paid } = payAtRate(rate, ws, den));
      if (paid > partFen + balance) {
        const best = highestRateCents(ws, den, rate, partFen + balance);
        problems.error(
          where.file,
          where.line,
          where.column,
          'E_RATE_TOO_HIGH',
          `${def.label.zh} 每${def.unitOf(m).zh.per} ${exactToString(rate)} 元共需 ${formatFen(paid)} 元, 但这项只分得 ${formatFen(partFen)} 元` +
            `${balance > 0n ? `, ${m.remainderTo} 最多可补 ${formatFen(balance)} 元` : ''}; 最高可定为每${def.unitOf(m).zh.per} ${exactToString(best)} 元 (请降低 rate, 或提高这项的百分比)` +
            ` (${exactToString(rate)} per ${def.unitOf(m).en.per} needs ${formatFen(paid)}, the part is ${formatFen(partFen)}; the highest rate it covers is ${exactToString(best)})`,
        );
        ok = false;
        return empty();
      }
    } else {
      const d = deriveRate(partFen, ws, den, m.rateStep!, partFen + balance);
      rate = d.rate;
      ({ pays, totalFen: paid } = d.pay);
      if (unitsAt(d.rate, 10) < unitsAt(d.rate0, 10)) {
        warnings.push({
          code: 'W_RATE_ROUNDED_DOWN',
          message: `${def.label.zh} 每${def.unitOf(m).zh.per} ${exactToString(d.rate0)} 元会超出这项的 ${formatFen(partFen)} 元, 改按每${def.unitOf(m).zh.per} ${exactToString(d.rate)} 元发放 (rate rounded down from ${exactToString(d.rate0)} to ${exactToString(d.rate)} per ${def.unitOf(m).en.per})`,
          place: where,
        });
      }
    }
    const remainderFen = partFen - paid;
    entry.amountFen += remainderFen;
    entry.retainedFen += remainderFen;
    entry.membersRemainderFen += remainderFen;
    result.amountFen = paid;
    result.rated = { rate, remainderTo: m.remainderTo!, remainderFen, declared: m.rate !== null };
    basisFen.push(BigInt64Array.from(pays.slice(0, n)));
    for (let j = 0; j < holders; j++) holderPerformanceFen[j] += pays[n + j];
  });
  combineColumns(performanceFen, basisFen);
  return ok ? { bases, basisFen, performanceFen, holderPerformanceFen } : null;
}

/**
 * §9.2: `categories` keeps the listed categories' weights, `category_weights` multiplies by the
 * category's factor (unlisted 0); holders have no category. Returns households then holders.
 */
function applyCategories(m: MemberBasis, data: Dataset, hw: ArrayLike<bigint>, den: bigint, holderW: bigint[]): { weights: ArrayLike<bigint>; den: bigint } {
  const n = data.households.length;
  // The county-scale case (no §9.2, no holders) keeps the basis's own column.
  if (m.categories === null && m.categoryWeights === null && holderW.length === 0) return { weights: hw, den };
  const out = new Array<bigint>(n + holderW.length);
  if (m.categories === null && m.categoryWeights === null) {
    for (let h = 0; h < n; h++) out[h] = hw[h];
    holderW.forEach((w, j) => (out[n + j] = w));
    return { weights: out, den };
  }
  if (m.categories !== null) {
    const keep = new Set(m.categories);
    for (let h = 0; h < n; h++) out[h] = keep.has(data.households[h].category) ? hw[h] : 0n;
    holderW.forEach((_, j) => (out[n + j] = 0n));
    return { weights: out, den };
  }
  const s = maxScale(m.categoryWeights!.values());
  const factor = new Map([...m.categoryWeights!].map(([k, v]) => [k, unitsAt(v, s)]));
  for (let h = 0; h < n; h++) out[h] = hw[h] * (factor.get(data.households[h].category) ?? 0n);
  holderW.forEach((_, j) => (out[n + j] = 0n));
  return { weights: out, den: den * pow10(s) };
}
