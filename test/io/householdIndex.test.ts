import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HouseholdIndex } from '../../src/io/householdIndex.js';

const idChars = fc.constantFrom('H', '0', '1', '9', 'x', ' ', 'é', 'ÿ', '户', '𠀀', '\ud800', '-');
const anId = fc.array(idChars, { minLength: 0, maxLength: 26 }).map((a) => a.join(''));

describe('HouseholdIndex', () => {
  it('finds exactly what a Map finds, for short, long, Latin-1 and CJK ids', () => {
    fc.assert(
      fc.property(fc.uniqueArray(anId, { maxLength: 3000 }), fc.array(anId, { maxLength: 200 }), (ids, probes) => {
        const ix = new HouseholdIndex();
        const m = new Map<string, number>();
        ids.forEach((id, i) => {
          expect(ix.add(id)).toBe(i);
          m.set(id, i);
        });
        expect(ix.size).toBe(m.size);
        for (const p of [...ids, ...probes]) {
          if (ix.get(p) !== m.get(p)) return false;
          if (/^[\x00-\x7f]*$/.test(p)) {
            const bytes = Buffer.from('##' + p + '##', 'latin1');
            if (ix.findAscii(bytes, 2, 2 + p.length, HouseholdIndex.hashAscii(bytes, 2, 2 + p.length)) !== (m.get(p) ?? -1)) return false;
          }
        }
        return [...ix].every(([k, v]) => m.get(k) === v);
      }),
      { numRuns: 60 },
    );
  });

  it('holds a county: a hundred thousand ids', () => {
    const ix = new HouseholdIndex();
    for (let i = 0; i < 100_000; i++) ix.add('H' + String(i).padStart(7, '0'));
    expect(ix.get('H0099999')).toBe(99_999);
    expect(ix.get('H0100000')).toBeUndefined();
    const b = Buffer.from('H0004242');
    expect(ix.findAscii(b, 0, 8, HouseholdIndex.hashAscii(b, 0, 8))).toBe(4242);
  });
});
