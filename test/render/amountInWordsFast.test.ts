import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { amountInWords, amountInWordsNum } from '../../src/render/amountInWords.js';

/** The bigint algorithm as it was before the number fast path (the reference). */
const DIGITS = '零壹贰叁肆伍陆柒捌玖';
const PLACES = ['', '拾', '佰', '仟'];
function integerWordsRef(n: bigint): string {
  const hi = n / 100000000n;
  const lo = Number(n % 100000000n);
  let out = hi > 0n ? integerWordsRef(hi) + '亿' : '';
  let zero = false;
  for (const [g, unit] of [
    [Math.floor(lo / 10000), '万'],
    [lo % 10000, ''],
  ] as const) {
    if (g === 0) {
      if (out !== '') zero = true;
      continue;
    }
    for (let p = 3; p >= 0; p--) {
      const d = Math.floor(g / 10 ** p) % 10;
      if (d === 0) {
        if (out !== '') zero = true;
        continue;
      }
      if (zero) out += '零';
      zero = false;
      out += DIGITS[d] + PLACES[p];
    }
    out += unit;
    zero = false;
  }
  return out;
}
function amountInWordsRef(fen: bigint): string {
  if (fen < 0n) return '负' + amountInWordsRef(-fen);
  const yuan = fen / 100n;
  const jiao = Number((fen / 10n) % 10n);
  const fenDigit = Number(fen % 10n);
  if (fen === 0n) return '零元整';
  let out = yuan > 0n ? integerWordsRef(yuan) + '元' : '';
  if (jiao === 0 && fenDigit === 0) return out + '整';
  if (jiao > 0) out += DIGITS[jiao] + '角';
  else if (yuan > 0n) out += '零';
  if (fenDigit > 0) out += DIGITS[fenDigit] + '分';
  return out;
}

describe('amountInWords number fast path', () => {
  const edges = [0n, 1n, 5n, 10n, 99n, 100n, 101n, 110n, 1000n, 100000n, 10000000000n, 10000100000n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n, 10n ** 20n + 7n];
  it('gives the same words as the bigint algorithm at the edges', () => {
    for (const e of edges)
      for (const v of [e, -e]) {
        expect(amountInWords(v)).toBe(amountInWordsRef(v));
        if (v >= -(2n ** 53n - 1n) && v <= 2n ** 53n - 1n) expect(amountInWordsNum(Number(v))).toBe(amountInWordsRef(v));
      }
  });

  it('gives the same words for any amount, small, large or beyond 2^53', () => {
    const amounts = fc.oneof(
      fc.bigInt({ min: -100000n, max: 100000n }),
      fc.bigInt({ min: -(2n ** 53n), max: 2n ** 53n }),
      fc.bigInt({ min: -(10n ** 22n), max: 10n ** 22n }),
      fc.bigInt({ min: 0n, max: 12n }).map((k) => 10n ** k * 3n + 4n),
    );
    fc.assert(fc.property(amounts, (v) => amountInWords(v) === amountInWordsRef(v)), { numRuns: 20000 });
  });
});
