import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exactSum, SafeColumn } from '../../src/money/columnView.js';
import { formatFen, formatFenNum, formatScaled, formatScaledNum } from '../../src/money/fen.js';

const safe = fc.oneof(fc.integer({ min: -100000, max: 100000 }), fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }));

describe('number fast paths of the fen formatting', () => {
  it('formats any safe integer exactly as the bigint functions do', () => {
    fc.assert(
      fc.property(safe, (n) => {
        const b = BigInt(n);
        return formatFenNum(n) === formatFen(b) && [0, 1, 2, 4].every((s) => formatScaledNum(n, s) === formatScaled(b, s));
      }),
      { numRuns: 20000 },
    );
    for (const n of [0, 1, -1, 9, 10, 99, 100, -100, 12345, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER]) {
      expect(formatFenNum(n)).toBe(formatFen(BigInt(n)));
      expect(formatScaledNum(n, 4)).toBe(formatScaled(BigInt(n), 4));
    }
  });
});

describe('SafeColumn and exactSum', () => {
  const big = fc.oneof(
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
    fc.bigInt({ min: -(2n ** 54n), max: 2n ** 54n }),
    fc.bigInt({ min: -1000n, max: 1000n }),
  );
  it('reads an element as the exact number when it is a safe integer, else NaN', () => {
    fc.assert(
      fc.property(fc.array(big, { maxLength: 20 }), (vs) => {
        const col = BigInt64Array.from(vs);
        const v = new SafeColumn(col);
        return vs.every((x, i) => {
          const got = v.at(i);
          const isSafe = x > -(2n ** 53n) && x < 2n ** 53n;
          return isSafe ? got === Number(x) : Number.isNaN(got);
        });
      }),
      { numRuns: 5000 },
    );
  });

  it('adds a column up exactly, past 2^53 too', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: -(2n ** 60n), max: 2n ** 60n }), { maxLength: 30 }), (vs) => {
        return exactSum(BigInt64Array.from(vs)) === vs.reduce((s, x) => s + x, 0n);
      }),
    );
    const edge = BigInt64Array.from([2n ** 53n - 1n, 1n, -5n]);
    expect(exactSum(edge)).toBe(2n ** 53n - 5n);
    const sub = new BigInt64Array(8).subarray(3, 6);
    sub.set([4n, -(2n ** 60n), 7n]);
    expect(new SafeColumn(sub).at(0)).toBe(4);
    expect(exactSum(sub)).toBe(11n - 2n ** 60n);
  });
});
