/**
 * The household index's fast entry points (issue 14) against a Map: insert (get-or-add in one
 * probe, households.csv) and findUtf8 (the labor fast lane's lookup of ASCII + CJK ids as UTF-8 bytes).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HouseholdIndex } from '../../src/io/householdIndex.js';

const idChars = fc.constantFrom('H', '0', '1', '9', 'x', ' ', 'é', 'ÿ', '户', '寨', '上', '𠀀', '-', '\u4e00', '\u9fff');
const anId = fc.array(idChars, { minLength: 0, maxLength: 26 }).map((a) => a.join(''));

/** FNV-1a over the code units, as the lane hashes an id. */
function hash(s: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

describe('HouseholdIndex fast entry points', () => {
  it('insert adds new ids in order and reports the index of a repeated one, as get + add do', () => {
    fc.assert(
      fc.property(fc.array(anId, { maxLength: 2000 }), (ids) => {
        const ix = new HouseholdIndex();
        const m = new Map<string, number>();
        for (const id of ids) {
          const k = ix.insert(id);
          const had = m.get(id);
          if (had !== undefined) expect(k).toBe(-1 - had);
          else {
            expect(k).toBe(m.size);
            m.set(id, m.size);
          }
        }
        expect(ix.size).toBe(m.size);
        return [...m].every(([id, v]) => ix.get(id) === v);
      }),
      { numRuns: 60 },
    );
  });

  it('findUtf8 finds what a Map finds for ids of ASCII and 3-byte characters', () => {
    fc.assert(
      fc.property(fc.uniqueArray(anId, { maxLength: 2000 }), fc.array(anId, { maxLength: 200 }), (ids, probes) => {
        const ix = new HouseholdIndex();
        const m = new Map<string, number>();
        ids.forEach((id, i) => {
          ix.add(id);
          m.set(id, i);
        });
        for (const p of [...ids, ...probes]) {
          if ([...p].some((c) => c.codePointAt(0)! >= 0x80 && c.codePointAt(0)! < 0x800) || [...p].some((c) => c.codePointAt(0)! > 0xffff)) continue;
          const bytes = Buffer.concat([Buffer.from('##'), Buffer.from(p, 'utf8'), Buffer.from('##')]);
          const end = bytes.length - 2;
          if (ix.findUtf8(bytes, 2, end, p.length, hash(p)) !== (m.get(p) ?? -1)) return false;
        }
        return true;
      }),
      { numRuns: 60 },
    );
  });
});
