/**
 * SPEC §10 through the CLI: a village whose tables carry Chinese file names, or sit as sheets of one
 * 录入表.xlsx, gives the very bytes its English-named twin gives — every output file but
 * summary.json, whose `inputs` name the files as they are called — and its warnings are placed in
 * the files as they are called.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { cli, errorPlaces, ROOT, tempDir } from '../helpers/cli.js';

const DEMO = path.join(ROOT, 'fixtures', 'demo');

const CHINESE: Record<string, string> = {
  'households.csv': '成员名册.csv',
  'land.csv': '土地.csv',
  'shares.csv': '股份.csv',
  'labor.csv': '用工.csv',
  'revenue.csv': '收支.csv',
  'deductions.csv': '扣款.csv',
};

const SHEETS: Record<string, string> = {
  'households.csv': '成员名册',
  'land.csv': '土地',
  'shares.csv': '股份',
  'labor.csv': '务工',
  'revenue.csv': '收支',
  'deductions.csv': '扣减',
};

function decode(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return iconv.decode(bytes, 'gb18030');
  }
}

/** The demo's tables as sheets of one workbook, every cell the CSV field's text (a text cell). */
async function demoWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('说明').addRow(['老山村 录入表']);
  for (const [file, sheet] of Object.entries(SHEETS)) {
    const ws = wb.addWorksheet(sheet);
    const rows: string[][] = parse(decode(readFileSync(path.join(DEMO, file))), { skip_empty_lines: true });
    for (let c = 1; c <= rows[0].length; c++) ws.getColumn(c).numFmt = '@';
    for (const r of rows) ws.addRow(r);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function run(dir: string, out: string): { code: number; stderr: string } {
  return cli(['run', dir, '--out', out]);
}

/** Every output but summary.json byte for byte; summary.json equal but for inputs' file names. */
function sameOutputs(a: string, b: string, names: (file: string) => string): void {
  const files = readdirSync(a).filter((f) => !f.startsWith('.')).sort();
  expect(readdirSync(b).filter((f) => !f.startsWith('.')).sort()).toEqual(files);
  for (const f of files) {
    if (f === 'summary.json') continue;
    expect(readFileSync(path.join(b, f)).equals(readFileSync(path.join(a, f))), f).toBe(true);
  }
  const sa = JSON.parse(readFileSync(path.join(a, 'summary.json'), 'utf8'));
  const sb = JSON.parse(readFileSync(path.join(b, 'summary.json'), 'utf8'));
  const { inputs: ia, ...ra } = sa;
  const { inputs: ib, ...rb } = sb;
  expect(rb).toEqual(ra);
  expect(ib.map((i: { file: string }) => i.file)).toEqual(ia.map((i: { file: string }) => names(i.file)));
  expect(ib.map((i: { rows: number }) => i.rows)).toEqual(ia.map((i: { rows: number }) => i.rows));
}

describe('fixtures/demo with Chinese file names', () => {
  it('writes the same bytes but summary.json’s inputs, and places its warnings in 成员名册.csv', () => {
    const work = tempDir('coop-zh-names-');
    const dir = path.join(work, '老山村');
    cpSync(DEMO, dir, { recursive: true });
    rmSync(path.join(dir, 'expected.json'));
    for (const [en, zh] of Object.entries(CHINESE)) renameSync(path.join(dir, en), path.join(dir, zh));
    const a = run(DEMO, path.join(work, 'out-en'));
    const b = run(dir, path.join(work, 'out-zh'));
    expect(a.code).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    sameOutputs(path.join(work, 'out-en'), path.join(work, 'out-zh'), (f) => CHINESE[f]);
    const warnings = (s: string, d: string) =>
      s.split('\n').filter((l) => / W_[A-Z_]+: /.test(l)).map((l) => l.replace(d + path.sep, ''));
    expect(warnings(b.stderr, dir)).toEqual(warnings(a.stderr, DEMO).map((l) => l.replace(/^households\.csv:/, '成员名册.csv:')));
    expect(warnings(b.stderr, dir).length).toBeGreaterThan(0);
    // The same through sha256 and row counts, through validate --json.
    const v = JSON.parse(cli(['validate', dir, '--json']).stdout);
    expect(v.inputs.map((i: { file: string }) => i.file)).toEqual(['成员名册.csv', '收支.csv', '土地.csv', '股份.csv', '用工.csv', '扣款.csv']);
  });

  it('stops at two files for one table, naming both, and writes nothing', () => {
    const work = tempDir('coop-zh-names-');
    const dir = path.join(work, 'v');
    cpSync(DEMO, dir, { recursive: true });
    cpSync(path.join(dir, 'labor.csv'), path.join(dir, '务工.csv'));
    const out = path.join(work, 'out');
    const r = run(dir, out);
    expect(r.code).toBe(1);
    expect(errorPlaces(r.stderr, dir)).toEqual(['务工.csv:0:0: E_AMBIGUOUS_INPUT']);
    expect(r.stderr).toContain('labor.csv 和 务工.csv 同时存在');
    expect(readdirSync(work)).toEqual(['v']);
  });
});

describe('fixtures/demo as one workbook 录入表.xlsx', () => {
  it('writes the same bytes but summary.json’s inputs, which name the sheets', async () => {
    const work = tempDir('coop-zh-book-');
    const dir = path.join(work, '老山村');
    mkdirSync(dir);
    cpSync(path.join(DEMO, 'rules.yaml'), path.join(dir, 'rules.yaml'));
    writeFileSync(path.join(dir, '录入表.xlsx'), await demoWorkbook());
    const a = run(DEMO, path.join(work, 'out-en'));
    const b = run(dir, path.join(work, 'out-book'));
    expect(a.code).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    sameOutputs(path.join(work, 'out-en'), path.join(work, 'out-book'), (f) => `录入表.xlsx[${SHEETS[f]}]`);
    expect(b.stderr).toMatch(/录入表\.xlsx\[成员名册\]:7:0: W_NEGATIVE_NET/);
  });

  it('places an error of a sheet as 录入表.xlsx[务工]:ROW:COLUMN-LETTER, in --json too', async () => {
    const work = tempDir('coop-zh-book-');
    const dir = path.join(work, 'v');
    mkdirSync(dir);
    cpSync(path.join(DEMO, 'rules.yaml'), path.join(dir, 'rules.yaml'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await demoWorkbook()) as unknown as ExcelJS.Buffer);
    wb.getWorksheet('务工')!.getRow(3).getCell(5).value = '十天';
    writeFileSync(path.join(dir, '录入表.xlsx'), Buffer.from(await wb.xlsx.writeBuffer()));
    const r = cli(['validate', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${path.join(dir, '录入表.xlsx')}[务工]:3:E: E_BAD_NUMBER: `);
    const j = JSON.parse(cli(['validate', dir, '--json']).stdout);
    expect(j.errors.map((e: { file: string; line: number; column: number }) => `${path.basename(e.file)}:${e.line}:${e.column}`)).toEqual(['录入表.xlsx[务工]:3:5']);
  });
});
