/**
 * waterfall.csv with SPEC §9's figures: last year's balance, a rated basis and its remainder, a
 * share holder, a percent-of-income entry, the cooperative law's 60 %, the §9.9 form. Amounts are
 * worked out by hand in waterfall9Fixture.ts; the engine is checked to reach the same figures.
 */
import { describe, expect, it } from 'vitest';
import { computeDistribution } from '../../src/engine/computeDistribution.js';
import type { Distribution } from '../../src/engine/types.js';
import { Problems } from '../../src/problems.js';
import type { Cell, Row } from '../../src/render/csvWrite.js';
import { buildWaterfall, type WaterfallLine } from '../../src/render/waterfall.js';
import { waterfallRows } from '../../src/render/waterfallSheet.js';
import type { Dataset } from '../../src/io/types.js';
import type { Rules } from '../../src/rules/types.js';
import { makeDeficit } from './fixture.js';
import { cooperativeDataset, cooperativeDistribution, cooperativeRules, villageDataset, villageDistribution, villageRules } from './waterfall9Fixture.js';

const text = (c: Cell) => (typeof c === 'string' ? c : c.num);
const plain = (rows: Row[]) => rows.map((r) => r.map(text));
/** The rows after the header and title, as [item, amount, note]. */
const body = (rules: Rules, data: Dataset, dist: Distribution, lang: 'zh' | 'en' = 'zh') => plain(waterfallRows(rules, data, dist, lang)).slice(2);

/** The figures the engine computes that the waterfall prints (its columns are not compared). */
function figures(d: Distribution) {
  return {
    surplus: d.surplusFen,
    guaranteed: d.guaranteedFen,
    householdGuaranteed: d.householdGuaranteedFen,
    opening: d.openingFen,
    holders: d.holders,
    coopLaw: d.coopLaw,
    allocations: d.allocations,
    membersPool: d.membersPoolFen,
    bases: d.bases.map((b) => ({ basis: b.basis, partFen: b.partFen, amountFen: b.amountFen, rated: b.rated })),
    basisFen: d.cols.basisFen.map((c) => Array.from(c)),
    performance: d.performanceFen,
    total: d.totalFen,
    net: d.netPayableFen,
  };
}

describe('the hand-worked §9 runs are what the engine computes', () => {
  it.each([
    ['village', villageRules, villageDataset, villageDistribution],
    ['cooperative', cooperativeRules, cooperativeDataset, cooperativeDistribution],
  ] as const)('%s', (_name, r, d, want) => {
    const problems = new Problems();
    const got = computeDistribution(r(), d(), problems);
    expect(problems.errors).toEqual([]);
    expect(figures(got!)).toEqual(figures(want()));
  });
});

