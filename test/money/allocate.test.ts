import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate } from '../../src/money/allocate.js';
import { InternalError } from '../../src/problems.js';

describe('allocate (largest remainder, SPEC §5)', () => {
  it('gives each part its floor, then the leftover fen to the largest remainders', () => {
    // 100 over 1:1:1 → 33.33 each; one fen left, the remainders tie, so it goes to the first part.
    expect(allocate(100n, [1n, 1n, 1n])).toEqual([34n, 33n, 33n]);
    // 10 over 3:3:4 → 3, 3, 4 exactly.
    expect(allocate(10n, [3n, 3n, 4n])).toEqual([3n, 3n, 4n]);
    // 5 over 1:2 → 1.67, 3.33 → floors 1, 3; remainders 2/3 and 1/3 → the first gets the fen.
    expect(allocate(5n, [1n, 2n])).toEqual([2n, 3n]);
  });

  it('breaks ties in favour of the earlier part, whatever its size', () => {
    expect(allocate(1n, [5n, 5n])).toEqual([1n, 0n]);
    expect(allocate(2n, [1n, 1n, 1n, 1n])).toEqual([1n, 1n, 0n, 0n]);
  });

  it('never gives a fen to a zero weight', () => {
    expect(allocate(7n, [0n, 1n, 0n, 1n])).toEqual([0n, 4n, 0n, 3n]);
  });

  it('splits zero into zeros even over zero weights', () => {
    expect(allocate(0n, [0n, 0n])).toEqual([0n, 0n]);
  });

  it('refuses a positive amount over weights adding to zero as an internal error', () => {
    expect(() => allocate(5n, [0n, 0n])).toThrow(InternalError);
  });

  const weights = fc.array(fc.bigInt({ min: 0n, max: 10n ** 15n }), { minLength: 1, maxLength: 40 }).filter((ws) => ws.some((w) => w > 0n));
  const amount = fc.bigInt({ min: 0n, max: 10n ** 16n });

  it('always adds the parts up to the whole', () => {
    fc.assert(fc.property(amount, weights, (a, ws) => allocate(a, ws).reduce((s, p) => s + p, 0n) === a));
  });

  it('keeps every part within one fen of its exact share, and never negative', () => {
    fc.assert(
      fc.property(amount, weights, (a, ws) => {
        const total = ws.reduce((s, w) => s + w, 0n);
        return allocate(a, ws).every((p, i) => {
          const floor = (a * ws[i]) / total;
          return p >= 0n && (p === floor || p === floor + 1n) && (ws[i] > 0n || p === 0n);
        });
      }),
    );
  });

  it('gives equal weights parts that differ by at most one fen, earlier parts first', () => {
    fc.assert(
      fc.property(amount, fc.integer({ min: 1, max: 30 }), (a, n) => {
        const parts = allocate(a, new Array(n).fill(1n));
        return parts.every((p, i) => i === 0 || parts[i - 1] >= p) && parts[0] - parts[n - 1] <= 1n;
      }),
    );
  });
});
