/**
 * `explain` with SPEC §9: the household's persons and who counted, a declared rate read aloud
 * (每人 58 元 × 7 人 = 406.00 元), a derived rate, category factors, transactions rows, the §9.9
 * form and how the household is paid. The runs are worked out by hand in
 * test/render/waterfall9Fixture.ts (checked there against the engine).
 */
import { describe, expect, it } from 'vitest';
import type { Distribution } from '../../src/engine/types.js';
import { explainHousehold } from '../../src/explain/explainHousehold.js';
import { ex, makeDataset, makeDistribution, makeRules } from '../render/fixture.js';
import { cooperativeDataset, cooperativeDistribution, cooperativeRules, villageDataset, villageDistribution, villageRules } from '../render/waterfall9Fixture.js';

/** The lines of step 5 (the performance dividend), up to step 6. */
function step5(lines: string[]): string[] {
  const from = lines.findIndex((l) => l.startsWith('5. '));
  const to = lines.findIndex((l) => l.startsWith('6. '));
  return lines.slice(from, to);
}

describe('explain with §9', () => {
  it('reads a rated persons basis aloud: 每人 58 元 × 7 人 = 406.00 元, and where the remainder went', () => {
    const lines = explainHousehold(villageRules(), villageDataset(), villageDistribution(), 0, 'zh');
    expect(lines.slice(0, 4)).toEqual(['测试村食用菌基地 2025年度收益分配', '户号 H1  张三  一组  脱贫户  (households.csv 第2 行)', '成员 7 人  (persons.csv)', '']);
    expect(step5(lines)).toEqual([
      '5. 效益分红: 487.57 元',
      '   可分配盈余 = 收入 105000.00 − 支出 20000.00 + 上年结转 7000.00 − 工资 4050.00 − 租金 1500.00 − 保底分红 31050.00 = 55400.00 元',
      '   先提固定金额: 村集体 20000.00、管理费 5250.00, 余 30150.00 元按比例分',
      '   成员分红总额 = 30150.00 × 40% = 12060.00 元',
      '   按股数 70% = 8442.00 元 (12060.00 × 70% = 8442.00)',
      // The holder 村集体 (100 units) is in the split: 1 × 8442 / 103.5 = 81.5652…, 4 parts, 1 fen left.
      '     本户折算股数 = fund 股 1 股 × 1 = 1',
      '     全体 3 户和持股方合计 = fund 股 103.5 股 × 1 = 103.5',
      '     其中持股方: 村集体 100',
      '     (按余数大小补足零头: 每份先按精确金额发到分, 不足 1 分的零头 (余数) 先不发; 这样没发完的几分钱, 按余数从大到小每份补 1 分, 余数一样大时先补排在前面的 (户按 households.csv 的顺序, 分配项按 rules.yaml 的顺序).)',
      '     1 × 8442.00 / 103.5 = 81.5652 元: 先发 81.56 元, 余数 0.52 分',
      '     全体先发整分后还剩 1 分, 按余数大小补足零头: 本户余数 0.52 分在 4 份中排第 1, 分到 1 分 → 81.57 元',
      '   按人口 30% = 3618.00 元 (12060.00 × 30% = 3618.00)',
      '     persons.csv:2 张三 58 岁 → 计入',
      '     persons.csv:3 王芳 56 岁 → 计入',
      '     persons.csv:4 张大爷 83 岁 → 计入',
      '     persons.csv:5 张明 30 岁 → 计入',
      '     persons.csv:6 张丽 21 岁 [在校大学生] → 计入',
      '     persons.csv:7 张小军 10 岁 → 计入',
      '     persons.csv:8 张小梅 7 岁 → 计入',
      '     公布单价: 每人 58 元',
      '     每人 58 元 × 7 人 = 406.00 元',
      '     全体 12 人 共发 696.00 元, 零头 2922.00 元归 村集体',
      '   合计 81.57 + 406.00 = 487.57 元',
    ]);
  });

  it('counts persons entitled part of the year by their months', () => {
    const lines = explainHousehold(villageRules(), villageDataset(), villageDistribution(), 1, 'zh');
    expect(lines[2]).toBe('成员 4 人 (其中 2 人半年: 6/12)  (persons.csv)');
    expect(lines).toContain('     persons.csv:11 赵三 6/12 → 计入');
    expect(lines).toContain('     每人 58 元 × 3 人 = 174.00 元');
    const en = explainHousehold(villageRules(), villageDataset(), villageDistribution(), 1, 'en');
    expect(en[2]).toBe('Members: 4 persons (2 for half the year: 6/12)  (persons.csv)');
    expect(en).toContain('     58 per person × 3 persons = 174.00');
    expect(en).toContain('     all 12 persons paid 696.00, remainder 2922.00 to 村集体');
  });

  it('says who counts under an age or tag filter, and why not', () => {
    const rules = villageRules();
    rules.members[1] = { ...rules.members[1], minAge: 80 };
    const dist = villageDistribution();
    // Only 张大爷 (83), 李四 (81) and 李婆婆 (85) count: 3 × 58 = 174.00, remainder 3618 − 174 = 3444.00.
    dist.bases[1] = { ...dist.bases[1], amountFen: 17400n, totalWeight: 36n, weights: BigInt64Array.from([12n, 0n, 24n]), rated: { ...dist.bases[1].rated!, remainderFen: 344400n } };
    dist.cols.basisFen[1] = BigInt64Array.from([5800n, 0n, 11600n]);
    const h1 = explainHousehold(rules, villageDataset(), dist, 0, 'zh');
    expect(h1).toContain('   按人口 (80岁以上) 30% = 3618.00 元 (12060.00 × 30% = 3618.00)');
    expect(h1).toContain('     persons.csv:3 王芳 56 岁 → 不计入 (不满 80 岁)');
    expect(h1).toContain('     persons.csv:4 张大爷 83 岁 → 计入');
    expect(h1).toContain('     每人 58 元 × 1 人 = 58.00 元');
    expect(h1).toContain('     全体 3 人 共发 174.00 元, 零头 3444.00 元归 村集体');
    const h2 = explainHousehold(rules, villageDataset(), dist, 1, 'zh');
    expect(h2).toContain('     persons.csv:11 赵三 6/12 → 不计入 (没有出生日期)');
    expect(h2).toContain('     每人 58 元 × 0 人 = 0.00 元');

    rules.members[1] = { ...rules.members[1], minAge: null, tags: ['在校大学生'] };
    const tagged = explainHousehold(rules, villageDataset(), dist, 0, 'en');
    expect(tagged).toContain('   per person (tagged 在校大学生) 30% = 3618.00 (12060.00 × 30% = 3618.00)');
    expect(tagged).toContain('     persons.csv:2 张三 aged 58 → does not count (not tagged 在校大学生)');
    expect(tagged).toContain('     persons.csv:6 张丽 aged 21 [在校大学生] → counts');
  });

  it('reads a derived rate (rate_step) with the division and the rounding, and rounds a pay to the fen', () => {
    const rules = villageRules();
    rules.members[1] = { ...rules.members[1], rate: null, rateStep: ex('0.01') };
    const dist = villageDistribution();
    // 3618.00 / 12 persons = 301.50 per person: 7 × 301.5 = 2110.50, 3 × 301.5 = 904.50, 2 × 301.5 = 603.00; Σ 3618.00, no remainder.
    dist.bases[1] = { ...dist.bases[1], amountFen: 361800n, rated: { rate: ex('301.5'), remainderTo: '村集体', remainderFen: 0n, declared: false } };
    dist.cols.basisFen[1] = BigInt64Array.from([211050n, 90450n, 60300n]);
    const lines = explainHousehold(rules, villageDataset(), dist, 0, 'zh');
    expect(lines).toContain('     单价: 3618.00 元 / 12 人 ≈ 301.5000, 取整到 0.01 元: 每人 301.5 元');
    expect(lines).toContain('     每人 301.5 元 × 7 人 = 2110.50 元');
    expect(lines).toContain('     全体 12 人 共发 3618.00 元, 没有零头');

    // 58 元 × 3.5 persons (months 6 of 12) = 203.00; 0.35 元 × 1.5 persons = 0.525 → 0.53 (half up).
    rules.members[1] = { ...rules.members[1], rate: ex('0.35'), rateStep: null };
    const odd: Distribution = { ...dist, bases: [dist.bases[0], { ...dist.bases[1], rated: { rate: ex('0.35'), remainderTo: '村集体', remainderFen: 0n, declared: true }, weights: BigInt64Array.from([18n, 36n, 24n]) }] };
    odd.cols = { ...dist.cols, basisFen: [dist.cols.basisFen[0], BigInt64Array.from([53n, 105n, 70n])] };
    expect(explainHousehold(rules, villageDataset(), odd, 0, 'zh')).toContain('     每人 0.35 元 × 1.5000 人 = 0.5250 → 0.53 元 (四舍五入到分)');
  });

  it('says a rated basis paid nothing in a year without surplus', () => {
    const rules = villageRules();
    const dist = villageDistribution();
    dist.bases[1] = { ...dist.bases[1], partFen: 0n, amountFen: 0n, rated: { ...dist.bases[1].rated!, remainderFen: 0n } };
    dist.cols.basisFen[1] = BigInt64Array.from([0n, 0n, 0n]);
    const lines = explainHousehold(rules, villageDataset(), dist, 0, 'zh');
    expect(lines).toContain('     本年没有可分配盈余, 这项不发放');
    expect(lines.some((l) => l.includes('× 7 人'))).toBe(false);
  });

  it('reads the persons column when there is no persons.csv', () => {
    const data = villageDataset();
    data.persons = null;
    data.households = data.households.map((h, i) => ({ ...h, persons: [7, 3, 2][i] }));
    const lines = explainHousehold(villageRules(), data, villageDistribution(), 0, 'zh');
    expect(lines[2]).toBe('成员 7 人 (households.csv 人数)');
    expect(lines).toContain('     本户人数 7 (households.csv 人数)');
    expect(lines).toContain('     每人 58 元 × 7 人 = 406.00 元');
  });

  it('shows transactions rows, a category factor, the §9.9 form and the payment', () => {
    const c1 = explainHousehold(cooperativeRules(), cooperativeDataset(), cooperativeDistribution(), 0, 'zh');
    expect(step5(c1)).toEqual([
      '5. 效益分红: 6525.00 元',
      '   可分配盈余 = 收入 10000.00 − 支出 0.00 − 工资 0.00 − 租金 0.00 − 保底分红 0.00 = 10000.00 元',
      '   成员分红总额 9000.00 元 (下列各项之和)',
      '   按交易额 63% (按可分配余额计) = 6300.00 元 (10000.00 × 63% = 6300.00)',
      '     transactions.csv:2 2025-09-20 玉米 2000 元',
      '     transactions.csv:4 2025-10-03 大豆 1000 元',
      '     本户 3000 元交易额, 全体 2 户合计 4000 元交易额',
      '     3000 × 6300.00 / 4000 = 4725.00 元, 各户都正好到分, 没有零头要补',
      '   按户平均 (类别系数：脱贫户×2、一般户×1) 27% (按可分配余额计) = 2700.00 元 (10000.00 × 27% = 2700.00)',
      '     本户类别 脱贫户: 系数 2, 权重乘以系数',
      '     本户 1 份 × 系数 2 = 2 份, 全体 2 户合计 3 份 (按类别折算后)',
      '     2 × 2700.00 / 3 = 1800.00 元, 各户都正好到分, 没有零头要补',
      '   合计 4725.00 + 1800.00 = 6525.00 元',
    ]);
    expect(c1[c1.length - 1]).toBe('   发放方式: 银行代发');
    const data = cooperativeDataset();
    data.detail = [];
    const c2 = explainHousehold(cooperativeRules(), data, cooperativeDistribution(), 1, 'zh');
    expect(c2[c2.length - 1]).toBe('   发放方式: 现金发放, 在领款签收表上签名或按手印');
    expect(explainHousehold(cooperativeRules(), data, cooperativeDistribution(), 1, 'en').at(-1)).toBe('   Payment: in cash, signed for on the sign-off sheet');
  });

  it('reads transactions by quantity with product weights, and categories that keep their weight', () => {
    const rules = cooperativeRules();
    rules.members[0] = { ...rules.members[0], by: 'quantity', productWeights: new Map([['玉米', ex('1')], ['大豆', ex('1.5')]]) };
    rules.members[1] = { ...rules.members[1], categoryWeights: null, categories: ['脱贫户'] };
    const data = cooperativeDataset();
    data.detail = data.detail.map((r, i) => ({ ...r, fields: { ...r.fields, quantity: ['800', '400'][i] } }));
    const lines = step5(explainHousehold(rules, data, cooperativeDistribution(), 0, 'zh'));
    expect(lines).toContain('   按交易量 (折算系数：玉米×1、大豆×1.5) 63% (按可分配余额计) = 6300.00 元');
    expect(lines).toContain('     transactions.csv:4 2025-10-03 大豆 400 × 1.5 (折算系数)');
    expect(lines).toContain('   按户平均 (仅脱贫户) 27% (按可分配余额计) = 2700.00 元');
    expect(lines).toContain('     本户类别 脱贫户: 参加这项分红');
    const c2 = step5(explainHousehold(rules, { ...data, detail: [] }, cooperativeDistribution(), 1, 'zh'));
    expect(c2).toContain('     本户类别 一般户: 不在 脱贫户 之列, 权重为 0');
  });

  it('a cash household that owes is left off the sign-off sheet', () => {
    const data = makeDataset();
    data.households[2] = { ...data.households[2], payment: 'cash' };
    const lines = explainHousehold(makeRules(), data, makeDistribution(), 2, 'zh');
    expect(lines.slice(-2)).toEqual(['   发放方式: 现金发放 (实发不为正, 不列入领款签收表)', '   扣减大于应分: 本户尚欠, 不列入领款签收表']);
  });

  it('reads a §4 run as before: no persons line, no payment line', () => {
    const lines = explainHousehold(makeRules(), makeDataset(), makeDistribution(), 2, 'zh');
    expect(lines[2]).toBe('');
    expect(lines.slice(-1)).toEqual(['   扣减大于应分: 本户尚欠, 不进入银行代发']);
    expect(lines.some((l) => l.includes('发放方式'))).toBe(false);
  });
});
