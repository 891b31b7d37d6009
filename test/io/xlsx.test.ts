import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { readRunDir } from '../../src/io/readRunDir.js';
import { columnLetter } from '../../src/util/columnLetter.js';
import { formatProblem, Problems } from '../../src/problems.js';
import { cli, ROOT, EXAMPLES, tempDir as cliTempDir } from '../helpers/cli.js';
import { cleanupRuns, makeRun, testRules } from './runDir.js';

const scratch: string[] = [];
afterAll(() => {
  cleanupRuns();
  for (const d of scratch.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = cliTempDir('coop-xlsx-');
  scratch.push(d);
  return d;
}

// ——— writing workbooks ———

type Value = ExcelJS.CellValue;

/** A one-sheet workbook's bytes. `text` columns (1-based) are formatted as text (`@`), as a careful accountant does. */
async function xlsx(rows: (Value[] | undefined)[], opts: { text?: number[]; dateCols?: number[]; firstRow?: number } = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  for (const c of opts.text ?? []) ws.getColumn(c).numFmt = '@';
  for (const c of opts.dateCols ?? []) ws.getColumn(c).numFmt = 'yyyy-mm-dd';
  rows.forEach((r, i) => {
    if (!r) return;
    const row = ws.getRow(i + (opts.firstRow ?? 1));
    r.forEach((v, j) => {
      if (v !== null && v !== undefined) row.getCell(j + 1).value = v;
    });
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const NUMERIC = new Set(['amount', 'area_mu', 'units', 'days', 'points', 'months', '金额', '面积', '面积(亩)', '亩数', '股数', '天数', '工日', '积分', '月数']);
const TEXT_COLS = new Set(['household_id', '户号', 'id_number', '身份证号', '身份证号码', 'bank_account', '银行账号', '账号', '一卡通账号']);
const DATE_COLS = new Set(['date', '日期']);

/** A CSV run directory rewritten as .xlsx: IDs and accounts as text, numbers as numbers, dates as dates. */
async function csvDirToXlsx(src: string, dst: string): Promise<void> {
  fs.mkdirSync(dst, { recursive: true });
  for (const f of fs.readdirSync(src)) {
    if (f === 'rules.yaml') fs.copyFileSync(path.join(src, f), path.join(dst, f));
    if (!f.endsWith('.csv')) continue;
    const bytes = fs.readFileSync(path.join(src, f));
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      text = iconv.decode(bytes, 'gb18030');
    }
    const rows: string[][] = parse(text.replace(/^\uFEFF/, ''), { skip_empty_lines: true });
    const head = rows[0].map((h) => h.normalize('NFKC').trim().toLowerCase());
    const cells = rows.slice(1).map((r) =>
      r.map((v, j): Value => {
        const h = head[j];
        if (v === '') return null;
        if (NUMERIC.has(h)) return Number(v.replace(/[,¥￥]/g, ''));
        if (DATE_COLS.has(h)) return new Date(`${v}T00:00:00Z`);
        return v;
      }),
    );
    const text1 = head.flatMap((h, j) => (TEXT_COLS.has(h) ? [j + 1] : []));
    const dates = head.flatMap((h, j) => (DATE_COLS.has(h) ? [j + 1] : []));
    fs.writeFileSync(path.join(dst, f.replace(/\.csv$/, '.xlsx')), await xlsx([rows[0], ...cells], { text: text1, dateCols: dates }));
  }
}

async function readDir(files: Record<string, string | Buffer>) {
  const dir = makeRun(files);
  const problems = new Problems();
  const ds = await readRunDir(dir, testRules(), { encoding: 'auto' }, problems);
  // `FILE:LINE:COLUMN: CODE` as printed, FILE as base name.
  const show = (list: typeof problems.errors) => list.map((p) => formatProblem({ ...p, file: path.basename(p.file), message: '' }).slice(0, -2));
  return { dir, ds, problems, errors: show(problems.errors), warnings: show(problems.warnings) };
}

const HOUSEHOLDS: Value[][] = [
  ['household_id', 'name', 'category', 'bank_account'],
  ['H1', '张三', '脱贫户', '6230520110001000011'],
  ['H2', '李四', '一般户', '6230520110001000029'],
  ['H3', '王五', '一般户', '6230520110001000037'],
];
const REVENUE: Value[][] = [
  ['kind', 'amount'],
  ['income', 1000],
];

async function baseRun(extra: Record<string, string | Buffer> = {}): Promise<Record<string, string | Buffer>> {
  return { 'households.xlsx': await xlsx(HOUSEHOLDS, { text: [1, 4] }), 'revenue.xlsx': await xlsx(REVENUE), ...extra };
}

// ——— tests ———

describe('xlsx column letters', () => {
  it('names columns as Excel does', () => {
    expect([1, 3, 26, 27, 52, 53, 702, 703, 16384].map(columnLetter)).toEqual(['A', 'C', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA', 'XFD']);
  });
});

describe('the shared examples as .xlsx give the same results as the CSV files', () => {
  it.each(['jinping-2025', 'baizhai-2025'])('%s: byte-identical payouts.csv and waterfall.csv, the same summary.json but for inputs', async (name) => {
    const src = path.join(EXAMPLES, name);
    const work = tempDir();
    const xdir = path.join(work, 'xlsx');
    await csvDirToXlsx(src, xdir);
    expect(fs.readdirSync(xdir).some((f) => f.endsWith('.csv'))).toBe(false);

    const a = cli(['run', src, '--out', path.join(work, 'out-csv')]);
    const b = cli(['run', xdir, '--out', path.join(work, 'out-xlsx')]);
    expect(a.code).toBe(0);
    expect(b.stderr.replace(/^.*W_[A-Z_]+: /gm, '')).toBe(a.stderr.replace(/^.*W_[A-Z_]+: /gm, ''));
    expect(b.code).toBe(0);
    for (const f of ['payouts.csv', 'waterfall.csv']) {
      expect(fs.readFileSync(path.join(work, 'out-xlsx', f)), f).toEqual(fs.readFileSync(path.join(work, 'out-csv', f)));
    }
    const sa = JSON.parse(fs.readFileSync(path.join(work, 'out-csv', 'summary.json'), 'utf8'));
    const sb = JSON.parse(fs.readFileSync(path.join(work, 'out-xlsx', 'summary.json'), 'utf8'));
    const { inputs: ia, ...restA } = sa;
    const { inputs: ib, ...restB } = sb;
    expect(restB).toEqual(restA);
    expect(ib.map((i: { file: string }) => i.file)).toEqual(ia.map((i: { file: string }) => i.file.replace(/\.csv$/, '.xlsx')));
    expect(ib.map((i: { rows: number }) => i.rows)).toEqual(ia.map((i: { rows: number }) => i.rows));
    for (const i of ib) {
      expect(i.sha256).toBe(createHash('sha256').update(fs.readFileSync(path.join(xdir, i.file))).digest('hex'));
    }
  });
});

describe('the committed example fixtures/xlsx', () => {
  const dir = path.join(ROOT, 'fixtures', 'xlsx');

  it('is a village entirely in .xlsx that run accepts', () => {
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.csv'))).toEqual([]);
    const out = path.join(tempDir(), 'out');
    const r = cli(['run', dir, '--out', out, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.households).toBe(4);
    expect(s.income).toBe('127150.50'); // 86500 + the formula's cached 40650.5
    expect(s.inputs.map((i: { file: string; rows: number }) => `${i.file}:${i.rows}`)).toEqual([
      'households.xlsx:4',
      'revenue.xlsx:4',
      'land.xlsx:4',
      'shares.xlsx:2',
      'labor.xlsx:4',
      'deductions.xlsx:1',
    ]);
    const payouts = fs.readFileSync(path.join(out, 'payouts.csv'), 'utf8');
    expect(payouts).toContain('PJ002,杨秀兰,'); // rich text → plain text
    expect(payouts).toContain(',6230520110050000045\r\n');
  });

  it('is what make-fixture.mjs writes, byte for byte', () => {
    const out = tempDir();
    const r = spawnSync(process.execPath, ['fixtures/xlsx/make-fixture.mjs', out], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(r.status, r.stderr).toBe(0);
    for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.xlsx'))) {
      expect(fs.readFileSync(path.join(out, f)).equals(fs.readFileSync(path.join(dir, f))), f).toBe(true);
    }
  });
});

describe('errors in .xlsx files name the Excel row and column letter', () => {
  it('prints a text in an amount cell as land.xlsx:3:D: E_BAD_NUMBER, and keeps the numeric column in JSON', async () => {
    const land = await xlsx(
      [
        ['household_id', 'plot_id', 'land_type', 'area_mu', 'arrangement'],
        ['H1', 'P1', '水田', 2.5, 'rent'],
        ['H2', 'P2', '旱地', '两亩', 'rent'],
      ],
      { text: [1] },
    );
    const dir = makeRun({ ...(await baseRun({ 'land.xlsx': land })), 'rules.yaml': fs.readFileSync(path.join(ROOT, 'fixtures', 'mini', 'rules.yaml')) });
    const r = cli(['validate', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${path.join(dir, 'land.xlsx')}:3:D: E_BAD_NUMBER: `);
    const j = cli(['validate', dir, '--json']);
    const e = JSON.parse(j.stdout).errors.find((x: { code: string }) => x.code === 'E_BAD_NUMBER');
    expect(e).toMatchObject({ line: 3, column: 4 });
  });

  it('counts rows as Excel does: blank rows and rows above the header keep their numbers', async () => {
    const labor = await xlsx([undefined, ['household_id', 'days'], ['H1', 3], undefined, ['', ''], ['H2', -2]], { text: [1] });
    const r = await readDir(await baseRun({ 'labor.xlsx': labor }));
    expect(r.errors).toEqual(['labor.xlsx:6:B: E_BAD_NUMBER']);
    expect(r.ds.inputs.find((i) => i.file === 'labor.xlsx')?.rows).toBe(2);
  });

  it('makes a numeric 19-digit bank account E_EXCEL_MANGLED with the fix', async () => {
    const hh = HOUSEHOLDS.map((r) => [...r]);
    hh[2][3] = 6230520110001000029; // what Excel keeps of 6230520110001000029 typed into a General cell
    const r = await readDir(await baseRun({ 'households.xlsx': await xlsx(hh) }));
    expect(r.errors).toEqual(['households.xlsx:3:D: E_EXCEL_MANGLED']);
    expect(r.problems.errors[0].message).toContain('设置单元格格式为文本');
    expect(r.problems.errors[0].message).toContain('format the column as text');
  });

  it('makes a numeric 18-digit ID number E_EXCEL_MANGLED, but takes a whole number of at most 15 digits as its digits', async () => {
    const hh: Value[][] = [
      ['户号', '户主', '身份证号', '银行账号'],
      [1001, '张三', 522634197506180180, 62305201100010],
      [1002, '李四', 522634750618017, 4000.5],
      [1003, '王五', '522634197506180179', '6230520110001000029'],
    ];
    const r = await readDir(await baseRun({ 'households.xlsx': await xlsx(hh) }));
    expect(r.errors).toEqual(['households.xlsx:2:C: E_EXCEL_MANGLED', 'households.xlsx:3:D: E_EXCEL_MANGLED']);
    const h = r.ds.households;
    expect(h.map((x) => x.id)).toEqual(['1001', '1002', '1003']);
    expect(h[0].bankAccount).toBe('62305201100010');
    expect(h[1].idNumber).toBe('522634750618017');
  });

  it('reports an Excel error value or a formula without a cached result once, as E_BAD_VALUE', async () => {
    const land = await xlsx([
      ['household_id', 'land_type', 'area_mu', 'arrangement'],
      ['H1', '水田', { formula: 'B9*2' } as Value, 'rent'],
      ['H2', '旱地', { error: '#DIV/0!' } as Value, 'rent'],
      ['H3', '旱地', { formula: '1/0', result: { error: '#DIV/0!' } } as Value, 'rent'],
    ]);
    const r = await readDir(await baseRun({ 'land.xlsx': land }));
    expect(r.errors).toEqual(['land.xlsx:2:C: E_BAD_VALUE', 'land.xlsx:3:C: E_BAD_VALUE', 'land.xlsx:4:C: E_BAD_VALUE']);
    expect(r.problems.errors[0].message).toContain('在 Excel 中打开并保存一次');
    expect(r.problems.errors[1].message).toContain('#DIV/0!');
  });

  it('uses a formula’s cached result and turns rich text into plain text', async () => {
    const hh: Value[][] = [
      ['household_id', 'name'],
      ['H1', { richText: [{ text: '张', font: { bold: true } }, { text: '三' }] }],
      [{ formula: '"H"&2', result: 'H2' }, '李四'],
    ];
    const land = await xlsx([
      ['household_id', 'land_type', 'area_mu', 'arrangement'],
      ['H1', '水田', { formula: '1+1.5', result: 2.5 }, 'rent'],
    ]);
    const r = await readDir(await baseRun({ 'households.xlsx': await xlsx(hh), 'land.xlsx': land }));
    expect(r.errors).toEqual([]);
    expect(r.ds.households.map((h) => `${h.id}:${h.name}`)).toEqual(['H1:张三', 'H2:李四']);
    expect(r.ds.rentAreaMonths.get('水田')?.[0]).toBe(25000 * 12);
  });

  it('writes number cells as their shortest decimal text: float artefacts and exponents are E_BAD_NUMBER', async () => {
    const rev = await xlsx([
      ['kind', 'amount'],
      ['income', 186420.5],
      ['income', 0.1 + 0.2],
      ['income', 1e-7],
      ['expense', 12.345],
    ]);
    const r = await readDir(await baseRun({ 'revenue.xlsx': rev }));
    expect(r.errors).toEqual(['revenue.xlsx:3:B: E_BAD_NUMBER', 'revenue.xlsx:4:B: E_BAD_NUMBER', 'revenue.xlsx:5:B: E_BAD_NUMBER']);
    expect(r.problems.errors[0].message).toContain('0.30000000000000004');
    expect(r.ds.revenue[0].amountFen).toBe(18642050n);
  });

  it('reads date cells as YYYY-MM-DD in UTC, whatever the time zone, and checks them like CSV dates', async () => {
    const labor = await xlsx(
      [
        ['household_id', 'date', 'days'],
        ['H1', new Date('2025-01-01T00:00:00Z'), 1],
        ['H1', new Date('2025-12-31T23:59:00Z'), 1],
        ['H2', new Date('2024-12-31T00:00:00Z'), 1],
        ['H2', '2025-03-04', 1],
        ['H1', 45749, 1], // a date serial in a General cell: 2025-04-02
      ],
      { dateCols: [2] },
    );
    const dir = makeRun(await baseRun({ 'labor.xlsx': labor }));
    for (const tz of ['UTC', 'Asia/Shanghai', 'America/Los_Angeles']) {
      const problems = new Problems();
      const ds = await withTimeZone(tz, () => readRunDir(dir, testRules(), { encoding: 'auto', detailFor: 'H1' }, problems));
      expect(problems.errors.map((p) => `${p.line}:${p.columnLabel} ${p.code} ${p.message.slice(p.message.lastIndexOf('"', p.message.length - 2))}`), tz).toEqual([
        '4:B E_BAD_DATE "2024-12-31"',
      ]);
      expect(ds.detail.filter((d) => d.file === 'labor.xlsx').map((d) => d.fields.date)).toEqual(['2025-01-01', '2025-12-31', '2025-04-02']);
    }
  });

  it('ignores cells right of the header with one W_UNKNOWN_COLUMN per column', async () => {
    const pts = await xlsx([
      ['household_id', 'points'],
      ['H1', 5, null, '备注'],
      ['H2', 6, null, '又一个'],
    ]);
    const r = await readDir(await baseRun({ 'points.xlsx': pts }));
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual(['points.xlsx:2:D: W_UNKNOWN_COLUMN']);
  });

  it('reads the first worksheet in the workbook’s order, not the first part in the zip', async () => {
    const wb = new ExcelJS.Workbook();
    const notes = wb.addWorksheet('说明');
    notes.addRow(['这一页不是数据']);
    const data = wb.addWorksheet('数据');
    data.addRow(['收支', '金额']);
    data.addRow(['收入', 4321.5]);
    // exceljs writes <sheets> by orderNo (not in its typings): 数据 first, though it is sheet2.xml.
    (notes as unknown as { orderNo: number }).orderNo = 1;
    (data as unknown as { orderNo: number }).orderNo = 0;
    const r = await readDir({ 'households.xlsx': await xlsx(HOUSEHOLDS), 'revenue.xlsx': Buffer.from(await wb.xlsx.writeBuffer()) });
    expect(r.errors).toEqual([]);
    expect(r.ds.revenue).toEqual([{ kind: 'income', category: '', amountFen: 432150n }]);
  });

  it('reads a workbook written by a streaming writer (parts in another order, inline strings)', async () => {
    const dir = makeRun({ 'revenue.xlsx': await xlsx(REVENUE) });
    const file = path.join(dir, 'households.xlsx');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false });
    const ws = wb.addWorksheet('名册');
    ws.addRow(['户号', '户主']).commit();
    for (let i = 1; i <= 3000; i++) ws.addRow([`H${i}`, `户主${i}`]).commit();
    ws.commit();
    await wb.commit();
    const problems = new Problems();
    const ds = await readRunDir(dir, testRules(), { encoding: 'auto' }, problems);
    expect(problems.errors).toEqual([]);
    expect(ds.households).toHaveLength(3000);
    expect(ds.households[2999]).toMatchObject({ id: 'H3000', name: '户主3000', line: 3001 });
  });
});

describe('files that cannot be read', () => {
  it('reports NAME.csv and NAME.xlsx side by side as E_AMBIGUOUS_INPUT at NAME.xlsx:0:0 and reads neither', async () => {
    const r = await readDir(await baseRun({ 'revenue.csv': 'kind,amount\nincome,1000\n' }));
    expect(r.errors).toEqual(['revenue.xlsx:0:0: E_AMBIGUOUS_INPUT']);
    expect(r.problems.errors[0].message).toContain('revenue.csv');
    expect(r.ds.revenue).toEqual([]);
    expect(r.ds.inputs.map((i) => i.file)).toEqual(['households.xlsx']);
  });

  it('stops the run at both files present, through the CLI too', async () => {
    const dir = makeRun({ ...(await baseRun({ 'households.csv': 'household_id,name\nH1,张三\n' })), 'rules.yaml': fs.readFileSync(path.join(ROOT, 'fixtures', 'mini', 'rules.yaml')) });
    const out = path.join(tempDir(), 'out');
    const r = cli(['run', dir, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${path.join(dir, 'households.xlsx')}:0:0: E_AMBIGUOUS_INPUT: `);
    expect(fs.existsSync(out)).toBe(false);
  });

  it.each([
    ['a text file renamed to .xlsx', () => Buffer.from('household_id,name\nH1,张三\n'), '不是 zip'],
    ['an empty file', () => Buffer.alloc(0), '空'],
    ['an old .xls (OLE2) file', () => Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(504)]), '.xls'],
  ])('reports %s as E_BAD_ENCODING at 0:0', async (_what, bytes, words) => {
    const r = await readDir(await baseRun({ 'households.xlsx': bytes() }));
    expect(r.errors).toEqual(['households.xlsx:0:0: E_BAD_ENCODING']);
    expect(r.problems.errors[0].message).toContain(words);
    expect(r.problems.errors[0].message).toContain('households.xlsx');
  });

  it('reports a truncated or corrupted workbook as E_BAD_ENCODING at 0:0 instead of hanging', async () => {
    const rows: Value[][] = [['household_id', 'name', 'bank_account']];
    for (let i = 1; i <= 4000; i++) rows.push([`H${i}`, `户主${i}`, `62305201100${String(i).padStart(8, '0')}`]);
    const good = await xlsx(rows, { text: [1, 3] });
    const sheetAt = good.indexOf('xl/worksheets/sheet1.xml');
    const flipped = Buffer.from(good);
    for (let i = 0; i < 64; i++) flipped[sheetAt + 200 + i] ^= 0x5a;
    for (const bad of [good.subarray(0, Math.floor(good.length / 2)), good.subarray(0, good.length - 10), flipped]) {
      const r = await readDir(await baseRun({ 'households.xlsx': bad }));
      expect(r.errors).toEqual(['households.xlsx:0:0: E_BAD_ENCODING']);
      expect(r.problems.errors[0].message).toMatch(/corrupt/);
    }
    const ok = await readDir(await baseRun({ 'households.xlsx': good }));
    expect(ok.errors).toEqual([]);
    expect(ok.ds.households).toHaveLength(4000);
  });

  it('reads a missing required file that is neither .csv nor .xlsx as E_MISSING_FILE on the .csv name', async () => {
    const r = await readDir({ 'revenue.xlsx': await xlsx(REVENUE) });
    expect(r.errors).toEqual(['households.csv:0:0: E_MISSING_FILE']);
  });
});

/** Runs fn with process.env.TZ set (Node re-reads TZ on assignment). */
async function withTimeZone<T>(tz: string, fn: () => Promise<T>): Promise<T> {
  const old = process.env.TZ;
  process.env.TZ = tz;
  try {
    return await fn();
  } finally {
    if (old === undefined) delete process.env.TZ;
    else process.env.TZ = old;
  }
}
