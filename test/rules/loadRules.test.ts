import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { exactToString } from '../../src/money/exact.js';
import { Problems } from '../../src/problems.js';
import { loadRules, type BankFileRules } from '../../src/rules/loadRules.js';
import { BASE, load, where } from './helpers.js';

const EXAMPLES = new URL('../../fixtures/examples/', import.meta.url);

function example(name: string): { file: string; text: string } {
  const url = new URL(`${name}/rules.yaml`, EXAMPLES);
  return { file: `${name}/rules.yaml`, text: readFileSync(url, 'utf8') };
}

/**
 * Expects exactly one E_BAD_RULES problem at the place of `needle` whose message contains `part`.
 * A `⟨` inside the needle marks the exact place (`'year: ⟨2025.5'` is the value's column).
 */
function expectOne(text: string, needle: string, part: string, nth = 0): void {
  const { rules, errors } = load(text);
  expect(rules).toBeNull();
  expect(errors.map((e) => `${e.code} ${e.message}`)).toHaveLength(1);
  const e = errors[0];
  expect(e.code).toBe('E_BAD_RULES');
  expect(e.file).toBe('run/rules.yaml');
  const mark = needle.indexOf('⟨');
  const found = where(text, needle.replace('⟨', ''), nth);
  if (mark > 0) found.column += mark;
  expect({ line: e.line, column: e.column }).toEqual(found);
  expect(e.message).toContain(part);
  expect(e.message).not.toContain('\n');
}

describe('the shared examples', () => {
  test('jinping-2025 loads cleanly with its values exact as written', () => {
    const src = example('jinping-2025');
    const p = new Problems();
    const r = loadRules([src], p);
    expect(p.errors).toEqual([]);
    expect(r).not.toBeNull();
    const rules = r!;
    expect(rules.name).toBe('铜鼓村食用菌基地 2025年度收益分配');
    expect(rules.year).toBe(2025);
    expect(rules.wages.defaultPerDay).toEqual({ units: 100n, scale: 0 });
    expect([...rules.wages.perDay.keys()]).toEqual(['采摘', '管护']);
    expect(rules.wages.perDay.get('采摘')).toEqual({ units: 120n, scale: 0 });
    expect(rules.land.rentPerMu.get('水田')).toEqual({ units: 800n, scale: 0 });
    expect(rules.land.unitsPerMu.get('水田')).toEqual({ units: 12n, scale: 1 });
    expect(rules.land.unitsPerMu.get('旱地')).toEqual({ units: 1n, scale: 0 });
    expect([...rules.shareClasses.keys()]).toEqual(['land', 'fund', 'cash']);
    expect(rules.shareClasses.get('fund')!.weight).toEqual({ units: 15n, scale: 1 });
    expect(rules.shareClasses.get('fund')!.guaranteedPerUnit).toEqual({ units: 60n, scale: 0 });
    expect(rules.shareClasses.get('land')!.pos).toEqual({ file: src.file, ...where(src.text, 'land: {') });
    expect(rules.guaranteedShortfall).toBe('pay');
    expect(rules.fixed).toEqual([{ to: '村集体', amountFen: 2000000n, percentOfIncome: null, reserve: false, pos: { file: src.file, ...where(src.text, '{ to: 村集体') } }]);
    expect(rules.shares.map((s) => [s.to, exactToString(s.percent)])).toEqual([
      ['公积金', '10'],
      ['公益金', '5'],
      ['企业', '45'],
      ['members', '40'],
    ]);
    expect(rules.members.map((m) => [m.basis, exactToString(m.percent), m.classes])).toEqual([
      ['share_units', '70', null],
      ['labor_days', '30', null],
    ]);
    expect(rules.members[1].pos).toEqual({ file: src.file, ...where(src.text, '{ basis: labor_days') });
    expect(rules.floors).toEqual([
      { category: '脱贫户', minTotalFen: 300000n, fundedBy: '公益金', pos: { file: src.file, ...where(src.text, '{ category: 脱贫户') } },
    ]);
    expect(rules.disclosure).toEqual({});
    expect(rules.bankFile).toEqual({});
    expect(rules.file).toBe(src.file);
    expect(rules.sha256).toBe(createHash('sha256').update(Buffer.from(src.text, 'utf8')).digest('hex'));
  });

  test('baizhai-2025 loads cleanly with defaults filled in', () => {
    const src = example('baizhai-2025');
    const p = new Problems();
    const rules = loadRules([src], p)!;
    expect(p.errors).toEqual([]);
    expect(rules.wages.defaultPerDay).toBeNull();
    expect(rules.wages.perDay.size).toBe(0);
    expect(rules.land.rentPerMu.get('旱地')).toEqual({ units: 1000n, scale: 0 });
    expect(rules.land.unitsPerMu.size).toBe(0);
    expect(rules.shareClasses.get('fund')).toMatchObject({ guaranteedPerUnit: { units: 0n, scale: 0 }, weight: { units: 1n, scale: 0 } });
    expect(rules.fixed.map((f) => [f.to, f.amountFen])).toEqual([['村集体', 3000000n]]);
    expect(rules.shares.map((s) => [s.to, exactToString(s.percent)])).toEqual([['members', '100']]);
    expect(rules.members).toMatchObject([{ basis: 'share_units', classes: ['fund'] }]);
    expect(rules.floors).toEqual([]);
  });
});

