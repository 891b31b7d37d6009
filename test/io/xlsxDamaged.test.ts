// Issue 12: a truncated or malformed sheet XML inside a whole, valid zip (CRCs right) is an error —
// E_BAD_ENCODING at households.xlsx:0:0 saying the workbook is damaged and to save it again — never
// a short read (a run with fewer households). Also the XML and shared-string limits, in process.
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRunDir } from '../../src/io/readRunDir.js';
import { MAX_ROW_CELLS, MAX_SHARED_STRINGS, SharedStringBudget, XlsxTooLarge } from '../../src/io/xlsxLimits.js';
import { Problems } from '../../src/problems.js';
import { zipFiles, type ZipEntry } from '../../src/render/zipWriter.js';
import { cleanupRuns, makeRun, REVENUE, testRules } from './runDir.js';

afterAll(cleanupRuns);

const SHEET = 'xl/worksheets/sheet1.xml';
let entries: ZipEntry[] = [];
let sheet = '';

beforeAll(async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  ws.addRow(['household_id', 'name', 'category']);
  for (let i = 1; i <= 40; i++) ws.addRow([`H${i}`, `户${i}`, '一般户']);
  const zip = await JSZip.loadAsync(Buffer.from(await wb.xlsx.writeBuffer()));
  entries = [];
  for (const name of Object.keys(zip.files)) if (!zip.files[name].dir) entries.push({ name, data: await zip.files[name].async('nodebuffer') });
  sheet = (entries.find((e) => e.name === SHEET)!.data as Buffer).toString('utf8');
});

/** The workbook with sheet1.xml replaced (a valid zip: sizes and CRCs are right). */
function withSheet(xml: string | Buffer): Buffer {
  return zipFiles(
    entries.map((e) => (e.name === SHEET ? { name: e.name, data: xml } : e)),
    { year: 2025 },
  );
}

async function read(xlsx: Buffer) {
  const problems = new Problems();
  const ds = await readRunDir(makeRun({ 'households.xlsx': xlsx, 'revenue.csv': REVENUE }), testRules(), { encoding: 'auto' }, problems);
  return { ok: problems.ok, households: ds?.households.length ?? 0, errors: problems.errors.map((p) => ({ at: `${p.line}:${p.column}: ${p.code}`, message: p.message })) };
}

describe('a damaged sheet inside a whole zip (issue 12)', () => {
  it('reads the untouched workbook whole (40 households)', async () => {
    const r = await read(withSheet(sheet));
    expect(r.errors).toEqual([]);
    expect(r.households).toBe(40);
  });

  it('is E_BAD_ENCODING at 0:0 (damaged: open and save again), at every truncation point, never a short read', async () => {
    const bytes = Buffer.from(sheet, 'utf8');
    const lastRow = sheet.lastIndexOf('</row>') + '</row>'.length;
    const cuts = [
      ...[0.02, 0.1, 0.25, 0.4, 0.5, 0.6, 0.75, 0.9, 0.97].map((f) => Math.floor(bytes.length * f)),
      lastRow, // every row there, </sheetData> missing
      sheet.indexOf('</sheetData>') + '</sheetData>'.length,
      bytes.length - 1, // `</worksheet` without its `>`
      0, // an empty part
    ];
    for (const cut of cuts) {
      const r = await read(withSheet(bytes.subarray(0, cut)));
      expect(r.ok, `cut at ${cut}`).toBe(false);
      expect(
        r.errors.map((e) => e.at),
        `cut at ${cut}`,
      ).toEqual(['0:0: E_BAD_ENCODING']);
      expect(r.errors[0].message).toMatch(/已损坏.*Excel 或 WPS.*重新保存/);
    }
  });

  it('is E_BAD_ENCODING for XML that is not well-formed (a mismatched tag, text after the root, a DTD)', async () => {
    const bad = [
      sheet.replace('</c>', '</x>'),
      sheet + '<row/>',
      sheet.replace('<worksheet', '<!DOCTYPE worksheet [<!ENTITY a "aaaa">]><worksheet'),
      sheet.replace('</sheetData>', '</sheetData></sheetData>'),
    ];
    for (const xml of bad) {
      const r = await read(withSheet(xml));
      expect(r.ok).toBe(false);
      expect(r.errors.map((e) => e.at)).toEqual(['0:0: E_BAD_ENCODING']);
      expect(r.errors[0].message).toMatch(/重新保存/);
    }
  });

  it('is E_TOO_LARGE at 0:0 for XML nested too deep and for a row of more cells than Excel has columns', async () => {
    const deep = sheet.replace('<sheetData>', '<sheetData>' + '<a>'.repeat(100_000)).replace('</sheetData>', '</a>'.repeat(100_000) + '</sheetData>');
    const wide = sheet.replace('</row>', '<c r="Z1"/>'.repeat(MAX_ROW_CELLS + 1) + '</row>');
    for (const xml of [deep, wide]) {
      const r = await read(withSheet(xml));
      expect(r.errors.map((e) => `${e.at}: ${e.message}`)).toEqual([expect.stringMatching(/^0:0: E_TOO_LARGE/)]);
      expect(r.errors[0].message).toMatch(/读取上限/);
    }
  });

  it('counts shared strings and their characters', () => {
    const b = new SharedStringBudget();
    for (let i = 0; i < MAX_SHARED_STRINGS; i++) b.add('');
    expect(() => b.add('x')).toThrow(XlsxTooLarge);
    const c = new SharedStringBudget();
    const long = 'x'.repeat(1_000_000);
    for (let i = 0; i < 100; i++) c.add({ richText: [{ text: long }] });
    expect(() => c.add('x')).toThrow(XlsxTooLarge);
  });
});
