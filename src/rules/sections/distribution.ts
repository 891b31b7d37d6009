import { type Checker, clip, pathIndex, pathKey, rulePos } from '../check.js';
import type { Exact } from '../../money/exact.js';
import type { FixedEntry, ShareEntry } from '../types.js';
import type { PMap, PNode } from '../yamlTree.js';
import { type BasisContext, type ReadBasis, readBasisItem } from './basisItem.js';
import { checkHundred, entry } from './common.js';

export interface DistributionSection {
  fixed: FixedEntry[];
  shares: ShareEntry[];
  /** Every `to` seen, with its path (for duplicates and floors' funded_by). */
  names: Map<string, string>;
  /** False when some entry could not be read: a name not found may then be one of those. */
  namesComplete: boolean;
  /** The shares item with `to: members` and no basis, if any. */
  membersEntry: PNode | undefined;
  /** SPEC §9.9: the bases listed among the shares entries, in order ([] in the §4 form). */
  listedBases: ReadBasis[];
  /** Whether some shares entry has `basis` (the §9.9 form, even if that entry was wrong). */
  listedInShares: boolean;
}

/** `distribution`: fixed amounts first, then shares of what is left, adding up to 100. */
export function readDistribution(c: Checker, root: PMap, ctx: BasisContext): DistributionSection {
  const fixed: FixedEntry[] = [];
  const shares: ShareEntry[] = [];
  /** every `to` seen, with its path (for duplicates and funded_by) */
  const names = new Map<string, string>();
  let namesComplete = true;
  let membersEntry: PNode | undefined; // the shares item with `to: members`
  const listedBases: ReadBasis[] = [];
  let listedInShares = false;
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
        const m = c.map(item, path, ['to', 'amount', 'percent_of_income', 'reserve']);
        if (!m) {
          namesComplete = false;
          return;
        }
        c.required(m, path, ['to']);
        const to = readTo(c, m, path, names, 'fixed');
        if (to === undefined) namesComplete = false;
        const a = entry(m, 'amount');
        const poi = entry(m, 'percent_of_income');
        // SPEC §9.7: exactly one of amount and percent_of_income.
        if (a && poi) c.bad(m.entries.get('percent_of_income')!.keyAt, pathKey(path, 'percent_of_income'), 'amount 与 percent_of_income 只能写一个', 'give amount or percent_of_income, not both');
        else if (!a && !poi) c.bad(m.at, pathKey(path, 'amount'), '缺少必填项 (写 amount: 金额, 或 percent_of_income: 占收入的百分比)', 'required key missing: amount, or percent_of_income');
        const amountFen = a && !poi ? c.moneyFen(a, pathKey(path, 'amount')) : undefined;
        const percentOfIncome = poi && !a ? c.number(poi, pathKey(path, 'percent_of_income'), 'gt0') : undefined;
        const reserve = readReserve(c, m, path);
        if (to !== undefined && reserve !== undefined && (amountFen !== undefined || percentOfIncome !== undefined)) {
          fixed.push({ to, amountFen: amountFen ?? 0n, percentOfIncome: percentOfIncome ?? null, reserve, pos: rulePos(m.at) });
        }
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
        const isBasis = item.kind === 'map' && item.entries.has('basis');
        const m = isBasis ? c.anyMap(item, path) : c.map(item, path, ['to', 'percent', 'reserve']);
        if (!m) {
          namesComplete = false;
          percentsOk = false;
          return;
        }
        if (isBasis) {
          // SPEC §9.9: `{ to: members, basis: …, percent: … }`, a basis among the entries.
          listedInShares = true;
          const read = readListedBasis(c, m, path, ctx);
          if (!read) {
            percentsOk = false;
            return;
          }
          listedBases.push(read);
          percents.push(read.basis.percent);
          shares.push({ to: 'members', percent: read.basis.percent, reserve: false, basis: read.basis, pos: rulePos(m.at) });
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
        const reserve = readReserve(c, m, path);
        if (to !== undefined && percent !== undefined && reserve !== undefined) shares.push({ to, percent, reserve, basis: null, pos: rulePos(m.at) });
      });
      if (listedInShares && membersEntry) {
        c.bad(
          membersEntry.at,
          'distribution.shares',
          '已在 distribution.shares 中按依据列出成员分红 (to: members, basis: …), 不能再有不写 basis 的 members 条目',
          'the bases are listed in distribution.shares; a plain members entry cannot be listed as well',
        );
      }
      if (list && percentsOk && list.items.length > 0) {
        checkHundred(c, percents, d!.entries.get('shares')!.keyAt, 'distribution.shares');
      }
    }
  }
  return { fixed, shares, names, namesComplete, membersEntry, listedBases, listedInShares };
}

/** `reserve: true` (SPEC §9.5); false when absent, undefined when wrong. */
function readReserve(c: Checker, m: PMap, path: string): boolean | undefined {
  const r = entry(m, 'reserve');
  return r ? c.bool(r, pathKey(path, 'reserve')) : false;
}

/** A shares item with `basis` (§9.9): its `to` must be members; the rest is a basis. */
function readListedBasis(c: Checker, m: PMap, path: string, ctx: BasisContext): ReadBasis | undefined {
  c.required(m, path, ['to']);
  const t = entry(m, 'to');
  const to = t ? c.text(t, pathKey(path, 'to')) : undefined;
  if (to !== undefined && to !== 'members') {
    c.bad(t!.at, pathKey(path, 'to'), `写了 basis 的条目须为 to: members (成员分红), 不能是 ${clip(to)}`, `an entry with basis must be to: members, not ${clip(to)}`);
  }
  const read = readBasisItem(c, m, path, ctx, ['to']);
  return to === 'members' ? read : undefined;
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