describe('values are read exactly as written', () => {
  test('decimals keep their written scale and percents may have decimals', () => {
    const text = BASE.replace('percent: 40 }', 'percent: 12.50 }').replace('percent: 60 }', 'percent: 87.5 }');
    const { rules, errors } = load(text);
    expect(errors).toEqual([]);
    expect(rules!.shares[0].percent).toEqual({ units: 1250n, scale: 2 });
    expect(rules!.shares[1].percent).toEqual({ units: 875n, scale: 1 });
  });

  test('percents like 33.3 + 33.3 + 33.4 add up to exactly 100', () => {
    const text = BASE.replace(
      "    - { to: members, percent: 60 }\n",
      "    - { to: members, percent: 33.3 }\n    - { to: 企业, percent: 33.4 }\n",
    ).replace('percent: 40 }', 'percent: 33.3 }');
    expect(load(text).errors).toEqual([]);
  });

  test('map keys that look like numbers stay text as written', () => {
    const text = BASE + 'wages:\n  per_day:\n    1: 100\n    1.0: 90\n    "2": 80\nland:\n  units_per_mu:\n    0.5: 2\n';
    const { rules, errors } = load(text);
    expect(errors).toEqual([]);
    expect([...rules!.wages.perDay.keys()]).toEqual(['1', '1.0', '2']);
    expect([...rules!.land.unitsPerMu.keys()]).toEqual(['0.5']);
  });

  test('fixed amounts and floor minimums become fen', () => {
    const text = BASE.replace('amount: 1000 }', 'amount: 1234.5 }') + 'floors:\n  - { category: 监测户, min_total: 0.05, funded_by: 村集体 }\n';
    const { rules, errors } = load(text);
    expect(errors).toEqual([]);
    expect(rules!.fixed[0].amountFen).toBe(123450n);
    expect(rules!.floors[0].minTotalFen).toBe(5n);
  });

  test('guaranteed_shortfall scale is kept and the default is pay', () => {
    expect(load(BASE).rules!.guaranteedShortfall).toBe('pay');
    expect(load(BASE + 'guaranteed_shortfall: scale\n').rules!.guaranteedShortfall).toBe('scale');
  });

  test('a UTF-8 BOM is ignored and columns on line 1 stay right', () => {
    const { rules, errors } = load('\uFEFF' + BASE.replace('year: 2025', 'year: x'));
    expect(rules).toBeNull();
    expect(errors[0]).toMatchObject({ line: 2, column: 7 });
  });

  test('Windows line endings (CRLF) keep lines and columns right', () => {
    const text = BASE.replace('percent: 40', 'percent: -40').replace(/\n/g, '\r\n');
    const { errors } = load(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ line: 9, column: 27 });
  });

  test('the optional disclosure and bank_file sections are kept as written, typed', () => {
    const text =
      BASE +
      'disclosure: { mask_names: true }\nbank_file:\n  columns: [seq, name, account, amount, id_number, household_id, note]\n  delimiter: "\\t"\n  header: false\n  encoding: utf8\n';
    const { rules, errors } = load(text);
    expect(errors).toEqual([]);
    expect(rules!.disclosure).toEqual({ mask_names: true });
    const bank: BankFileRules = { columns: ['seq', 'name', 'account', 'amount', 'id_number', 'household_id', 'note'], delimiter: '\t', header: false, encoding: 'utf8' };
    expect(rules!.bankFile).toEqual(bank);
    const only = load(BASE + 'bank_file: { delimiter: "|" }\n').rules!;
    expect([only.bankFile, only.disclosure]).toEqual([{ delimiter: '|' }, {}]);
  });
});