describe('waterfall.csv with §9', () => {
  it('shows last year’s balance, the holder, the percent of income, the rated basis and its remainder, and adds up', () => {
    const rows = body(villageRules(), villageDataset(), villageDistribution());
    expect(rows).toEqual([
      ['一、收入', '105000.00', '3笔'],
      ['　　销售', '100000.00', '2笔'],
      ['　　（未分类）', '5000.00', '1笔'],
      ['二、支出', '20000.00', '1笔'],
      ['　　菌种', '20000.00', '1笔'],
      ['三、上年结余', '12000.00', '上年结余未分配收益，转入本年分配'],
      ['四、弥补上年亏损', '5000.00', '上年亏损待弥补，从本年收益中扣除'],
      ['五、务工工资', '4050.00', '40.50工日，2户'],
      ['六、土地租金', '1500.00', '2户'],
      ['七、保底分红', '31050.00', '3户'],
      ['　　农户', '1050.00', '3户'],
      ['　　村集体持股', '30000.00', '100.0000股'],
      ['八、可分配盈余', '55400.00', '收入 − 支出 + 上年结余 − 弥补上年亏损 − 务工工资 − 土地租金 − 保底分红'],
      ['九、盈余分配', '55400.00', ''],
      ['　　村集体', '20000.00', '定额20000.00，另收成员分红零头2922.00元，合计22922.00元，另有持股分红38156.52元'],
      ['　　管理费', '5250.00', '按收入5%，计5250.00'],
      ['　　定额提取后余额', '30150.00', '按下列比例分配'],
      ['　　公积金', '3015.00', '10%'],
      ['　　公益金', '1507.50', '5%'],
      ['　　企业', '13567.50', '45%'],
      ['　　成员效益分红', '12060.00', '40%'],
      ['　　　　按股数', '8442.00', '成员效益分红的70%，含持股分红8156.52元'],
      ['　　　　按人口', '696.00', '成员效益分红的30%（3618.00），每人58元，零头2922.00元归村集体'],
      ['　　　　其中：农户', '981.48', '3户'],
      ['　　　　其中：村集体持股', '8156.52', '100.0000股'],
      ['十、应分合计', '7581.48', '务工工资4050.00 + 土地租金1500.00 + 保底分红1050.00 + 效益分红981.48 + 兜底补差0.00'],
      ['十一、扣减', '5500.00', '已预支及代扣款项'],
      ['十二、实发合计', '2081.48', '应分合计 − 扣减；含1户负数（欠款）-2693.22'],
    ]);
    // Top to bottom, in fen: S = I − E + retained − loss − W − R − G; G = households + holder;
    // S = fixed parts + rest; rest = shares parts + M; M = bases paid + remainder;
    // bases paid = households' performance + the holder's.
    const fen = (item: string) => {
      const r = rows.find((x) => x[0].replace(/^\S+、/, '').trim() === item);
      if (!r) throw new Error(item);
      return BigInt(r[1].replace('.', ''));
    };
    expect(fen('收入') - fen('支出') + fen('上年结余') - fen('弥补上年亏损') - fen('务工工资') - fen('土地租金') - fen('保底分红')).toBe(fen('可分配盈余'));
    expect(fen('农户') + fen('村集体持股')).toBe(fen('保底分红'));
    expect(fen('村集体') + fen('管理费') + fen('定额提取后余额')).toBe(fen('盈余分配'));
    expect(fen('公积金') + fen('公益金') + fen('企业') + fen('成员效益分红')).toBe(fen('定额提取后余额'));
    expect(fen('按股数') + fen('按人口') + 292200n).toBe(fen('成员效益分红'));
    expect(fen('其中：农户') + fen('其中：村集体持股')).toBe(fen('按股数') + fen('按人口'));
  });

  it('says it in English with --lang en', () => {
    const rows = body(villageRules(), villageDataset(), villageDistribution(), 'en');
    const line = (item: string) => rows.find((r) => r[0].replace(/^\d+\. /, '').trim() === item);
    expect(line('Retained from last year')).toEqual(['3. Retained from last year', '12000.00', "last year's undistributed surplus, added to this year's"]);
    expect(line("Last year's loss made good")?.[1]).toBe('5000.00');
    expect(line('per person')).toEqual(['    per person', '696.00', "30% of the members' pool (3618.00); 58 per person; remainder 2922.00 to 村集体"]);
    expect(line('村集体')?.[2]).toBe("fixed 20000.00; plus 2922.00 remainder of the members' bases, 22922.00 in all; plus 38156.52 paid on its share units");
    expect(line('管理费')?.[2]).toBe('5% of income, 5250.00');
    expect(line('村集体 (shares)')).toEqual(['  村集体 (shares)', '30000.00', '100.0000 units']);
    expect(line('of which: 村集体 (shares)')?.[1]).toBe('8156.52');
  });

  it('in a loss year with an opening balance, shows the loss carried forward', () => {
    const { rules, dataset, dist } = makeDeficit();
    rules.opening = { retainedFen: 0n, lossFen: 100000n };
    // S = 30000 − 35000 + 0 − 1000 − 0 − 0 − 1050 = −7050.00
    const d: Distribution = { ...dist, openingFen: -100000n, surplusFen: -705000n, deficitFen: 705000n };
    const rows = body(rules, dataset, d);
    const i = rows.findIndex((r) => r[0] === '八、本年亏损');
    expect(rows[i]).toEqual(['八、本年亏损', '7050.00', '收入 − 支出 + 上年结余 − 弥补上年亏损 − 务工工资 − 土地租金 − 保底分红 = -7050.00，本年不分配']);
    expect(rows[i + 1]).toEqual(['　　亏损结转下年', '7050.00', '下年度分配方案 opening.loss 填此数']);
    expect(rows.slice(4, 6)).toEqual([
      ['三、上年结余', '0.00', '上年结余未分配收益，转入本年分配'],
      ['四、弥补上年亏损', '1000.00', '上年亏损待弥补，从本年收益中扣除'],
    ]);
  });

  it('notes a rated basis that paid more than its part, and the entry that gave the difference', () => {
    // Hypothetical: the persons basis pays 1.00 more than its part; 村集体 gives it (its part 20000.00 − 1.00).
    const dist = villageDistribution();
    dist.allocations[0] = { ...dist.allocations[0], amountFen: 1999900n, retainedFen: 1999900n, membersRemainderFen: -100n };
    dist.bases[1] = { ...dist.bases[1], rated: { ...dist.bases[1].rated!, remainderFen: -100n } };
    const rows = body(villageRules(), villageDataset(), dist);
    expect(rows.find((r) => r[0].trim() === '村集体')).toEqual(['　　村集体', '20000.00', '定额20000.00，补足成员分红1.00元，余19999.00元，另有持股分红38156.52元']);
    expect(rows.find((r) => r[0].trim() === '按人口')?.[2]).toBe('成员效益分红的30%（3618.00），每人58元，超出1.00元由村集体补足');
    const en = body(villageRules(), villageDataset(), dist, 'en');
    expect(en.find((r) => r[0].trim() === 'per person')?.[2]).toBe("30% of the members' pool (3618.00); 58 per person; 1.00 over the part, taken from 村集体");
  });

  it('shows what an entry keeps after floors, remainders included', () => {
    // Hypothetical: 100.00 of floor top-up paid to H3 out of 村集体 (20000.00 + 2922.00 remainder).
    const rules = villageRules();
    rules.floors = [{ category: '脱贫户', minTotalFen: 90678n, fundedBy: '村集体', pos: { line: 1, column: 1 } }];
    const dist = villageDistribution();
    dist.allocations[0] = { ...dist.allocations[0], floorTopupsFen: 10000n, retainedFen: 2282200n };
    dist.floors = [{ category: '脱贫户', minTotalFen: 90678n, fundedBy: '村集体', households: 2, shortfallFen: 10000n, paidFen: 10000n, short: false }];
    dist.floorTopupFen = 10000n;
    dist.cols = { ...dist.cols, topupFen: BigInt64Array.from([0n, 0n, 10000n]), floorTopupFen: [BigInt64Array.from([0n, 0n, 10000n])] };
    const rows = body(rules, villageDataset(), dist);
    expect(rows.find((r) => r[0].trim() === '村集体留存')).toEqual(['　　村集体留存', '22822.00', '20000.00 + 成员分红零头2922.00 − 兜底补差100.00']);
  });

  it('notes that a rated basis paid nothing when there is no surplus', () => {
    const { rules, dataset, dist } = makeDeficit();
    rules.members[1] = { ...rules.members[1], basis: 'persons', rate: villageRules().members[1].rate, remainderTo: '村集体' };
    const d: Distribution = {
      ...dist,
      bases: dist.bases.map((b, i) => (i === 1 ? { ...b, basis: 'persons', partFen: 0n, amountFen: 0n, rated: { rate: rules.members[1].rate!, remainderTo: '村集体', remainderFen: 0n, declared: true } } : b)),
    };
    const row = body(rules, dataset, d).find((r) => r[0].trim() === '按人口');
    expect(row).toEqual(['　　　　按人口', '0.00', '成员效益分红的30%（0.00），每人58元，本年未发放']);
  });

  it('shows a 农民专业合作社’s 60 % check, the §9.9 bases under one members line and a category factor', () => {
    const rows = body(cooperativeRules(), cooperativeDataset(), cooperativeDistribution());
    expect(rows).toEqual([
      ['一、收入', '10000.00', '1笔'],
      ['　　粮食销售', '10000.00', '1笔'],
      ['二、支出', '0.00', '0笔'],
      ['三、务工工资', '0.00', '0.00工日，0户'],
      ['四、土地租金', '0.00', '0户'],
      ['五、保底分红', '0.00', '0户'],
      ['六、可分配盈余', '10000.00', '收入 − 支出 − 务工工资 − 土地租金 − 保底分红'],
      ['七、盈余分配', '10000.00', ''],
      ['　　公积金', '1000.00', '10%'],
      ['　　成员效益分红', '9000.00', '90%'],
      ['　　　　按交易额', '6300.00', '63%'],
      ['　　　　按户', '2700.00', '27%，类别系数：脱贫户×2、一般户×1'],
      ['八、按交易返还', '6300.00', '按交易返还占可分配盈余70.00%，法定不低于60%（农民专业合作社法第四十四条）'],
      ['　　可分配盈余（合作社法）', '9000.00', '可分配盈余10000.00 − 公积金1000.00'],
      ['九、应分合计', '9000.00', '务工工资0.00 + 土地租金0.00 + 保底分红0.00 + 效益分红9000.00 + 兜底补差0.00'],
      ['十、扣减', '0.00', '已预支及代扣款项'],
      ['十一、实发合计', '9000.00', '应分合计 − 扣减'],
    ]);
    const en = body(cooperativeRules(), cooperativeDataset(), cooperativeDistribution(), 'en');
    expect(en.find((r) => r[0].endsWith('Returns by transactions'))?.[2]).toBe(
      "70.00% of the distributable surplus; the law asks at least 60% (Farmers' Professional Cooperatives Law, art. 44)",
    );
  });

  it('says so when a cooperative has no distributable surplus to check', () => {
    const d: Distribution = { ...cooperativeDistribution(), coopLaw: { distributableFen: 0n, transactionsFen: 0n, percent100: 0n } };
    d.allocations = [{ ...d.allocations[0], amountFen: 0n, retainedFen: 0n }];
    d.surplusFen = 0n;
    const lines: WaterfallLine[] = buildWaterfall(cooperativeRules(), cooperativeDataset(), d, 'zh').lines;
    const i = lines.findIndex((l) => l.label === '按交易返还');
    expect(lines[i].note).toBe('无可分配盈余，不作检查');
    expect(lines[i + 1].note).toBe('可分配盈余0.00 − 公积金0.00');
  });

  it('refuses a cooperative-law figure that is not the surplus less the reserves (a bug)', () => {
    const d: Distribution = { ...cooperativeDistribution(), coopLaw: { distributableFen: 1000000n, transactionsFen: 630000n, percent100: 6300n } };
    expect(() => buildWaterfall(cooperativeRules(), cooperativeDataset(), d, 'zh')).toThrow(/distributable/);
  });
});
