import { type Checker, pathKey, rulePos } from '../check.js';
import type { ShareClass } from '../types.js';
import type { PMap } from '../yamlTree.js';
import { entry } from './common.js';

/** `share_classes`; `classesOk` is false when the section could not be read whole (no follow-on "unknown class" errors then). */
export function readShareClasses(c: Checker, root: PMap): { shareClasses: Map<string, ShareClass>; classesOk: boolean } {
  const shareClasses = new Map<string, ShareClass>();
  let classesOk = true;
  const scNode = entry(root, 'share_classes');
  if (scNode) {
    const sc = c.namedMap(scNode, 'share_classes');
    if (!sc) classesOk = false;
    for (const e of sc?.entries.values() ?? []) {
      const path = pathKey('share_classes', e.key);
      const m = c.map(e.value, path, ['guaranteed_per_unit', 'weight']);
      if (!m) {
        classesOk = false;
        continue;
      }
      const g = entry(m, 'guaranteed_per_unit');
      const wt = entry(m, 'weight');
      const gv = g ? c.number(g, pathKey(path, 'guaranteed_per_unit'), 'ge0') : { units: 0n, scale: 0 };
      const wv = wt ? c.number(wt, pathKey(path, 'weight'), 'ge0') : { units: 1n, scale: 0 };
      if (gv && wv) shareClasses.set(e.key, { guaranteedPerUnit: gv, weight: wv, pos: rulePos(e.keyAt) });
    }
  }
  return { shareClasses, classesOk };
}

/** `guaranteed_shortfall`: pay in full or scale (SPEC §5). */
export function readGuaranteedShortfall(c: Checker, root: PMap): 'pay' | 'scale' {
  let guaranteedShortfall: 'pay' | 'scale' = 'pay';
  const gsNode = entry(root, 'guaranteed_shortfall');
  if (gsNode) guaranteedShortfall = c.oneOf(gsNode, 'guaranteed_shortfall', ['pay', 'scale'] as const) ?? 'pay';
  return guaranteedShortfall;
}
