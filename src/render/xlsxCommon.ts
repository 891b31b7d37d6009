import type { Distribution } from '../engine/types.js';
import type { Dataset } from '../io/types.js';
import { InternalError } from '../problems.js';
import type { Lang } from '../lang.js';
import type { Cell, Row } from './csvWrite.js';
import type { Rules } from '../rules/types.js';
import type { Table } from './columns.js';
import { shownKeys, TOTAL_LABEL, XLSX_PAYOUT_KEYS, type ColumnKind } from './householdColumns.js';
import { householdRows } from './householdRows.js';
import { displayWidth, groupThousands } from './text.js';

/**
 * What payouts.xlsx holds, independent of how it is written: sheet names, columns, formats, the
 * printed header and footer, column widths. src/render/xlsxDirect.ts writes it.
 */

export const MONEY_FORMAT = '#,##0.00';
export const NUM_FORMAT: Record<ColumnKind, string> = { money: MONEY_FORMAT, days: '0.00', units: '0.0000', count: '0', text: '@' };

export const SHEET_NAMES = {
  zh: { waterfall: '收益分配表', payouts: '分配明细' },
  en: { waterfall: 'Distribution', payouts: 'Payouts' },
} as const;

export { XLSX_PAYOUT_KEYS };

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

/** The 分配明细 table (full ID numbers and accounts: this file is not for posting). */
export function payoutsTable(_rules: Rules, data: Dataset, dist: Distribution, lang: Lang): Table {
  const [header, ...rest] = householdRows(XLSX_PAYOUT_KEYS, data, dist, { lang, posted: false, totalLabel: TOTAL_LABEL[lang] });
  const total = rest.pop()!;
  return { keys: shownKeys(XLSX_PAYOUT_KEYS, data), header: header as string[], body: rest, total };
}

/** The payouts sheet's maximum column widths. */
export function payoutsMaxWidths(keys: readonly string[]): number[] {
  return keys.map((k) => (k === 'net_payable_words' ? 34 : 24));
}

export { columnLetter } from '../util/columnLetter.js';
