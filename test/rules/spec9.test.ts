// SPEC §9's rules keys: each accepted as written, and each mistake an E_BAD_RULES at its key's line
// with the key path (the "Everywhere" list of issue 11).
import { describe, expect, it } from 'vitest';
import { exactToString } from '../../src/money/exact.js';
import { load, where } from './helpers.js';

const HEAD = `name: 测试村
year: 2025
share_classes:
  fund: { guaranteed_per_unit: 60 }
  land: {}
`;

function errorsOf(text: string): { path: string; line: number; column: number; message: string }[] {
  return load(text).errors.map((e) => ({ path: e.message.slice(0, e.message.indexOf(':')), line: e.line, column: e.column, message: e.message }));
}

describe('SPEC §9 keys accepted', () => {
  it('every §9 key, read exactly', () => {
    const text = `${HEAD}share_holders:
  - { to: 村集体, class: fund, units: 982.5, months: 6 }
legal_form: farmers_cooperative
opening: { retained: 12000, loss: 5000.5 }
payment_default: cash
distribution:
  fixed:
    - { to: 管理费, percent_of_income: 2.5, reserve: true }
  shares:
    - { to: 村集体, percent: 40 }
    - { to: 公积金, percent: 10, reserve: true }
    - { to: members, percent: 50 }
members:
  - { basis: persons, percent: 30, rate: 58, remainder_to: 村集体, min_age: 60, max_age: 79, tags: [在校大学生, 退役军人] }
  - { basis: per_household, percent: 20, rate_step: 0.1, remainder_to: 公积金, categories: [脱贫户] }
  - { basis: share_units, percent: 20, classes: [fund], category_weights: { 五保户: 3, 一般户: 1 } }
  - { basis: transactions, percent: 30, by: quantity, product_weights: { 玉米: 1, 大豆: 1.25 } }
`;
    const { rules, errors } = load(text);
    expect(errors).toEqual([]);
    const r = rules!;
    expect(r.shareHolders.map((h) => [h.to, h.class, exactToString(h.units), h.months])).toEqual([['村集体', 'fund', '982.5', 6]]);
    expect(r.legalForm).toBe('farmers_cooperative');
    expect(r.coopLawPos).toEqual({ ...where(text, 'members:'), file: 'run/rules.yaml' });
    expect(r.opening).toEqual({ retainedFen: 1200000n, lossFen: 500050n });
    expect(r.paymentDefault).toBe('cash');
    expect(r.fixed[0]).toMatchObject({ to: '管理费', amountFen: 0n, reserve: true });
    expect(exactToString(r.fixed[0].percentOfIncome!)).toBe('2.5');
    expect(r.shares.map((s) => [s.to, s.reserve, s.basis])).toEqual([
      ['村集体', false, null],
      ['公积金', true, null],
      ['members', false, null],
    ]);
    const [p, h, s, t] = r.members;
    expect([exactToString(p.rate!), p.remainderTo, p.minAge, p.maxAge, p.tags]).toEqual(['58', '村集体', 60, 79, ['在校大学生', '退役军人']]);
    expect([exactToString(h.rateStep!), h.remainderTo, h.categories]).toEqual(['0.1', '公积金', ['脱贫户']]);
    expect([s.classes, [...s.categoryWeights!].map(([k, v]) => [k, exactToString(v)])]).toEqual([['fund'], [['五保户', '3'], ['一般户', '1']]]);
    expect([t.by, [...t.productWeights!].map(([k, v]) => [k, exactToString(v)])]).toEqual(['quantity', [['玉米', '1'], ['大豆', '1.25']]]);
  });

  it('§9.9: bases listed among the entries become the members, in order', () => {
    const text = `${HEAD}distribution:
  shares:
    - { to: 村集体, percent: 35 }
    - { to: members, basis: persons, percent: 30 }
    - { to: members, basis: share_units, percent: 35, classes: [fund] }
`;
    const { rules, errors } = load(text);
    expect(errors).toEqual([]);
    expect(rules!.members.map((m) => [m.basis, exactToString(m.percent)])).toEqual([
      ['persons', '30'],
      ['share_units', '35'],
    ]);
    expect(rules!.shares.map((s) => [s.to, s.basis?.basis ?? null])).toEqual([
      ['村集体', null],
      ['members', 'persons'],
      ['members', 'share_units'],
    ]);
    expect(rules!.shares[1].basis).toBe(rules!.members[0]);
    // E_COOP_LAW is then placed at distribution.shares
    expect(rules!.coopLawPos).toEqual({ ...where(text, 'shares:'), file: 'run/rules.yaml' });
  });

  it('a rules file without §9 keys reads as before: defaults', () => {
    const { rules } = load(`${HEAD}distribution:\n  shares:\n    - { to: members, percent: 100 }\nmembers:\n  - { basis: per_household, percent: 100 }\n`);
    expect(rules).toMatchObject({ shareHolders: [], shareHoldersGiven: false, legalForm: 'joint_venture', opening: null, paymentDefault: 'bank' });
    expect(rules!.members[0]).toMatchObject({ categories: null, categoryWeights: null, rate: null, rateStep: null, remainderTo: null, by: 'amount' });
  });
});

