import type { Dataset } from '../io/types.js';
import { allocate, allocateColumn } from '../money/allocate.js';
import { combineColumns } from '../money/columnView.js';
import { exactToString, pow10, unitsAt } from '../money/exact.js';
import { formatFen } from '../money/fen.js';
import type { Problems } from '../problems.js';
import type { MemberBasis, Rules } from '../rules/types.js';
import { maxScale, sumColumn } from './columns.js';
import { sumsColumn, sumTerms, type Components, type Term } from './components.js';
import { percentWeights } from './entries.js';
import type { BasisResult } from './types.js';

/** A basis's household weights as integers, with the denominator that makes them exact. */
export interface BasisWeights {
  weights: ArrayLike<bigint>;
  den: bigint;
}

export function basisWeights(b: MemberBasis, rules: Rules, data: Dataset, comp: Components): BasisWeights {
  const n = data.households.length;
  switch (b.basis) {
    case 'share_units': {
      // Σ time-weighted units × class weight, over the chosen classes (all by default).
      const classes = [...comp.unitsNum.keys()].filter((c) => b.classes === null || b.classes.includes(c));
      const ws = classes.map((c) => rules.shareClasses.get(c)!.weight);
      const s = maxScale(ws);
      const terms: Term[] = [];
      classes.forEach((c, k) => {
        const w = unitsAt(ws[k], s);
        if (w === 0n) return;
        for (const t of comp.unitsTerms.get(c)!) terms.push({ values: t.values, mult: t.mult * w });
      });
      return { weights: sumsColumn(sumTerms(n, terms), n), den: comp.unitsDen * pow10(s) };
    }
    case 'labor_days':
      return { weights: comp.laborDays100, den: 100n };
    case 'per_household':
      return { weights: new BigInt64Array(n).fill(1n), den: 1n };
    case 'wages':
      return { weights: comp.wagesFen, den: 100n };
    case 'points':
      return { weights: sumsColumn(sumTerms(n, [{ values: data.points, mult: 1n }]), n), den: 10_000n };
  }
}

/**
 * SPEC §5 step 7: M is split over the bases by percent; each basis's part over all households by
 * that basis's weights. A positive part with no weight at all is the user's E_EMPTY_BASIS.
 */
export function computeMembers(
  rules: Rules,
  data: Dataset,
  comp: Components,
  membersPoolFen: bigint,
  problems: Problems,
): { bases: BasisResult[]; basisFen: BigInt64Array[]; performanceFen: BigInt64Array } | null {
  const n = data.households.length;
  const parts = rules.members.length
    ? allocate(membersPoolFen, percentWeights(rules.members.map((m) => m.percent)))
    : [];
  const bases: BasisResult[] = [];
  const basisFen: BigInt64Array[] = [];
  const performanceFen = new BigInt64Array(n);
  let ok = true;
  rules.members.forEach((m, i) => {
    const { weights, den } = basisWeights(m, rules, data, comp);
    const total = sumColumn(weights);
    bases.push({
      basis: m.basis,
      classes: m.classes,
      percentText: exactToString(m.percent),
      amountFen: parts[i],
      totalWeight: total,
      weightDen: den,
      pos: m.pos,
    });
    if (parts[i] > 0n && total === 0n) {
      const what = m.classes ? `${m.basis} (classes: ${m.classes.join(', ')})` : m.basis;
      problems.error(
        m.pos.file ?? rules.file,
        m.pos.line,
        m.pos.column,
        'E_EMPTY_BASIS',
        `成员分红依据 ${what} 分得 ${formatFen(parts[i])} 元, 但没有任何一户有这项依据 (basis has a part but every household's weight is 0)`,
      );
      ok = false;
      basisFen.push(new BigInt64Array(n));
      return;
    }
    basisFen.push(allocateColumn(parts[i], weights));
  });
  combineColumns(performanceFen, basisFen);
  return ok ? { bases, basisFen, performanceFen } : null;
}
