/** SPEC §9.5 input: transactions.csv (交易), folded into Σ fen and Σ quantity per product per household. */
import { PLAIN_BASIS } from '../helpers/plainRules.js';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { INIT_FILES } from '../../src/cli/commands/init.js';
import { FILE_SPECS, headerLookup, normalizeHeader } from '../../src/io/columns.js';
import { parseExact, type Exact } from '../../src/money/exact.js';
import type { MemberBasis, Rules } from '../../src/rules/types.js';
import { cleanupRuns, readWith, testRules } from './runDir.js';

afterAll(cleanupRuns);

const x = (s: string): Exact => parseExact(s) as Exact;

function withBases(...bases: (Partial<Omit<MemberBasis, 'basis'>> & { basis: string })[]): Rules {
  const r = testRules();
  r.members = bases.map((b) => ({ percent: x('50'), classes: null, ...PLAIN_BASIS, pos: { line: 30, column: 5 }, ...b }) as MemberBasis);
  return r;
}

const byQuantity = (weights?: Record<string, string>) =>
  withBases(
    { basis: 'per_household' },
    { basis: 'transactions', by: 'quantity', productWeights: weights ? new Map(Object.entries(weights).map(([k, v]) => [k, x(v)])) : null },
  );

const arr = (a: Float64Array | null | undefined) => (a ? [...a] : a);
const quantities = (m: Map<string, Float64Array>) => Object.fromEntries([...m].map(([k, v]) => [k, [...v]]));

const TX = [
  '户号,日期,产品,数量,金额,备注',
  'H1,2025-03-01,红薯,1200.5,"1,800.75",',
  'H1,2025/6/1,红薯,100,150元,',
  '',
  'H2,2025年9月1日,土豆,３００,￥４５０．００,',
  'H2,,,,20,代购化肥',
  'H3,2025-12-31,红薯,0.0001,0,',
].join('\r\n');

