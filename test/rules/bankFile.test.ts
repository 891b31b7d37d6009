/**
 * `bank_file` beyond bank.csv's layout: format (csv | xlsx), summary_rows, labels, payer, note,
 * amount, sheet_name and the presets (nongxin, abc, psbc). Every key strictly checked, as
 * E_BAD_RULES at its line and column; a preset's keys are overridden by the keys written beside it.
 */
import { describe, expect, test } from 'vitest';
import { bankFileOptions } from '../../src/render/options.js';
import { BANK_PRESET_NAMES, BANK_PRESETS } from '../../src/rules/types.js';
import { BASE, load, loadMany, where } from './helpers.js';

function expectOne(text: string, needle: string, part: string, nth = 0): void {
  const { rules, errors } = load(text);
  expect(rules).toBeNull();
  expect(errors.map((e) => `${e.code} ${e.message}`)).toHaveLength(1);
  const e = errors[0];
  expect(e.code).toBe('E_BAD_RULES');
  expect(e.file).toBe('run/rules.yaml');
  expect({ line: e.line, column: e.column }).toEqual(where(text, needle, nth));
  expect(e.message).toContain(part);
  expect(e.message).not.toContain('\n');
}

describe('bank_file keys are kept as written, typed', () => {
  test('every new key', () => {
    const text =
      BASE +
      'bank_file:\n  preset: nongxin\n  format: xlsx\n  labels: { account: 卡号, total: 总金额 }\n  summary_rows: [total, count]\n' +
      '  payer: 测试村股份经济合作社\n  note: 2025年分红\n  amount: number\n  sheet_name: 代发明细\n';
    const { rules, errors } = load(text);
    expect(errors).toEqual([]);
    expect(rules!.bankFile).toEqual({
      preset: 'nongxin',
      format: 'xlsx',
      labels: { account: '卡号', total: '总金额' },
      summary_rows: ['total', 'count'],
      payer: '测试村股份经济合作社',
      note: '2025年分红',
      amount: 'number',
      sheet_name: '代发明细',
    });
  });

  test('summary_rows: true and false, and an empty section', () => {
    expect(load(BASE + 'bank_file: { summary_rows: true }\n').rules!.bankFile).toEqual({ summary_rows: true });
    expect(load(BASE + 'bank_file: { summary_rows: false }\n').rules!.bankFile).toEqual({ summary_rows: false });
    expect(load(BASE + 'bank_file:\n').rules!.bankFile).toEqual({});
  });

  test('every preset loads alone, and from a township’s shared rules under a village’s', () => {
    for (const p of BANK_PRESET_NAMES) expect(load(BASE + `bank_file: { preset: ${p} }\n`).errors).toEqual([]);
    const { rules, errors } = loadMany([
      { file: 'town/rules.yaml', text: BASE + 'bank_file:\n  preset: nongxin\n  payer: 古城营镇\n' },
      { file: 'town/v1/rules.yaml', text: 'name: 一村\nbank_file:\n  payer: 一村股份经济合作社\n' },
    ]);
    expect(errors).toEqual([]);
    expect(rules!.bankFile).toEqual({ preset: 'nongxin', payer: '一村股份经济合作社' });
  });
});

