// Issue 12: bombs in an .xlsx. A 1.5 MB deflate bomb used to write a 1 GB temporary copy and parse
// for minutes; a 1 MB sharedStrings bomb grew to 1.2 GB and aborted the process (exit 134). Each
// bomb here goes through the CLI under a 256 MB heap, with its own empty TMPDIR: it must be
// E_TOO_LARGE (or, for a zip that lies about its sizes, E_BAD_ENCODING) at households.xlsx:0:0,
// exit 1 — not 134 — within 5 s, and leave no temporary file behind.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crc32 } from '../../src/util/crc32.js';
import { BIN, tempDir } from '../helpers/cli.js';
import { MINI } from './helpers.js';

let root: string;
let n = 0;
/** The parts of a one-sheet households workbook (exceljs-written), deflated. */
let parts: Part[] = [];

interface Part {
  name: string;
  deflated: Buffer;
  size: number;
  crc: number;
}

function part(name: string, data: Buffer): Part {
  return { name, deflated: zlib.deflateRawSync(data), size: data.length, crc: crc32(data) };
}

beforeAll(async () => {
  root = tempDir('coop-xlsx-bombs-');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  // fixtures/mini's households, as text cells.
  for (const line of readFileSync(path.join(MINI, 'households.csv'), 'utf8').trim().split('\n')) ws.addRow(line.split(','));
  const zip = await JSZip.loadAsync(Buffer.from(await wb.xlsx.writeBuffer({ useSharedStrings: true } as ExcelJS.XlsxWriteOptions)));
  parts = [];
  for (const name of Object.keys(zip.files)) if (!zip.files[name].dir) parts.push(part(name, await zip.files[name].async('nodebuffer')));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A zip of these parts (stored as given: a part may declare any size). */
function zipOf(list: Part[]): Buffer {
  const out: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of list) {
    const name = Buffer.from(p.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(p.crc >>> 0, 14);
    local.writeUInt32LE(p.deflated.length, 18);
    local.writeUInt32LE(p.size, 22);
    local.writeUInt16LE(name.length, 26);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(8, 10);
    cd.writeUInt32LE(p.crc >>> 0, 16);
    cd.writeUInt32LE(p.deflated.length, 20);
    cd.writeUInt32LE(p.size, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(offset, 42);
    out.push(local, name, p.deflated);
    central.push(cd, name);
    offset += 30 + name.length + p.deflated.length;
  }
  const cdBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(list.length, 8);
  end.writeUInt16LE(list.length, 10);
  end.writeUInt32LE(cdBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...out, cdBytes, end]);
}

/** Raw deflate of `head`, `times` × `block` and `tail`, without holding the inflated bytes: a deflate bomb. */
function bombDeflate(head: string, block: Buffer, times: number, tail: string): { deflated: Buffer; size: number } {
  const flush = { finishFlush: zlib.constants.Z_FULL_FLUSH };
  const b = zlib.deflateRawSync(block, { ...flush, level: 9 });
  const deflated = Buffer.concat([zlib.deflateRawSync(Buffer.from(head), flush), ...Array.from({ length: times }, () => b), zlib.deflateRawSync(Buffer.from(tail))]);
  return { deflated, size: Buffer.byteLength(head) + block.length * times + Buffer.byteLength(tail) };
}

const SHEET_HEAD =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
  '<row r="1"><c r="A1" t="inlineStr"><is><t>household_id</t></is></c><c r="B1" t="inlineStr"><is><t>name</t></is></c></row>';
const SHEET_TAIL = '</sheetData></worksheet>';

/** The workbook with some parts replaced. */
function workbook(replace: Record<string, Part>): Buffer {
  return zipOf(parts.map((p) => replace[p.name] ?? p));
}

/** Runs `validate` on fixtures/mini with households.xlsx for households.csv, 256 MB heap, own TMPDIR. */
function validate(xlsx: Buffer) {
  const dir = path.join(root, `run${n++}`);
  cpSync(MINI, dir, { recursive: true });
  rmSync(path.join(dir, 'households.csv'));
  writeFileSync(path.join(dir, 'households.xlsx'), xlsx);
  const tmp = path.join(root, `tmp${n}`);
  mkdirSync(tmp);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--max-old-space-size=256', BIN, 'validate', dir], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', TMPDIR: tmp, TMP: tmp, TEMP: tmp },
    timeout: 30_000,
  });
  const ms = performance.now() - t0;
  return { status: r.status, signal: r.signal, out: `${r.stdout}${r.stderr}`, ms, tmpFiles: readdirSync(tmp) };
}

