import type ExcelJS from 'exceljs';
import type { Distribution } from '../engine/types.js';
import type { Dataset } from '../io/types.js';
import { InternalError } from '../problems.js';
import { amountInWords } from '../report/amountInWords.js';
import type { Cell, Row } from '../report/csvWrite.js';
import { PAYOUT_COLUMNS, payoutsRows, type Lang } from '../report/payoutsSheet.js';
import { waterfallRows } from '../report/waterfallSheet.js';
import type { Rules } from '../rules/types.js';
import { kindOf, totalRow, type ColumnKind, type Table } from './columns.js';
import { columnLabel, TOTAL_LABEL } from './disclosure.js';
import { displayWidth, groupThousands } from './text.js';
import { fixZipTimes } from './zipTimes.js';

/**
 * payouts.xlsx: 收益分配表 (the waterfall) and 分配明细 (one row per household and a 合计 row of
 * SUM formulas). The cells are the waterfall and payouts sheets' rows, so every figure is the one in
 * the CSV files. Money is a number cell formatted `#,##0.00`; IDs and accounts are text cells.
 * Byte-deterministic: fixed document dates and zip entry stamps derived from the rules' year.
 */

export const MONEY_FORMAT = '#,##0.00';
const NUM_FORMAT: Record<ColumnKind, string> = { money: MONEY_FORMAT, days: '0.00', units: '0.0000', text: '@' };

export const SHEET_NAMES = {
  zh: { waterfall: '收益分配表', payouts: '分配明细' },
  en: { waterfall: 'Distribution', payouts: 'Payouts' },
} as const;

/** The payouts sheet's columns: payouts.csv's, with the full ID number before the bank account. */
export const XLSX_PAYOUT_KEYS: readonly string[] = (() => {
  const keys = PAYOUT_COLUMNS.map(([en]) => en);
  keys.splice(keys.indexOf('bank_account'), 0, 'id_number');
  return keys;
})();

/** The fixed moment written as the workbook's created/modified date: 31 December of the rules' year. */
export function workbookDate(year: number): Date {
  return new Date(Date.UTC(year, 11, 31));
}

/** A header/footer text: `&` is a control character there. */
function hf(text: string): string {
  return text.replace(/&/g, '&&');
}

function signatureFooter(lang: Lang): string {
  const blank = '\u3000'.repeat(8);
  return lang === 'en'
    ? `&LPrepared by:${blank}&CChecked by:${blank}&RApproved by:${blank}`
    : `&L制表人：${blank}&C审核人：${blank}&R负责人：${blank}`;
}

function pageHeader(rules: Rules, lang: Lang): string {
  return `&L${hf(rules.name)}&R${lang === 'en' ? 'Page &P of &N' : '第 &P 页，共 &N 页'}`;
}

/** A4 landscape, one page wide, the title and header rows on every page, signatures in the footer. */
function printSetup(ws: ExcelJS.Worksheet, rules: Rules, lang: Lang): void {
  ws.pageSetup = {
    paperSize: 9, // A4
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    horizontalCentered: true,
    printTitlesRow: '1:2',
    margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.7, header: 0.3, footer: 0.3 },
  };
  ws.headerFooter = { oddHeader: pageHeader(rules, lang), oddFooter: signatureFooter(lang) };
}

const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7EEF7' } };

function titleRow(ws: ExcelJS.Worksheet, title: string, width: number): void {
  const row = ws.getRow(1);
  row.getCell(1).value = title;
  row.getCell(1).font = { bold: true, size: 14 };
  row.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
  row.height = 26;
  if (width > 1) ws.mergeCells(1, 1, 1, width);
}