describe('a preset sets the layout; the keys written beside it win', () => {
  const opts = (yaml: string) => bankFileOptions(load(BASE + yaml).rules!);

  test('the defaults without bank_file are bank.csv as before', () => {
    expect(opts('')).toEqual({
      format: 'csv',
      columns: ['seq', 'name', 'account', 'amount'],
      labels: {},
      delimiter: ',',
      header: true,
      summary: [],
      payer: null,
      note: null,
      amount: 'text',
      sheetName: 'Sheet1',
      encoding: 'gb18030',
      preset: null,
    });
  });

  test('nongxin', () => {
    const o = opts('bank_file: { preset: nongxin }\n');
    expect(o).toMatchObject({ format: 'xlsx', columns: ['seq', 'account', 'name', 'amount', 'note'], header: true, summary: ['payer', 'count', 'total', 'date'], amount: 'text', preset: 'nongxin' });
    expect(o.labels).toEqual(BANK_PRESETS.nongxin.labels);
  });

  test('abc and psbc', () => {
    expect(opts('bank_file: { preset: abc }\n')).toMatchObject({ format: 'xlsx', columns: ['seq', 'name', 'account', 'amount'], summary: [], amount: 'number' });
    expect(opts('bank_file: { preset: psbc }\n')).toMatchObject({
      format: 'xlsx',
      columns: ['seq', 'name', 'id_number', 'account', 'amount', 'note'],
      summary: ['count', 'total'],
      amount: 'text',
    });
  });

  test('columns, format, summary rows and single labels override the preset', () => {
    const o = opts('bank_file:\n  preset: nongxin\n  format: csv\n  columns: [seq, account, amount]\n  labels: { amount: 实发金额 }\n  summary_rows: false\n  delimiter: "|"\n');
    expect(o).toMatchObject({ format: 'csv', columns: ['seq', 'account', 'amount'], summary: [], delimiter: '|' });
    expect(o.labels).toMatchObject({ seq: '序号', account: '账号', amount: '实发金额' });
    expect(opts('bank_file: { preset: abc, amount: text, summary_rows: true }\n')).toMatchObject({ amount: 'text', summary: ['payer', 'count', 'total', 'date'] });
  });
});

