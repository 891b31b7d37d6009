import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkDate, checkDateBytes, DATE_OK } from '../../src/io/values.js';

describe('checkDateBytes (the labor fast lane) equals checkDate', () => {
  it('on every day of four years, in and out of the rules’ year', () => {
    const wrong: string[] = [];
    for (const y of [2023, 2024, 2025, 2100])
      for (let m = 0; m <= 13; m++)
        for (let d = 0; d <= 32; d++) {
          const s = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
          const b = Buffer.from('##' + s, 'latin1');
          for (const year of [2024, 2025, null]) if (checkDateBytes(b, 2, year) !== checkDate(s, year)) wrong.push(s);
        }
    expect(wrong).toEqual([]);
  });

  // The lane takes a row only when checkDateBytes says DATE_OK; every other form (2025/3/15, SPEC §10)
  // goes through checkDate on the general path. So: the lane never accepts what checkDate refuses, and
  // on the YYYY-MM-DD shape the two agree exactly.
  it('on any 10 ASCII characters', () => {
    const ch = fc.constantFrom('0', '1', '2', '5', '9', '-', '/', ' ', 'a', '.');
    fc.assert(
      fc.property(fc.array(ch, { minLength: 10, maxLength: 10 }), (a) => {
        const s = a.join('');
        const fast = checkDateBytes(Buffer.from(s, 'latin1'), 0, 2025);
        const general = checkDate(s, 2025);
        if (fast === DATE_OK && general !== DATE_OK) return false;
        return s[4] === '-' && s[7] === '-' ? fast === general : true;
      }),
      { numRuns: 5000 },
    );
  });
});
