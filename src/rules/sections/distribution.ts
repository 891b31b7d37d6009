import { type Checker, clip, pathIndex, pathKey, rulePos } from '../check.js';
import type { Exact } from '../../money/exact.js';
import type { FixedEntry, ShareEntry } from '../types.js';
import type { PMap, PNode } from '../yamlTree.js';
import { checkHundred, entry } from './common.js';

export interface DistributionSection {
  fixed: FixedEntry[];
  shares: ShareEntry[];
  /** Every `to` seen, with its path (for duplicates and floors' funded_by). */
  names: Map<string, string>;
  /** False when some entry could not be read: a name not found may then be one of those. */
  namesComplete: boolean;
  /** The shares item with `to: members`, if any. */
  membersEntry: PNode | undefined;
}

/** `distribution`: fixed amounts first, then shares of what is left, adding up to 100. */
export function readDistribution(c: Checker, root: PMap): DistributionSection {
  const fixed: FixedEntry[] = [];
  const shares: ShareEntry[] = [];
  /** every `to` seen, with its path (for duplicates and funded_by) */
  const names = new Map<string, string>();
  let namesComplete = true;
  let membersEntry: PNode | undefined; // the shares item with `to: members`
  const distNode = entry(root, 'distribution');
  if (distNode) {
    const d = c.map(distNode, 'distribution', ['fixed', 'shares']);
    if (!d) namesComplete = false;
    if (d) c.required(d, 'distribution', ['shares'], root.entries.get('distribution')!.keyAt);

    const fixedNode = entry(d, 'fixed');
    if (fixedNode) {
      const list = c.seq(fixedNode, 'distribution.fixed');
      if (!list) namesComplete = false;
      list?.items.forEach((item, i) => {
        const path = pathIndex('distribution.fixed', i);
        const m = c.map(item, path, ['to', 'amount']);
        if (!m) {
          namesComplete = false;
          return;
        }
        c.required(m, path, ['to', 'amount']);
        const to = readTo(c, m, path, names, 'fixed');
        if (to === undefined) namesComplete = false;
        const a = entry(m, 'amount');
        const amountFen = a ? c.moneyFen(a, pathKey(path, 'amount')) : undefined;
        if (to !== undefined && amountFen !== undefined) fixed.push({ to, amountFen, percentOfIncome: null, reserve: false, pos: rulePos(m.at) });
      });
    }

    const sharesNode = entry(d, 'shares');
    if (sharesNode) {
      const list = c.seq(sharesNode, 'distribution.shares');
      if (!list) namesComplete = false;
      if (list && list.items.length === 0) c.bad(list.at, 'distribution.shares', '至少需要一项', 'must list at least one entry');
      let percentsOk = !!list;
      const percents: Exact[] = [];
      list?.items.forEach((item, i) => {
        const path = pathIndex('distribution.shares', i);
        const m = c.map(item, path, ['to', 'percent']);
        if (!m) {
          namesComplete = false;
          percentsOk = false;
          return;
        }
        c.required(m, path, ['to', 'percent']);
        const to = readTo(c, m, path, names, 'shares');
        if (to === undefined) namesComplete = false;
        if (to === 'members') membersEntry = m;
        const p = entry(m, 'percent');
        const percent = p ? c.number(p, pathKey(path, 'percent'), 'gt0') : undefined;
        if (percent === undefined) percentsOk = false;
        else percents.push(percent);
        if (to !== undefined && percent !== undefined) shares.push({ to, percent, reserve: false, basis: null, pos: rulePos(m.at) });
      });
      if (list && percentsOk && list.items.length > 0) {
        checkHundred(c, percents, d!.entries.get('shares')!.keyAt, 'distribution.shares');
      }
    }
  }
  return { fixed, shares, names, namesComplete, membersEntry };
}

/** The `to` of a fixed or shares entry: text, unique across both lists, `members` only in shares. */
function readTo(c: Checker, m: PMap, path: string, names: Map<string, string>, list: 'fixed' | 'shares'): string | undefined {
  const n = entry(m, 'to');
  if (!n) return undefined;
  const tpath = pathKey(path, 'to');
  const to = c.text(n, tpath);
  if (to === undefined) return undefined;
  if (to === 'members' && list === 'fixed') {
    c.bad(n.at, tpath, 'members 只能出现在 distribution.shares 中', 'members is only allowed in distribution.shares');
    return undefined;
  }
  const first = names.get(to);
  if (first !== undefined) {
    c.bad(n.at, tpath, `名称 ${clip(to)} 重复, ${first} 已使用`, `duplicate name ${clip(to)}, already used by ${first}`);
    return undefined;
  }
  names.set(to, path);
  return to;
}
