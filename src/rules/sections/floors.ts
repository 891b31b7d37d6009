import { type Checker, clip, pathIndex, pathKey, rulePos } from '../check.js';
import { suggest } from '../../util/suggest.js';
import type { Floor } from '../types.js';
import type { PMap } from '../yamlTree.js';
import { entry } from './common.js';

/** `floors` (兜底): a minimum total per household category, funded by a named distribution entry. */
export function readFloors(c: Checker, root: PMap, names: Map<string, string>, namesComplete: boolean): Floor[] {
  const floors: Floor[] = [];
  const floorsNode = entry(root, 'floors');
  if (floorsNode) {
    const list = c.seq(floorsNode, 'floors');
    list?.items.forEach((item, i) => {
      const path = pathIndex('floors', i);
      const m = c.map(item, path, ['category', 'min_total', 'funded_by']);
      if (!m) return;
      c.required(m, path, ['category', 'min_total', 'funded_by']);
      const cat = entry(m, 'category');
      const category = cat ? c.text(cat, pathKey(path, 'category')) : undefined;
      const mt = entry(m, 'min_total');
      const minTotalFen = mt ? c.moneyFen(mt, pathKey(path, 'min_total')) : undefined;
      const fb = entry(m, 'funded_by');
      const fpath = pathKey(path, 'funded_by');
      let fundedBy = fb ? c.text(fb, fpath) : undefined;
      if (fb && fundedBy !== undefined) {
        if (fundedBy === 'members') {
          c.bad(fb.at, fpath, '不能由 members 出资 (成员效益分红不是资金来源), 请填写 fixed 或 shares 中的条目', 'members cannot fund a floor; name a fixed or shares entry');
          fundedBy = undefined;
        } else if (namesComplete && !names.has(fundedBy)) {
          const known = [...names.keys()].filter((n) => n !== 'members');
          const s = suggest(fundedBy, known);
          c.bad(
            fb.at,
            fpath,
            `distribution 中没有名为 ${clip(fundedBy)} 的条目${s ? `, 是否应为 ${s}?` : `, 可选: ${known.join(', ')}`}`,
            `no distribution entry named ${clip(fundedBy)}${s ? `; did you mean ${s}?` : `; entries: ${known.join(', ')}`}`,
          );
          fundedBy = undefined;
        }
      }
      if (category !== undefined && minTotalFen !== undefined && fundedBy !== undefined) {
        floors.push({ category, minTotalFen, fundedBy, pos: rulePos(m.at) });
      }
    });
  }
  return floors;
}
