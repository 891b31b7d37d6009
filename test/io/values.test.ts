import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkDate,
  DATE_FORMAT,
  DATE_INVALID,
  DATE_OK,
  DATE_YEAR,
  isExcelMangled,
  isValidIdNumber,
  NUM_CURRENCY,
  NUM_DECIMALS,
  NUM_EMPTY,
  NUM_EXPONENT,
  NUM_GROUPING,
  NUM_SIGN,
  NUM_SYNTAX,
  NUM_TOO_LARGE,
  parseMonths,
  parseScaled,
  stripSpaces,
} from '../../src/io/values.js';

const money = (s: string) => parseScaled(s, 2, 1e12, true);
const area = (s: string) => parseScaled(s, 4, 1e9, false);

describe('number parsing into exact scaled integers', () => {
  it('reads plain decimals at the column scale', () => {
    expect(area('2.5')).toBe(25000);
    expect(area('5.125')).toBe(51250);
    expect(area('0.0001')).toBe(1);
    expect(parseScaled('15.5', 2, 1e9, false)).toBe(1550);
    expect(money('18230.4')).toBe(1823040);
    expect(money('0')).toBe(0);
  });

  it('reads "¥1,234.50" as 123450 fen, with ¥ or ￥ and blanks after the sign', () => {
    expect(money('¥1,234.50')).toBe(123450);
    expect(money('￥1,234.50')).toBe(123450);
    expect(money('¥ 186,420.50')).toBe(18642050);
    expect(money('1,000,000')).toBe(100000000);
  });

  it('rejects ¥ outside money columns', () => {
    expect(area('¥3')).toBe(NUM_CURRENCY);
  });

  it('rejects signs, exponents, letters and malformed decimals', () => {
    expect(money('-5')).toBe(NUM_SIGN);
    expect(money('+5')).toBe(NUM_SIGN);
    expect(money('¥-5')).toBe(NUM_SIGN);
    expect(money('1E3')).toBe(NUM_EXPONENT);
    expect(money('1.5e2')).toBe(NUM_EXPONENT);
    expect(money('abc')).toBe(NUM_SYNTAX);
    expect(money('12元')).toBe(1200); // SPEC §10: money may end in 元
    expect(money('.5')).toBe(NUM_SYNTAX);
    expect(money('5.')).toBe(NUM_SYNTAX);
    expect(money('1 000')).toBe(NUM_SYNTAX);
    expect(money('¥')).toBe(NUM_SYNTAX);
    expect(money('')).toBe(NUM_EMPTY);
  });

  it('rejects thousands separators in the wrong places', () => {
    for (const s of ['1,23', '1234,567', ',123', '1,,234', '12,3456', '1,234,56', '1,234.']) {
      expect([NUM_GROUPING, NUM_SYNTAX]).toContain(money(s));
    }
    expect(money('12,34')).toBe(NUM_GROUPING);
  });

  it('rejects more decimals than the column allows', () => {
    expect(money('1.234')).toBe(NUM_DECIMALS);
    expect(area('1.23456')).toBe(NUM_DECIMALS);
    expect(parseScaled('1.125', 2, 1e9, false)).toBe(NUM_DECIMALS);
  });

  it('rejects values over the limits (10^12 元 for money, 10^9 otherwise)', () => {
    expect(money('1000000000000')).toBe(100000000000000);
    expect(money('1000000000000.01')).toBe(NUM_TOO_LARGE);
    expect(area('1000000000')).toBe(1e13);
    expect(area('1000000000.0001')).toBe(NUM_TOO_LARGE);
    expect(area('99999999999999999999999')).toBe(NUM_TOO_LARGE);
    expect(area('000000000000000000000012')).toBe(120000);
  });

  it('agrees with decimal.js on random valid numbers', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 13n }), fc.integer({ min: 0, max: 4 }), (units, dec) => {
        const text = new Decimal(units.toString()).div(new Decimal(10).pow(4)).toFixed(dec, Decimal.ROUND_DOWN);
        const expected = new Decimal(text).mul(10000).toNumber();
        expect(area(text)).toBe(expected);
        const grouped = new Decimal(text).toNumber().toLocaleString('en-US', { minimumFractionDigits: dec, maximumFractionDigits: dec });
        expect(area(grouped)).toBe(expected);
      }),
    );
  });
});

describe('months and dates', () => {
  it('reads months as a whole number 1–12, 12 when empty', () => {
    expect(parseMonths('')).toBe(12);
    expect(parseMonths('7')).toBe(7);
    expect(parseMonths('6.0')).toBe(6);
    for (const bad of ['0', '13', '6.5', '-1', 'abc', '1e1']) expect(parseMonths(bad)).toBe(0);
  });

  it('accepts real YYYY-MM-DD dates inside the year', () => {
    expect(checkDate('2025-04-02', 2025)).toBe(DATE_OK);
    expect(checkDate('2024-02-29', null)).toBe(DATE_OK);
    expect(checkDate('2000-02-29', 2000)).toBe(DATE_OK);
  });

  it('rejects other formats, impossible dates and dates outside the year', () => {
    for (const d of ['2025/4/2', '2025-4-02', '2025.4.2', '2025年4月2日', '2025/04/02']) expect(checkDate(d, 2025)).toBe(DATE_OK);
    expect(checkDate('2025/4-2', 2025)).toBe(DATE_FORMAT);
    expect(checkDate('2025年4月2', 2025)).toBe(DATE_FORMAT);
    expect(checkDate('2025/13/15', 2025)).toBe(DATE_INVALID);
    expect(checkDate('2025/4/123', 2025)).toBe(DATE_FORMAT);
    expect(checkDate('20250402', 2025)).toBe(DATE_FORMAT);
    expect(checkDate('2025-02-29', 2025)).toBe(DATE_INVALID);
    expect(checkDate('1900-02-29', null)).toBe(DATE_INVALID);
    expect(checkDate('2025-13-01', 2025)).toBe(DATE_INVALID);
    expect(checkDate('2025-04-31', 2025)).toBe(DATE_INVALID);
    expect(checkDate('2024-12-31', 2025)).toBe(DATE_YEAR);
  });
});

describe('ID numbers and bank accounts', () => {
  it('accepts 18-character ID numbers with a valid GB 11643 check digit', () => {
    expect(isValidIdNumber('522628197003120011')).toBe(true);
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
  });

  it('accepts a lower-case x check character', () => {
    expect(isValidIdNumber('11010519491231002x')).toBe(true);
  });

  it('rejects a wrong check digit, a wrong length and letters', () => {
    expect(isValidIdNumber('522628197003120012')).toBe(false);
    expect(isValidIdNumber('110105194912310021')).toBe(false);
    expect(isValidIdNumber('52262819700312001')).toBe(false);
    expect(isValidIdNumber('52262819700312001A')).toBe(false);
    expect(isValidIdNumber('1101051949123100X')).toBe(false);
  });

  it('accepts 15-digit old-style numbers', () => {
    expect(isValidIdNumber('130503670401001')).toBe(true);
    expect(isValidIdNumber('13050367040100X')).toBe(false);
  });

  it('spots Excel scientific notation in any case', () => {
    expect(isExcelMangled('5.22628E+17')).toBe(true);
    expect(isExcelMangled('6.21779e+18')).toBe(true);
    expect(isExcelMangled('6217790110030079193')).toBe(false);
  });

  it('removes spaces from bank accounts', () => {
    expect(stripSpaces('6217 7901 1003 0079 193')).toBe('6217790110030079193');
    expect(stripSpaces('6217\u30007901')).toBe('62177901');
  });
});
