import type { Dataset } from '../io/types.js';
import { allocate, allocateColumn } from '../money/allocate.js';
import { combineColumns } from '../money/columnView.js';
import { basisDef } from '../bases/registry.js';
import { sumColumn } from '../money/columns.js';
import { exactToString } from '../money/exact.js';
import { formatFen } from '../money/fen.js';
import type { Problems } from '../problems.js';
import type { Rules } from '../rules/types.js';
import type { Components } from './components.js';
import { percentWeights } from './entries.js';
import type { BasisResult } from './types.js';

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
    const { weights, den } = basisDef(m.basis).weights({ rules, data, comp, classes: m.classes });
    const total = sumColumn(weights);
    bases.push({
      basis: m.basis,
      classes: m.classes,
      percentText: exactToString(m.percent),
      amountFen: parts[i],
      totalWeight: total,
      weightDen: den,
      weights,
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
