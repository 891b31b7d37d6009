/**
 * SPEC §9.1 and §9.8 input: households.csv's `persons` and `payment` columns, persons.csv (人口),
 * E_PERSONS_MISMATCH, and persons.csv required by a filtering `persons` basis.
 */
import { PLAIN_BASIS } from '../helpers/plainRules.js';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { INIT_FILES } from '../../src/cli/commands/init.js';
import { FILE_SPECS, headerLookup, normalizeHeader } from '../../src/io/columns.js';
import { formatProblem } from '../../src/problems.js';
import { parseExact, type Exact } from '../../src/money/exact.js';
import type { MemberBasis, Rules } from '../../src/rules/types.js';
import { cleanupRuns, HOUSEHOLDS, read, readWith, REVENUE, testRules } from './runDir.js';

afterAll(cleanupRuns);

const x = (s: string): Exact => parseExact(s) as Exact;

/** testRules() with these bases as `members` (the basis name compared as text, like the readers do). */
function withBases(...bases: (Partial<Omit<MemberBasis, 'basis'>> & { basis: string })[]): Rules {
  const r = testRules();
  r.members = bases.map((b) => ({ percent: x('100'), classes: null, ...PLAIN_BASIS, pos: { line: 30, column: 5 }, ...b }) as MemberBasis);
  return r;
}

const where = (r: { warnings: { file: string; line: number; column: number; code: string }[] }) =>
  r.warnings.map((w) => `${path.basename(w.file)}:${w.line}:${w.column} ${w.code}`);

describe('households.csv persons (人数, SPEC §9.1)', () => {
  it('is null for every household when the column is absent', async () => {
    const r = await read({ 'households.csv': HOUSEHOLDS, 'revenue.csv': REVENUE });
    expect(r.errors).toEqual([]);
    expect(r.ds.households.map((h) => h.persons)).toEqual([null, null, null]);
  });

  it.each(['persons', '人数', '人口', '家庭人口', '股东人数', ' PERSONS '])('is read from the column %j: whole numbers ≥ 0, empty = 0', async (head) => {
    const r = await read({ 'households.csv': `户号,户主,${head}\nH1,张三,4\nH2,李四,\nH3,王五,0\n`, 'revenue.csv': REVENUE });
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.ds.households.map((h) => h.persons)).toEqual([4, 0, 0]);
  });

  it('reads the forms Excel writes: full-width digits, 3.0, blanks around', async () => {
    const r = await read({ 'households.csv': '户号,户主,人数\nH1,张三,３\nH2,李四, 5.0 \nH3,王五,\u30002\u3000\n', 'revenue.csv': REVENUE });
    expect(r.errors).toEqual([]);
    expect(r.ds.households.map((h) => h.persons)).toEqual([3, 5, 2]);
  });

  it('reports a count that is not a whole number ≥ 0 at its cell', async () => {
    const r = await read({
      'households.csv': '户号,户主,人数\nH1,张三,2.5\nH2,李四,-1\nH3,王五,三\nH4,赵六,1e3\nH5,钱七,¥3\nH6,孙八,2000000000\n',
      'revenue.csv': REVENUE,
    });
    expect(r.codes).toEqual([
      'households.csv:2:3 E_BAD_NUMBER',
      'households.csv:3:3 E_BAD_NUMBER',
      'households.csv:4:3 E_BAD_NUMBER',
      'households.csv:5:3 E_BAD_NUMBER',
      'households.csv:6:3 E_BAD_NUMBER',
      'households.csv:7:3 E_TOO_LARGE',
    ]);
    expect(r.errors[0].message).toBe('人数必须是整数 (persons must be a whole number): "2.5"');
    expect(r.errors[1].message).toBe('人数不能带正负号 (persons: no sign allowed): "-1"');
    // The households are still there (their other problems are found too).
    expect(r.ds.households).toHaveLength(6);
  });
});

