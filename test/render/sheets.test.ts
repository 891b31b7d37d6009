import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderRunOutputs } from '../../src/render/runOutputs.js';
import { payoutsRows } from '../../src/render/payoutsSheet.js';
import { buildSummary, summaryText } from '../../src/render/summaryJson.js';
import { waterfallRows } from '../../src/render/waterfallSheet.js';
import type { Cell, Row } from '../../src/render/csvWrite.js';
import { makeDataset, makeDeficit, makeDistribution, makeRules } from './fixture.js';

const text = (c: Cell) => (typeof c === 'string' ? c : c.num);
const plain = (rows: Row[]) => rows.map((r) => r.map(text));
const pkgVersion = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

describe('payouts.csv', () => {
  it('has the SPEC columns with Chinese labels and one row per household in file order', () => {
    const rows = plain(payoutsRows(makeRules(), makeDataset(), makeDistribution(), 'zh'));
    expect(rows[0]).toEqual([
      '户号', '户主', '村组', '类别', '工日', '务工工资', '土地租金', '股数', '保底分红', '效益分红', '兜底补差', '应分合计', '扣减', '实发金额', '实发金额大写', '银行账号',
    ]);
    expect(rows).toHaveLength(4); // no total row
    expect(rows[1]).toEqual([
      'H1', '张三', '一组', '脱贫户', '30.00', '3000.00', '1000.00', '1.0000', '300.00', '9863.11', '0.00', '14163.11', '2000.00', '12163.11', '壹万贰仟壹佰陆拾叁元壹角壹分', '6228480012345678',
    ]);
    expect(rows[2].slice(0, 5)).toEqual(['H2', '=SUM(A1)', '二组, 上寨', '一般户', '10.50']);
    expect(rows[3].slice(7)).toEqual(['0.5000', '150.00', '2336.00', '14.00', '3000.00', '3500.00', '-500.00', '负伍佰元整', '']);
  });

  it('uses the English column names with --lang en', () => {
    const rows = plain(payoutsRows(makeRules(), makeDataset(), makeDistribution(), 'en'));
    expect(rows[0]).toEqual([
      'household_id', 'name', 'village', 'category', 'labor_days', 'wages', 'land_rent', 'share_units', 'guaranteed_dividend', 'performance_dividend', 'floor_topup', 'total', 'deductions', 'net_payable', 'net_payable_words', 'bank_account',
    ]);
  });

  it('is written with a BOM, guards the formula-like name and leaves the negative net alone', () => {
    const [payouts] = renderRunOutputs(makeRules(), makeDataset(), makeDistribution(), [], { lang: 'en', encoding: 'utf8' });
    expect(payouts.name).toBe('payouts.csv');
    expect([...payouts.data.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const recs = parse(payouts.data.subarray(3).toString('utf8'), { columns: true }) as Record<string, string>[];
    expect(recs.map((r) => r.household_id)).toEqual(['H1', 'H2', 'H3']);
    expect(recs[1].name).toBe("'=SUM(A1)");
    expect(recs[1].village).toBe('二组, 上寨');
    expect(recs[2].net_payable).toBe('-500.00');
    expect(payouts.data.toString('utf8')).toContain(',-500.00,负伍佰元整,\r\n');
  });

  it('can be written in GB18030 and decodes back to the same rows', () => {
    const files = renderRunOutputs(makeRules(), makeDataset(), makeDistribution(), [], { lang: 'zh', encoding: 'gb18030' });
    const payouts = files.find((f) => f.name === 'payouts.csv')!;
    expect(payouts.data[0]).not.toBe(0xef);
    const rows = parse(iconv.decode(payouts.data, 'gb18030')) as string[][];
    expect(rows[0][0]).toBe('户号');
    expect(rows[3][14]).toBe('负伍佰元整');
    const summary = files.find((f) => f.name === 'summary.json')!;
    expect(JSON.parse(summary.data.toString('utf8')).name).toBe('测试村食用菌基地 2025年度收益分配');
  });
});

describe('summary.json', () => {
  it('has exactly the SPEC keys in order, money as 2-decimal strings', () => {
    const warnings = [{ code: 'W_NEGATIVE_NET' as const, message: 'H3 owes 500.00', file: 'x', line: 0 }];
    const s = buildSummary(makeRules(), makeDataset(), makeDistribution(), warnings);
    expect(Object.keys(s)).toEqual([
      'name', 'year', 'households', 'income', 'expenses', 'wages', 'land_rent', 'guaranteed_dividend', 'surplus', 'deficit', 'guaranteed_scaled',
      'allocations', 'members_pool', 'bases', 'performance_dividend', 'floor_topup', 'total', 'deductions', 'net_payable', 'warnings', 'inputs',
      'rules_sha256', 'tool_version', 'checks',
    ]);
    expect(s).toEqual({
      name: '测试村食用菌基地 2025年度收益分配',
      year: 2025,
      households: 3,
      income: '105000.00',
      expenses: '20000.00',
      wages: '4050.00',
      land_rent: '1500.00',
      guaranteed_dividend: '1050.00',
      surplus: '78400.00',
      deficit: '0.00',
      guaranteed_scaled: false,
      allocations: [
        { to: '村集体', amount: '20000.00', floor_topups: '0.00', retained: '20000.00' },
        { to: '公积金', amount: '5840.00', floor_topups: '0.00', retained: '5840.00' },
        { to: '公益金', amount: '2920.00', floor_topups: '14.00', retained: '2906.00' },
        { to: '企业', amount: '26280.00', floor_topups: '0.00', retained: '26280.00' },
      ],
      members_pool: '23360.00',
      bases: [
        { basis: 'share_units', amount: '16352.00' },
        { basis: 'labor_days', amount: '7008.00' },
      ],
      performance_dividend: '23360.00',
      floor_topup: '14.00',
      total: '29974.00',
      deductions: '5500.00',
      net_payable: '24474.00',
      warnings: [{ code: 'W_NEGATIVE_NET', message: 'H3 owes 500.00' }],
      inputs: [
        { file: 'households.csv', sha256: 'a'.repeat(64), rows: 3 },
        { file: 'revenue.csv', sha256: 'b'.repeat(64), rows: 4 },
      ],
      rules_sha256: 'r'.repeat(64),
      tool_version: pkgVersion,
      checks: [],
    });
    expect(Object.keys(s.allocations[0])).toEqual(['to', 'amount', 'floor_topups', 'retained']);
  });

  it('keeps a negative surplus and reports the deficit', () => {
    const { rules, dataset, dist } = makeDeficit();
    const s = buildSummary(rules, dataset, dist, []);
    expect(s.surplus).toBe('-6050.00');
    expect(s.deficit).toBe('6050.00');
  });

  it('is written with a 2-space indent and a final newline, UTF-8 without BOM', () => {
    const files = renderRunOutputs(makeRules(), makeDataset(), makeDistribution(), [], { lang: 'zh', encoding: 'utf8' });
    const data = files.find((f) => f.name === 'summary.json')!.data;
    expect(data[0]).toBe('{'.charCodeAt(0));
    const t = data.toString('utf8');
    expect(t.endsWith('}\n')).toBe(true);
    expect(t.split('\n')[1]).toBe('  "name": "测试村食用菌基地 2025年度收益分配",');
    expect(t).toBe(summaryText(buildSummary(makeRules(), makeDataset(), makeDistribution(), [])));
  });
});

describe('waterfall.csv', () => {
  const amountOf = (rows: string[][], item: string) => {
    const r = rows.find((x) => x[0].trim() === item || x[0].replace(/^\S+、/, '') === item);
    if (!r) throw new Error(`no line ${item} in\n${rows.map((x) => x.join(' | ')).join('\n')}`);
    return r[1];
  };

  it('shows every figure of the distribution from income down to the net payable', () => {
    const rows = plain(waterfallRows(makeRules(), makeDataset(), makeDistribution(), 'zh'));
    expect(rows[0]).toEqual(['项目', '金额', '说明']);
    expect(rows[1][0]).toBe('测试村食用菌基地 2025年度收益分配');
    const expected: [string, string][] = [
      ['收入', '105000.00'],
      ['销售', '100000.00'],
      ['（未分类）', '5000.00'],
      ['支出', '20000.00'],
      ['菌种', '20000.00'],
      ['务工工资', '4050.00'],
      ['土地租金', '1500.00'],
      ['保底分红', '1050.00'],
      ['可分配盈余', '78400.00'],
      ['盈余分配', '78400.00'],
      ['村集体', '20000.00'],
      ['定额提取后余额', '58400.00'],
      ['公积金', '5840.00'],
      ['公益金', '2920.00'],
      ['企业', '26280.00'],
      ['成员效益分红', '23360.00'],
      ['按股数', '16352.00'],
      ['按工日', '7008.00'],
      ['兜底补差', '14.00'],
      ['脱贫户最低3000.00', '14.00'],
      ['公益金留存', '2906.00'],
      ['应分合计', '29974.00'],
      ['扣减', '5500.00'],
      ['实发合计', '24474.00'],
    ];
    for (const [item, amount] of expected) expect([item, amountOf(rows, item)]).toEqual([item, amount]);
    // top to bottom, in that order
    const order = expected.map(([item]) => rows.findIndex((x) => x[0].trim() === item || x[0].replace(/^\S+、/, '') === item));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    const note = (item: string) => rows.find((x) => x[0].trim() === item)![2];
    expect(note('公积金')).toBe('10%');
    expect(note('成员效益分红')).toBe('40%');
    expect(note('按股数')).toBe('成员效益分红的70%');
    expect(note('脱贫户最低3000.00')).toBe('脱贫户2户，补差1户，由公益金列支');
    expect(rows.find((x) => x[0].endsWith('实发合计'))![2]).toContain('含1户负数（欠款）-500.00');
  });

  it('uses English labels with --lang en', () => {
    const rows = plain(waterfallRows(makeRules(), makeDataset(), makeDistribution(), 'en'));
    expect(rows[0]).toEqual(['item', 'amount', 'note']);
    expect(rows.map((r) => r[0])).toContain('1. Income');
    expect(rows.find((r) => r[0].endsWith('Distributable surplus'))![1]).toBe('78400.00');
    expect(rows.find((r) => r[0].trim() === "Members' performance dividend")![1]).toBe('23360.00');
    expect(rows.find((r) => r[0].trim() === 'by labor days')![1]).toBe('7008.00');
    expect(rows.find((r) => r[0].endsWith('Net payable'))![1]).toBe('24474.00');
    const numbered = rows.filter((r) => /^\d+\. /.test(r[0]));
    expect(numbered.length).toBeGreaterThan(10);
    for (const r of numbered) expect(r.join(' ')).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it('shows a loss year as a deficit with nothing distributed', () => {
    const { rules, dataset, dist } = makeDeficit();
    const rows = plain(waterfallRows(rules, dataset, dist, 'zh'));
    expect(amountOf(rows, '本年亏损')).toBe('6050.00');
    expect(rows.some((r) => r[0].endsWith('可分配盈余'))).toBe(false);
    expect(amountOf(rows, '盈余分配')).toBe('0.00');
    expect(amountOf(rows, '企业')).toBe('0.00');
    expect(rows.find((r) => r[0].trim() === '脱贫户最低3000.00')![2]).toContain('公益金不足');
  });

  it('shows the guaranteed dividend due and paid when it was scaled down', () => {
    const rules = makeRules();
    const dataset = makeDataset();
    const dist = { ...makeDistribution(), guaranteedScaled: true, guaranteedDueFen: 200000n };
    const rows = plain(waterfallRows(rules, dataset, dist, 'zh'));
    expect(amountOf(rows, '保底分红')).toBe('1050.00');
    expect(amountOf(rows, '应付保底分红')).toBe('2000.00');
    expect(amountOf(rows, '未付保底分红')).toBe('950.00');
  });

  it('refuses revenue lines that do not add up to the distribution (a bug, not the user)', () => {
    const dataset = makeDataset();
    dataset.revenue.pop();
    expect(() => waterfallRows(makeRules(), dataset, makeDistribution(), 'zh')).toThrow(/income lines add up to 65000.00/);
  });
});

describe('renderRunOutputs', () => {
  it('gives payouts.csv, summary.json and waterfall.csv, byte-identical for identical inputs', () => {
    const render = () => renderRunOutputs(makeRules(), makeDataset(), makeDistribution(), [{ code: 'W_DEFICIT', message: 'm' }], { lang: 'zh', encoding: 'utf8' });
    const a = render();
    const b = render();
    expect(a.map((f) => f.name)).toEqual(['payouts.csv', 'summary.json', 'waterfall.csv']);
    a.forEach((f, i) => expect(f.data.equals(b[i].data)).toBe(true));
    for (const f of a) expect(f.data.toString('utf8')).not.toContain(process.cwd());
  });
});
