// Issue 12: a valid workbook is read whole every time, whatever the order of its parts in the zip.
// exceljs's own stream reader met xl/worksheets/sheet1.xml before xl/sharedStrings.xml (the order
// Excel writes) and intermittently read the sheet as empty. Here one workbook (a second sheet, shared
// strings, styles, 300 households: the sheet spans many inflate chunks) is re-zipped in several entry
// orders, and each is read 50 times and compared with its CSV twin.
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRunDir } from '../../src/io/readRunDir.js';
import { Problems } from '../../src/problems.js';
import { zipFiles, type ZipEntry } from '../../src/render/zipWriter.js';
import { cleanupRuns, makeRun, REVENUE, testRules } from './runDir.js';

afterAll(cleanupRuns);

const HEADER = ['household_id', 'name', 'category', 'village', 'bank_account'];
const ROWS: string[][] = Array.from({ length: 300 }, (_, i) => {
  const n = String(i + 1).padStart(3, '0');
  return [`H${n}`, `户主${'张李王赵'[i % 4]}${n}`, i % 3 === 0 ? '脱贫户' : '一般户', `第${(i % 7) + 1}组`, `62305201100${String(10_000_000 + i * 37)}`];
});
const CSV = [HEADER, ...ROWS].map((r) => r.join(',')).join('\n') + '\n';

let entries: ZipEntry[] = [];

beforeAll(async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('户');
  ws.getColumn(5).numFmt = '@';
  ws.addRow(HEADER);
  for (const r of ROWS) ws.addRow(r);
  wb.addWorksheet('说明').addRow(['这一页不读取']);
  const bytes = Buffer.from(await wb.xlsx.writeBuffer({ useSharedStrings: true } as ExcelJS.XlsxWriteOptions));
  const zip = await JSZip.loadAsync(bytes);
  entries = [];
  for (const name of Object.keys(zip.files)) if (!zip.files[name].dir) entries.push({ name, data: await zip.files[name].async('nodebuffer') });
});

/** A small seeded shuffle (the orders are the same every run). */
function shuffled<T>(list: readonly T[], seed: number): T[] {
  const a = [...list];
  let s = seed;
  for (let i = a.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) >>> 0;
    const j = s % (i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

function orders(): [string, ZipEntry[]][] {
  const rank = (e: ZipEntry): number => (e.name.startsWith('xl/worksheets/sheet') ? 0 : e.name === 'xl/sharedStrings.xml' ? 1 : 2);
  const sheetsFirst = [...entries].sort((a, b) => rank(a) - rank(b));
  const out: [string, ZipEntry[]][] = [
    ['sheets, then sharedStrings, then the rest', sheetsFirst],
    ['the reverse of that', [...sheetsFirst].reverse()],
    ['workbook.xml last', [...entries.filter((e) => e.name !== 'xl/workbook.xml'), ...entries.filter((e) => e.name === 'xl/workbook.xml')]],
  ];
  for (const seed of [1, 2, 3]) out.push([`shuffle ${seed}`, shuffled(entries, seed)]);
  return out;
}

async function households(files: Record<string, string | Buffer>) {
  const problems = new Problems();
  const ds = await readRunDir(makeRun(files), testRules(), { encoding: 'auto' }, problems);
  return { households: ds?.households, errors: problems.errors.map((p) => `${p.line}:${p.column}: ${p.code}: ${p.message}`) };
}

describe('a workbook whatever the order of its parts (issue 12)', () => {
  it('has the parts this test is about', () => {
    const names = entries.map((e) => e.name);
    expect(names).toEqual(expect.arrayContaining(['xl/workbook.xml', 'xl/sharedStrings.xml', 'xl/styles.xml', 'xl/worksheets/sheet1.xml', 'xl/worksheets/sheet2.xml']));
  });

  it('reads every row, 50 times in each of 6 entry orders, as its CSV twin', async () => {
    const twin = await households({ 'households.csv': CSV, 'revenue.csv': REVENUE });
    expect(twin.errors).toEqual([]);
    expect(twin.households).toHaveLength(300);
    const want = JSON.stringify(twin.households);
    for (const [label, order] of orders()) {
      const xlsx = zipFiles(order, { year: 2025 });
      for (let k = 0; k < 50; k++) {
        const got = await households({ 'households.xlsx': xlsx, 'revenue.csv': REVENUE });
        expect(got.errors, `${label}, read ${k + 1}`).toEqual([]);
        expect(JSON.stringify(got.households), `${label}, read ${k + 1}`).toBe(want);
      }
    }
  }, 120_000);
});