function expectRefused(r: ReturnType<typeof validate>, code: 'E_TOO_LARGE' | 'E_BAD_ENCODING'): void {
  expect(r.signal, r.out).toBeNull();
  expect(r.status, r.out).toBe(1);
  expect(r.out).toMatch(new RegExp(`households\\.xlsx:0:0: ${code}`));
  expect(r.ms, r.out).toBeLessThan(5000);
  expect(r.tmpFiles).toEqual([]);
  console.log(`${code}: ${Math.round(r.ms)} ms`);
}

describe('.xlsx bombs through the CLI, 256 MB heap (issue 12)', () => {
  it('reads the untouched workbook (the harness works)', () => {
    const r = validate(workbook({}));
    expect(r.status, r.out).toBe(0);
  });

  it('a deflate bomb sheet (1 GiB of XML in a 1 MB zip) is E_TOO_LARGE', () => {
    const { deflated, size } = bombDeflate(SHEET_HEAD, Buffer.alloc(1 << 20, 0x20), 1024, SHEET_TAIL);
    expect(deflated.length).toBeLessThan(2 << 20);
    expectRefused(validate(workbook({ 'xl/worksheets/sheet1.xml': { name: 'xl/worksheets/sheet1.xml', deflated, size: size >>> 0, crc: 0 } })), 'E_TOO_LARGE');
  });

  it('a 100 MB sheet compressed 1000:1 (under the part limit, over the ratio) is E_TOO_LARGE', () => {
    const { deflated, size } = bombDeflate(SHEET_HEAD, Buffer.from('<row><c r="A2"/></row>'.repeat(50_000)), 100, SHEET_TAIL);
    expectRefused(validate(workbook({ 'xl/worksheets/sheet1.xml': { name: 'xl/worksheets/sheet1.xml', deflated, size, crc: 0 } })), 'E_TOO_LARGE');
  });

  it('a deflate bomb that declares a small size is refused as corrupt, without inflating it all', () => {
    const { deflated } = bombDeflate(SHEET_HEAD, Buffer.alloc(1 << 20, 0x20), 1024, SHEET_TAIL);
    expectRefused(validate(workbook({ 'xl/worksheets/sheet1.xml': { name: 'xl/worksheets/sheet1.xml', deflated, size: 4096, crc: 0 } })), 'E_BAD_ENCODING');
  });

  it('a sharedStrings bomb (millions of empty strings, 1 MB zipped) is E_TOO_LARGE', () => {
    const head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">';
    const { deflated, size } = bombDeflate(head, Buffer.from('<si><t/></si>'.repeat(80_000)), 150, '</sst>');
    expect(deflated.length).toBeLessThan(2 << 20);
    expectRefused(validate(workbook({ 'xl/sharedStrings.xml': { name: 'xl/sharedStrings.xml', deflated, size, crc: 0 } })), 'E_TOO_LARGE');
  });

  it('a sharedStrings bomb that compresses only 3:1 (1.1 million distinct strings) is E_TOO_LARGE while inflating', () => {
    const xml = Buffer.from(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
        Array.from({ length: 1_100_000 }, (_, i) => `<si><t>${((i * 2654435761) >>> 0).toString(36)}</t></si>`).join('') +
        '</sst>',
    );
    const p = part('xl/sharedStrings.xml', xml);
    expect(p.size / p.deflated.length).toBeLessThan(200);
    expectRefused(validate(workbook({ 'xl/sharedStrings.xml': p })), 'E_TOO_LARGE');
  });

  it('deeply nested XML (a million open tags) is E_TOO_LARGE', () => {
    const xml = Buffer.from(SHEET_HEAD.replace('<sheetData>', '<sheetData>' + '<a>'.repeat(1_000_000)) + '</a>'.repeat(1_000_000) + SHEET_TAIL);
    expectRefused(validate(workbook({ 'xl/worksheets/sheet1.xml': part('xl/worksheets/sheet1.xml', xml) })), 'E_TOO_LARGE');
  });
});
