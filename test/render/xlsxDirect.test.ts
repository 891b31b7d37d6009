import path from 'node:path';
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { analyseRun } from '../../src/pipeline/analyseRun.js';
import { payoutsXlsx } from '../../src/render/xlsx.js';
import { xmlEscape } from '../../src/render/xlsxDirect.js';
import { crc32, crc32Portable, zipFiles } from '../../src/render/zipWriter.js';
import { ROOT } from '../helpers/cli.js';
import { makeRun, type Run } from './publishFixture.js';
import { payoutsXlsxExceljs } from './xlsxExceljs.js';

/**
 * The direct SpreadsheetML writer against the exceljs writer it replaced: both workbooks read back
 * with exceljs hold the same cells (values, types, formats, formulas and results, fonts, fills,
 * borders, alignment, merges), the same views, widths, page setup, header and footer.
 */

async function load(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  return wb;
}

/** A font without what comes from the theme (the direct writer has no theme part). */
function font(f: Partial<ExcelJS.Font> | undefined): unknown {
  if (!f) return undefined;
  const { color, scheme, ...rest } = f as Partial<ExcelJS.Font> & { scheme?: unknown };
  if (color && !('theme' in color)) return { ...rest, color };
  return rest;
}

function describeSheet(ws: ExcelJS.Worksheet): Record<string, unknown> {
  const cells: Record<string, unknown> = {};
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    for (let c = 1; c <= Math.max(ws.columnCount, row.cellCount); c++) {
      const cell = row.getCell(c);
      cells[cell.address] = {
        type: cell.type,
        value: cell.value,
        text: cell.type === ExcelJS.ValueType.Formula ? { formula: cell.formula, result: cell.result } : undefined,
        numFmt: cell.numFmt,
        font: font(cell.font),
        fill: cell.fill,
        border: cell.border,
        alignment: cell.alignment,
        merged: cell.isMerged ? cell.master.address : null,
      };
    }
    cells[`row${r}`] = { height: row.height };
  }
  const columns = [];
  for (let c = 1; c <= ws.columnCount; c++) {
    const col = ws.getColumn(c);
    columns.push({ width: col.width, numFmt: col.numFmt });
  }
  return {
    name: ws.name,
    rowCount: ws.rowCount,
    columnCount: ws.columnCount,
    views: ws.views,
    pageSetup: ws.pageSetup,
    headerFooter: ws.headerFooter,
    merges: (ws.model as unknown as { merges: string[] }).merges,
    columns,
    cells,
  };
}