describe('transactions.csv (交易, SPEC §9.5)', () => {
  it('is null when absent; zeros for a header-only file (init writes one)', async () => {
    const none = await readWith({});
    expect(none.ds.transactionsFen).toBeNull();
    expect(none.ds.transactionQuantity.size).toBe(0);
    expect(INIT_FILES['transactions.csv']).toBe('\uFEFF户号,日期,产品,数量,金额,备注\r\n');
    const r = await readWith({ 'transactions.csv': INIT_FILES['transactions.csv'] });
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(arr(r.ds.transactionsFen)).toEqual([0, 0, 0]);
    expect(r.ds.inputs.at(-1)).toMatchObject({ file: 'transactions.csv', rows: 0 });
  });

  it('adds up amounts in fen and quantities ×10^4 per product, per household; rows without quantity add only money', async () => {
    const r = await readWith({ 'transactions.csv': TX });
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(arr(r.ds.transactionsFen)).toEqual([195075, 47000, 0]);
    expect(quantities(r.ds.transactionQuantity)).toEqual({ 红薯: [13005000, 0, 1], 土豆: [0, 3000000, 0] });
    expect(r.ds.inputs.at(-1)).toMatchObject({ file: 'transactions.csv', rows: 5, encoding: 'utf8' });
  });

  it('matches the aliases 交易额, 交易量, 品种 and the English names; a row with a quantity but no product sums under ""', async () => {
    const r = await readWith({ 'transactions.csv': '交易量,品种,交易额,户号\n5,,10,H1\n2.5,茶,1.5,H2\n' });
    expect(r.errors).toEqual([]);
    expect(arr(r.ds.transactionsFen)).toEqual([1000, 150, 0]);
    expect(quantities(r.ds.transactionQuantity)).toEqual({ '': [50000, 0, 0], 茶: [0, 25000, 0] });
    const en = await readWith({ 'transactions.csv': 'household_id,amount,quantity,product,date,note\nH3,7,1,x,2025-01-01,y\n' });
    expect(en.errors).toEqual([]);
    expect(arr(en.ds.transactionsFen)).toEqual([0, 0, 700]);
  });

  it('reads a GBK file and transactions.xlsx like the UTF-8 CSV', async () => {
    const utf8 = await readWith({ 'transactions.csv': TX });
    const gbk = await readWith({ 'transactions.csv': iconv.encode(TX, 'gb18030') });
    expect(gbk.errors).toEqual([]);
    expect(arr(gbk.ds.transactionsFen)).toEqual(arr(utf8.ds.transactionsFen));
    expect(quantities(gbk.ds.transactionQuantity)).toEqual(quantities(utf8.ds.transactionQuantity));
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('交易');
    ws.getColumn(2).numFmt = 'yyyy-mm-dd';
    ws.addRow(['户号', '日期', '产品', '数量', '金额', '备注']);
    ws.addRow(['H1', new Date('2025-03-01T00:00:00Z'), '红薯', 1200.5, 1800.75]);
    ws.addRow(['H1', '2025/6/1', '红薯', 100, '150元']);
    ws.addRow(['H2', '2025年9月1日', '土豆', 300, 450]);
    ws.addRow(['H2', null, null, null, 20, '代购化肥']);
    ws.addRow(['H3', new Date('2025-12-31T00:00:00Z'), '红薯', 0.0001, 0]);
    const xl = await readWith({ 'transactions.xlsx': Buffer.from(await wb.xlsx.writeBuffer()) });
    expect(xl.errors).toEqual([]);
    expect(arr(xl.ds.transactionsFen)).toEqual(arr(utf8.ds.transactionsFen));
    expect(quantities(xl.ds.transactionQuantity)).toEqual(quantities(utf8.ds.transactionQuantity));
  });

  it('reports every problem at its cell: household, amount, quantity, date', async () => {
    const r = await readWith({
      'transactions.csv': [
        'household_id,amount,quantity,date',
        'H9,1,,',
        'H1,,,',
        'H1,1.234,,',
        'H1,-5,,',
        'H1,1,0,',
        'H1,1,1.23456,',
        'H1,1,¥3,',
        'H1,1,3元,',
        'H1,1,,2024-12-31',
        'H1,1,,2025-02-29',
        'H1,10000000000000,,',
      ].join('\n'),
    });
    expect(r.codes).toEqual([
      'transactions.csv:2:1 E_UNKNOWN_HOUSEHOLD',
      'transactions.csv:3:2 E_BAD_NUMBER',
      'transactions.csv:4:2 E_BAD_NUMBER',
      'transactions.csv:5:2 E_BAD_NUMBER',
      'transactions.csv:6:3 E_BAD_VALUE',
      'transactions.csv:7:3 E_BAD_NUMBER',
      'transactions.csv:8:3 E_BAD_NUMBER',
      'transactions.csv:9:3 E_BAD_NUMBER',
      'transactions.csv:10:4 E_BAD_DATE',
      'transactions.csv:11:4 E_BAD_DATE',
      'transactions.csv:12:2 E_TOO_LARGE',
    ]);
    const msg = (line: number) => r.errors.find((e) => e.line === line)!.message;
    expect(msg(3)).toBe('金额不能为空 (amount is required)');
    expect(msg(4)).toBe('金额最多 2 位小数 (amount: at most 2 decimals): "1.234"');
    expect(msg(6)).toBe('数量必须大于 0 (quantity must be > 0): "0"');
    expect(msg(7)).toBe('数量最多 4 位小数 (quantity: at most 4 decimals): "1.23456"');
    expect(msg(10)).toBe('日期不在 2025 年度内 (date outside the year 2025): "2024-12-31"');
    expect(arr(r.ds.transactionsFen)).toEqual([0, 0, 0]);
  });

  it('reports a per-household sum beyond the exact range as E_TOO_LARGE', async () => {
    const rows = Array.from({ length: 100 }, () => 'H2,999999999999.99').join('\n');
    const r = await readWith({ 'transactions.csv': `户号,金额\n${rows}\n` });
    expect(r.codes).toEqual(['transactions.csv:0:0 E_TOO_LARGE']);
    expect(r.errors[0].message).toContain('"H2"');
  });

  it('needs no quantity and no known product when no basis is by quantity', async () => {
    const r = await readWith({ 'transactions.csv': '户号,金额,产品\nH1,5,不在任何表里\n' }, withBases({ basis: 'transactions' }));
    expect(r.errors).toEqual([]);
    expect(arr(r.ds.transactionsFen)).toEqual([500, 0, 0]);
  });

  it('keeps the household’s rows for explain, and streams: totals per household, not rows', async () => {
    const rows = Array.from({ length: 50_000 }, (_, i) => `H${(i % 3) + 1},1.01,${i % 2 ? '2' : ''},${i % 5 ? '红薯' : '土豆'}`).join('\n');
    const r = await readWith({ 'transactions.csv': `户号,金额,数量,产品\n${rows}\n` }, testRules(), { detailFor: 'H3' });
    expect(r.errors).toEqual([]);
    expect(r.ds.transactionsFen!.length).toBe(3);
    expect(r.ds.transactionsFen!.reduce((a, b) => a + b, 0)).toBe(50_000 * 101);
    expect([...r.ds.transactionQuantity.keys()]).toEqual(['红薯', '土豆']);
    const detail = r.ds.detail.filter((d) => d.file === 'transactions.csv');
    expect(detail).toHaveLength(16_666);
    expect(detail[0]).toEqual({ file: 'transactions.csv', line: 4, fields: { household_id: 'H3', amount: '1.01', quantity: '', product: '红薯' } });
  });

  it('is what init writes, may be called 交易, and a file called 交易记录 is pointed to', async () => {
    const spec = FILE_SPECS.find((s) => s.kind === 'transactions')!;
    const lookup = headerLookup(spec);
    expect(spec.template!.map((c) => lookup.get(normalizeHeader(c))!.name)).toEqual(['household_id', 'date', 'product', 'quantity', 'amount', 'note']);
    const zh = await readWith({ '交易.csv': '户号,金额\nH1,12.5\n' });
    expect(zh.errors).toEqual([]);
    expect(zh.ds.transactionsFen![0]).toBe(1250);
    const r = await readWith({ '交易记录.csv': 'x\n' });
    expect(r.warnings.map((w) => `${path.basename(w.file)} ${w.code}`)).toEqual(['交易记录.csv W_UNKNOWN_FILE']);
    expect(r.warnings[0].message).toContain('请改名为 transactions.csv');
  });
});

