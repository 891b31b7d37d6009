import type { Distribution } from '../engine/types.js';
import type { Dataset } from '../io/types.js';
import { InternalError } from '../problems.js';
import { amountInWords } from '../report/amountInWords.js';
import type { Cell, Row } from '../report/csvWrite.js';
import { PAYOUT_COLUMNS, payoutsRows, type Lang } from '../report/payoutsSheet.js';
import type { Rules } from '../rules/types.js';
import { totalRow, type ColumnKind, type Table } from './columns.js';
import { columnLabel, TOTAL_LABEL } from './disclosure.js';
import { displayWidth, groupThousands } from './text.js';

/**
 * What payouts.xlsx holds, independent of how it is written: sheet names, columns, formats, the
 * printed header and footer, column widths. src/publish/xlsxDirect.ts writes it.
 */

export const MONEY_FORMAT = '#,##0.00';
export const NUM_FORMAT: Record<ColumnKind, string> = { money: MONEY_FORMAT, days: '0.00', units: '0.0000', text: '@' };

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

export function signatureFooter(lang: Lang): string {
  const blank = '\u3000'.repeat(8);
  return lang === 'en'
    ? `&LPrepared by:${blank}&CChecked by:${blank}&RApproved by:${blank}`
    : `&L制表人：${blank}&C审核人：${blank}&R负责人：${blank}`;
}

export function pageHeader(rules: Rules, lang: Lang): string {
  return `&L${hf(rules.name)}&R${lang === 'en' ? 'Page &P of &N' : '第 &P 页，共 &N 页'}`;
}

/** A number cell's value: the decimal string's nearest double, exact to the cent when read back. */
export function numberValue(cell: Cell): number {
  if (typeof cell === 'string') throw new InternalError(`xlsx: expected a number cell, got ${JSON.stringify(cell)}`);
  return Number(cell.num);
}

export function cellText(cell: Cell): string {
  return typeof cell === 'string' ? cell : groupThousands(cell.num);
}

/** Column widths: the widest cell's display width + 2, at least min, at most max[j] (default 40). */
export function columnWidths(rows: readonly Row[], min: number, max: readonly number[]): number[] {
  let n = 0;
  for (const r of rows) n = Math.max(n, r.length);
  const out: number[] = [];
  for (let j = 0; j < n; j++) {
    let w = min;
    for (const r of rows) if (r[j] !== undefined) w = Math.max(w, displayWidth(cellText(r[j])) + 2);
    out.push(Math.min(w, max[j] ?? 40));
  }
  return out;
}

/** A waterfall line that starts a section (一、收入 / 1. Income): printed bold. */
export function isTopLine(r: Row): boolean {
  return typeof r[0] === 'string' && /^(\S+、|\d+\. )/.test(r[0]);
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

/** The payouts sheet's maximum column widths. */
export function payoutsMaxWidths(keys: readonly string[]): number[] {
  return keys.map((k) => (k === 'net_payable_words' ? 34 : 24));
}

/** Excel column letters: 1 → A, 27 → AA. */
export function columnLetter(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}