describe('households.csv payment (发放方式, SPEC §9.8)', () => {
  it('reads bank / 银行 / 银行代发 and cash / 现金, case-insensitive and after NFKC', async () => {
    const r = await read({
      'households.csv': '户号,户主,发放方式\nH1,a,bank\nH2,b,银行\nH3,c,银行代发\nH4,d,cash\nH5,e,现金\nH6,f,ＣＡＳＨ\nH7,g, Bank \nH8,h,CASH\n',
      'revenue.csv': REVENUE,
    });
    expect(r.errors).toEqual([]);
    expect(r.ds.households.map((h) => h.payment)).toEqual(['bank', 'bank', 'bank', 'cash', 'cash', 'cash', 'bank', 'cash']);
  });

  it('takes rules.payment_default for an empty cell and for a missing column', async () => {
    const cashRules = testRules();
    cashRules.paymentDefault = 'cash';
    const files = { 'households.csv': 'household_id,name,payment\nH1,a,\nH2,b,bank\n', 'revenue.csv': REVENUE };
    expect((await read(files, cashRules)).ds.households.map((h) => h.payment)).toEqual(['cash', 'bank']);
    expect((await read(files, testRules())).ds.households.map((h) => h.payment)).toEqual(['bank', 'bank']);
    expect((await read({ 'households.csv': HOUSEHOLDS, 'revenue.csv': REVENUE }, cashRules)).ds.households.map((h) => h.payment)).toEqual(['cash', 'cash', 'cash']);
    // Without valid rules (rules.yaml reported) the default is bank.
    expect((await read(files, null)).ds.households.map((h) => h.payment)).toEqual(['bank', 'bank']);
  });

  it('reports any other word as E_BAD_VALUE naming the allowed words', async () => {
    const r = await read({ 'households.csv': '户号,户主,发放方式\nH1,a,支付宝\nH2,b,现金\nH3,c,banks\n', 'revenue.csv': REVENUE });
    expect(r.codes).toEqual(['households.csv:2:3 E_BAD_VALUE', 'households.csv:4:3 E_BAD_VALUE']);
    expect(r.errors[0].message).toBe(
      '发放方式应为 银行 / 银行代发 / bank 或 现金 / cash，留空则按规则 payment_default (payment must be bank, 银行, 银行代发, cash or 现金): "支付宝"',
    );
  });
});

const PERSONS_CSV = [
  '户号,姓名,身份证号,出生日期,标签,月数',
  'H1,张三,522628197003120011,1970-03-12,,',
  'H1,张小花,,2004/9/1,在校大学生； 团员 ,',
  '',
  'H2,李四,,1940年1月1日,五保、 、低保|,6',
  'H2,李小二,,,,12',
].join('\r\n');

