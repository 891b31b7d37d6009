import { describe, expect, test } from 'vitest';
import { findTooDeep, MAX_DEPTH } from '../../src/rules/yamlTree.js';
import { BASE, load } from './helpers.js';

/**
 * What these tests rule out is a hang (an alias bomb expanded, a parser recursing for minutes), not
 * slowness: a bound far above any loaded machine's time, so that they never fail on a busy CI. How
 * fast rules load is not a unit test's business (npm run bench).
 */
const HANG_MS = 20_000;

function timed<T>(f: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = f();
  return { value, ms: performance.now() - t0 };
}

describe('hostile or broken rules files are refused quickly', () => {
  test('a YAML alias bomb (billion laughs) is rejected without expanding it', () => {
    const lines = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i <= 9; i++) {
      const prev = `*a${i - 1}`;
      lines.push(`a${i}: &a${i} [${Array(9).fill(prev).join(', ')}]`);
    }
    const text = BASE + 'wages:\n  per_day: ' + lines.map((l) => `\n    ${l}`).join('') + '\nbomb: *a9\n';
    const { value, ms } = timed(() => load(text));
    expect(value.rules).toBeNull();
    expect(value.errors.some((e) => e.code === 'E_BAD_RULES' && e.message.includes('alias'))).toBe(true);
    expect(ms).toBeLessThan(HANG_MS);
  });

  test('a few aliases for repeated values are fine', () => {
    const text = BASE.replace('fund: { guaranteed_per_unit: 60 }', 'fund: &std { guaranteed_per_unit: 60 }\n  cash: *std');
    const { rules, errors } = load(text);
    expect(errors).toEqual([]);
    expect([...rules!.shareClasses.keys()]).toEqual(['fund', 'cash']);
  });

  test('an alias to an undefined anchor is an error at the alias', () => {
    const { errors } = load(BASE + 'wages: *nothing\n');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'E_BAD_RULES', line: 13, column: 8 });
  });

  test('deep flow nesting is rejected before the parser recurses', () => {
    for (const n of [60, 1000, 300_000]) {
      const text = BASE + 'x: ' + '['.repeat(n) + ']'.repeat(n) + '\n';
      const { value, ms } = timed(() => load(text));
      expect(value.rules).toBeNull();
      expect(value.errors).toHaveLength(1);
      expect(value.errors[0].code).toBe('E_BAD_RULES');
      expect(value.errors[0].message).toContain('nesting deeper than 50');
      expect(value.errors[0].line).toBe(13);
      expect(ms).toBeLessThan(HANG_MS);
    }
  });

  test('deep block nesting and nested dashes are rejected', () => {
    let block = 'x:\n';
    for (let i = 1; i <= 80; i++) block += ' '.repeat(i) + `k${i}:\n`;
    const dashes = 'x:\n' + '- '.repeat(5000) + 'y\n';
    const flowMaps = 'x: ' + '{a: '.repeat(70) + '1' + '}'.repeat(70) + '\n';
    for (const tail of [block, dashes, flowMaps]) {
      const { value, ms } = timed(() => load(BASE + tail));
      expect(value.rules).toBeNull();
      expect(value.errors.map((e) => e.message)).toEqual([expect.stringContaining('nesting deeper than 50')]);
      expect(ms).toBeLessThan(HANG_MS);
    }
  });

  test('moderate nesting is not mistaken for too deep', () => {
    // 20 levels inside an unknown key: reported as the unknown key, not as nesting
    const text = BASE + 'x: ' + '['.repeat(20) + ']'.repeat(20) + '\n';
    const { errors } = load(text);
    expect(errors.map((e) => e.message.split(':')[0])).toEqual(['x']);
    expect(findTooDeep('a: "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["\n', MAX_DEPTH)).toBe(-1);
    expect(findTooDeep("a: '{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{'\n", MAX_DEPTH)).toBe(-1);
    expect(findTooDeep('a: 项目' + '['.repeat(60) + '\n', MAX_DEPTH)).toBe(-1);
    expect(findTooDeep('a: x # ' + '['.repeat(60) + '\n', MAX_DEPTH)).toBe(-1);
    expect(findTooDeep('a: |\n' + Array.from({ length: 60 }, (_, i) => ' '.repeat(i + 2) + 'text').join('\n') + '\n', MAX_DEPTH)).toBe(-1);
  });

  test('a text over 1 MiB is refused without parsing', () => {
    const text = BASE + '# ' + 'x'.repeat(1024 * 1024) + '\n';
    const { value, ms } = timed(() => load(text));
    expect(value.rules).toBeNull();
    expect(value.errors).toEqual([
      { file: 'run/rules.yaml', line: 0, column: 0, code: 'E_BAD_RULES', message: expect.stringContaining('1 MiB') },
    ]);
    expect(ms).toBeLessThan(HANG_MS);
  });

  test('a huge number of nodes is refused', () => {
    const text = BASE + 'x:\n' + '  - 1\n'.repeat(150_000);
    const { value, ms } = timed(() => load(text));
    expect(value.rules).toBeNull();
    expect(value.errors.some((e) => e.message.includes('nodes'))).toBe(true);
    expect(ms).toBeLessThan(HANG_MS);
  });

  test('several YAML documents in one file are a syntax error', () => {
    const { errors } = load(BASE + '---\nname: y\n');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'E_BAD_RULES', line: 13, column: 1 });
    expect(errors[0].message).toContain('YAML 语法错误');
  });
});