function headerRow(ws: ExcelJS.Worksheet, header: readonly string[]): void {
  const row = ws.getRow(2);
  header.forEach((h, j) => {
    const c = row.getCell(j + 1);
    c.value = h;
    c.font = { bold: true };
    c.fill = HEADER_FILL;
    c.border = THIN;
    c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
}

/** A number cell's value: the decimal string's nearest double, exact to the cent when read back. */
function numberValue(cell: Cell): number {
  if (typeof cell === 'string') throw new InternalError(`xlsx: expected a number cell, got ${JSON.stringify(cell)}`);
  return Number(cell.num);
}

function cellText(cell: Cell): string {
  return typeof cell === 'string' ? cell : groupThousands(cell.num);
}

function setWidths(ws: ExcelJS.Worksheet, rows: readonly Row[], min: number, max: number[]): void {
  const n = Math.max(0, ...rows.map((r) => r.length));
  for (let j = 0; j < n; j++) {
    let w = min;
    for (const r of rows) if (r[j] !== undefined) w = Math.max(w, displayWidth(cellText(r[j])) + 2);
    ws.getColumn(j + 1).width = Math.min(w, max[j] ?? 40);
  }
}

function waterfallSheet(wb: ExcelJS.Workbook, rules: Rules, data: Dataset, dist: Distribution, lang: Lang): void {
  const rows = waterfallRows(rules, data, dist, lang);
  const [header, ...rest] = rows;
  // The waterfall's first line repeats the run's name: it is the sheet's title here.
  const body = rest.length > 0 && rest[0][0] === rules.name ? rest.slice(1) : rest;
  const ws = wb.addWorksheet(SHEET_NAMES[lang].waterfall, { views: [{ state: 'frozen', xSplit: 0, ySplit: 2 }] });
  titleRow(ws, rules.name, header.length);
  headerRow(ws, header.map(cellText));
  body.forEach((r, k) => {
    const row = ws.getRow(k + 3);
    const top = typeof r[0] === 'string' && /^(\S+、|\d+\. )/.test(r[0]);
    r.forEach((cell, j) => {
      const c = row.getCell(j + 1);
      if (typeof cell === 'string') {
        c.value = cell === '' ? null : cell;
        if (j === 2) c.alignment = { wrapText: true, vertical: 'top' };
      } else {
        c.value = numberValue(cell);
        c.numFmt = MONEY_FORMAT;
      }
      c.border = THIN;
      if (top) c.font = { bold: true };
    });
  });
  setWidths(ws, [header, ...body], 10, [40, 18, 70]);
  printSetup(ws, rules, lang);
}

/** The 分配明细 table (full ID numbers and accounts: this file is not for posting). */
export function payoutsTable(rules: Rules, data: Dataset, dist: Distribution, lang: Lang): Table {
  const src = payoutsRows(rules, data, dist, lang);
  const srcKeys = PAYOUT_COLUMNS.map(([en]) => en);
  const keys = [...XLSX_PAYOUT_KEYS];
  const body: Row[] = data.households.map((h, i) =>
    keys.map((key) => (key === 'id_number' ? h.idNumber : src[i + 1][srcKeys.indexOf(key)])),
  );
  const table: Table = { keys, header: keys.map((k) => columnLabel(k, lang)), body, total: null };
  table.total = totalRow(table, dist, TOTAL_LABEL[lang], { net_payable_words: amountInWords(dist.netPayableFen) });
  return table;
}

/** Excel column letters: 1 → A, 27 → AA. */
export function columnLetter(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

function payoutsSheet(wb: ExcelJS.Workbook, rules: Rules, data: Dataset, dist: Distribution, lang: Lang): void {
  const t = payoutsTable(rules, data, dist, lang);
  const ws = wb.addWorksheet(SHEET_NAMES[lang].payouts, { views: [{ state: 'frozen', xSplit: 2, ySplit: 2 }] });
  titleRow(ws, rules.name, t.keys.length);
  headerRow(ws, t.header);
  const kinds = t.keys.map(kindOf);
  const first = 3;
  const last = first + t.body.length - 1;
  t.body.forEach((r, k) => {
    const row = ws.getRow(first + k);
    r.forEach((cell, j) => {
      const c = row.getCell(j + 1);
      c.border = THIN;
      c.numFmt = NUM_FORMAT[kinds[j]];
      c.value = kinds[j] === 'text' ? cellText(cell) : numberValue(cell);
    });
  });
  if (t.total) {
    const row = ws.getRow(last + 1);
    t.total.forEach((cell, j) => {
      const c = row.getCell(j + 1);
      const kind = kinds[j];
      c.border = THIN;
      c.font = { bold: true };
      c.numFmt = NUM_FORMAT[kind];
      if (kind === 'text') {
        c.value = cellText(cell) === '' ? null : cellText(cell);
      } else {
        // A real formula; its cached result is the bigint total of totalRow (checked against the
        // Distribution there), so a reader that does not recalculate still sees the exact figure.
        const L = columnLetter(j + 1);
        c.value = t.body.length > 0 ? { formula: `SUM(${L}${first}:${L}${last})`, result: numberValue(cell) } : 0;
      }
    });
  }
  // Whole columns: text stays text when someone types into the sheet later.
  kinds.forEach((kind, j) => {
    if (kind === 'text') ws.getColumn(j + 1).numFmt = '@';
  });
  setWidths(ws, [t.header, ...t.body, ...(t.total ? [t.total] : [])], 6, t.keys.map((k) => (k === 'net_payable_words' ? 34 : 24)));
  printSetup(ws, rules, lang);
}

/**
 * payouts.xlsx bytes. Identical inputs give identical bytes. exceljs is loaded here, on first use:
 * loading it costs every run a fifth of a second, and county-sized runs write no workbook.
 */
export async function payoutsXlsx(rules: Rules, data: Dataset, dist: Distribution, lang: Lang): Promise<Buffer> {
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  const when = workbookDate(rules.year);
  wb.creator = 'coop-payout';
  wb.lastModifiedBy = 'coop-payout';
  wb.created = when;
  wb.modified = when;
  wb.title = rules.name;
  waterfallSheet(wb, rules, data, dist, lang);
  payoutsSheet(wb, rules, data, dist, lang);
  // Fast deflate: a township batch writes hundreds of workbooks and level 6 costs 3× the CPU for ~10% size.
  const bytes = Buffer.from(await wb.xlsx.writeBuffer({ zip: { compression: 'DEFLATE', compressionOptions: { level: 1 } } } as ExcelJS.XlsxWriteOptions));
  return fixZipTimes(bytes, rules.year);
}