async function expectSameWorkbook(run: Run, lang: 'zh' | 'en'): Promise<Buffer> {
  const { rules, data, dist } = run;
  const direct = await payoutsXlsx(rules, data, dist, lang);
  const warn = vi.spyOn(console, 'warn');
  const a = await load(direct);
  expect(warn).not.toHaveBeenCalled();
  warn.mockRestore();
  const b = await load(await payoutsXlsxExceljs(rules, data, dist, lang));
  expect(a.worksheets.length).toBe(b.worksheets.length);
  a.worksheets.forEach((ws, k) => expect(describeSheet(ws)).toEqual(describeSheet(b.worksheets[k])));
  for (const key of ['creator', 'lastModifiedBy', 'title', 'created', 'modified'] as const) expect(a[key]).toEqual(b[key]);
  return direct;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('payouts.xlsx written directly', () => {
  it('is the exceljs workbook, cell by cell (zh and en)', async () => {
    const run = makeRun();
    await expectSameWorkbook(run, 'zh');
    await expectSameWorkbook(run, 'en');
  });

  it('is the exceljs workbook for the demo village', async () => {
    const a = await analyseRun(path.join(ROOT, 'fixtures', 'demo'), { encoding: 'auto' });
    expect(a.dist).toBeTruthy();
    await expectSameWorkbook({ rules: a.rules!, data: a.data!, dist: a.dist! }, 'zh');
  });

  it('escapes names holding < & " \' and keeps them exact', async () => {
    const run = makeRun({ name: `A&B <"合作社"> 'x'` });
    const buf = await expectSameWorkbook(run, 'zh');
    const wb = await load(buf);
    expect(wb.worksheets[0].getCell('A1').value).toBe(`A&B <"合作社"> 'x'`);
    expect(wb.worksheets[0].headerFooter.oddHeader).toContain('A&&B <"合作社">');
    expect(wb.title).toBe(`A&B <"合作社"> 'x'`);
  });

  it('drops characters XML 1.0 cannot hold and still loads', async () => {
    const run = makeRun({ name: 'bad\u0001\u0008name\uFFFF\uD800 ok' });
    run.data.households[0] = { ...run.data.households[0], name: '张\u0000三\u001F' };
    const buf = await payoutsXlsx(run.rules, run.data, run.dist, 'zh');
    const wb = await load(buf);
    expect(wb.worksheets[0].getCell('A1').value).toBe('badname ok');
    expect(wb.worksheets[1].getCell('B3').value).toBe('张三');
    expect(xmlEscape('a\u0000<b>&"c"\t\n')).toBe('a&lt;b&gt;&amp;&quot;c&quot;\t\n');
    expect(xmlEscape('😀 fine')).toBe('😀 fine');
  });

  it('is byte-identical across runs and stamps every entry 00:00 on 31 December', async () => {
    const { rules, data, dist } = makeRun();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-01T08:00:00Z'));
    const a = await payoutsXlsx(rules, data, dist, 'zh');
    vi.setSystemTime(new Date('2031-07-15T17:43:21Z'));
    const b = await payoutsXlsx(rules, data, dist, 'zh');
    vi.useRealTimers();
    expect(a.equals(b)).toBe(true);
  });
});

describe('zip writer', () => {
  it('computes CRC-32 the same natively and by table', () => {
    for (const s of ['', 'a', 'The quick brown fox jumps over the lazy dog', '合作社'.repeat(1000)]) {
      const buf = Buffer.from(s);
      expect(crc32(buf)).toBe(crc32Portable(buf));
    }
    expect(crc32(Buffer.from('The quick brown fox jumps over the lazy dog'))).toBe(0x414fa339);
  });

  it('writes entries that inflate back, in order, with a valid central directory', () => {
    const zip = zipFiles(
      [
        { name: 'a.txt', data: 'hello' },
        { name: 'dir/b.bin', data: Buffer.from([0, 1, 2, 255]) },
        { name: 'empty', data: '' },
      ],
      { year: 2025 },
    );
    const eocd = zip.length - 22;
    expect(zip.readUInt32LE(eocd)).toBe(0x06054b50);
    expect(zip.readUInt16LE(eocd + 10)).toBe(3);
    let p = zip.readUInt32LE(eocd + 16);
    const got: [string, string][] = [];
    for (let k = 0; k < 3; k++) {
      expect(zip.readUInt32LE(p)).toBe(0x02014b50);
      const nameLen = zip.readUInt16LE(p + 28);
      const name = zip.toString('ascii', p + 46, p + 46 + nameLen);
      const local = zip.readUInt32LE(p + 42);
      expect(zip.readUInt32LE(local)).toBe(0x04034b50);
      const size = zip.readUInt32LE(local + 18);
      const start = local + 30 + zip.readUInt16LE(local + 26);
      const data = zlib.inflateRawSync(zip.subarray(start, start + size));
      expect(crc32(data)).toBe(zip.readUInt32LE(p + 16));
      expect(zip.readUInt16LE(local + 12)).toBe(((2025 - 1980) << 9) | (12 << 5) | 31);
      got.push([name, data.toString('hex')]);
      p += 46 + nameLen;
    }
    expect(got).toEqual([
      ['a.txt', Buffer.from('hello').toString('hex')],
      ['dir/b.bin', '000102ff'],
      ['empty', ''],
    ]);
  });
});
