import { type Checker, clip } from '../check.js';
import { suggest } from '../../util/suggest.js';
import type { ReadBasis } from './basisItem.js';

/** Every rated basis's `remainder_to` names a distribution entry other than members (SPEC §9.3). */
export function checkRemainderTo(c: Checker, bases: readonly ReadBasis[], names: Map<string, string>, namesComplete: boolean): boolean {
  let ok = true;
  for (const { basis, remainderToAt: at, remainderToPath: path } of bases) {
    const to = basis.remainderTo;
    if (to === null || at === null) continue;
    if (to === 'members') {
      c.bad(at, path, '零头不能归入 members, 请写 distribution 中的其他条目 (如 村集体、公益金)', 'the odd fen cannot go to members; name another distribution entry');
      ok = false;
    } else if (namesComplete && !names.has(to)) {
      const known = [...names.keys()].filter((n) => n !== 'members');
      const s = suggest(to, known);
      c.bad(
        at,
        path,
        `distribution 中没有名为 ${clip(to)} 的条目${s ? `, 是否应为 ${s}?` : `, 可选: ${known.join(', ')}`}`,
        `no distribution entry named ${clip(to)}${s ? `; did you mean ${s}?` : `; entries: ${known.join(', ')}`}`,
      );
      ok = false;
    }
  }
  return ok;
}
