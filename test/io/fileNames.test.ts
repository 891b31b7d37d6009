/**
 * SPEC §10 "File names" and "One workbook for everything", at the reader: Chinese file names are
 * read like their English twins, two sources for one table are E_AMBIGUOUS_INPUT, a stray file or
 * sheet is W_UNKNOWN_FILE, and the sheets of 录入表.xlsx are tables placed as FILE[SHEET]:ROW:COLUMN.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { FILE_SPECS, inputFileNames, inputTable, specByName } from '../../src/io/columns.js';
import { readRunDir } from '../../src/io/readRunDir.js';
import { formatProblem, Problems } from '../../src/problems.js';
import { cleanupRuns, HOUSEHOLDS, makeRun, read, readWith, REVENUE, testRules } from './runDir.js';

afterAll(cleanupRuns);

type Rows = (ExcelJS.CellValue | undefined)[][];

/** A workbook's bytes: one sheet per entry, in this order; `text`: sheet → text-formatted columns. */
async function book(sheets: Record<string, Rows>, text: Record<string, number[]> = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(name);
    for (const c of text[name] ?? []) ws.getColumn(c).numFmt = '@';
    rows.forEach((r, i) => r.forEach((v, j) => v !== undefined && v !== null && (ws.getRow(i + 1).getCell(j + 1).value = v)));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Problems as printed, FILE as the base name (a sheet keeps its [SHEET]), without the message. */
function shown(list: Problems['errors']): string[] {
  return list.map((p) => formatProblem({ ...p, file: path.basename(p.file), message: '' }).slice(0, -2));
}

async function readBook(files: Record<string, string | Buffer>) {
  const dir = makeRun(files);
  const problems = new Problems();
  const ds = await readRunDir(dir, testRules(), { encoding: 'auto' }, problems);
  return { dir, ds, problems, errors: shown(problems.errors), warnings: shown(problems.warnings) };
}

const LABOR = 'household_id,days,job\nH1,2,采摘\nH2,1.5,\nH1,3,管护\n';
const HOUSEHOLDS_ROWS: Rows = [
  ['户号', '户主', '类别'],
  ['H1', '张三', '脱贫户'],
  ['H2', '李四', '一般户'],
  ['H3', '王五', '一般户'],
];
const REVENUE_ROWS: Rows = [
  ['收支', '金额'],
  ['收入', 1000],
];

describe('the registry of names (FILE_SPECS)', () => {
  it('accepts SPEC §10’s Chinese names, each naming one table, none also a hint-only name', () => {
    const want: Record<string, string[]> = {
      households: ['成员名册', '农户名册'],
      land: ['土地'],
      shares: ['股份'],
      labor: ['务工', '用工'],
      revenue: ['收支'],
      points: ['积分'],
      deductions: ['扣减', '扣款'],
      persons: ['人口', '家庭成员'],
      transactions: ['交易'],
    };
    for (const s of FILE_SPECS) {
      expect(s.names, s.kind).toEqual(want[s.kind]);
      for (const n of s.names) expect(s.otherNames).not.toContain(n);
    }
    const all = FILE_SPECS.flatMap((s) => [s.file.replace(/\.csv$/, ''), ...s.names, ...s.otherNames]);
    expect(new Set(all).size).toBe(all.length);
  });

  it('maps an input as summary.json names it back to its table', () => {
    expect(inputTable('labor.csv')?.kind).toBe('labor');
    expect(inputTable('用工.xlsx')?.kind).toBe('labor');
    expect(inputTable('录入表.xlsx[务工]')?.kind).toBe('labor');
    expect(inputTable('inputs.xlsx[Households]')?.kind).toBe('households');
    expect(inputTable('成员名册.csv')?.kind).toBe('households');
    expect(inputTable('务工记录.csv')).toBeUndefined();
    expect(inputTable('其他.xlsx[务工]')).toBeUndefined();
    expect(specByName('Labor')).toBeUndefined(); // file names: exactly
    expect(specByName('Labor', true)?.kind).toBe('labor'); // sheet names: any case, as Excel
    expect(inputFileNames().slice(0, 6)).toEqual(['households.csv', 'households.xlsx', '成员名册.csv', '成员名册.xlsx', '农户名册.csv', '农户名册.xlsx']);
    expect(inputFileNames().slice(-2)).toEqual(['录入表.xlsx', 'inputs.xlsx']);
  });
});

describe('Chinese file names', () => {
  it.each(FILE_SPECS.filter((s) => s.kind !== 'households' && s.kind !== 'revenue').flatMap((s) => s.names.map((n) => [s.kind, n] as const)))(
    '%s as %s.csv reads like its English twin',
    async (kind, name) => {
      const spec = FILE_SPECS.find((s) => s.kind === kind)!;
      const body: Record<string, string> = {
        land: 'household_id,land_type,area_mu,arrangement\nH1,水田,1.5,rent\nH2,旱地,2,shares\n',
        shares: 'household_id,class,units\nH1,fund,10\nH3,cash,2\n',
        labor: LABOR,
        points: 'household_id,points\nH1,3\nH2,4.5\n',
        deductions: 'household_id,amount\nH2,100\n',
        persons: 'household_id,name\nH1,a\nH1,b\nH2,c\n',
        transactions: 'household_id,amount\nH1,12.50\n',
      };
      const en = await readWith({ [spec.file]: body[kind] });
      const zh = await readWith({ [`${name}.csv`]: body[kind] });
      expect(zh.errors).toEqual([]);
      expect(zh.warnings).toEqual([]);
      const strip = (ds: typeof en.ds) => ({ ...ds, indexById: null, inputs: ds.inputs.map(({ file: _, ...rest }) => rest) });
      expect(strip(zh.ds)).toEqual(strip(en.ds));
      expect(zh.ds.inputs.map((i) => i.file)).toEqual(['households.csv', 'revenue.csv', `${name}.csv`]);
    },
  );

  it('reads 成员名册.csv / 农户名册.xlsx as households and 收支.csv as revenue', async () => {
    const r = await read({ '成员名册.csv': HOUSEHOLDS, '收支.csv': REVENUE, '务工.csv': LABOR });
    expect(r.errors).toEqual([]);
    expect(r.ds.households.map((h) => h.id)).toEqual(['H1', 'H2', 'H3']);
    expect(r.ds.inputs.map((i) => `${i.file}:${i.rows}`)).toEqual(['成员名册.csv:3', '收支.csv:1', '务工.csv:3']);
    const x = await readBook({ '农户名册.xlsx': await book({ 名册: HOUSEHOLDS_ROWS }), 'revenue.csv': REVENUE });
    expect(x.errors).toEqual([]);
    expect(x.ds.inputs.map((i) => i.file)).toEqual(['农户名册.xlsx', 'revenue.csv']);
  });

  it('places problems in the file as it is named: 务工.csv:3:2, and names it in messages', async () => {
    const r = await read({ '成员名册.csv': HOUSEHOLDS, 'revenue.csv': REVENUE, '用工.csv': 'household_id,days\nH1,2\nH1,2.5.1\nH9,1\n' });
    expect(r.codes).toEqual(['用工.csv:3:2 E_BAD_NUMBER', '用工.csv:4:1 E_UNKNOWN_HOUSEHOLD']);
    expect(r.errors[1].message).toContain('不在 成员名册.csv 中');
    const empty = await read({ '成员名册.csv': 'household_id,name\n', 'revenue.csv': REVENUE });
    expect(empty.codes).toEqual(['成员名册.csv:0:0 E_NO_HOUSEHOLDS']);
    expect(empty.errors[0].message).toContain('成员名册.csv 只有表头');
  });

  it('says which Chinese names a missing required table may have', async () => {
    const r = await read({ 'revenue.csv': REVENUE });
    expect(r.codes).toEqual(['households.csv:0:0 E_MISSING_FILE']);
    for (const w of ['成员名册.csv', '农户名册.csv', '.xlsx', '录入表.xlsx', 'required file missing']) expect(r.errors[0].message).toContain(w);
    const rev = await read({ '成员名册.csv': HOUSEHOLDS });
    expect(rev.codes).toEqual(['revenue.csv:0:0 E_MISSING_FILE']);
    expect(rev.errors[0].message).toContain('收支.csv');
  });
});

describe('two sources for one table', () => {
  it('is E_AMBIGUOUS_INPUT at the later one, naming both; neither is read', async () => {
    const r = await read({ 'households.csv': HOUSEHOLDS, '成员名册.csv': HOUSEHOLDS, 'revenue.csv': REVENUE });
    expect(r.codes).toEqual(['成员名册.csv:0:0 E_AMBIGUOUS_INPUT']);
    expect(r.errors[0].message).toContain('households.csv 和 成员名册.csv');
    expect(r.ds.households).toEqual([]);
    expect(r.ds.inputs.map((i) => i.file)).toEqual(['revenue.csv']);
  });

  it('also between two Chinese names, and between .csv and .xlsx of either', async () => {
    const x = await readBook({ 'households.csv': HOUSEHOLDS, 'revenue.csv': REVENUE, '务工.csv': LABOR, '用工.xlsx': await book({ S: [['户号', '天数']] }) });
    expect(x.errors).toEqual(['用工.xlsx:0:0: E_AMBIGUOUS_INPUT']);
    expect(x.problems.errors[0].message).toContain('务工.csv 和 用工.xlsx');
    expect(x.ds.laborDays.every((d) => d === 0)).toBe(true);
    const three = await readWith({ 'labor.csv': LABOR, '务工.csv': LABOR, '用工.csv': LABOR });
    expect(three.codes).toEqual(['用工.csv:0:0 E_AMBIGUOUS_INPUT']);
    expect(three.errors[0].message).toContain('labor.csv 和 务工.csv 和 用工.csv 3 个同时存在');
  });

  it('is reported once, not also as a missing required file', async () => {
    const r = await read({ 'households.csv': HOUSEHOLDS, '收支.csv': REVENUE, 'revenue.csv': REVENUE });
    expect(r.codes).toEqual(['收支.csv:0:0 E_AMBIGUOUS_INPUT']);
  });
});

describe('a file in the run folder that is no input', () => {
  it('is W_UNKNOWN_FILE with the table it may have been meant for', async () => {
    const r = await readWith({
      '务工记录.csv': 'x\n',
      'Labor.csv': 'x\n',
      '扣减.xls': 'x',
      '备忘.xlsx': 'x',
      'rules.yml': 'x: 1\n',
      'notes.yaml': 'x: 1\n',
      '录入表.csv': 'x\n',
      '录入.xlsx': 'x', // a workbook named one character off
      '2025年土地流转表.csv': 'x\n', // holding one table's name
      'pool.yaml': 'x: 1\n', // batch's: not a stray file
      'README.md': 'x\n', // not a spreadsheet
    });
    expect(r.errors).toEqual([]);
    const by = new Map(r.warnings.map((w) => [path.basename(w.file), w]));
    expect([...by.keys()].sort()).toEqual(['Labor.csv', 'notes.yaml', 'rules.yml', '备忘.xlsx', '录入表.csv', '扣减.xls', '务工记录.csv', '录入.xlsx', '2025年土地流转表.csv'].sort());
    for (const w of by.values()) expect(`${w.code} ${w.line}:${w.column}`).toBe('W_UNKNOWN_FILE 0:0');
    expect(by.get('务工记录.csv')!.message).toContain('请改名为 labor.csv（或 务工.csv、用工.csv）');
    expect(by.get('Labor.csv')!.message).toContain('请改名为 labor.csv');
    expect(by.get('扣减.xls')!.message).toContain('另存为');
    expect(by.get('rules.yml')!.message).toContain('rules.yaml');
    expect(by.get('录入表.csv')!.message).toContain('录入表.xlsx');
    expect(by.get('录入.xlsx')!.message).toContain('请改名为 录入表.xlsx');
    expect(by.get('2025年土地流转表.csv')!.message).toContain('请改名为 land.csv');
    expect(by.get('备忘.xlsx')!.message).not.toContain('改名为');
    expect(by.get('备忘.xlsx')!.message).toContain('输入文件为 households.csv');
  });
});

describe('the one workbook 录入表.xlsx', () => {
  it('reads each sheet named by a table as that table; 说明 and empty sheets are ignored silently', async () => {
    const wb = await book({
      说明: [['这一页是说明']],
      务工: [['户号', '天数', '工种'], ['H1', 2, '采摘'], ['H2', 1.5], ['H1', 3, '管护']],
      成员名册: HOUSEHOLDS_ROWS,
      Sheet2: [],
      收支: REVENUE_ROWS,
    });
    const x = await readBook({ '录入表.xlsx': wb });
    expect(x.errors).toEqual([]);
    expect(x.warnings).toEqual([]);
    // Tables in SPEC §2 order (households first), whatever the order of the sheets.
    expect(x.ds.inputs.map((i) => `${i.file}:${i.rows}`)).toEqual(['录入表.xlsx[成员名册]:3', '录入表.xlsx[收支]:1', '录入表.xlsx[务工]:3']);
    expect(new Set(x.ds.inputs.map((i) => i.sha256))).toEqual(new Set([createHash('sha256').update(wb).digest('hex')]));
    const csv = await readWith({ 'labor.csv': LABOR });
    expect(x.ds.laborDays).toEqual(csv.ds.laborDays);
    expect(x.ds.laborDaysByJob).toEqual(csv.ds.laborDaysByJob);
    expect(x.ds.revenue).toEqual(csv.ds.revenue);
  });

  it('places problems as 录入表.xlsx[务工]:ROW:COLUMN-LETTER, and names the sheet in messages', async () => {
    const x = await readBook({
      '录入表.xlsx': await book({
        成员名册: HOUSEHOLDS_ROWS,
        收支: REVENUE_ROWS,
        务工: [['老山村 2025 年务工登记表'], ['户号', '工种', '天数'], ['H1', '采摘', 'abc'], ['H9', '', 1]],
        交易: [['户号', '交易额']],
      }),
    });
    expect(x.errors).toEqual(['录入表.xlsx[务工]:3:C: E_BAD_NUMBER', '录入表.xlsx[务工]:4:A: E_UNKNOWN_HOUSEHOLD']);
    expect(x.problems.errors[0].file).toBe(path.join(x.dir, '录入表.xlsx') + '[务工]');
    expect(x.problems.errors[1].message).toContain('不在 录入表.xlsx[成员名册] 中');
    const missing = await readBook({ '录入表.xlsx': await book({ 成员名册: HOUSEHOLDS_ROWS, 收支: REVENUE_ROWS, 务工: [['户号', '工种']] }) });
    expect(missing.errors).toEqual(['录入表.xlsx[务工]:1:0: E_MISSING_COLUMN']);
  });

  it('takes English sheet names in any case, and inputs.xlsx as the workbook', async () => {
    const x = await readBook({ 'inputs.xlsx': await book({ Households: HOUSEHOLDS_ROWS, revenue: REVENUE_ROWS, LABOR: [['household_id', 'days'], ['H3', 4]] }) });
    expect(x.errors).toEqual([]);
    expect(x.ds.inputs.map((i) => i.file)).toEqual(['inputs.xlsx[Households]', 'inputs.xlsx[revenue]', 'inputs.xlsx[LABOR]']);
    expect(x.ds.laborDays[2]).toBe(400);
  });

  it('mixes with files: a table as a sheet and another as its own file', async () => {
    const x = await readBook({ '录入表.xlsx': await book({ 成员名册: HOUSEHOLDS_ROWS, 收支: REVENUE_ROWS }), '务工.csv': LABOR });
    expect(x.errors).toEqual([]);
    expect(x.ds.inputs.map((i) => i.file)).toEqual(['录入表.xlsx[成员名册]', '录入表.xlsx[收支]', '务工.csv']);
  });

  it('makes a table given both as a sheet and as a file E_AMBIGUOUS_INPUT at the sheet, and reads neither', async () => {
    const x = await readBook({ '录入表.xlsx': await book({ 成员名册: HOUSEHOLDS_ROWS, 收支: REVENUE_ROWS, 务工: [['户号', '天数'], ['H1', 1]] }), 'labor.csv': LABOR });
    expect(x.errors).toEqual(['录入表.xlsx[务工]:0:0: E_AMBIGUOUS_INPUT']);
    expect(x.problems.errors[0].message).toContain('labor.csv 和 录入表.xlsx[务工]');
    expect(x.ds.inputs.map((i) => i.file)).toEqual(['录入表.xlsx[成员名册]', '录入表.xlsx[收支]']);
    const twoSheets = await readBook({ '录入表.xlsx': await book({ 成员名册: HOUSEHOLDS_ROWS, 收支: REVENUE_ROWS, 务工: [['户号', '天数']], 用工: [['户号', '天数']] }) });
    expect(twoSheets.errors).toEqual(['录入表.xlsx[用工]:0:0: E_AMBIGUOUS_INPUT']);
  });

  it('reports a sheet named by no table as W_UNKNOWN_FILE, saying which names are allowed', async () => {
    const x = await readBook({
      '录入表.xlsx': await book({ 成员名册: HOUSEHOLDS_ROWS, 收支: REVENUE_ROWS, 务工记录: [['户号', '天数'], ['H1', 1]], Sheet1: [['备注'], ['x']], 扣减表: [['户号', '金额'], ['H1', 1]] }),
    });
    expect(x.errors).toEqual([]);
    expect(x.warnings).toEqual(['录入表.xlsx[务工记录]:0:0: W_UNKNOWN_FILE', '录入表.xlsx[Sheet1]:0:0: W_UNKNOWN_FILE', '录入表.xlsx[扣减表]:0:0: W_UNKNOWN_FILE']);
    expect(x.problems.warnings[0].message).toContain('请把工作表改名为 务工');
    expect(x.problems.warnings[1].message).toContain('成员名册 (households), 收支 (revenue)');
    expect(x.problems.warnings[2].message).toContain('请把工作表改名为 扣减');
    expect(x.ds.laborDays.every((d) => d === 0)).toBe(true);
  });

  it('warns about a workbook without any table sheet; its missing tables are E_MISSING_FILE', async () => {
    const x = await readBook({ '录入表.xlsx': await book({ Sheet1: [['户号'], ['H1']] }) });
    expect(x.warnings).toEqual(['录入表.xlsx[Sheet1]:0:0: W_UNKNOWN_FILE', '录入表.xlsx:0:0: W_UNKNOWN_FILE']);
    expect(x.errors).toEqual(['households.csv:0:0: E_MISSING_FILE', 'revenue.csv:0:0: E_MISSING_FILE']);
  });

  it('reports a workbook that cannot be read once, at 录入表.xlsx:0:0, not its tables as missing', async () => {
    const x = await readBook({ '录入表.xlsx': Buffer.from('户号,户主\nH1,张三\n') });
    expect(x.errors).toEqual(['录入表.xlsx:0:0: E_BAD_ENCODING']);
    const good = await book({ 成员名册: HOUSEHOLDS_ROWS, 收支: REVENUE_ROWS });
    const cut = await readBook({ '录入表.xlsx': good.subarray(0, good.length - 40) });
    expect(cut.errors).toEqual(['录入表.xlsx:0:0: E_BAD_ENCODING']);
  });

  it('sets aside an optional table’s sheet left unfilled (header only, or blank), but never a required one', async () => {
    const x = await readBook({
      '录入表.xlsx': await book({ 成员名册: HOUSEHOLDS_ROWS, 收支: REVENUE_ROWS, 人口: [['户号', '姓名', '出生日期']], 交易: [['户号', '金额']], 务工: [] }),
      'labor.csv': LABOR, // the blank 务工 sheet is not a second labor table
    });
    expect(x.errors).toEqual([]);
    expect(x.warnings).toEqual([]);
    expect(x.ds.persons).toBeNull();
    expect(x.ds.transactionsFen).toBeNull();
    expect(x.ds.inputs.map((i) => i.file)).toEqual(['录入表.xlsx[成员名册]', '录入表.xlsx[收支]', 'labor.csv']);
    // A header with a problem is the table, reported as always.
    const odd = await readBook({ '录入表.xlsx': await book({ 成员名册: HOUSEHOLDS_ROWS, 收支: REVENUE_ROWS, 人口: [['户号', '姓名', '籍贯']] }) });
    expect(odd.warnings).toEqual(['录入表.xlsx[人口]:1:C: W_UNKNOWN_COLUMN']);
    expect(odd.ds.persons).toEqual([]);
    const none = await readBook({ '录入表.xlsx': await book({ 成员名册: [['户号', '户主']], 收支: [] }) });
    expect(none.errors).toEqual(['录入表.xlsx[成员名册]:0:0: E_NO_HOUSEHOLDS', '录入表.xlsx[收支]:0:0: E_MISSING_COLUMN']);
  });

  it('names the unfilled 人口 sheet when a persons basis needs the persons table', async () => {
    const rules = testRules();
    rules.members = [{ ...rules.members[0], basis: 'persons', minAge: 80, pos: { line: 9, column: 5 } }];
    for (const rows of [[['户号', '姓名', '出生日期']], []] as Rows[]) {
      const dir = makeRun({ '录入表.xlsx': await book({ 成员名册: HOUSEHOLDS_ROWS, 收支: REVENUE_ROWS, 人口: rows }) });
      const problems = new Problems();
      await readRunDir(dir, rules, { encoding: 'auto' }, problems);
      expect(shown(problems.errors)).toEqual(['录入表.xlsx[人口]:0:0: E_MISSING_FILE']);
      expect(problems.errors[0].message).toContain('录入表.xlsx[人口] 还没有填写');
    }
  });

  it('keeps IDs and accounts of text cells, reads date cells, and refuses a mangled ID number cell', async () => {
    const x = await readBook({
      '录入表.xlsx': await book(
        {
          成员名册: [['户号', '户主', '身份证号', '银行账号'], ['001', '张三', '522634197506180179', '6230520110040000114'], ['002', '李四', 5.22634197506181e17, '']],
          收支: [['日期', '收支', '金额'], [new Date(Date.UTC(2025, 4, 31)), '收入', 1000]],
        },
        { 成员名册: [1, 3, 4] },
      ),
    });
    expect(x.errors).toEqual(['录入表.xlsx[成员名册]:3:C: E_EXCEL_MANGLED']);
    expect(x.ds.households[0]).toMatchObject({ id: '001', idNumber: '522634197506180179', bankAccount: '6230520110040000114' });
  });

  it('keeps the rows of one household for explain, under the sheet’s name', async () => {
    const dir = makeRun({ '录入表.xlsx': await book({ 成员名册: HOUSEHOLDS_ROWS, 收支: REVENUE_ROWS, 务工: [['户号', '天数'], ['H2', 1], ['H1', 2]] }) });
    const problems = new Problems();
    const ds = await readRunDir(dir, testRules(), { encoding: 'auto', detailFor: 'H1' }, problems);
    expect(problems.errors).toEqual([]);
    expect(ds.detail.map((d) => `${d.file}:${d.line}`)).toEqual(['录入表.xlsx[成员名册]:2', '录入表.xlsx[务工]:3']);
  });

  it('reads a workbook of many sheets whose parts come before the shared strings (as Excel and exceljs write them)', async () => {
    // exceljs's own streaming reader loses the shared strings of such a workbook (cells come as
    // { sharedString: n }) or a whole sheet; the reader feeds it the parts itself.
    const sheets: Record<string, Rows> = {};
    for (let i = 1; i <= 14; i++) sheets[`备用${i}`] = [];
    const wb = await book({ ...sheets, 成员名册: HOUSEHOLDS_ROWS, 收支: REVENUE_ROWS, 务工: [['户号', '天数'], ['H1', 1]] });
    expect(wb.indexOf('xl/worksheets/sheet1.xml')).toBeLessThan(wb.indexOf('xl/sharedStrings.xml'));
    for (let k = 0; k < 3; k++) {
      const x = await readBook({ '录入表.xlsx': wb });
      expect(x.errors).toEqual([]);
      expect(x.ds.households.map((h) => h.name)).toEqual(['张三', '李四', '王五']);
      expect(x.ds.laborDays[0]).toBe(100);
    }
    // A table's own workbook with many sheets: its first sheet.
    const own = await readBook({ 'households.xlsx': await book({ 名册: HOUSEHOLDS_ROWS, ...sheets }), 'revenue.csv': REVENUE });
    expect(own.errors).toEqual([]);
    expect(own.ds.households).toHaveLength(3);
  });

  it('is not taken for a table: a workbook called 录入表 is never read as its first sheet', async () => {
    const x = await readBook({ '录入表.xlsx': await book({ 说明: [['x']], 成员名册: HOUSEHOLDS_ROWS, 收支: REVENUE_ROWS }), 'households.xlsx': await book({ 名册: HOUSEHOLDS_ROWS }) });
    expect(x.errors).toEqual(['录入表.xlsx[成员名册]:0:0: E_AMBIGUOUS_INPUT']);
  });

  it('leaves the folder’s other files as they were read before (no workbook: nothing changes)', async () => {
    const dir = makeRun({ 'households.csv': HOUSEHOLDS, 'revenue.csv': REVENUE });
    const problems = new Problems();
    const ds = await readRunDir(dir, testRules(), { encoding: 'auto' }, problems);
    expect(problems.errors).toEqual([]);
    expect(problems.warnings).toEqual([]);
    expect(ds.inputs.map((i) => i.file)).toEqual(['households.csv', 'revenue.csv']);
    expect(fs.readdirSync(dir).sort()).toEqual(['households.csv', 'revenue.csv']);
  });
});