describe('persons.csv (人口, SPEC §9.1)', () => {
  it('is null when absent, and [] for a header-only file', async () => {
    expect((await readWith({})).ds.persons).toBeNull();
    const r = await readWith({ 'persons.csv': '户号,姓名\r\n' });
    expect(r.errors).toEqual([]);
    expect(r.ds.persons).toEqual([]);
    expect(r.ds.inputs.map((i) => `${i.file}:${i.rows}`)).toEqual(['households.csv:3', 'revenue.csv:1', 'persons.csv:0']);
  });

  it('reads one Person per row: household index, physical line, age on 31 December of the year, tags, months', async () => {
    const r = await readWith({ 'persons.csv': PERSONS_CSV });
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.ds.persons).toEqual([
      { household: 0, line: 2, name: '张三', age: 55, tags: [], months: 12 },
      { household: 0, line: 3, name: '张小花', age: 21, tags: ['在校大学生', '团员'], months: 12 },
      { household: 1, line: 5, name: '李四', age: 85, tags: ['五保', '低保'], months: 6 },
      { household: 1, line: 6, name: '李小二', age: null, tags: [], months: 12 },
    ]);
    expect(r.ds.inputs.at(-1)).toMatchObject({ file: 'persons.csv', rows: 4, encoding: 'utf8' });
  });

  it('matches the English column names too, in any order, and splits tags on ; ； 、 |', async () => {
    const r = await readWith({ 'persons.csv': 'tags,months,name,household_id,birth_date\n"a;b；c、d|e",3,x,H3,2025-12-31\n' });
    expect(r.errors).toEqual([]);
    expect(r.ds.persons).toEqual([{ household: 2, line: 2, name: 'x', age: 0, tags: ['a', 'b', 'c', 'd', 'e'], months: 3 }]);
  });

  it('reads the §10 forms: title row, full-width digits and ids, 2025/3/15, 1958年3月15日, 1958.3.5', async () => {
    const r = await readWith({
      'persons.csv':
        '老山村 2025 年度 人口名册\n户号,姓名,出生日期,月数,\nＨ１,甲,１９５８/３/１５,６,\nH2,乙,1958年3月15日,,\nH3,丙,1958.3.5,１２,\nH3,丁,2025/3/15,,\n',
    });
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.ds.persons!.map((p) => [p.household, p.line, p.age, p.months])).toEqual([
      [0, 3, 67, 6],
      [1, 4, 67, 12],
      [2, 5, 67, 12],
      [2, 6, 0, 12],
    ]);
  });

  it('reads a GBK (GB18030) file like its UTF-8 twin', async () => {
    const utf8 = await readWith({ 'persons.csv': PERSONS_CSV });
    const gbk = await readWith({ 'persons.csv': iconv.encode(PERSONS_CSV, 'gb18030') });
    expect(gbk.errors).toEqual([]);
    expect(gbk.ds.persons).toEqual(utf8.ds.persons);
    expect(gbk.ds.inputs.at(-1)).toMatchObject({ file: 'persons.csv', rows: 4, encoding: 'gb18030' });
  });

  it('reads persons.xlsx (date cells, number cells, text ids) like persons.csv', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('人口');
    ws.getColumn(3).numFmt = '@';
    ws.getColumn(4).numFmt = 'yyyy-mm-dd';
    ws.addRow(['户号', '姓名', '身份证号', '出生日期', '标签', '月数']);
    ws.addRow(['H1', '张三', '522628197003120011', new Date('1970-03-12T00:00:00Z'), null, null]);
    ws.addRow(['H1', '张小花', null, '2004/9/1', '在校大学生； 团员 ', 12]);
    ws.addRow([]);
    ws.addRow(['H2', '李四', null, new Date('1940-01-01T00:00:00Z'), '五保、 、低保|', 6]);
    ws.addRow(['H2', '李小二', null, null, null, 12]);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const fromCsv = await readWith({ 'persons.csv': PERSONS_CSV });
    const r = await readWith({ 'persons.xlsx': xlsx });
    expect(r.errors).toEqual([]);
    expect(r.ds.persons).toEqual(fromCsv.ds.persons);
    expect(r.ds.inputs.at(-1)).toMatchObject({ file: 'persons.xlsx', rows: 4 });
  });

  it('places problems in persons.xlsx by Excel row and column letter', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sheet1');
    ws.addRow(['户号', '姓名', '出生日期']);
    ws.addRow(['H1', '张三', new Date('2026-01-01T00:00:00Z')]);
    ws.addRow(['H9', '李四', null]);
    const r = await readWith({ 'persons.xlsx': Buffer.from(await wb.xlsx.writeBuffer()) });
    expect(r.errors.map((e) => formatProblem({ ...e, file: path.basename(e.file) }))).toEqual([
      'persons.xlsx:2:C: E_BAD_DATE: 出生日期晚于 2025 年 12 月 31 日，请核对 (birth_date after 31 December 2025): "2026-01-01"',
      'persons.xlsx:3:A: E_UNKNOWN_HOUSEHOLD: 户号 "H9" 不在 households.csv 成员名册中：请改为名册中已有的户号，或先在名册中添加该户 (unknown household: use a household_id listed in households.csv, or add the household there)',
    ]);
  });

  it('reports every problem of a row at its cell: household, name, ID number, birth date, months', async () => {
    const r = await readWith({
      'persons.csv': [
        'household_id,name,id_number,birth_date,months',
        'H9,a,,,',
        ',b,,,',
        'H1, ,,,',
        'H1,c,522628197003120012,,',
        'H1,d,5.22628E+17,,',
        'H1,e,,2026-01-01,',
        'H1,f,,1958-02-30,',
        'H1,g,,15/3/1958,',
        'H1,h,,,13',
        'H1,i,,,0.5',
        'h1,j,,,',
      ].join('\n'),
    });
    expect(r.codes).toEqual([
      'persons.csv:2:1 E_UNKNOWN_HOUSEHOLD',
      'persons.csv:3:1 E_BAD_VALUE',
      'persons.csv:4:2 E_BAD_VALUE',
      'persons.csv:5:3 E_BAD_ID_NUMBER',
      'persons.csv:6:3 E_EXCEL_MANGLED',
      'persons.csv:7:4 E_BAD_DATE',
      'persons.csv:8:4 E_BAD_DATE',
      'persons.csv:9:4 E_BAD_DATE',
      'persons.csv:10:5 E_BAD_MONTHS',
      'persons.csv:11:5 E_BAD_MONTHS',
      'persons.csv:12:1 E_UNKNOWN_HOUSEHOLD',
    ]);
    const msg = (line: number) => r.errors.find((e) => e.line === line)!.message;
    expect(msg(4)).toBe('姓名不能为空 (name is empty)');
    expect(msg(5)).toContain('应为 1');
    expect(msg(6)).toContain('设置单元格格式为文本');
    expect(msg(7)).toBe('出生日期晚于 2025 年 12 月 31 日，请核对 (birth_date after 31 December 2025): "2026-01-01"');
    expect(msg(8)).toBe('出生日期不存在 (no such date): "1958-02-30"');
    expect(msg(9)).toContain('出生日期格式应为 YYYY-MM-DD、YYYY-M-D、YYYY/M/D、YYYY.M.D、YYYY年M月D日 之一');
    expect(msg(10)).toBe('月数必须是 1 到 12 的整数 (months must be a whole number 1–12): "13"');
    expect(r.ds.persons).toEqual([]);
  });

  it('reports missing required columns at the header', async () => {
    const r = await readWith({ 'persons.csv': '户号,出生日期\nH1,1970-01-01\n' });
    expect(r.codes).toEqual(['persons.csv:1:0 E_MISSING_COLUMN']);
    expect(r.errors[0].message).toContain('name（姓名）');
  });

  it('without rules (rules.yaml was invalid) checks the date form but not the year, and gives no age', async () => {
    const r = await readWith({ 'persons.csv': '户号,姓名,出生日期\nH1,a,2030-01-01\nH1,b,1970-13-01\n' }, null);
    expect(r.codes).toEqual(['persons.csv:3:3 E_BAD_DATE']);
    expect(r.ds.persons).toEqual([{ household: 0, line: 2, name: 'a', age: null, tags: [], months: 12 }]);
  });

  it('is what init writes (header only), may be called 人口 or 家庭成员, and a file called 人口名册 is pointed to', async () => {
    const spec = FILE_SPECS.find((s) => s.kind === 'persons')!;
    expect(INIT_FILES['persons.csv']).toBe('\uFEFF户号,姓名,身份证号,出生日期,标签,月数\r\n');
    const lookup = headerLookup(spec);
    expect(spec.template!.map((c) => lookup.get(normalizeHeader(c))!.name)).toEqual(['household_id', 'name', 'id_number', 'birth_date', 'tags', 'months']);
    const r = await readWith({ '人口名册.csv': 'x\n', '人员.xlsx': 'x' });
    expect(where(r)).toEqual(['人口名册.csv:0:0 W_UNKNOWN_FILE', '人员.xlsx:0:0 W_UNKNOWN_FILE']);
    for (const w of r.warnings) expect(w.message).toContain('请改名为 persons.csv');
    const zh = await readWith({ '家庭成员.csv': '户号,姓名\nH1,a\nH2,b\n' });
    expect(zh.errors).toEqual([]);
    expect(zh.ds.persons).toHaveLength(2);
    expect(zh.ds.inputs.map((i) => i.file)).toEqual(['households.csv', 'revenue.csv', '家庭成员.csv']);
    const two = await readWith({ '人口.csv': 'x\n', '家庭成员.xlsx': 'x' });
    expect(two.codes).toEqual(['家庭成员.xlsx:0:0 E_AMBIGUOUS_INPUT']);
    // The template itself reads without a problem.
    const t = await readWith({ 'persons.csv': INIT_FILES['persons.csv'] });
    expect(t.errors).toEqual([]);
    expect(t.warnings).toEqual([]);
  });

  it('keeps the household’s persons.csv rows for explain', async () => {
    const r = await readWith({ 'persons.csv': PERSONS_CSV }, testRules(), { detailFor: 'H2' });
    expect(r.ds.detail).toEqual([
      { file: 'households.csv', line: 3, fields: { household_id: 'H2', name: '李四', category: '一般户' } },
      { file: 'persons.csv', line: 5, fields: { household_id: 'H2', name: '李四', id_number: '', birth_date: '1940年1月1日', tags: '五保、 、低保|', months: '6' } },
      { file: 'persons.csv', line: 6, fields: { household_id: 'H2', name: '李小二', id_number: '', birth_date: '', tags: '', months: '12' } },
    ]);
  });
});

