/**
 * SPEC §10 acceptance: a folder filled the way Excel/WPS users fill it — a title row above every
 * header, dates as 2025/3/15 and 2025年3月15日, full-width digits and letters in ids and numbers,
 * money ending in 元, blank trailing columns — runs without edits to the same sheets as its clean twin.
 */
import { isUtf8 } from 'node:buffer';
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { cli, ROOT, tempDir } from '../helpers/cli.js';

const DEMO = path.join(ROOT, 'fixtures', 'demo');

const fullWidth = (s: string) => s.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const quote = (f: string) => (/[",\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f);

/** Rewrites one CSV as Excel users type it; `cell(header, value, rowIndex)` changes each data cell. */
function rewrite(file: string, title: string, cell: (header: string, value: string, row: number) => string): void {
  const bytes = readFileSync(file);
  const gbk = !isUtf8(bytes);
  const text = gbk ? iconv.decode(bytes, 'gb18030') : bytes.toString('utf8').replace(/^\uFEFF/, '');
  const [header, ...rows] = parse(text, { relax_column_count: false }) as string[][];
  const lines = [
    quote(title), // a title row above the header, as every Chinese template has
    [...header, ''].map(quote).join(','), // one blank trailing column
    ...rows.map((r, i) => [...r.map((v, j) => cell(header[j], v, i)), ''].map(quote).join(',')),
  ];
  const out = lines.join('\r\n') + '\r\n';
  writeFileSync(file, gbk ? iconv.encode(out, 'gb18030') : out);
}

const HOUSEHOLD = new Set(['户号', 'household_id']);
const DATE = new Set(['日期', 'date']);
const MONEY = new Set(['金额', 'amount']);

function excelTwin(): string {
  const dir = path.join(tempDir('coop-excel-'), 'demo');
  cpSync(DEMO, dir, { recursive: true, filter: (p) => !p.includes(`${path.sep}out`) });
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.csv'))) {
    rewrite(path.join(dir, name), `老山村 2025 年度 ${name}`, (h, v, i) => {
      if (HOUSEHOLD.has(h) && i % 2 === 0) return fullWidth(v); // ＬＳ００９
      if (DATE.has(h) && v !== '') {
        const [y, m, d] = v.split('-').map(Number);
        return i % 2 === 0 ? `${y}/${m}/${d}` : `${y}年${m}月${d}日`;
      }
      if (MONEY.has(h) && v !== '') return i % 3 === 0 ? fullWidth(v).replace(/,/g, '，') : `${v}元`;
      return v;
    });
  }
  return dir;
}

describe('what Excel and WPS write reads like its plain twin (SPEC §10)', () => {
  it('the demo filled the Excel way gives the same sheets', () => {
    const twin = excelTwin();
    // the rewrite really changed the files the way users write them
    const labor = readFileSync(path.join(twin, 'labor.csv'), 'utf8');
    expect(labor).toMatch(/^老山村 2025 年度 labor\.csv\r\n户号,/);
    expect(labor).toMatch(/ＬＳ０[０-９]{2}/);
    expect(labor).toMatch(/2025\/1\/8|2025年1月20日/);
    expect(readFileSync(path.join(twin, 'deductions.csv'), 'utf8')).toMatch(/\d元/);

    const plainOut = path.join(tempDir(), 'plain');
    const excelOut = path.join(tempDir(), 'excel');
    const a = cli(['run', DEMO, '--out', plainOut, '--quiet']);
    const b = cli(['run', twin, '--out', excelOut, '--quiet']);
    expect(a.code).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    for (const f of ['payouts.csv', 'waterfall.csv', 'disclosure.csv', 'bank.csv'])
      expect(readFileSync(path.join(excelOut, f)).equals(readFileSync(path.join(plainOut, f))), f).toBe(true);
    const strip = (s: Record<string, unknown>) => ({ ...s, inputs: undefined, warnings: undefined });
    const sa = JSON.parse(readFileSync(path.join(plainOut, 'summary.json'), 'utf8'));
    const sb = JSON.parse(readFileSync(path.join(excelOut, 'summary.json'), 'utf8'));
    expect(strip(sb)).toEqual(strip(sa));
    expect(sb.warnings.map((w: { code: string }) => w.code)).toEqual(sa.warnings.map((w: { code: string }) => w.code));
  });
});
