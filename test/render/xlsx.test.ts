import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { amountInWords } from '../../src/render/amountInWords.js';
import { formatFen, formatScaled } from '../../src/money/fen.js';
import { columnLetter, payoutsXlsx, XLSX_PAYOUT_KEYS } from '../../src/render/xlsx.js';
import { fixZipTimes } from '../../src/util/zipTimes.js';
import { waterfallRows } from '../../src/render/waterfallSheet.js';
import { makeRun } from './publishFixture.js';
import { shownKeys } from '../../src/render/householdColumns.js';

async function load(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  return wb;
}

const MONEY = ['wages', 'land_rent', 'guaranteed_dividend', 'performance_dividend', 'floor_topup', 'total', 'deductions', 'net_payable'];
/** The sheet's columns for the fixture (no persons, so no 人数 column). */
const KEYS = shownKeys(XLSX_PAYOUT_KEYS, makeRun().data);
const col = (key: string) => KEYS.indexOf(key) + 1;

/** MS-DOS time/date of every local header of a zip. */
function zipStamps(zip: Buffer): string[] {
  const out: string[] = [];
  for (let p = 0; p + 4 <= zip.length; p++) {
    if (zip.readUInt32LE(p) === 0x04034b50) out.push(`${zip.readUInt16LE(p + 10)}/${zip.readUInt16LE(p + 12)}`);
  }
  return out;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('payouts.xlsx', () => {
  it('has the 收益分配表 and 分配明细 sheets, each titled with the run’s name', async () => {
    const { rules, data, dist } = makeRun();
    const wb = await load(await payoutsXlsx(rules, data, dist, 'zh'));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['收益分配表', '分配明细']);
    for (const ws of wb.worksheets) expect(ws.getCell('A1').value).toBe(rules.name);
    expect(wb.getWorksheet('分配明细')!.getRow(2).values).toEqual([
      undefined,
      ...['户号', '户主', '村组', '类别', '工日', '务工工资', '土地租金', '股数', '保底分红', '效益分红', '兜底补差', '应分合计', '扣减', '实发金额', '实发金额大写', '身份证号', '银行账号'],
    ]);
  });

  it('holds the waterfall rows, amounts as numbers with #,##0.00', async () => {
    const { rules, data, dist } = makeRun();
    const ws = (await load(await payoutsXlsx(rules, data, dist, 'zh'))).getWorksheet('收益分配表')!;
    const rows = waterfallRows(rules, data, dist, 'zh');
    const body = rows.slice(2); // header, then the name line (the sheet's title)
    expect(ws.getRow(2).values).toEqual([undefined, '项目', '金额', '说明']);
    body.forEach((r, k) => {
      const row = ws.getRow(k + 3);
      expect(row.getCell(1).value).toBe(r[0]);
      if (typeof r[1] === 'string') expect(row.getCell(2).value).toBe(null);
      else {
        expect(row.getCell(2).value).toBe(Number(r[1].num));
        expect(row.getCell(2).numFmt).toBe('#,##0.00');
      }
      expect(row.getCell(3).value ?? '').toBe(r[2]);
    });
    expect(ws.rowCount).toBe(body.length + 2);
  });

  it('stores ID numbers and accounts as text and money as numbers, exact to the cent', async () => {
    const { rules, data, dist } = makeRun();
    const ws = (await load(await payoutsXlsx(rules, data, dist, 'zh'))).getWorksheet('分配明细')!;
    data.households.forEach((h, i) => {
      const row = ws.getRow(i + 3);
      expect(row.getCell(col('household_id')).value).toBe(h.id);
      expect(row.getCell(col('name')).value).toBe(h.name);
      for (const key of ['id_number', 'bank_account']) {
        const c = row.getCell(col(key));
        const want = key === 'id_number' ? h.idNumber : h.bankAccount;
        expect(c.value).toBe(want === '' ? '' : want);
        expect(c.numFmt).toBe('@');
        if (want !== '') expect(c.type).toBe(ExcelJS.ValueType.String);
      }
      const money = (key: string, fen: bigint) => {
        const c = row.getCell(col(key));
        expect(c.type).toBe(ExcelJS.ValueType.Number);
        expect(c.numFmt).toBe('#,##0.00');
        expect(c.value).toBe(Number(formatFen(fen)));
        // Read back and printed with 2 decimals, the number is the fen amount exactly.
        expect(BigInt(Math.round((c.value as number) * 100))).toBe(fen);
      };
      money('wages', dist.cols.wagesFen[i]);
      money('guaranteed_dividend', dist.cols.guaranteedFen[i]);
      money('performance_dividend', dist.cols.performanceFen[i]);
      money('total', dist.cols.totalFen[i]);
      money('net_payable', dist.cols.netFen[i]);
      expect(row.getCell(col('labor_days')).value).toBe(Number(formatScaled(dist.cols.laborDays100[i], 2)));
      expect(row.getCell(col('share_units')).numFmt).toBe('0.0000');
      expect(row.getCell(col('net_payable_words')).value).toBe(amountInWords(dist.cols.netFen[i]));
    });
  });

  it('ends with a 合计 row of real SUM formulas whose cached results are the exact totals', async () => {
    const { rules, data, dist } = makeRun();
    const ws = (await load(await payoutsXlsx(rules, data, dist, 'zh'))).getWorksheet('分配明细')!;
    const n = data.households.length;
    const row = ws.getRow(n + 3);
    expect(row.getCell(1).value).toBe('合计');
    const totals: Record<string, bigint> = {
      wages: dist.wagesFen,
      land_rent: dist.landRentFen,
      guaranteed_dividend: dist.guaranteedFen,
      performance_dividend: dist.performanceFen,
      floor_topup: dist.floorTopupFen,
      total: dist.totalFen,
      deductions: dist.deductionsFen,
      net_payable: dist.netPayableFen,
    };
    for (const key of MONEY) {
      const c = row.getCell(col(key));
      const L = columnLetter(col(key));
      expect(c.type).toBe(ExcelJS.ValueType.Formula);
      expect(c.formula).toBe(`SUM(${L}3:${L}${n + 2})`);
      expect(c.result).toBe(Number(formatFen(totals[key])));
      expect(c.numFmt).toBe('#,##0.00');
    }
    expect(row.getCell(col('labor_days')).formula).toBe(`SUM(E3:E${n + 2})`);
    expect(row.getCell(col('net_payable_words')).value).toBe(amountInWords(dist.netPayableFen));
    expect(ws.rowCount).toBe(n + 3);
  });

  it('freezes the header, prints A4 landscape with the header repeated and the signatures in the footer', async () => {
    const { rules, data, dist } = makeRun();
    const wb = await load(await payoutsXlsx(rules, data, dist, 'zh'));
    for (const ws of wb.worksheets) {
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
      expect(ws.pageSetup.paperSize).toBe(9);
      expect(ws.pageSetup.orientation).toBe('landscape');
      expect(ws.pageSetup.printTitlesRow).toBe('1:2');
      expect(ws.headerFooter.oddFooter).toMatch(/制表人.*审核人.*负责人/);
      expect(ws.headerFooter.oddHeader).toContain(rules.name);
      for (let j = 1; j <= ws.columnCount; j++) expect(ws.getColumn(j).width).toBeGreaterThan(4);
    }
  });

  it('has English sheet names and headers with lang en', async () => {
    const { rules, data, dist } = makeRun();
    const wb = await load(await payoutsXlsx(rules, data, dist, 'en'));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Distribution', 'Payouts']);
    expect(wb.getWorksheet('Payouts')!.getRow(2).values).toEqual([undefined, ...KEYS]);
    expect(wb.getWorksheet('Distribution')!.getRow(2).values).toEqual([undefined, 'item', 'amount', 'note']);
    expect(wb.getWorksheet('Payouts')!.getRow(data.households.length + 3).getCell(1).value).toBe('Total');
    expect(wb.worksheets[0].headerFooter.oddFooter).toMatch(/Prepared by.*Checked by.*Approved by/);
  });

  it('escapes & in the printed page header', async () => {
    const { rules, data, dist } = makeRun({ name: 'A&B 合作社' });
    const wb = await load(await payoutsXlsx(rules, data, dist, 'zh'));
    expect(wb.worksheets[0].headerFooter.oddHeader).toContain('A&&B 合作社');
  });

  it('is byte-identical for identical inputs, whatever the clock says', async () => {
    const { rules, data, dist } = makeRun();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-01T08:00:00Z'));
    const a = await payoutsXlsx(rules, data, dist, 'zh');
    vi.setSystemTime(new Date('2031-07-15T17:43:21Z'));
    const b = await payoutsXlsx(rules, data, dist, 'zh');
    expect(a.equals(b)).toBe(true);
    // Every zip entry carries 2025-12-31 00:00, and the document's dates are that day too.
    const dosDate = ((2025 - 1980) << 9) | (12 << 5) | 31;
    expect(new Set(zipStamps(a))).toEqual(new Set([`0/${dosDate}`]));
    const wb = await load(a);
    expect(wb.created.toISOString()).toBe('2025-12-31T00:00:00.000Z');
    expect(wb.modified.toISOString()).toBe('2025-12-31T00:00:00.000Z');
  });

  it('fixes zip stamps without touching anything else', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('x').getCell('A1').value = 'y';
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-01T08:00:00Z'));
    const a = Buffer.from(await wb.xlsx.writeBuffer());
    vi.setSystemTime(new Date('2027-03-01T09:30:00Z'));
    const b = Buffer.from(await wb.xlsx.writeBuffer());
    expect(a.equals(b)).toBe(false); // exceljs alone is not deterministic: JSZip stamps the time of writing
    const fa = fixZipTimes(a, 2025);
    expect(fa.equals(fixZipTimes(b, 2025))).toBe(true);
    expect(fa.length).toBe(a.length);
    const diff = [...a].filter((v, k) => v !== fa[k]).length;
    expect(diff).toBeGreaterThan(0);
    expect((await load(fa)).getWorksheet('x')!.getCell('A1').value).toBe('y');
  });
});
