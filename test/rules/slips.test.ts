// rules.yaml typed with a Chinese input method: each classic slip is named in Chinese first, at the
// character to change, instead of the YAML parser's English (issue 13).
import { describe, expect, it } from 'vitest';
import { load } from './helpers.js';

const rules = (year: string, fixed: string) =>
  `name: x\n${year}\ndistribution:\n  fixed:\n    - ${fixed}\n  shares:\n    - { to: members, percent: 100 }\nmembers:\n  - { basis: per_household, percent: 100 }\n`;

const cases: [string, string, string, [number, number], RegExp][] = [
  ['a full-width colon after a key', 'year：2025', '{ to: a, amount: 20 }', [2, 5], /全角冒号/],
  ['no space after the colon', 'year:2025', '{ to: a, amount: 20 }', [2, 5], /"year:" 后面要有一个空格/],
  ['a tab in the indentation', '\tyear: 2025', '{ to: a, amount: 20 }', [2, 1], /Tab/],
  ['a full-width space in the indentation', '\u3000year: 2025', '{ to: a, amount: 20 }', [2, 1], /全角空格/],
  ['a full-width comma in { }', 'year: 2025', '{ to: a，amount: 20 }', [5, 14], /全角逗号/],
  ['a thousands separator in { }', 'year: 2025', '{ to: a, amount: 20,000 }', [5, 27], /千分位逗号.*20000/],
  ['a thousands separator: the figure written is the one quoted', 'year: 2025', '{ to: a, amount: 30,000 }', [5, 27], /请把 30,000 写成 30000/],
  ['a full-width colon in { }', 'year: 2025', '{ to：a, amount: 20 }', [5, 9], /全角冒号/],
];

describe('input-method slips in rules.yaml', () => {
  for (const [what, year, fixed, [line, column], message] of cases) {
    it(what, () => {
      const { rules: r, errors } = load(rules(year, fixed));
      expect(r).toBeNull();
      expect(errors[0].message).toMatch(message);
      expect([errors[0].line, errors[0].column]).toEqual([line, column]);
      expect(errors.every((e) => !/Implicit keys|Nested mappings/.test(e.message))).toBe(true);
    });
  }

  it('a full-width colon inside a value is text, not a slip', () => {
    const { errors } = load(rules('year: 2025', '{ to: a, amount: 20 }').replace('name: x', 'name: 石桥村：二〇二五年分配'));
    expect(errors).toEqual([]);
  });
});
