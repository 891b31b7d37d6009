import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitPool } from '../../src/batch/poolSplit.js';
import { parseExact, type Exact } from '../../src/money/exact.js';

const x = (t: string): Exact => parseExact(t)!;
const pos = { line: 1, column: 1 };
const pool = (incomeFen: bigint, contributions: [string, string][]) => ({
  incomeFen,
  contributions: contributions.map(([village, w]) => ({ village, weight: x(w), pos })),
});

describe('the pooled project split', () => {
  it('splits the SPEC §8 example by contribution', () => {
    const s = splitPool(pool(48_000_000n, [['zaopo', '1200000'], ['dongdulintuan', '800000'], ['杨省庄', '500000']]));
    expect(s.map((p) => [p.village, p.amountFen])).toEqual([
      ['zaopo', 23_040_000n],
      ['dongdulintuan', 15_360_000n],
      ['杨省庄', 9_600_000n],
    ]);
  });

  it('gives a fen left over on a tie to the village listed first', () => {
    expect(splitPool(pool(1n, [['b', '1'], ['a', '1']])).map((p) => p.amountFen)).toEqual([1n, 0n]);
    expect(splitPool(pool(5n, [['x', '1'], ['y', '1'], ['z', '1']])).map((p) => p.amountFen)).toEqual([2n, 2n, 1n]);
    // Listed order, not name order, decides.
    expect(splitPool(pool(5n, [['z', '1'], ['y', '1'], ['x', '1']])).map((p) => [p.village, p.amountFen])).toEqual([
      ['z', 2n],
      ['y', 2n],
      ['x', 1n],
    ]);
  });

  it('takes decimal contributions exactly (0.1 + 0.2 is 0.3 here)', () => {
    const s = splitPool(pool(300n, [['a', '0.1'], ['b', '0.2'], ['c', '0.30']]));
    expect(s.map((p) => p.amountFen)).toEqual([50n, 100n, 150n]);
  });

  it('always adds up to the income, to the fen', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 14n }),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 10 ** 9 }), fc.integer({ min: 0, max: 4 })), { minLength: 1, maxLength: 12 }),
        (income, ws) => {
          const contributions = ws.map(([u, scale], i) => [`v${i}`, (u / 10 ** scale).toFixed(scale)] as [string, string]);
          const parts = splitPool(pool(income, contributions)).map((p) => p.amountFen);
          expect(parts.reduce((a, b) => a + b, 0n)).toBe(income);
          for (const p of parts) expect(p >= 0n).toBe(true);
        },
      ),
    );
  });
});
