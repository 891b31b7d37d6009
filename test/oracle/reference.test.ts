// Proves the oracle: it must reproduce every shared worked example exactly, key for key.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { computeReference, Dec, largestRemainderSplit, rmbUppercase, roundToFen } from './reference.js';

const examplesDir = fileURLToPath(new URL('../../fixtures/examples/', import.meta.url));
const examples = existsSync(examplesDir)
  ? readdirSync(examplesDir)
      .filter((d) => existsSync(join(examplesDir, d, 'expected.json')))
      .sort()
  : [];

describe('oracle reproduces fixtures/examples/*/expected.json', () => {
  it('finds the shared examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(2);
  });
  for (const ex of examples) {
    it(ex, () => {
      const dir = join(examplesDir, ex);
      const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));
      const got = computeReference(dir);
      expect(got).toStrictEqual(expected);
      // Same household order as the expected file (and so as households.csv).
      expect(Object.keys(got.payouts)).toEqual(Object.keys(expected.payouts));
    });
  }
});

describe('oracle building blocks', () => {
  it('人民币大写: the SPEC §6 examples', () => {
    const cases: [number, string][] = [
      [140950, '壹仟肆佰零玖元伍角'],
      [600714, '陆仟零柒元壹角肆分'],
      [1640902, '壹万陆仟肆佰零玖元零贰分'],
      [168032, '壹仟陆佰捌拾元叁角贰分'],
      [10700053, '壹拾万柒仟元伍角叁分'],
      [100500, '壹仟零伍元整'],
      [10001000000, '壹亿零壹万元整'],
      [5, '伍分'],
      [-50000, '负伍佰元整'],
      [0, '零元整'],
    ];
    for (const [fen, words] of cases) expect(rmbUppercase(fen), String(fen)).toBe(words);
  });

  it('人民币大写: more places', () => {
    const cases: [number, string][] = [
      [1000, '壹拾元整'],
      [1500, '壹拾伍元整'],
      [50, '伍角'],
      [55, '伍角伍分'],
      [1005, '壹拾元零伍分'],
      [1050, '壹拾元伍角'],
      [10000000, '壹拾万元整'],
      [10010000, '壹拾万零壹佰元整'],
      [100000100, '壹佰万零壹元整'],
      [200000000000, '贰拾亿元整'],
      [200000000100, '贰拾亿零壹元整'],
      [1100001000, '壹仟壹佰万零壹拾元整'],
      [1010101000, '壹仟零壹拾万壹仟零壹拾元整'],
      [1001000, '壹万零壹拾元整'],
      [1010000, '壹万零壹佰元整'],
      [-1, '负壹分'],
    ];
    for (const [fen, words] of cases) expect(rmbUppercase(fen), String(fen)).toBe(words);
  });

  it('split: largest remainder, ties to the earlier part, zero weight gets nothing', () => {
    const d = (xs: (number | string)[]) => xs.map((x) => new Dec(x));
    const s = (a: number, w: (number | string)[]) => largestRemainderSplit(new Dec(a), d(w)).map((x) => x.toNumber());
    expect(s(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(s(2, [1, 1, 1])).toEqual([1, 1, 0]);
    expect(s(10, [0, 1, 0, 1])).toEqual([0, 5, 0, 5]);
    expect(s(7, [1, 0, 2])).toEqual([2, 0, 5]);
    expect(s(1, [1, 2])).toEqual([0, 1]);
    expect(s(0, [0, 0])).toEqual([0, 0]);
    expect(s(3, ['0.5', '0.25', '0.25'])).toEqual([1, 1, 1]);
    expect(s(1, ['0.5', '0.25', '0.25'])).toEqual([1, 0, 0]);
    expect(s(2, ['0.5', '0.25', '0.25'])).toEqual([1, 1, 0]);
    expect(() => s(1, [0, 0])).toThrow();
  });

  it('round: half up to the fen', () => {
    expect(roundToFen(new Dec('0.005')).toNumber()).toBe(1);
    expect(roundToFen(new Dec('0.0049999')).toNumber()).toBe(0);
    expect(roundToFen(new Dec('12.345')).toNumber()).toBe(1235);
  });
});
