import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deriveRate, highestRateCents, payAtRate } from '../../src/engine/rates.js';
import { exactToString, type Exact } from '../../src/money/exact.js';

const ex = (units: bigint, scale: number): Exact => ({ units, scale });

describe('declared rates (SPEC §9.3)', () => {
  it('每人 58 元 × 7 人 = 406.00; half a year is half a person', () => {
    // weights over den 12: 7 persons = 84/12, 4.5 persons = 54/12
    const { pays, totalFen } = payAtRate(ex(58n, 0), [84n, 54n, 12n], 12n);
    expect(pays).toEqual([40600n, 26100n, 5800n]);
    expect(totalFen).toBe(72500n);
  });

  it('rounds each household half up to the fen', () => {
    // 0.0315 元 per 元 of wages: 1234.56 元 → 38.888... → 38.89; 0.10 元 → 0.00315 → 0.00
    expect(payAtRate(ex(315n, 4), [123456n, 10n], 100n).pays).toEqual([3889n, 0n]);
  });

  it('rate_step: the rounded rate when it fits, the next lower step when it does not', () => {
    // 1000.00 over 3 persons: 333.33… → step 1 rounds to 333 (fits: 999.00)
    expect(exactToString(deriveRate(100000n, [1n, 1n, 1n], 1n, ex(1n, 0), 100000n).rate)).toBe('333');
    // 1001.70 over 3: 333.9 → 334 needs 1002.00 > 1001.70 with nothing to cover it → 333
    const d = deriveRate(100170n, [1n, 1n, 1n], 1n, ex(1n, 0), 100170n);
    expect([exactToString(d.rate0), exactToString(d.rate), d.pay.totalFen]).toEqual(['334', '333', 99900n]);
    // …but a remainder entry holding 0.30 covers it: 334 stays
    expect(exactToString(deriveRate(100170n, [1n, 1n, 1n], 1n, ex(1n, 0), 100200n).rate)).toBe('334');
  });

  it('E_RATE_TOO_HIGH names the highest rate at 0.01 元 that the part covers', () => {
    // 3 persons, 200.00 available: 66.66 pays 199.98, 66.67 pays 200.01
    expect(exactToString(highestRateCents([1n, 1n, 1n], 1n, ex(80n, 0), 20000n))).toBe('66.66');
  });

  it('property: the derived rate is the largest step multiple ≤ rate0 that fits, and never pays more than the cap', () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: 0n, max: 50_000n }), { minLength: 1, maxLength: 12 }),
        fc.bigInt({ min: 0n, max: 10_000_000n }),
        fc.bigInt({ min: 0n, max: 5_000n }),
        fc.constantFrom(ex(1n, 0), ex(1n, 1), ex(1n, 2), ex(5n, 1)),
        fc.constantFrom(1n, 12n, 100n, 10_000n),
        (weights, partFen, extraFen, step, den) => {
          if (weights.every((w) => w === 0n)) return;
          const cap = partFen + extraFen;
          const d = deriveRate(partFen, weights, den, step, cap);
          expect(d.pay.totalFen <= cap).toBe(true);
          expect(d.rate.units <= d.rate0.units).toBe(true);
          if (d.rate.units < d.rate0.units) {
            const next = { units: d.rate.units + step.units, scale: step.scale };
            expect(payAtRate(next, weights, den).totalFen > cap).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