describe('each kind of error gives E_BAD_RULES with the path at the right line and column', () => {
  test('a YAML syntax error at its position', () => {
    const text = 'name: x\nyear: 2025\ndistribution: { shares: [ { to: a, percent: 100 }\n';
    const { errors } = load(text);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0].code).toBe('E_BAD_RULES');
    expect(errors[0].message).toContain('YAML 语法错误');
    expect(errors[0].line).toBeGreaterThanOrEqual(3);
  });

  test('a duplicate key points at the second occurrence', () => {
    const text = BASE.replace('year: 2025\n', 'year: 2025\nyear: 2026\n');
    expectOne(text, 'year', '重复的键', 1);
  });

  test('a duplicate key inside a nested map is found too', () => {
    const text = BASE + 'wages:\n  per_day:\n    采摘: 1\n    采摘: 2\n';
    expectOne(text, '采摘', 'wages.per_day.采摘: 重复的键, 第 15 行已有 (duplicate key, already at line 15)', 1);
  });

  test('an empty file is an error for the whole file', () => {
    for (const text of ['', '   \n', '# 只有注释\n', '---\n']) {
      const { rules, errors } = load(text);
      expect(rules).toBeNull();
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ file: 'run/rules.yaml', line: 0, column: 0, code: 'E_BAD_RULES' });
      expect(errors[0].message).toContain('empty');
    }
  });

  test('a file that is not a map at the top', () => {
    expectOne('- a\n- b\n', '- a', 'map of keys');
  });

  test('a misspelt key suggests the right one', () => {
    const text = BASE + 'floor:\n  - { category: 脱贫户, min_total: 1, funded_by: 公益金 }\n';
    expectOne(text, 'floor:', 'did you mean floors?');
    expect(load(text).errors[0].message).toMatch(/^floor: 未知的键/);
  });

  test('an unknown key deep inside a list item, with its path', () => {
    const text = BASE.replace('{ to: 公益金, percent: 40 }', '{ to: 公益金, percnt: 40, percent: 40 }');
    expectOne(text, 'percnt', 'distribution.shares[0].percnt: 未知的键');
  });

  test('an unknown key without a near match lists the allowed keys', () => {
    expectOne(BASE + '分配: 1\n', '分配', 'allowed: name, year');
  });

  test('a wrong type: a list where a map is expected', () => {
    expectOne(BASE + 'wages: [1, 2]\n', '[1, 2]', 'wages: 应为映射');
  });

  test('a wrong type: a map where a number is expected', () => {
    expectOne(BASE + 'wages: { default_per_day: { a: 1 } }\n', '{ a: 1 }', 'wages.default_per_day: 应为数字');
  });

  test('a quoted number is a wrong type', () => {
    expectOne(BASE.replace('percent: 40', 'percent: "40"'), '"40"', 'distribution.shares[0].percent: 应为数字, 不要加引号');
  });

  test('year must be a whole number', () => {
    expectOne(BASE.replace('year: 2025', 'year: 2025.5'), 'year: ⟨2025.5', 'year: 应为整数');
    expectOne(BASE.replace('year: 2025', 'year: "2025"'), 'year: ⟨"2025"', 'year: 应为整数, 不要加引号');
    expectOne(BASE.replace('year: 2025', 'year: 25'), 'year: ⟨25', 'year: 年份应在');
  });

  test('name must be non-empty text', () => {
    expectOne(BASE.replace('name: 测试合作社 2025', 'name: ""'), '""', 'name: 不能为空');
    expectOne(BASE.replace('name: 测试合作社 2025', 'name: [a]'), '[a]', 'name: 应为文本');
    expectOne(BASE.replace('name: 测试合作社 2025', 'name:'), 'name', 'name: 缺少值');
  });

  test('missing required keys are reported at the map they belong in', () => {
    const text = 'year: 2025\ndistribution:\n  fixed: []\n';
    const { errors } = load(text);
    expect(errors.map((e) => [e.line, e.column, e.message.split(':')[0]])).toEqual([
      [1, 1, 'name'],
      [2, 1, 'distribution.shares'],
    ]);
    // a list item missing a key: at the item
    expect(errors[0].message).toContain('required key missing');
  });

  test('a missing key in a list item is reported at the item', () => {
    expectOne(BASE.replace('{ to: 村集体, amount: 1000 }', '{ to: 村集体 }'), '{ to: 村集体', 'distribution.fixed[0].amount: 缺少必填项');
  });

  test('distribution.shares must not be empty', () => {
    const text = 'name: x\nyear: 2025\ndistribution:\n  shares: []\n';
    expectOne(text, '[]', 'distribution.shares: 至少需要一项');
  });

  test('members is required when shares has a members entry', () => {
    const text = BASE.replace(/members:\n  - \{ basis: share_units, percent: 100 \}\n/, '');
    expectOne(text, '{ to: members', 'members: 缺少必填项');
  });

  test('a members section without a members entry in shares is accepted (its pool is simply 0)', () => {
    const text = BASE.replace('{ to: members, percent: 60 }', '{ to: 企业, percent: 60 }');
    const problems = new Problems();
    expect(loadRules([{ file: 'rules.yaml', text }], problems)).not.toBeNull();
    expect(problems.errors).toEqual([]);
  });

  test('percents must be > 0', () => {
    expectOne(BASE.replace('percent: 40', 'percent: 0').replace('percent: 60', 'percent: 100'), 'percent: ⟨0', 'distribution.shares[0].percent: 必须大于 0 (must be > 0)');
  });

  test('distribution.shares percents must add up to exactly 100', () => {
    const text = BASE.replace('percent: 60', 'percent: 59.99');
    expectOne(text, 'shares:', 'distribution.shares: 百分比合计为 99.99, 必须恰好为 100');
  });

  test('members percents must add up to exactly 100', () => {
    const text = BASE.replace('{ basis: share_units, percent: 100 }', '{ basis: share_units, percent: 70 }\n  - { basis: labor_days, percent: 30.001 }');
    expectOne(text, 'members:\n', 'members: 百分比合计为 100.001');
  });

  test('duplicate to names across fixed and shares', () => {
    const text = BASE.replace('{ to: 公益金, percent: 40 }', '{ to: 村集体, percent: 40 }');
    expectOne(text, '村集体', 'distribution.shares[0].to: 名称 村集体 重复, distribution.fixed[0] 已使用', 1);
  });

  test('to: members is only allowed in shares', () => {
    expectOne(BASE.replace('{ to: 村集体, amount: 1000 }', '{ to: members, amount: 1000 }'), 'members, amount', 'distribution.fixed[0].to: members 只能出现在 distribution.shares');
  });

  test('funded_by must name a fixed or shares entry', () => {
    expectOne(BASE + 'floors:\n  - { category: 脱贫户, min_total: 3000, funded_by: 公益 }\n', '公益 }', 'floors[0].funded_by: distribution 中没有名为 公益 的条目, 是否应为 公益金?');
  });

  test('funded_by must not name members', () => {
    expectOne(BASE + 'floors:\n  - { category: 脱贫户, min_total: 3000, funded_by: members }\n', 'members }', 'floors[0].funded_by: 不能由 members 出资');
  });

  test('a basis that does not exist', () => {
    expectOne(BASE.replace('basis: share_units', 'basis: days'), 'days', 'members[0].basis: "days" 无效');
    expect(load(BASE.replace('basis: share_units', 'basis: labor_day')).errors[0].message).toContain('did you mean labor_days?');
  });

  test('classes only with share_units', () => {
    expectOne(BASE.replace('{ basis: share_units, percent: 100 }', '{ basis: labor_days, percent: 100, classes: [fund] }'), 'percent: 100, ⟨classes', 'members[0].classes: classes 只能用于 share_units');
  });

  test('each class in classes must be in share_classes', () => {
    expectOne(BASE.replace('{ basis: share_units, percent: 100 }', '{ basis: share_units, percent: 100, classes: [fund, land] }'), 'land', 'members[0].classes[1]: share_classes 中没有类别 land');
  });

  test('rates, weights and guaranteed_per_unit must be ≥ 0', () => {
    expectOne(BASE + 'wages: { default_per_day: -100 }\n', '-100', 'wages.default_per_day: 不能为负数');
    expectOne(BASE.replace('{ guaranteed_per_unit: 60 }', '{ guaranteed_per_unit: 60, weight: -1 }'), '-1', 'share_classes.fund.weight: 不能为负数');
    expectOne(BASE.replace('{ guaranteed_per_unit: 60 }', '{ guaranteed_per_unit: -60 }'), '-60', 'share_classes.fund.guaranteed_per_unit: 不能为负数');
    expectOne(BASE + 'land: { rent_per_mu: { 水田: -800 } }\n', '-800', 'land.rent_per_mu.水田: 不能为负数');
    expect(load(BASE + 'land: { rent_per_mu: { 水田: 0 } }\n').errors).toEqual([]);
  });

  test('units_per_mu must be > 0', () => {
    expectOne(BASE + 'land:\n  units_per_mu:\n    水田: 0\n', '0\n', 'land.units_per_mu.水田: 必须大于 0');
  });

  test('money has at most 2 decimals', () => {
    expectOne(BASE.replace('amount: 1000', 'amount: 1000.001'), '1000.001', 'distribution.fixed[0].amount: 最多 2 位小数');
    expectOne(BASE + 'floors:\n  - { category: a, min_total: 1.555, funded_by: 公益金 }\n', '1.555', 'floors[0].min_total: 最多 2 位小数');
  });

  test('money must not be negative', () => {
    expectOne(BASE.replace('amount: 1000', 'amount: -1'), '-1', 'distribution.fixed[0].amount: 不能为负数');
  });

  test('exponents, .5, signs and other number forms are refused clearly', () => {
    expectOne(BASE + 'wages: { default_per_day: 1e3 }\n', '1e3', '不支持科学计数法');
    expectOne(BASE + 'wages: { default_per_day: .5 }\n', '.5', '请写成 0.5');
    expectOne(BASE + 'wages: { default_per_day: +5 }\n', '+5', '不要写正号');
    expectOne(BASE + 'wages: { default_per_day: 0x10 }\n', '0x10', '不是普通的十进制数');
    expectOne(BASE + 'wages: { default_per_day: .inf }\n', '.inf', '不是普通的十进制数');
    expectOne(BASE + 'wages: { default_per_day: 1. }\n', '1. }', '小数点后缺少数字');
    expectOne(BASE + 'wages:\n  default_per_day: 1,000\n', '1,000', 'wages.default_per_day: 不要写千分位逗号');
    expectOne(BASE + 'wages:\n  default_per_day: 一百\n', '一百', 'wages.default_per_day: 应为数字, 实际为文本 "一百"');
    expectOne(BASE + 'wages: { default_per_day: 1000000000000 }\n', '1000000000000', '数值过大');
  });

  test('an empty value where a number is required', () => {
    expectOne(BASE + 'wages:\n  default_per_day:\n', 'default_per_day', 'wages.default_per_day: 缺少值');
  });

  test('guaranteed_shortfall must be pay or scale', () => {
    expectOne(BASE + 'guaranteed_shortfall: scaled\n', 'scaled', 'guaranteed_shortfall: "scaled" 无效');
  });

  test('YAML tags are refused', () => {
    expectOne(BASE + 'wages: { default_per_day: !!str 100 }\n', '!!str ⟨100', 'wages.default_per_day: 不支持 YAML 标签');
  });

  test('the optional sections are validated strictly', () => {
    expectOne(BASE + 'disclosure: { mask_names: yes }\n', 'yes', 'disclosure.mask_names: 应为 true 或 false');
    expectOne(BASE + 'disclosure: { mask: true }\n', 'mask:', 'did you mean mask_names?');
    expectOne(BASE + 'bank_file: { columns: [seq, acount] }\n', 'acount', 'bank_file.columns[1]: "acount" 无效');
    expectOne(BASE + 'bank_file: { columns: [seq, seq] }\n', 'seq]', 'bank_file.columns[1]: 列 seq 重复');
    expectOne(BASE + 'bank_file: { columns: [] }\n', '[]', 'bank_file.columns: 至少需要一列');
    expectOne(BASE + "bank_file: { delimiter: '\\t' }\n", "'\\t'", '制表符请写成');
    expectOne(BASE + 'bank_file: { delimiter: ";" }\n', '";"', 'bank_file.delimiter: ";" 无效');
    expectOne(BASE + 'bank_file: { encoding: gbk }\n', 'gbk', 'bank_file.encoding: "gbk" 无效');
    expectOne(BASE + 'bank_file: { header: 1 }\n', '1 }', 'bank_file.header: 应为 true 或 false');
  });

  test('every problem is collected, not only the first', () => {
    const text = [
      'name: x',
      'year: 2025',
      'floor: []',
      'wages: { per_day: { 采摘: -1, 管护: 1e3 } }',
      'distribution:',
      '  shares:',
      '    - { to: a, percent: 50 }',
      '    - { to: a, percent: 40 }',
      '    - { to: members, percent: 0 }',
      'members:',
      '  - { basis: share_unit, percent: 100 }',
      '',
    ].join('\n');
    const { rules, errors } = load(text);
    expect(rules).toBeNull();
    expect(errors.map((e) => `${e.line}:${e.column} ${e.message.split(':')[0]}`)).toEqual([
      '3:1 floor',
      '4:25 wages.per_day.采摘',
      '4:33 wages.per_day.管护',
      '8:13 distribution.shares[1].to',
      '9:31 distribution.shares[2].percent',
      '11:14 members[0].basis',
    ]);
    expect(errors.every((e) => e.code === 'E_BAD_RULES' && e.file === 'run/rules.yaml')).toBe(true);
  });

  test('messages are one line, Chinese first with the English in parentheses', () => {
    const { errors } = load(BASE.replace('percent: 40', 'percent: -4'));
    expect(errors[0].message).toMatch(/^distribution\.shares\[0\]\.percent: [^\n(]*[\u4e00-\u9fff][^\n]* \([a-z][^\n]*\)$/);
  });
});
