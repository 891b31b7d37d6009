/** The labor worker's table of ids (idInterner.ts): one number per distinct id, in the order met, across growth. */
import { describe, expect, it } from 'vitest';
import { IdInterner } from '../../src/io/idInterner.js';

/** FNV-1a of the code units, as the lane and HouseholdIndex hash an id. */
function hash(s: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

describe('IdInterner', () => {
  it('numbers each distinct id once, in the order met, and keeps its bytes, across many rehashes', () => {
    const t = new IdInterner();
    // Short (in the slot) and long (over 20 bytes) ids, ASCII and CJK, some differing in one byte only.
    const ids = Array.from({ length: 30_000 }, (_, i) => (i % 3 === 0 ? `H${i}` : i % 3 === 1 ? `上寨${i}组第${i % 7}户` : `X${'0'.repeat(18)}${i}`));
    const seen = new Map<string, number>();
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < ids.length; i += round + 1) {
        const id = ids[(i * 7919) % ids.length];
        const buf = Buffer.from(id, 'utf8');
        t.reserve(1);
        const n = t.intern(buf, 0, buf.length, id.length, hash(id));
        if (!seen.has(id)) seen.set(id, seen.size);
        expect(n).toBe(seen.get(id));
      }
    }
    expect(t.count).toBe(seen.size);
    for (const [id, n] of seen) {
      const from = n === 0 ? 0 : t.ends[n - 1];
      expect(Buffer.from(t.bytes.subarray(from, t.ends[n])).toString('utf8')).toBe(id);
      expect(t.units[n]).toBe(id.length);
      expect(t.hashes[n]).toBe(hash(id));
    }
  });

  it('tells apart ids with the same hash', () => {
    const t = new IdInterner();
    t.reserve(2);
    const a = Buffer.from('H001');
    const b = Buffer.from('H002');
    expect(t.intern(a, 0, 4, 4, 42)).toBe(0);
    expect(t.intern(b, 0, 4, 4, 42)).toBe(1);
    expect(t.intern(a, 0, 4, 4, 42)).toBe(0);
  });
});