describe('SPEC §9 mistakes, each at its line', () => {
  const cases: [string, string, string, RegExp][] = [
    ['rate with rate_step', '  - { basis: per_household, percent: 100, rate: 5, rate_step: 1, remainder_to: 村集体 }', 'rate_step', /rate 与 rate_step 只能写一个/],
    ['rate without remainder_to', '  - { basis: per_household, percent: 100, rate: 5 }', '{ basis', /须写明零头归入哪一项/],
    ['remainder_to naming no entry', '  - { basis: per_household, percent: 100, rate: 5, remainder_to: 村集休 }', '村集休', /没有名为 村集休 的条目, 是否应为 村集体\?/],
    ['remainder_to naming members', '  - { basis: per_household, percent: 100, rate: 5, remainder_to: members }', 'members }', /零头不能归入 members/],
    ['remainder_to without a rate', '  - { basis: per_household, percent: 100, remainder_to: 村集体 }', 'remainder_to', /只用于按单价分配/],
    ['categories with category_weights', '  - { basis: per_household, percent: 100, categories: [a], category_weights: { a: 1 } }', 'category_weights', /只能写一个/],
    ['a rate with 5 decimals', '  - { basis: per_household, percent: 100, rate: 0.12345, remainder_to: 村集体 }', '0.12345', /最多 4 位小数/],
    ['rate_step 0', '  - { basis: per_household, percent: 100, rate_step: 0, remainder_to: 村集体 }', '0, remainder_to', /必须大于 0/],
    ['min_age on share_units', '  - { basis: share_units, percent: 100, min_age: 80 }', 'min_age', /min_age 只能用于 persons/],
    ['product_weights without by: quantity', '  - { basis: transactions, percent: 100, product_weights: { 玉米: 1 } }', 'product_weights', /只用于 by: quantity/],
    ['by: volume', '  - { basis: transactions, percent: 100, by: volume }', 'volume', /"volume" 无效/],
    ['a misspelt key', '  - { basis: persons, percent: 100, min_ages: 80 }', 'min_ages', /未知的键, 是否应为 min_age\?/],
    ['max_age below min_age', '  - { basis: persons, percent: 100, min_age: 80, max_age: 60 }', '60 }', /max_age 60 小于 min_age 80/],
    ['a negative weight', '  - { basis: per_household, percent: 100, category_weights: { 五保户: -1 } }', '-1', /不能为负数/],
  ];
  for (const [what, line, needle, message] of cases) {
    it(what, () => {
      const text = `${HEAD}distribution:\n  shares:\n    - { to: 村集体, percent: 50 }\n    - { to: members, percent: 50 }\nmembers:\n${line}\n`;
      const errors = errorsOf(text);
      expect(errors.length, JSON.stringify(errors)).toBe(1);
      expect(errors[0].message).toMatch(message);
      expect(errors[0].message).toMatch(/^members\[0\]\./);
      // at the members line, at the offending key or value (or at the item's start when a key is missing)
      const row = where(text, line).line;
      expect(errors[0].line).toBe(row);
      expect([line.indexOf(needle) + 1, 3]).toContain(errors[0].column);
    });
  }

  it('share_holders: unknown class (with a suggestion), members as holder, bad months, units 0', () => {
    const text = `${HEAD}share_holders:
  - { to: 村集体, class: fnd, units: 10 }
  - { to: members, class: fund, units: 10 }
  - { to: 企业, class: fund, units: 0, months: 13 }
distribution:
  shares:
    - { to: 村集体, percent: 100 }
`;
    const e = errorsOf(text);
    expect(e.map((x) => [x.path, x.line])).toEqual([
      ['share_holders[0].class', 7],
      ['share_holders[1].to', 8],
      ['share_holders[2].units', 9],
      ['share_holders[2].months', 9],
    ]);
    expect(e[0].message).toMatch(/是否应为 fund\?/);
  });

  it('§9.9: a basis entry not to members, a plain members entry beside basis entries, a members section as well', () => {
    const text = `${HEAD}distribution:
  shares:
    - { to: 村集体, basis: persons, percent: 30 }
    - { to: members, percent: 30 }
    - { to: members, basis: share_units, percent: 40 }
members:
  - { basis: per_household, percent: 100 }
`;
    const e = errorsOf(text);
    expect(e.map((x) => [x.path, x.line])).toEqual([
      ['distribution.shares[0].to', 8],
      ['distribution.shares', 9],
      ['members', 11],
    ]);
  });

  it('fixed: amount with percent_of_income, neither, opening and legal_form mistakes', () => {
    const text = `${HEAD}legal_form: cooperative
opening: { retained: -1, lost: 5 }
payment_default: 现金
distribution:
  fixed:
    - { to: a, amount: 5, percent_of_income: 2 }
    - { to: b }
  shares:
    - { to: members, percent: 100, reserve: yes }
members:
  - { basis: per_household, percent: 100 }
`;
    const e = errorsOf(text);
    expect(e.map((x) => x.path).sort()).toEqual(
      ['legal_form', 'opening.lost', 'opening.retained', 'payment_default', 'distribution.fixed[0].percent_of_income', 'distribution.fixed[1].amount', 'distribution.shares[0].reserve'].sort(),
    );
  });
});

describe('prepared_on (制表日期)', () => {
  it('is read in the Excel forms and kept as YYYY-MM-DD; a non-date is E_BAD_RULES at its line', () => {
    const base = `${HEAD}distribution:\n  shares:\n    - { to: 村集体, percent: 100 }\n`;
    expect(load(`${base}prepared_on: 2025年12月20日\n`).rules!.preparedOn).toBe('2025-12-20');
    expect(load(`${base}prepared_on: 2025/1/5\n`).rules!.preparedOn).toBe('2025-01-05');
    expect(load(base).rules!.preparedOn).toBeNull();
    const bad = errorsOf(`${base}prepared_on: 2025-13-01\n`);
    expect(bad.map((e) => [e.path, e.line])).toEqual([['prepared_on', 9]]);
  });
});
