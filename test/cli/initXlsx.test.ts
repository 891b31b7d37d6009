/**
 * `init --xlsx` (SPEC §10): rules.yaml and one workbook 录入表.xlsx, a sheet per table with the
 * Chinese headers of FILE_SPECS' templates, ID columns as text, drop-down lists from the rules and a
 * 说明 sheet. Filled in (here by a script, as an accountant does in Excel), `run` reads it and pays
 * exactly what the same village's CSV files pay.
 */
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { FILE_SPECS, headerLookup, normalizeHeader } from '../../src/io/columns.js';
import { cli, errorPlaces, ROOT, tempDir } from '../helpers/cli.js';

const MINI = path.join(ROOT, 'fixtures', 'mini');

const SHEET_OF: Record<string, string> = {
  'households.csv': '成员名册',
  'land.csv': '土地',
  'shares.csv': '股份',
  'labor.csv': '务工',
  'revenue.csv': '收支',
  'deductions.csv': '扣减',
};

const NUMBERS = new Set(['area_mu', 'months', 'units', 'days', 'amount', 'points', 'quantity']);
const DATES = new Set(['date', 'birth_date']);

async function load(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

/** Types mini's CSV rows into the template's sheets: text as text, numbers as number cells, dates as date cells. */
async function fill(file: string): Promise<void> {
  const wb = await load(file);
  for (const [csv, sheet] of Object.entries(SHEET_OF)) {
    const spec = FILE_SPECS.find((s) => s.file === csv)!;
    const lookup = headerLookup(spec);
    const ws = wb.getWorksheet(sheet)!;
    const header = (ws.getRow(1).values as string[]).slice(1).map((h) => lookup.get(normalizeHeader(h))!.name);
    const [head, ...rows]: string[][] = parse(readFileSync(path.join(MINI, csv), 'utf8').replace(/^\uFEFF/, ''), { skip_empty_lines: true });
    const names = head.map((h) => lookup.get(normalizeHeader(h))!.name);
    for (const r of rows) {
      const row = ws.addRow([]);
      names.forEach((name, j) => {
        const v = r[j];
        if (v === '') return;
        const cell = row.getCell(header.indexOf(name) + 1);
        cell.value = NUMBERS.has(name) ? Number(v.replace(/,/g, '')) : DATES.has(name) ? new Date(`${v}T00:00:00Z`) : v;
      });
      row.commit();
    }
  }
  await wb.xlsx.writeFile(file);
}

describe('init --xlsx', () => {
  it('writes rules.yaml and 录入表.xlsx only: a 说明 sheet and a sheet per table, headed by the templates', async () => {
    const dir = path.join(tempDir(), 'new');
    const r = cli(['init', dir, '--xlsx']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('录入表.xlsx');
    expect(readdirSync(dir).sort()).toEqual(['rules.yaml', '录入表.xlsx'].sort());
    const wb = await load(path.join(dir, '录入表.xlsx'));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['说明', '成员名册', '土地', '股份', '务工', '收支', '扣减', '人口', '交易']);
    for (const ws of wb.worksheets.slice(1)) {
      const spec = FILE_SPECS.find((s) => s.names[0] === ws.name)!;
      expect((ws.getRow(1).values as string[]).slice(1), ws.name).toEqual([...spec.template!]);
      expect(ws.rowCount, ws.name).toBe(1);
    }
    // ID and account columns are text, so that Excel keeps every digit.
    const hh = wb.getWorksheet('成员名册')!;
    expect([1, 4, 5].map((c) => hh.getColumn(c).numFmt)).toEqual(['@', '@', '@']);
    expect(wb.getWorksheet('土地')!.getColumn(2).numFmt).toBe('@'); // 地块编号
    expect(wb.getWorksheet('务工')!.getColumn(2).numFmt).toBe('yyyy-mm-dd');
    // Drop-down lists from the rules init wrote (warnings only: other values may be typed).
    const list = (sheet: string, cell: string) => (wb.getWorksheet(sheet)! as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } }).dataValidations.model[cell];
    expect(list('务工', 'D2')).toMatchObject({ type: 'list', formulae: ['"采摘,管护"'], errorStyle: 'warning' });
    expect(list('土地', 'C9')).toMatchObject({ formulae: ['"水田,旱地"'] });
    expect(list('土地', 'E2')).toMatchObject({ formulae: ['"流转,入股,出租"'] });
    expect(list('股份', 'B2')).toMatchObject({ formulae: ['"land,fund,cash"'] });
    expect(list('成员名册', 'F2')).toMatchObject({ formulae: ['"脱贫户,监测户,一般户"'] });
    expect(list('收支', 'B2')).toMatchObject({ formulae: ['"收入,支出"'] });
    const notes = (wb.getWorksheet('说明')!.getSheetValues() as unknown[][]).flat().join('\n');
    for (const w of ['成员名册', '必填', '可选', '文本', '2025年3月15日', '¥1,234.50', '积分', '录入表.xlsx[务工]:14:C']) expect(notes).toContain(w);
  });

  it('is, unfilled, what validate asks to fill (E_NO_HOUSEHOLDS at the sheet), like the CSV templates', () => {
    const dir = path.join(tempDir(), 'new');
    expect(cli(['init', dir, '--xlsx']).code).toBe(0);
    const v = cli(['validate', dir]);
    expect(v.code).toBe(1);
    expect(errorPlaces(v.stderr, dir)).toEqual(['录入表.xlsx[成员名册]:0:0: E_NO_HOUSEHOLDS']);
    expect(v.stderr).not.toMatch(/W_UNKNOWN_FILE/);
  });

  it('filled in, runs and pays what the same village’s CSV files pay, to the byte', async () => {
    const work = tempDir('coop-init-xlsx-');
    const dir = path.join(work, '小寨村');
    expect(cli(['init', dir, '--xlsx']).code).toBe(0);
    cpSync(path.join(MINI, 'rules.yaml'), path.join(dir, 'rules.yaml')); // the village's own rules
    await fill(path.join(dir, '录入表.xlsx'));
    const v = cli(['validate', dir]);
    expect(v.code, v.stderr).toBe(0);
    const a = cli(['run', MINI, '--out', path.join(work, 'out-csv')]);
    const b = cli(['run', dir, '--out', path.join(work, 'out-xlsx')]);
    expect(a.code).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const files = readdirSync(path.join(work, 'out-csv')).filter((f) => !f.startsWith('.') && f !== 'summary.json');
    expect(files.length).toBeGreaterThan(4);
    for (const f of files) {
      expect(readFileSync(path.join(work, 'out-xlsx', f)).equals(readFileSync(path.join(work, 'out-csv', f))), f).toBe(true);
    }
    const { inputs, ...s } = JSON.parse(readFileSync(path.join(work, 'out-xlsx', 'summary.json'), 'utf8'));
    const { inputs: csvInputs, ...c } = JSON.parse(readFileSync(path.join(work, 'out-csv', 'summary.json'), 'utf8'));
    expect(s).toEqual(c);
    // The 人口 and 交易 sheets left unfilled are as if absent (no 人数 column of zeros).
    expect(inputs.map((i: { file: string; rows: number }) => `${i.file}:${i.rows}`)).toEqual(
      csvInputs.map((i: { file: string; rows: number }) => `录入表.xlsx[${SHEET_OF[i.file]}]:${i.rows}`),
    );
    expect(inputs.map((i: { file: string }) => i.file)).not.toContain('录入表.xlsx[人口]');
  });

  it('writes the same bytes every time (zip stamps do not follow the clock)', () => {
    const a = path.join(tempDir(), 'a');
    const b = path.join(tempDir(), 'b');
    expect(cli(['init', a, '--xlsx']).code).toBe(0);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2100); // past the 2-second step of a zip stamp
    expect(cli(['init', b, '--xlsx']).code).toBe(0);
    expect(readFileSync(path.join(b, '录入表.xlsx')).equals(readFileSync(path.join(a, '录入表.xlsx')))).toBe(true);
  });

  it('never overwrites, and refuses a folder that already holds an input table (it would be there twice)', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, '务工.csv'), '户号,天数\n');
    const r = cli(['init', dir, '--xlsx']);
    expect(r.code).toBe(1);
    expect(errorPlaces(r.stderr, dir)).toEqual(['务工.csv:0:0: E_EXISTS']);
    expect(existsSync(path.join(dir, '录入表.xlsx'))).toBe(false);
    expect(existsSync(path.join(dir, 'rules.yaml'))).toBe(false);
    const again = path.join(tempDir(), 'v');
    expect(cli(['init', again, '--xlsx']).code).toBe(0);
    const twice = cli(['init', again, '--xlsx']);
    expect(twice.code).toBe(1);
    expect(errorPlaces(twice.stderr, again)).toEqual(['rules.yaml:0:0: E_EXISTS', '录入表.xlsx:0:0: E_EXISTS']);
  });

  it('leaves plain init as it was: rules.yaml and header-only CSVs, no workbook', () => {
    const dir = path.join(tempDir(), 'csv');
    expect(cli(['init', dir]).code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['deductions.csv', 'households.csv', 'labor.csv', 'land.csv', 'persons.csv', 'revenue.csv', 'rules.yaml', 'shares.csv', 'transactions.csv']);
  });
});