describe('every bank_file key is validated strictly, at its place', () => {
  test('an unknown preset, with a did-you-mean', () => {
    expectOne(BASE + 'bank_file: { preset: nongxing }\n', 'nongxing', 'bank_file.preset: "nongxing" 无效, 可选: "nongxin", "abc", "psbc", 是否应为 nongxin?');
    expectOne(BASE + 'bank_file: { preset: ABC }\n', 'ABC', '是否应为 abc?');
    expectOne(BASE + 'bank_file: { preset: 农商行 }\n', '农商行', '是否应为 nongxin?');
    expectOne(BASE + 'bank_file: { preset: 农村信用社 }\n', '农村信用社', '是否应为 nongxin?');
    expectOne(BASE + 'bank_file: { preset: 中国农业银行 }\n', '中国农业银行', '是否应为 abc?');
    expectOne(BASE + 'bank_file: { preset: 邮储银行 }\n', '邮储银行', '是否应为 psbc?');
    expectOne(BASE + 'bank_file: { preset: icbc }\n', 'icbc', 'bank_file.preset: "icbc" 无效, 可选: "nongxin", "abc", "psbc"');
    expectOne(BASE + 'bank_file: { preset: [abc] }\n', '[abc]', 'bank_file.preset: 应为文本');
  });

  test('format', () => {
    expectOne(BASE + 'bank_file: { format: xls }\n', 'xls', 'bank_file.format: "xls" 无效, 可选: "csv", "xlsx", 是否应为 xlsx?');
    expectOne(BASE + 'bank_file: { format: true }\n', 'true', 'bank_file.format: 应为文本');
  });

  test('summary_rows', () => {
    expectOne(BASE + 'bank_file: { summary_rows: yes }\n', 'yes', 'bank_file.summary_rows: 应为 true, false 或列表 [payer, count, total, date]');
    expectOne(BASE + 'bank_file: { summary_rows: 1 }\n', '1 }', 'bank_file.summary_rows: 应为 true, false 或列表');
    expectOne(BASE + 'bank_file: { summary_rows: [] }\n', '[]', 'bank_file.summary_rows: 至少需要一行; 不要汇总行请写 false');
    expectOne(BASE + 'bank_file: { summary_rows: [count, totl] }\n', 'totl', 'bank_file.summary_rows[1]: "totl" 无效, 可选: "payer", "count", "total", "date", 是否应为 total?');
    expectOne(BASE + 'bank_file: { summary_rows: [count, count] }\n', 'count]', 'bank_file.summary_rows[1]: 行 count 重复');
    expectOne(BASE + 'bank_file: { summary_row: true }\n', 'summary_row', 'bank_file.summary_row: 未知的键, 是否应为 summary_rows?');
  });

  test('labels', () => {
    expectOne(BASE + 'bank_file: { labels: { acount: 卡号 } }\n', 'acount', 'bank_file.labels.acount: 未知的键, 是否应为 account?');
    expectOne(BASE + 'bank_file: { labels: [卡号] }\n', '[卡号]', 'bank_file.labels: 应为映射');
    expectOne(BASE + 'bank_file: { labels: { account: "" } }\n', '""', 'bank_file.labels.account: 不能为空');
    expectOne(BASE + 'bank_file: { labels: { account: true } }\n', 'true', 'bank_file.labels.account: 应为文本');
    expectOne(BASE + 'bank_file: { labels: { account: "卡\\n号" } }\n', '"卡', 'bank_file.labels.account: 不能换行');
  });

  test('payer, note, amount and sheet_name', () => {
    expectOne(BASE + 'bank_file: { payer: true }\n', 'true', 'bank_file.payer: 应为文本');
    expectOne(BASE + 'bank_file: { note: "a\\nb" }\n', '"a', 'bank_file.note: 不能换行');
    expectOne(BASE + 'bank_file: { format: xlsx, amount: numbr }\n', 'numbr', 'bank_file.amount: "numbr" 无效, 可选: "text", "number", 是否应为 number?');
    expectOne(BASE + 'bank_file: { format: xlsx, amount: 数字 }\n', '数字', 'bank_file.amount: "数字" 无效, 可选: "text", "number"');
    expectOne(BASE + 'bank_file: { format: xlsx, sheet_name: a/b }\n', 'a/b', 'bank_file.sheet_name: 不能含有 : \\ / ? * [ ]');
    expectOne(BASE + `bank_file: { format: xlsx, sheet_name: ${'表'.repeat(32)} }\n`, '表', 'bank_file.sheet_name: 最多 31 个字符');
    expectOne(BASE + "bank_file: { format: xlsx, sheet_name: \"'a\" }\n", '"\'a"', "bank_file.sheet_name: 不能以 ' 开头或结尾");
  });

  test('a key that means nothing in the chosen format is refused, at the key', () => {
    expectOne(BASE + 'bank_file: { format: xlsx, delimiter: "|" }\n', 'delimiter', 'bank_file.delimiter: 只用于 format: csv');
    expectOne(BASE + 'bank_file: { preset: nongxin, encoding: utf8 }\n', 'encoding', 'bank_file.encoding: 只用于 format: csv');
    expectOne(BASE + 'bank_file: { amount: number }\n', 'amount: number', 'bank_file.amount: 只用于 format: xlsx');
    expectOne(BASE + 'bank_file: { preset: psbc, format: csv, sheet_name: 代发 }\n', 'sheet_name', 'bank_file.sheet_name: 只用于 format: xlsx');
    expect(load(BASE + 'bank_file: { preset: nongxin, format: csv, delimiter: "|", encoding: utf8 }\n').errors).toEqual([]);
  });

  test('in bank.csv, text the rules put in the file must not hold the delimiter', () => {
    expectOne(BASE + 'bank_file: { summary_rows: true, payer: "一村,二村" }\n', '"一村', 'bank_file.payer: 含有分隔符 ","');
    expectOne(BASE + 'bank_file: { delimiter: "|", note: "a|b" }\n', '"a|b"', 'bank_file.note: 含有分隔符 "|"');
    expectOne(BASE + 'bank_file: { labels: { name: "户名,姓名" } }\n', '"户名', 'bank_file.labels.name: 含有分隔符 ","');
    expect(load(BASE + 'bank_file: { format: xlsx, payer: "一村,二村" }\n').errors).toEqual([]);
  });

  test('several mistakes are all reported', () => {
    const { errors } = load(BASE + 'bank_file: { preset: nongxing, format: xls, summary_rows: [x] }\n');
    expect(errors.map((e) => e.message.split(':')[0])).toEqual(['bank_file.preset', 'bank_file.format', 'bank_file.summary_rows[0]']);
  });
});
