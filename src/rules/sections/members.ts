import type { Exact } from '../../money/exact.js';
import { type Checker, pathIndex } from '../check.js';
import type { MemberBasis } from '../types.js';
import type { PMap, PNode } from '../yamlTree.js';
import { type BasisContext, type ReadBasis, readBasisItem } from './basisItem.js';
import { checkHundred, entry } from './common.js';

/** `members`: the bases the members' pool is split by (the basis registry's keys), adding up to 100. */
export function readMembers(c: Checker, root: PMap, membersEntry: PNode | undefined, ctx: BasisContext, listedInShares: boolean): ReadBasis[] {
  const members: ReadBasis[] = [];
  const membersNode = entry(root, 'members');
  const membersGiven = membersNode !== undefined && !c.isNull(membersNode);
  if (listedInShares) {
    if (membersNode) {
      c.bad(
        root.entries.get('members')!.keyAt,
        'members',
        '成员分红依据已列在 distribution.shares 中 (to: members, basis: …), 不能再写 members 段',
        'the bases are listed in distribution.shares (to: members, basis: …); leave the members section out',
      );
    }
    return members;
  }
  if (membersEntry && !membersGiven) {
    c.bad(
      membersEntry.at,
      'members',
      '缺少必填项: distribution.shares 有 members 条目, 须写明 members 按什么分',
      'required key missing: distribution.shares has a members entry, so members must say how it is split',
    );
  }
  if (membersNode) {
    const list = c.seq(membersNode, 'members');
    // A members section without a `members` entry is harmless (its pool is 0): accepted, still validated.
    if (list && list.items.length === 0 && membersEntry) c.bad(list.at, 'members', '至少需要一项', 'must list at least one basis');
    let percentsOk = !!list;
    const percents: Exact[] = [];
    list?.items.forEach((item, i) => {
      const path = pathIndex('members', i);
      // Keys are checked by readBasisItem (which knows each basis's own keys): any map is taken here.
      const m = c.anyMap(item, path);
      const read = m ? readBasisItem(c, m, path, ctx) : undefined;
      if (!read) {
        percentsOk = false;
        return;
      }
      percents.push(read.basis.percent);
      members.push(read);
    });
    if (list && percentsOk && list.items.length > 0) checkHundred(c, percents, root.entries.get('members')!.keyAt, 'members');
  }
  return members;
}

export type { MemberBasis };