describe('E_PERSONS_MISMATCH (both the persons column and persons.csv)', () => {
  const households = '户号,户主,人数,类别\nH1,张三,2,一般户\nH2,李四,3,一般户\nH3,王五,,一般户\n';

  it('is reported for every household whose count differs, at its line and the persons column', async () => {
    const r = await read({ 'households.csv': households, 'revenue.csv': REVENUE, 'persons.csv': PERSONS_CSV });
    expect(r.codes).toEqual(['households.csv:3:3 E_PERSONS_MISMATCH']);
    expect(r.errors[0].file).toBe(path.join(r.dir, 'households.csv'));
    expect(r.errors[0].message).toBe(
      '户 "H2" 的人数填的是 3，但 persons.csv 中该户有 2 人：请改正人数，或在 persons.csv 中补齐或删去该户的成员 (persons is 3 but persons.csv lists 2 for household "H2"; correct the count or persons.csv)',
    );
  });

  it('counts an empty cell as 0 and a household without rows as 0', async () => {
    const r = await read({
      'households.csv': '户号,户主,人数\nH1,张三,\nH2,李四,0\nH3,王五,1\n',
      'revenue.csv': REVENUE,
      'persons.csv': '户号,姓名\nH1,a\n',
    });
    expect(r.codes).toEqual(['households.csv:2:3 E_PERSONS_MISMATCH', 'households.csv:4:3 E_PERSONS_MISMATCH']);
    expect(r.errors[0].message).toContain('人数填的是 0，但 persons.csv 中该户有 1 人');
    expect(r.errors[1].message).toContain('人数填的是 1，但 persons.csv 中该户有 0 人');
  });

  it('counts rows that have other problems (the count is about rows), and names persons.xlsx when that is read', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sheet1');
    ws.addRow(['户号', '姓名', '月数']);
    ws.addRow(['H1', 'a', 13]);
    ws.addRow(['H1', 'b', null]);
    const r = await read({
      'households.csv': '户号,户主,人数\nH1,张三,3\nH2,李四,0\nH3,王五,0\n',
      'revenue.csv': REVENUE,
      'persons.xlsx': Buffer.from(await wb.xlsx.writeBuffer()),
    });
    // Reported once persons.xlsx is read to its end, after that file's own problems.
    expect(r.codes).toEqual(['persons.xlsx:2:3 E_BAD_MONTHS', 'households.csv:2:3 E_PERSONS_MISMATCH']);
    expect(r.errors[1].message).toContain('但 persons.xlsx 中该户有 2 人');
  });

  it('says to delete a header-only persons.csv (init writes one) when the counts are in households.csv', async () => {
    const r = await read({ 'households.csv': '户号,户主,人数\nH1,张三,2\nH2,李四,0\nH3,王五,0\n', 'revenue.csv': REVENUE, 'persons.csv': INIT_FILES['persons.csv'] });
    expect(r.codes).toEqual(['households.csv:2:3 E_PERSONS_MISMATCH']);
    expect(r.errors[0].message).toBe(
      '户 "H1" 的人数填的是 2，但 persons.csv 中该户有 0 人：请改正人数，或在 persons.csv 中补齐或删去该户的成员（persons.csv 只有表头：不用人口名册时请删除它） (persons is 2 but persons.csv lists 0 for household "H1"; correct the count or persons.csv; persons.csv has no rows: delete it if you do not use it)',
    );
  });

  it('is not checked without the persons column, for a count already reported, or when persons.csv is broken', async () => {
    expect((await readWith({ 'persons.csv': PERSONS_CSV })).codes).toEqual([]);
    const bad = await read({ 'households.csv': '户号,户主,人数\nH1,张三,x\nH2,李四,2\nH3,王五,0\n', 'revenue.csv': REVENUE, 'persons.csv': PERSONS_CSV });
    expect(bad.codes).toEqual(['households.csv:2:3 E_BAD_NUMBER']);
    const broken = await read({ 'households.csv': households, 'revenue.csv': REVENUE, 'persons.csv': '户号,月数\nH1,1\n' });
    expect(broken.codes).toEqual(['persons.csv:1:0 E_MISSING_COLUMN']);
  });

  it('places the mismatch in households.xlsx by column letter', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sheet1');
    ws.addRow(['户号', '户主', '类别', '人数']);
    ws.addRow(['H1', '张三', '一般户', 2]);
    ws.addRow(['H2', '李四', '一般户', 1]);
    const r = await read({ 'households.xlsx': Buffer.from(await wb.xlsx.writeBuffer()), 'revenue.csv': REVENUE, 'persons.csv': PERSONS_CSV });
    expect(r.errors.map((e) => formatProblem({ ...e, file: path.basename(e.file) }).replace(/: .*/, ''))).toEqual(['households.xlsx:3:D']);
    expect(r.errors[0].code).toBe('E_PERSONS_MISMATCH');
  });
});