describe('a transactions basis by quantity', () => {
  it('makes a row without quantity E_BAD_NUMBER, at the quantity cell', async () => {
    const r = await readWith({ 'transactions.csv': '户号,金额,数量\nH1,10,\nH2,10,3\nH3,10, \n' }, byQuantity());
    expect(r.codes).toEqual(['transactions.csv:2:3 E_BAD_NUMBER', 'transactions.csv:4:3 E_BAD_NUMBER']);
    expect(r.errors[0].message).toBe(
      '数量不能为空：规则中的 transactions 基数按数量 (by: quantity) 返还，请填写交易数量 (quantity is required: a transactions basis is by quantity)',
    );
  });

  it('needs the quantity column: one E_MISSING_COLUMN at the header, not one per row', async () => {
    const r = await readWith({ 'transactions.csv': '户号,金额\nH1,10\nH2,10\n' }, byQuantity());
    expect(r.codes).toEqual(['transactions.csv:1:0 E_MISSING_COLUMN']);
    expect(r.errors[0].message).toBe(
      'transactions.csv 没有 quantity（数量）列，但规则中的 transactions 基数按数量 (by: quantity) 返还：请加上 数量 列 (no quantity column, but a transactions basis is by quantity)',
    );
    // header only: nothing to compute, nothing to report
    expect((await readWith({ 'transactions.csv': '户号,金额\n' }, byQuantity())).codes).toEqual([]);
  });

  it('accepts any product without product_weights (weight 1 each)', async () => {
    const r = await readWith({ 'transactions.csv': '户号,金额,数量,产品\nH1,10,1,a\nH2,10,2,\n' }, byQuantity());
    expect(r.errors).toEqual([]);
    expect(quantities(r.ds.transactionQuantity)).toEqual({ a: [10000, 0, 0], '': [0, 20000, 0] });
  });

  it('with product_weights, reports a product not listed (empty included) as E_UNKNOWN_PRODUCT, with did you mean', async () => {
    const r = await readWith(
      { 'transactions.csv': '户号,金额,数量,产品\nH1,10,1,红薯\nH1,10,1, 红薯 \nH2,10,2,红暑\nH2,10,2,红暑\nH3,1,1,\nH3,1,1,大米\nH3,1,1,红薯\n' },
      byQuantity({ 红薯: '1', 马铃薯: '0.8' }),
    );
    expect(r.codes).toEqual([
      'transactions.csv:4:4 E_UNKNOWN_PRODUCT',
      'transactions.csv:5:4 E_UNKNOWN_PRODUCT',
      'transactions.csv:6:4 E_UNKNOWN_PRODUCT',
      'transactions.csv:7:4 E_UNKNOWN_PRODUCT',
    ]);
    expect(r.errors.map((e) => e.message)).toEqual([
      '产品 "红暑" 在规则 product_weights 中没有折算系数，是否应为 "红薯"? (product not in product_weights; did you mean "红薯"?)',
      '产品 "红暑" 在规则 product_weights 中没有折算系数，是否应为 "红薯"? (product not in product_weights; did you mean "红薯"?)',
      '产品为空，但规则的 product_weights 按产品折算交易量，请填写产品，可选："红薯"、"马铃薯" (product is empty but product_weights is given; products: "红薯"、"马铃薯")',
      '产品 "大米" 在规则 product_weights 中没有折算系数，可选："红薯"、"马铃薯" (product not in product_weights; products: "红薯"、"马铃薯")',
    ]);
    expect(quantities(r.ds.transactionQuantity)).toEqual({ 红薯: [20000, 0, 10000] });
  });

  it('checks a product against every by-quantity basis that lists product_weights', async () => {
    const rules = withBases(
      { basis: 'transactions', by: 'quantity', productWeights: new Map([['红薯', x('1')], ['马铃薯', x('2')]]) },
      { basis: 'transactions', by: 'quantity', productWeights: new Map([['红薯', x('1')]]) },
    );
    const r = await readWith({ 'transactions.csv': '户号,金额,数量,产品\nH1,1,1,红薯\nH1,1,1,马铃薯\n' }, rules);
    expect(r.codes).toEqual(['transactions.csv:3:4 E_UNKNOWN_PRODUCT']);
    expect(r.errors[0].message).toContain('可选："红薯" (');
  });

  it('needs the product column with product_weights: one E_MISSING_COLUMN at the header', async () => {
    const r = await readWith({ 'transactions.csv': '户号,金额,数量\nH1,10,1\nH2,10,1\n' }, byQuantity({ 红薯: '1' }));
    expect(r.codes).toEqual(['transactions.csv:1:0 E_MISSING_COLUMN']);
    expect(r.errors[0].message).toContain('没有 product（产品）列');
  });

  it('is not checked without rules (rules.yaml reported): the file is still read for its own problems', async () => {
    const r = await readWith({ 'transactions.csv': '户号,金额,数量,产品\nH1,10,,x\nH1,x,,\n' }, null);
    expect(r.codes).toEqual(['transactions.csv:3:2 E_BAD_NUMBER']);
  });
});
