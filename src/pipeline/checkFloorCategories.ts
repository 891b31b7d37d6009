import type { Dataset } from '../io/types.js';
import type { Problems } from '../problems.js';
import { suggest } from '../util/suggest.js';
import type { Rules } from '../rules/types.js';

/**
 * A floor (兜底) whose category no household has protects nobody: most often a typo (脫贫户 for
 * 脱贫户) or a category spelled differently in households.csv. Reported as a warning at the floor in
 * rules.yaml, with the nearest category that households do have.
 */
export function checkFloorCategories(rules: Rules, data: Dataset, problems: Problems): void {
  if (rules.floors.length === 0) return;
  const have = new Set<string>();
  for (const h of data.households) have.add(h.category);
  const known = [...have].filter((c) => c !== '');
  for (const f of rules.floors) {
    if (have.has(f.category)) continue;
    const s = suggest(f.category, known);
    const list = known.length > 0 ? known.slice(0, 8).join('、') : '（无 none）';
    problems.warn(
      f.pos.file ?? rules.file,
      f.pos.line,
      f.pos.column,
      'W_UNKNOWN_CATEGORY',
      `floors 中的类别 ${JSON.stringify(f.category)} 没有任何一户，这条兜底不会生效` +
        (s ? `，是否应为 ${JSON.stringify(s)}?` : `；成员名册中的类别有：${list}`) +
        ` (no household has category ${JSON.stringify(f.category)}; this floor applies to nobody${s ? `; did you mean ${JSON.stringify(s)}?` : ''})`,
    );
  }
}
