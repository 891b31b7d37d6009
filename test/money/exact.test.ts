import { describe, expect, it } from 'vitest';
import { exactToString, floorDiv, parseExact, roundHalfUp, unitsAt } from '../../src/money/exact.js';
import { formatFen, formatScaled } from '../../src/money/fen.js';

describe('exact decimals', () => {
  it('reads 1.2 as twelve tenths, not a binary float', () => {
    expect(parseExact('1.2')).toEqual({ units: 12n, scale: 1 });
    expect(parseExact('0.0625')).toEqual({ units: 625n, scale: 4 });
    expect(unitsAt(parseExact('1.2')!, 3)).toBe(1200n);
  });

  it('rejects signs, exponents and bare points', () => {
    for (const bad of ['-1', '+1', '1e3', '.5', '5.', '', '1,000', ' 1']) expect(parseExact(bad)).toBeNull();
  });

  it('prints canonical text without trailing zeros', () => {
    expect(exactToString({ units: 1250n, scale: 2 })).toBe('12.5');
    expect(exactToString({ units: 100n, scale: 2 })).toBe('1');
  });

  it('rounds halves up (四舍五入) and everything else to the nearest', () => {
    expect(roundHalfUp(5n, 10n)).toBe(1n); // 0.5 → 1
    expect(roundHalfUp(4n, 10n)).toBe(0n);
    expect(roundHalfUp(15n, 10n)).toBe(2n);
    expect(roundHalfUp(-5n, 10n)).toBe(-1n); // halves away from zero
    expect(roundHalfUp(1n, 3n)).toBe(0n);
    expect(roundHalfUp(2n, 3n)).toBe(1n);
  });

  it('floors negative quotients downward', () => {
    expect(floorDiv(-7n, 2n)).toBe(-4n);
    expect(floorDiv(7n, 2n)).toBe(3n);
  });

  it('formats fen with exactly two decimals, negatives included', () => {
    expect(formatFen(0n)).toBe('0.00');
    expect(formatFen(5n)).toBe('0.05');
    expect(formatFen(-50000n)).toBe('-500.00');
    expect(formatFen(1234567n)).toBe('12345.67');
    expect(formatScaled(29167n, 4)).toBe('2.9167');
  });
});
