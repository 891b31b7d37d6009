import { type Checker, clip, pathIndex, pathKey, rulePos } from '../check.js';
import { suggest } from '../../util/suggest.js';
import type { ShareClass, ShareHolder } from '../types.js';
import type { PMap } from '../yamlTree.js';
import { entry } from './common.js';

const UNITS_DECIMALS = 4;

/** `share_holders` (SPEC §9.4): units held by the collective or an enterprise, paid like a household's. */
export function readShareHolders(c: Checker, root: PMap, shareClasses: Map<string, ShareClass>, classesOk: boolean): { shareHolders: ShareHolder[]; given: boolean } {
  const shareHolders: ShareHolder[] = [];
  const node = entry(root, 'share_holders');
  if (!node) return { shareHolders, given: false };
  const list = c.seq(node, 'share_holders');
  list?.items.forEach((item, i) => {
    const path = pathIndex('share_holders', i);
    const m = c.map(item, path, ['to', 'class', 'units', 'months']);
    if (!m) return;
    c.required(m, path, ['to', 'class', 'units']);
    const t = entry(m, 'to');
    let to = t ? c.text(t, pathKey(path, 'to')) : undefined;
    if (to === 'members') {
      c.bad(t!.at, pathKey(path, 'to'), '持股方不能是 members (成员即各户, 写在 shares.csv 中)', 'a holder cannot be members: households hold their units in shares.csv');
      to = undefined;
    }
    const cl = entry(m, 'class');
    let cls = cl ? c.text(cl, pathKey(path, 'class')) : undefined;
    if (cls !== undefined && classesOk && !shareClasses.has(cls)) {
      const known = [...shareClasses.keys()];
      const s = suggest(cls, known);
      c.bad(
        cl!.at,
        pathKey(path, 'class'),
        `share_classes 中没有类别 ${clip(cls)}${s ? `, 是否应为 ${s}?` : known.length ? `, 可选: ${known.join(', ')}` : ', 请先在 share_classes 中定义'}`,
        `no class ${clip(cls)} in share_classes${s ? `; did you mean ${s}?` : ''}`,
      );
      cls = undefined;
    }
    const u = entry(m, 'units');
    const units = u ? c.number(u, pathKey(path, 'units'), 'gt0', UNITS_DECIMALS) : undefined;
    let months: number | undefined = 12;
    const mo = entry(m, 'months');
    if (mo) {
      months = c.integer(mo, pathKey(path, 'months'));
      if (months !== undefined && (months < 1 || months > 12)) {
        c.bad(mo.at, pathKey(path, 'months'), `月数应为 1–12 的整数: ${months}`, 'months must be a whole number from 1 to 12');
        months = undefined;
      }
    }
    if (to !== undefined && cls !== undefined && units !== undefined && months !== undefined) {
      shareHolders.push({ to, class: cls, units, months, pos: rulePos(m.at) });
    }
  });
  return { shareHolders, given: true };
}
