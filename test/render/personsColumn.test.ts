// SPEC §9.1: the 人数 column after 类别 in payouts.csv, disclosure.csv, the workbook's 分配明细 and the
// report's table, whenever households.csv has `persons` or persons.csv exists; one registry entry.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { disclosureCsv, disclosureTable } from '../../src/render/disclosure.js';
import { DISCLOSURE_KEYS, hasPersons, PAYOUT_KEYS, shownKeys, XLSX_PAYOUT_KEYS } from '../../src/render/householdColumns.js';
import { reportHtml } from '../../src/render/html.js';
import { payoutsCsv, payoutsRows } from '../../src/render/payoutsSheet.js';
import { payoutsXlsx } from '../../src/render/xlsx.js';
import { makeRun } from './publishFixture.js';

const lines = (b: Buffer) => b.toString('utf8').replace(/^\uFEFF/, '').split('\r\n').slice(0, -1);

async function sheet(buf: Buffer, name: string): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  return wb.getWorksheet(name)!;
}

describe('the 人数 (persons) column', () => {
  it('is in no sheet of a run without persons', async () => {
    const { rules, data, dist } = makeRun();
    expect(hasPersons(data)).toBe(false);
    expect(shownKeys(PAYOUT_KEYS, data)).not.toContain('persons');
    expect(lines(payoutsCsv(rules, data, dist, 'zh', 'utf8'))[0]).toBe(
      '户号,户主,村组,类别,工日,务工工资,土地租金,股数,保底分红,效益分红,兜底补差,应分合计,扣减,实发金额,实发金额大写,银行账号',
    );
    expect(disclosureTable(rules, data, dist, 'zh').keys).not.toContain('persons');
    const ws = await sheet(await payoutsXlsx(rules, data, dist, 'zh'), '分配明细');
    expect(ws.getRow(2).values).not.toContain('人数');
    expect(reportHtml(rules, data, dist, { lang: 'zh' })).not.toContain('<th>人数</th>');
  });

  it('from the households.csv column: after 类别 in payouts.csv and disclosure.csv (with its total)', () => {
    const { rules, data, dist } = makeRun({ personsColumn: [3, 2, 0, 1, 4] });
    const p = lines(payoutsCsv(rules, data, dist, 'zh', 'utf8'));
    expect(p[0].split(',').slice(0, 6)).toEqual(['户号', '户主', '村组', '类别', '人数', '工日']);
    expect(payoutsRows(rules, data, dist, 'zh').slice(1).map((r) => r[4])).toEqual(['3', '2', '0', '1', '4'].map((num) => ({ num })));
    const en = lines(payoutsCsv(rules, data, dist, 'en', 'utf8'));
    expect(en[0].split(',').slice(3, 5)).toEqual(['category', 'persons']);
    const d = disclosureTable(rules, data, dist, 'zh');
    expect(d.keys).toEqual(shownKeys(DISCLOSURE_KEYS, data));
    expect(d.header.slice(3, 6)).toEqual(['类别', '人数', '身份证号']);
    expect(d.body.map((r) => r[4])).toEqual([3, 2, 0, 1, 4].map((v) => ({ num: String(v) })));
    expect(d.total![4]).toEqual({ num: '10' });
    const csv = lines(disclosureCsv(rules, data, dist, { lang: 'zh' }));
    expect(csv[0].split(',')[4]).toBe('人数');
    expect(csv.at(-1)!.split(',')[4]).toBe('10');
  });

  it('from persons.csv: whole persons (each row counts, whatever its months)', () => {
    const { rules, data, dist } = makeRun({ personsRows: [2, 1, 0, 3, 1] });
    expect(hasPersons(data)).toBe(true);
    expect(payoutsRows(rules, data, dist, 'zh').slice(1).map((r) => r[4])).toEqual(['2', '1', '0', '3', '1'].map((num) => ({ num })));
  });

  it('persons.csv present but empty still shows the column, all 0', () => {
    const { rules, data, dist } = makeRun({ personsRows: [0, 0, 0, 0, 0] });
    expect(payoutsRows(rules, data, dist, 'zh')[0][4]).toBe('人数');
    expect(payoutsRows(rules, data, dist, 'zh').slice(1).every((r) => (r[4] as { num: string }).num === '0')).toBe(true);
  });

  it('in the workbook’s 分配明细: a number column formatted 0, with a SUM in the 合计 row', async () => {
    const { rules, data, dist } = makeRun({ personsColumn: [3, 2, 0, 1, 4] });
    const ws = await sheet(await payoutsXlsx(rules, data, dist, 'zh'), '分配明细');
    const keys = shownKeys(XLSX_PAYOUT_KEYS, data);
    expect((ws.getRow(2).values as unknown[]).slice(1)).toEqual(['户号', '户主', '村组', '类别', '人数', '工日', '务工工资', '土地租金', '股数', '保底分红', '效益分红', '兜底补差', '应分合计', '扣减', '实发金额', '实发金额大写', '身份证号', '银行账号']);
    expect(keys.indexOf('persons')).toBe(4);
    expect([3, 4, 5, 6, 7].map((r) => ws.getRow(r).getCell(5).value)).toEqual([3, 2, 0, 1, 4]);
    expect(ws.getRow(3).getCell(5).numFmt).toBe('0');
    expect(ws.getRow(8).getCell(5).value).toEqual({ formula: 'SUM(E3:E7)', result: 10 });
  });

  it('in the report’s 分配明细 table', () => {
    const { rules, data, dist } = makeRun({ personsColumn: [3, 2, 0, 1, 4] });
    const html = reportHtml(rules, data, dist, { lang: 'zh' });
    const payouts = /<section id="payouts">([\s\S]*?)<\/section>/.exec(html)![1];
    expect(payouts).toContain('<th>类别</th><th>人数</th>');
  });
});
