import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkDate, checkDateBytes, DATE_OK, normalizeValue } from '../../src/io/values.js';

/** checkDateBytes on the UTF-8 bytes of `s`, placed after two bytes of something else. */
function onBytes(s: string, year: number | null): number {
  const b = Buffer.from('##' + s + '##', 'utf8');
  return checkDateBytes(b, 2, b.length - 2, year);
}

describe('checkDateBytes (the labor fast lane) equals checkDate', () => {
  it('on every day of four years, in every form SPEC §10 names, in and out of the rules’ year', () => {
    const wrong: string[] = [];
    const p = (v: number) => String(v).padStart(2, '0');
    for (const y of [2023, 2024, 2025, 2100])
      for (let m = 0; m <= 13; m++)
        for (let d = 0; d <= 32; d++) {
          const forms = [`${y}-${p(m)}-${p(d)}`, `${y}-${m}-${d}`, `${y}/${m}/${d}`, `${y}/${p(m)}/${p(d)}`, `${y}.${m}.${d}`, `${y}年${m}月${d}日`, `${y}年${p(m)}月${p(d)}日`];
          for (const s of forms) for (const year of [2024, 2025, null]) if (onBytes(s, year) !== checkDate(s, year)) wrong.push(s);
        }
    expect(wrong).toEqual([]);
  });

  // The lane takes a row only when checkDateBytes says DATE_OK; every other cell goes through the
  // general reader (normalizeValue, then checkDate). So: the lane never accepts what the reader
  // refuses, and on text that normalising leaves alone the two agree exactly.
  it('on any short text of digits, separators, 年月日, spaces and full-width forms', () => {
    const ch = fc.constantFrom('0', '1', '2', '3', '5', '9', '-', '/', '.', ' ', 'a', '年', '月', '日', '２', '／', '\u3000', '"');
    fc.assert(
      fc.property(fc.array(ch, { minLength: 0, maxLength: 14 }), fc.constantFrom(2025, null), (a, year) => {
        const s = a.join('');
        const fast = onBytes(s, year);
        const general = checkDate(normalizeValue(s.trim()), year);
        if (fast === DATE_OK && general !== DATE_OK) return false;
        return normalizeValue(s.trim()) === s ? fast === general : true;
      }),
      { numRuns: 20000 },
    );
  });
});
