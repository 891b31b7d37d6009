import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { cli, ROOT, EXAMPLES, tempDir } from '../helpers/cli.js';

/**
 * Issue acceptance: for every shared example and the demo village, the 公示表, the bank file, the
 * workbook and the report agree with payouts.csv to the fen, and no full ID or account number
 * appears in disclosure.csv or report.html.
 */
const MONEY = ['wages', 'land_rent', 'guaranteed_dividend', 'performance_dividend', 'floor_topup', 'total', 'deductions', 'net_payable'];
const fen = (s: string): bigint => {
  const m = /^(-?)(\d+)\.(\d\d)$/.exec(s.replace(/,/g, ''));
  if (!m) throw new Error(`not money: ${s}`);
  return (m[1] ? -1n : 1n) * BigInt(m[2] + m[3]);
};
const numberToFen = (n: number): bigint => BigInt(Math.round(n * 100)); // cell values are exact to the cent
const yuan = (f: bigint): string => {
  const neg = f < 0n;
  const s = (neg ? -f : f).toString().padStart(3, '0');
  return (neg ? '-' : '') + s.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ',') + '.' + s.slice(-2);
};
const csv = (buf: Buffer | string) => parse(buf, { bom: true, columns: true, skip_empty_lines: true }) as Record<string, string>[];

const cases = [
  path.join(ROOT, 'fixtures', 'demo'),
  ...readdirSync(EXAMPLES).map((n) => path.join(EXAMPLES, n)),
];

describe('every published file agrees with payouts.csv to the fen', () => {
  it.each(cases)('%s', async (dir) => {
    const out = path.join(tempDir(), 'out');
    expect(cli(['run', dir, '--out', out, '--lang', 'en', '--quiet']).code).toBe(0);
    const payouts = csv(readFileSync(path.join(out, 'payouts.csv')));
    const total = (k: string) => payouts.reduce((s, r) => s + fen(r[k]), 0n);

    // 公示表: the same figures per household, and a 合计 row of their sums.
    const disclosure = csv(readFileSync(path.join(out, 'disclosure.csv')));
    const totalRow = disclosure.pop()!;
    expect(disclosure.map((r) => r.household_id)).toEqual(payouts.map((r) => r.household_id));
    disclosure.forEach((r, i) => MONEY.forEach((k) => expect(r[k], `${r.household_id}.${k}`).toBe(payouts[i][k])));
    MONEY.forEach((k) => expect(fen(totalRow[k]), `合计 ${k}`).toBe(total(k)));

    // 代发文件: exactly the positive nets of households with an account.
    const bank = csv(iconv.decode(readFileSync(path.join(out, 'bank.csv')), 'gb18030'));
    const payable = payouts.filter((r) => fen(r.net_payable) > 0n && r.bank_account !== '');
    expect(bank.map((r) => r.account)).toEqual(payable.map((r) => r.bank_account));
    expect(bank.reduce((s, r) => s + fen(r.amount), 0n)).toBe(payable.reduce((s, r) => s + fen(r.net_payable), 0n));

    // Workbook: the detail sheet's cells and its SUM row's cached results.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(out, 'payouts.xlsx'));
    const sheet = wb.worksheets[1];
    const header = (sheet.getRow(2).values as unknown[]).map(String);
    const col = (k: string) => header.indexOf(k);
    payouts.forEach((p, i) => {
      const row = sheet.getRow(3 + i);
      expect(String(row.getCell(col('household_id')).value)).toBe(p.household_id);
      for (const k of MONEY) expect(numberToFen(row.getCell(col(k)).value as number), `${p.household_id}.${k}`).toBe(fen(p[k]));
      if (p.bank_account) expect(row.getCell(col('bank_account')).value).toBe(p.bank_account); // text, never a number
    });
    const sums = sheet.getRow(3 + payouts.length);
    for (const k of MONEY) {
      const cell = sums.getCell(col(k)).value as { formula: string; result?: number };
      expect(cell.formula).toMatch(/^SUM\(/);
      // The file holds <v>0</v> for a zero total, but exceljs's reader drops a cached 0.
      expect(numberToFen(cell.result ?? 0), `SUM ${k}`).toBe(total(k));
    }

    // Report: the totals are shown, and nothing personal in full.
    const html = readFileSync(path.join(out, 'report.html'), 'utf8');
    expect(html).toContain(yuan(total('net_payable')));
    expect(html).toContain(yuan(total('total')));
    const households = csv(readFileSync(path.join(out, 'disclosure.csv'))); // masked; the raw numbers come from the input
    expect(households.length).toBeGreaterThan(0);
    for (const r of payouts) {
      if (r.bank_account) {
        expect(html).not.toContain(r.bank_account);
        expect(readFileSync(path.join(out, 'disclosure.csv'), 'utf8')).not.toContain(r.bank_account);
      }
    }
  });
});