describe('a persons basis that filters needs persons.csv', () => {
  it('is E_MISSING_FILE for persons.csv when the basis has min_age, max_age or tags and there is no persons.csv', async () => {
    const rules = withBases({ basis: 'persons', minAge: 80 });
    const r = await read({ 'households.csv': '户号,户主,人数\nH1,张三,2\n', 'revenue.csv': REVENUE }, rules);
    expect(r.codes).toEqual(['persons.csv:0:0 E_MISSING_FILE']);
    expect(r.errors[0].file).toBe(path.join(r.dir, 'persons.csv'));
    expect(r.errors[0].message).toBe(
      '规则中 persons 基数按 min_age 筛选人员（rules.yaml 第 30 行），需要人口名册 persons.csv：每人一行，列为 户号、姓名、出生日期、标签、月数 (a persons basis with min_age needs persons.csv, one row per person)',
    );
    const tags = await readWith({}, withBases({ basis: 'persons', maxAge: 22, tags: ['在校大学生'] }));
    expect(tags.errors[0].message).toContain('按 max_age, tags 筛选');
  });

  it('is not reported for an unfiltered persons basis, with persons.csv or persons.xlsx there, or without rules', async () => {
    expect((await readWith({}, withBases({ basis: 'persons' }))).codes).toEqual([]);
    expect((await readWith({ 'persons.csv': PERSONS_CSV }, withBases({ basis: 'persons', tags: ['x'] }))).codes).toEqual([]);
    expect((await readWith({}, null)).codes).toEqual([]);
    // Both forms there: E_AMBIGUOUS_INPUT only.
    const both = await readWith({ 'persons.csv': PERSONS_CSV, 'persons.xlsx': 'x' }, withBases({ basis: 'persons', minAge: 60 }));
    expect(both.codes).toEqual(['persons.xlsx:0:0 E_AMBIGUOUS_INPUT']);
  });
});
