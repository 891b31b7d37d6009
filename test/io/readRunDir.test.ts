import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_PROBLEMS_PER_CODE } from '../../src/io/fileContext.js';
import { readRunDir } from '../../src/io/readRunDir.js';
import { Problems } from '../../src/problems.js';
import { cleanupRuns, HOUSEHOLDS, read, readWith, REVENUE, testRules } from './runDir.js';

afterAll(cleanupRuns);

const here = path.dirname(fileURLToPath(import.meta.url));
const examples = path.resolve(here, '../../fixtures/examples');

describe('shared examples', () => {
  it('reads baizhai-2025 (GBK households.csv, Chinese headers) without problems', async () => {
    const problems = new Problems();
    const ds = await readRunDir(path.join(examples, 'baizhai-2025'), null, { encoding: 'auto' }, problems);
    expect(problems.errors).toEqual([]);
    expect(problems.warnings).toEqual([]);
    expect(ds.households).toHaveLength(15);
    expect(ds.households[0]).toMatchObject({ id: 'BZ001', name: '陈桂华', village: '白寨1组', category: '脱贫户', bankAccount: '6221580000000000001', line: 2 });
    expect(ds.inputs.map((i) => `${i.file}:${i.encoding}:${i.rows}`)).toEqual([
      'households.csv:gb18030:15',
      'revenue.csv:utf8:2',
      'land.csv:utf8:6',
      'shares.csv:utf8:11',
    ]);
    expect(ds.revenue.reduce((s, l) => s + l.amountFen, 0n)).toBe(16000000n);
    expect(ds.rentAreaMonths.get('旱地')?.[2]).toBe(42000 * 12);
    expect(ds.unitsMonths.get('fund')?.[1]).toBe(95000 * 12);
  });

  it('reads jinping-2025 (English headers, "186,420.50" amounts) without problems', async () => {
    const problems = new Problems();
    const ds = await readRunDir(path.join(examples, 'jinping-2025'), testRules(), { encoding: 'auto' }, problems);
    expect(problems.errors).toEqual([]);
    expect(problems.warnings).toEqual([]);
    expect(ds.revenue[0]).toEqual({ kind: 'income', category: '香菇销售', amountFen: 18642050n });
    expect(ds.revenue.filter((l) => l.kind === 'expense').reduce((s, l) => s + l.amountFen, 0n)).toBe(21421040n);
    expect(ds.laborDays[0]).toBe(4350);
    expect(ds.deductionsFen[6]).toBe(350000);
    const bytes = fs.readFileSync(path.join(examples, 'jinping-2025', 'labor.csv'));
    expect(ds.inputs.find((i) => i.file === 'labor.csv')?.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  });
});

describe('headers', () => {
  it('matches Chinese and English column names mixed, in any order and case', async () => {
    const r = await read({
      'households.csv': '户主, HOUSEHOLD_ID ,银行账号,类别\n张三,H1,6217 7901 1003 0079 193,脱贫户\n',
      'revenue.csv': '金额,Kind\n"¥1,234.50",收入\n',
    });
    expect(r.errors).toEqual([]);
    expect(r.ds.households[0]).toMatchObject({ id: 'H1', name: '张三', bankAccount: '6217790110030079193', category: '脱贫户' });
    expect(r.ds.revenue).toEqual([{ kind: 'income', category: '', amountFen: 123450n }]);
  });

  it('matches the full-width header 面积（亩） after NFKC', async () => {
    const r = await readWith({ 'land.csv': '户号,地类,面积（亩）,方式\nH1,水田,2.5,流转\n' });
    expect(r.errors).toEqual([]);
    expect(r.ds.rentAreaMonths.get('水田')?.[0]).toBe(25000 * 12);
  });

  it('warns about an unknown column at its header cell', async () => {
    const r = await readWith({ 'points.csv': 'household_id,points,remark\nH1,5,x\n' });
    expect(r.errors).toEqual([]);
    expect(r.warnings.map((w) => `${path.basename(w.file)}:${w.line}:${w.column} ${w.code}`)).toEqual(['points.csv:1:3 W_UNKNOWN_COLUMN']);
  });

  it('warns once about data in a column without a header name', async () => {
    const r = await readWith({ 'points.csv': 'household_id,points,\nH1,5,\nH2,6,x\nH3,7,y\n' });
    expect(r.warnings.map((w) => `${w.line}:${w.column} ${w.code}`)).toEqual(['3:3 W_UNKNOWN_COLUMN']);
  });

  it('reports E_DUPLICATE_COLUMN at the second cell naming the same column', async () => {
    const r = await readWith({ 'points.csv': 'household_id,积分,户号\nH1,5,H1\n' });
    expect(r.codes).toEqual(['points.csv:1:3 E_DUPLICATE_COLUMN']);
  });

  it('reports each missing required column at the header line, column 0', async () => {
    const r = await readWith({ 'land.csv': '\n\nhousehold_id,area_mu\nH1,2\n' });
    expect(r.codes).toEqual(['land.csv:3:0 E_MISSING_COLUMN', 'land.csv:3:0 E_MISSING_COLUMN']);
    expect(r.errors[0].message).toContain('land_type');
    expect(r.errors[1].message).toContain('arrangement');
  });

  it('reports an empty file as E_MISSING_COLUMN at line 0', async () => {
    const r = await readWith({ 'labor.csv': '\n\n' });
    expect(r.codes).toEqual(['labor.csv:0:0 E_MISSING_COLUMN']);
  });

  it('reports a header with more than 1000 columns as E_TOO_LARGE', async () => {
    const header = ['household_id', 'points', ...Array.from({ length: 1000 }, (_, i) => `c${i}`)].join(',');
    const r = await readWith({ 'points.csv': `${header}\nH1,1\n` });
    expect(r.codes).toEqual(['points.csv:1:1001 E_TOO_LARGE']);
  });
});

describe('files', () => {
  it('reports missing required files at line 0, column 0 with the joined path', async () => {
    const r = await read({});
    expect(r.codes).toEqual(['households.csv:0:0 E_MISSING_FILE', 'revenue.csv:0:0 E_MISSING_FILE']);
    expect(r.errors[0].file).toBe(path.join(r.dir, 'households.csv'));
  });

  it('hints at Excel when only households.xlsx is there', async () => {
    const r = await read({ 'households.xlsx': 'PK', 'revenue.csv': REVENUE });
    expect(r.errors[0].message).toContain('households.xlsx');
  });

  it('reports households.csv with a header but no household as E_NO_HOUSEHOLDS', async () => {
    const r = await read({ 'households.csv': 'household_id,name\n,\n\n', 'revenue.csv': REVENUE });
    expect(r.codes).toEqual(['households.csv:0:0 E_NO_HOUSEHOLDS']);
  });

  it('lists the inputs read, in SPEC order, with rows excluding header and blank lines', async () => {
    const r = await readWith({ 'deductions.csv': 'household_id,amount\n\nH1,5\n', 'labor.csv': 'household_id,days\nH1,1\nH2,2\n' });
    expect(r.ds.inputs.map((i) => `${i.file}:${i.rows}`)).toEqual(['households.csv:3', 'revenue.csv:1', 'labor.csv:2', 'deductions.csv:1']);
  });

  it('collects every problem of a file, not only the first', async () => {
    const r = await readWith({ 'labor.csv': 'household_id,days,date\nH1,x,2025-01-01\nH9,1,2025-02-30\nH2,0,2025-01-01\n' });
    expect(r.codes).toEqual([
      'labor.csv:2:2 E_BAD_NUMBER',
      'labor.csv:3:1 E_UNKNOWN_HOUSEHOLD',
      'labor.csv:3:3 E_BAD_DATE',
      'labor.csv:4:2 E_BAD_VALUE',
    ]);
  });

  it('keeps at most 1000 problems of one code per file and summarises the rest', async () => {
    const rows = Array.from({ length: MAX_PROBLEMS_PER_CODE + 5 }, () => 'H1,abc').join('\n');
    const r = await readWith({ 'points.csv': `household_id,points\n${rows}\n` });
    expect(r.errors).toHaveLength(MAX_PROBLEMS_PER_CODE + 1);
    expect(r.errors.at(-1)).toMatchObject({ line: 0, column: 0, code: 'E_BAD_NUMBER' });
    expect(r.errors.at(-1)?.message).toContain('5');
  });
});

describe('households.csv', () => {
  it('reports a duplicate household at the second occurrence, naming the first line', async () => {
    const r = await read({ 'households.csv': 'household_id,name\nH1,a\n\nH1,b\n', 'revenue.csv': REVENUE });
    expect(r.codes).toEqual(['households.csv:4:1 E_DUPLICATE_HOUSEHOLD']);
    expect(r.errors[0].message).toContain('第 2 行');
    expect(r.ds.households).toHaveLength(1);
  });

  it('reports an empty household_id or name as E_BAD_VALUE', async () => {
    const r = await read({ 'households.csv': 'household_id,name\n ,a\nH2,\n', 'revenue.csv': REVENUE });
    expect(r.codes).toEqual(['households.csv:2:1 E_BAD_VALUE', 'households.csv:3:2 E_BAD_VALUE']);
  });

  it('checks ID numbers: valid, lower-case x, 15 digits pass; a bad check digit fails', async () => {
    const r = await read({
      'households.csv':
        'household_id,name,id_number\nH1,a,522628197003120011\nH2,b,11010519491231002x\nH3,c,130503670401001\nH4,d,522628197003120012\nH5,e,12345\nH6,f,\n',
      'revenue.csv': REVENUE,
    });
    expect(r.codes).toEqual(['households.csv:5:3 E_BAD_ID_NUMBER', 'households.csv:6:3 E_BAD_ID_NUMBER']);
    expect(r.errors[0].message).toContain('应为 1');
    expect(r.ds.households.map((h) => h.idNumber)).toEqual(['522628197003120011', '11010519491231002x', '130503670401001', '522628197003120012', '12345', '']);
  });

  it('reports Excel scientific notation in id_number and bank_account as E_EXCEL_MANGLED with a hint', async () => {
    const r = await read({ 'households.csv': 'household_id,name,id_number,bank_account\nH1,a,5.22628E+17,6.21779e+18\n', 'revenue.csv': REVENUE });
    expect(r.codes).toEqual(['households.csv:2:3 E_EXCEL_MANGLED', 'households.csv:2:4 E_EXCEL_MANGLED']);
    expect(r.errors[0].message).toContain('设置单元格格式为文本');
  });

  it('keeps a 19-digit bank account exactly, as a string', async () => {
    const r = await read({ 'households.csv': 'household_id,name,bank_account\n007,a,"6217 7901 1003 0079 193"\n', 'revenue.csv': REVENUE });
    expect(r.errors).toEqual([]);
    expect(r.ds.households[0].bankAccount).toBe('6217790110030079193');
    expect(r.ds.households[0].id).toBe('007');
  });
});

describe('row checks', () => {
  it('reports a row with a different field count as E_RAGGED_ROW', async () => {
    const r = await readWith({ 'points.csv': 'household_id,points\nH1\nH2,1,2\nH3,3\n' });
    expect(r.codes).toEqual(['points.csv:2:2 E_RAGGED_ROW', 'points.csv:3:3 E_RAGGED_ROW']);
    expect(r.ds.points[2]).toBe(30000);
  });

  it('reports malformed numbers as E_BAD_NUMBER', async () => {
    const r = await readWith({ 'land.csv': 'household_id,land_type,area_mu,arrangement\nH1,水田,-2,rent\nH1,水田,1.23456,rent\nH1,水田,¥3,rent\nH1,水田,1E3,rent\nH1,水田,,rent\n' });
    expect(r.codes).toEqual([2, 3, 4, 5, 6].map((l) => `land.csv:${l}:3 E_BAD_NUMBER`));
  });

  it('reports 0 where the table says > 0 as E_BAD_VALUE with a plain message', async () => {
    const r = await readWith({ 'land.csv': 'household_id,land_type,area_mu,arrangement\nH1,水田,0,rent\n' });
    expect(r.codes).toEqual(['land.csv:2:3 E_BAD_VALUE']);
    expect(r.errors[0].message).toBe('面积必须大于 0 (area_mu must be > 0): "0"');
  });

  it('accepts 0 revenue and 0 points but not a 0 deduction', async () => {
    const r = await readWith({
      'revenue.csv': 'kind,amount\nincome,0\n',
      'points.csv': 'household_id,points\nH1,0\n',
      'deductions.csv': 'household_id,amount\nH1,0.00\n',
    });
    expect(r.codes).toEqual(['deductions.csv:2:2 E_BAD_VALUE']);
  });

  it('reports amounts over the limits as E_TOO_LARGE', async () => {
    const r = await readWith({
      'revenue.csv': 'kind,amount\nincome,"1,000,000,000,000.01"\nincome,1000000000000\n',
      'shares.csv': 'household_id,class,units\nH1,fund,1000000001\n',
    });
    expect(r.codes).toEqual(['revenue.csv:2:2 E_TOO_LARGE', 'shares.csv:2:3 E_TOO_LARGE']);
  });

  it('reports a field over 64 KiB as E_TOO_LARGE', async () => {
    const r = await readWith({ 'deductions.csv': `household_id,amount,note\nH1,5,${'x'.repeat(70000)}\nH2,6,ok\n` });
    expect(r.codes).toEqual(['deductions.csv:2:3 E_TOO_LARGE']);
    expect(r.ds.deductionsFen[1]).toBe(600);
  });

  it('reports per-household sums beyond the exact range as E_TOO_LARGE', async () => {
    const rows = Array.from({ length: 100 }, () => 'H1,1000000000000').join('\n');
    const r = await readWith({ 'deductions.csv': `household_id,amount\n${rows}\n` });
    expect(r.codes).toEqual(['deductions.csv:0:0 E_TOO_LARGE']);
    expect(r.errors[0].message).toContain('H1');
  });

  it('reports months outside 1–12 as E_BAD_MONTHS', async () => {
    const r = await readWith({ 'shares.csv': 'household_id,class,units,months\nH1,fund,1,0\nH1,fund,1,13\nH1,fund,1,6.5\nH1,fund,1,\n' });
    expect(r.codes).toEqual(['shares.csv:2:4 E_BAD_MONTHS', 'shares.csv:3:4 E_BAD_MONTHS', 'shares.csv:4:4 E_BAD_MONTHS']);
    expect(r.ds.unitsMonths.get('fund')?.[0]).toBe(10000 * 12);
  });

  it('reports bad dates, impossible dates and dates outside the year as E_BAD_DATE', async () => {
    const r = await readWith({ 'revenue.csv': 'date,kind,amount\n2025/4/31,income,1\n2025-02-29,income,1\n2024-12-31,income,1\n2025-12-31,income,1\n' });
    expect(r.codes).toEqual(['revenue.csv:2:1 E_BAD_DATE', 'revenue.csv:3:1 E_BAD_DATE', 'revenue.csv:4:1 E_BAD_DATE']);
    expect(r.ds.revenue).toHaveLength(1);
  });

  it('reports land arrangements and revenue kinds that are not allowed words', async () => {
    const r = await readWith({
      'revenue.csv': 'kind,amount\nINCOME,1\n支出,1\nsale,1\n',
      'land.csv': 'household_id,land_type,area_mu,arrangement\nH1,水田,1,出租\nH1,水田,1,Shares\nH1,水田,1,租\n',
    });
    expect(r.codes).toEqual(['revenue.csv:4:1 E_BAD_KIND', 'land.csv:4:4 E_BAD_ARRANGEMENT']);
  });

  it('reports households not in households.csv as E_UNKNOWN_HOUSEHOLD, case-sensitively', async () => {
    const r = await readWith({ 'points.csv': 'household_id,points\nh1,1\nH1 ,2\n' });
    expect(r.codes).toEqual(['points.csv:2:1 E_UNKNOWN_HOUSEHOLD']);
    expect(r.ds.points[0]).toBe(20000);
  });

  it('reports jobs missing from wages.per_day, and empty jobs without a default rate, as E_UNKNOWN_JOB', async () => {
    const labor = 'household_id,job,days\nH1,采摘,1\nH1,挖地,1\nH1,,1\nH1,挖地,1\n';
    const withDefault = await readWith({ 'labor.csv': labor });
    expect(withDefault.codes).toEqual(['labor.csv:3:2 E_UNKNOWN_JOB', 'labor.csv:5:2 E_UNKNOWN_JOB']);
    const noDefault = await readWith({ 'labor.csv': labor }, testRules({ defaultPerDay: null }));
    expect(noDefault.codes).toEqual(['labor.csv:3:2 E_UNKNOWN_JOB', 'labor.csv:4:2 E_UNKNOWN_JOB', 'labor.csv:5:2 E_UNKNOWN_JOB']);
    const noColumn = await readWith({ 'labor.csv': 'household_id,days\nH1,1\nH2,2\n' }, testRules({ defaultPerDay: null }));
    expect(noColumn.codes).toEqual(['labor.csv:1:0 E_UNKNOWN_JOB']);
  });

  it('reports land types missing from the rules as E_UNKNOWN_LAND_TYPE', async () => {
    const rules = testRules();
    rules.land.unitsPerMu.delete('旱地');
    const r = await readWith({ 'land.csv': 'household_id,land_type,area_mu,arrangement\nH1,茶园,1,rent\nH1,旱地,1,shares\nH1,旱地,1,rent\n' }, rules);
    expect(r.codes).toEqual(['land.csv:2:2 E_UNKNOWN_LAND_TYPE', 'land.csv:3:2 E_UNKNOWN_LAND_TYPE']);
  });

  it('reports share classes missing from the rules, and land shares without class land, as E_UNKNOWN_CLASS', async () => {
    const r = await readWith(
      {
        'shares.csv': 'household_id,class,units\nH1,fund,1\nH1,gold,1\n',
        'land.csv': 'household_id,land_type,area_mu,arrangement\nH1,水田,1,入股\n',
      },
      testRules({ landClass: false }),
    );
    expect(r.codes).toEqual(['land.csv:2:4 E_UNKNOWN_CLASS', 'shares.csv:3:2 E_UNKNOWN_CLASS']);
  });

  it('numbers physical lines through CR-only, CRLF and quoted line breaks, blank lines before the header included', async () => {
    const r = await readWith({
      'points.csv': '\r\n\rhousehold_id,points\rH1,1\r\n"H\n2",2\nH2,x\r',
    });
    expect(r.codes).toEqual(['points.csv:5:1 E_UNKNOWN_HOUSEHOLD', 'points.csv:7:2 E_BAD_NUMBER']);
  });

  it('reports an unclosed quote as E_BAD_QUOTE at the field where it opens', async () => {
    const r = await readWith({ 'points.csv': 'household_id,points\nH1,1\nH2,"2\nH3,3\n' });
    expect(r.codes).toEqual(['points.csv:3:2 E_BAD_QUOTE']);
  });
});

describe('without rules (rules.yaml was invalid)', () => {
  it('still checks structure, numbers, months, ids, households and date format, but nothing that needs rules', async () => {
    const r = await readWith(
      {
        'labor.csv': 'household_id,job,days,date\nH1,挖地,1,2030-01-01\nH1,采摘,x,2025_1_1\nH9,,1,\n',
        'land.csv': 'household_id,land_type,area_mu,arrangement,months\nH1,茶园,1,入股,13\n',
        'shares.csv': 'household_id,class,units\nH1,gold,1\n',
      },
      null,
    );
    expect(r.codes).toEqual([
      'land.csv:2:5 E_BAD_MONTHS',
      'labor.csv:3:3 E_BAD_NUMBER',
      'labor.csv:3:4 E_BAD_DATE',
      'labor.csv:4:1 E_UNKNOWN_HOUSEHOLD',
    ]);
    expect(r.ds.laborDaysByJob.get('挖地')?.[0]).toBe(100);
    expect(r.ds.unitsMonths.get('gold')?.[0]).toBe(10000 * 12);
  });
});

describe('aggregation', () => {
  it('sums days ×100 per household and per job, the empty job apart', async () => {
    const r = await readWith({ 'labor.csv': '户号,工种,工日\nH1,采摘,22\nH1,管护,15.5\nH2,,30\nH1,采摘,6\nH3,采摘,0.25\n' });
    expect(r.errors).toEqual([]);
    expect([...r.ds.laborDays]).toEqual([4350, 3000, 25]);
    expect([...r.ds.laborDaysByJob.keys()]).toEqual(['采摘', '管护', '']);
    expect([...r.ds.laborDaysByJob.get('采摘')!]).toEqual([2800, 0, 25]);
    expect([...r.ds.laborDaysByJob.get('管护')!]).toEqual([1550, 0, 0]);
    expect([...r.ds.laborDaysByJob.get('')!]).toEqual([0, 3000, 0]);
  });

  it('sums area ×10^4 × months per land type, rented and invested apart', async () => {
    const r = await readWith({
      'land.csv': 'household_id,plot_id,land_type,area_mu,arrangement,months\nH1,P1,水田,2.5,rent,12\nH1,P2,水田,1.75,流转,6\nH2,P3,旱地,1.3,shares,\nH2,P4,水田,2,入股,9\n',
    });
    expect(r.errors).toEqual([]);
    expect([...r.ds.rentAreaMonths.get('水田')!]).toEqual([25000 * 12 + 17500 * 6, 0, 0]);
    expect([...r.ds.shareAreaMonths.get('旱地')!]).toEqual([0, 13000 * 12, 0]);
    expect([...r.ds.shareAreaMonths.get('水田')!]).toEqual([0, 20000 * 9, 0]);
  });

  it('sums units ×10^4 × months per class, points and deductions', async () => {
    const r = await readWith({
      'shares.csv': '户号,股份类别,股数,月数\nH1,fund,5,12\nH1,fund,5,7\nH2,cash,2.5,12\n',
      'points.csv': '户号,积分\nH1,1.5\nH1,2\n',
      'deductions.csv': '户号,类型,金额,备注\nH3,已预支工资,"¥3,500",\nH3,新农合代扣,380.5,\n',
    });
    expect(r.errors).toEqual([]);
    expect([...r.ds.unitsMonths.get('fund')!]).toEqual([50000 * 12 + 50000 * 7, 0, 0]);
    expect([...r.ds.unitsMonths.get('cash')!]).toEqual([0, 25000 * 12, 0]);
    expect([...r.ds.points]).toEqual([35000, 0, 0]);
    expect([...r.ds.deductionsFen]).toEqual([0, 0, 388050]);
  });

  it('keeps revenue lines in file order and appends the extra lines after them', async () => {
    const r = await readWith(
      { 'revenue.csv': '日期,收支,科目,金额,备注\n2025-01-05,收入,大棚租金,80000,上半年\n2025-03-01,支出,菌棒原料,"186,380.00",\n' },
      testRules(),
      { extraRevenue: [{ kind: 'income', category: '红薯联建', amountFen: 123n }] },
    );
    expect(r.ds.revenue).toEqual([
      { kind: 'income', category: '大棚租金', amountFen: 8000000n },
      { kind: 'expense', category: '菌棒原料', amountFen: 18638000n },
      { kind: 'income', category: '红薯联建', amountFen: 123n },
    ]);
  });

  it('keeps the raw rows of the household asked for, by canonical column name', async () => {
    const r = await readWith({ 'labor.csv': '户号,工种,工日,备注\nH1,采摘, 22 ,x\nH2,采摘,1,y\n' }, testRules(), { detailFor: 'H1' });
    expect(r.ds.detail).toEqual([
      { file: 'households.csv', line: 2, fields: { household_id: 'H1', name: '张三', category: '脱贫户' } },
      { file: 'labor.csv', line: 2, fields: { household_id: 'H1', job: '采摘', days: '22' } },
    ]);
  });

  it('maps household ids to indexes in households.csv order', async () => {
    const r = await read({ 'households.csv': HOUSEHOLDS, 'revenue.csv': REVENUE });
    expect([...r.ds.indexById]).toEqual([
      ['H1', 0],
      ['H2', 1],
      ['H3', 2],
    ]);
    expect(r.ds.households.map((h) => h.line)).toEqual([2, 3, 4]);
  });
});
