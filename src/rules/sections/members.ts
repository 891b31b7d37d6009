import type { Exact } from '../../money/exact.js';
import { BASES, BASIS_DEFS, basisDef, type Basis } from '../../bases/registry.js';
import { type Checker, pathIndex, pathKey, rulePos, suggest } from '../check.js';
import { PLAIN_BASIS, type MemberBasis, type ShareClass } from '../types.js';
import type { PMap, PNode } from '../yamlTree.js';
import { checkHundred, entry } from './common.js';

/** `members`: the bases the members' pool is split by (the basis registry's keys), adding up to 100. */
export function readMembers(c: Checker, root: PMap, membersEntry: PNode | undefined, shareClasses: Map<string, ShareClass>, classesOk: boolean): MemberBasis[] {
  const members: MemberBasis[] = [];
  const membersNode = entry(root, 'members');
  const membersGiven = membersNode !== undefined && !c.isNull(membersNode);
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
      const m = c.map(item, path, ['basis', 'percent', 'classes']);
      if (!m) {
        percentsOk = false;
        return;
      }
      c.required(m, path, ['basis', 'percent']);
      const b = entry(m, 'basis');
      const basis = b ? c.oneOf<Basis>(b, pathKey(path, 'basis'), BASES) : undefined;
      const p = entry(m, 'percent');
      const percent = p ? c.number(p, pathKey(path, 'percent'), 'gt0') : undefined;
      if (percent === undefined) percentsOk = false;
      else percents.push(percent);
      let classes: string[] | null = null;
      let classesValid = true;
      const cl = m.entries.get('classes');
      if (cl) {
        const cpath = pathKey(path, 'classes');
        if (basis !== undefined && !basisDef(basis).classes) {
          const withClasses = BASIS_DEFS.filter((d) => d.classes).map((d) => d.key).join(', ');
          c.bad(cl.keyAt, cpath, `classes 只能用于 ${withClasses}, 不能用于 ${basis}`, `classes is only allowed with basis ${withClasses}, not ${basis}`);
          classesValid = false;
        } else {
          const cs = c.seq(cl.value, cpath);
          if (!cs) classesValid = false;
          else if (cs.items.length === 0) {
            c.bad(cs.at, cpath, '至少列出一个股份类别 (不需要限制就删去 classes)', 'list at least one class, or leave classes out for all classes');
            classesValid = false;
          } else {
            classes = [];
            const seen = new Set<string>();
            cs.items.forEach((ci, j) => {
              const ipath = pathIndex(cpath, j);
              const name = c.text(ci, ipath);
              if (name === undefined) {
                classesValid = false;
                return;
              }
              if (seen.has(name)) {
                c.bad(ci.at, ipath, `股份类别 ${name} 重复`, `class ${name} is listed twice`);
                classesValid = false;
                return;
              }
              seen.add(name);
              if (classesOk && !shareClasses.has(name)) {
                const known = [...shareClasses.keys()];
                const s = suggest(name, known);
                c.bad(
                  ci.at,
                  ipath,
                  `share_classes 中没有类别 ${name}${s ? `, 是否应为 ${s}?` : ''}`,
                  `no class ${name} in share_classes${s ? `; did you mean ${s}?` : ''}`,
                );
                classesValid = false;
                return;
              }
              classes!.push(name);
            });
          }
        }
      }
      if (basis !== undefined && percent !== undefined && classesValid) members.push({ basis, percent, classes, ...PLAIN_BASIS, pos: rulePos(m.at) });
    });
    if (list && percentsOk && list.items.length > 0) checkHundred(c, percents, root.entries.get('members')!.keyAt, 'members');
  }
  return members;
}
