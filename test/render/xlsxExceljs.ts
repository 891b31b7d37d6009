/**
 * The former exceljs writer of payouts.xlsx, kept as the reference that src/render/xlsxDirect.ts
 * is compared with cell by cell (test/render/xlsxDirect.test.ts) and timed against.
 */
import ExcelJS from 'exceljs';
import type { Distribution } from '../../src/engine/types.js';
import type { Dataset } from '../../src/io/types.js';
import type { Row } from '../../src/render/csvWrite.js';
import type { Lang } from '../../src/render/payoutsSheet.js';
import { buildWaterfall } from '../../src/render/waterfall.js';
import { waterfallLineRow } from '../../src/render/waterfallSheet.js';
import type { Rules } from '../../src/rules/types.js';
import { kindOf } from '../../src/render/columns.js';
import {
  cellText,
  columnLetter,
  columnWidths,
  MONEY_FORMAT,
  NUM_FORMAT,
  numberValue,
  pageHeader,
  payoutsMaxWidths,
  payoutsTable,
  SHEET_NAMES,
  signatureFooter,
  workbookDate,
} from '../../src/render/xlsxCommon.js';
import { fixZipTimes } from '../../src/util/zipTimes.js';

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

function setWidths(ws: ExcelJS.Worksheet, rows: readonly Row[], min: number, max: number[]): void {
  columnWidths(rows, min, max).forEach((w, j) => {
    ws.getColumn(j + 1).width = w;
  });
}

function waterfallSheet(wb: ExcelJS.Workbook, rules: Rules, data: Dataset, dist: Distribution, lang: Lang): void {
  const wf = buildWaterfall(rules, data, dist, lang);
  const header = wf.header;
  const body = wf.lines.map((l) => waterfallLineRow(l, lang));
  const ws = wb.addWorksheet(SHEET_NAMES[lang].waterfall, { views: [{ state: 'frozen', xSplit: 0, ySplit: 2 }] });
  titleRow(ws, rules.name, header.length);
  headerRow(ws, header.map(cellText));
  body.forEach((r, k) => {
    const row = ws.getRow(k + 3);
    const top = wf.lines[k].level === 1;
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
        const L = columnLetter(j + 1);
        c.value = t.body.length > 0 ? { formula: `SUM(${L}${first}:${L}${last})`, result: numberValue(cell) } : 0;
      }
    });
  }
  kinds.forEach((kind, j) => {
    if (kind === 'text') ws.getColumn(j + 1).numFmt = '@';
  });
  setWidths(ws, [t.header, ...t.body, ...(t.total ? [t.total] : [])], 6, payoutsMaxWidths(t.keys));
  printSetup(ws, rules, lang);
}

/** payouts.xlsx as exceljs wrote it (zip level 1, fixed stamps). */
export async function payoutsXlsxExceljs(rules: Rules, data: Dataset, dist: Distribution, lang: Lang): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const when = workbookDate(rules.year);
  wb.creator = 'coop-payout';
  wb.lastModifiedBy = 'coop-payout';
  wb.created = when;
  wb.modified = when;
  wb.title = rules.name;
  waterfallSheet(wb, rules, data, dist, lang);
  payoutsSheet(wb, rules, data, dist, lang);
  const bytes = Buffer.from(await wb.xlsx.writeBuffer({ zip: { compression: 'DEFLATE', compressionOptions: { level: 1 } } } as ExcelJS.XlsxWriteOptions));
  return fixZipTimes(bytes, rules.year);
}
