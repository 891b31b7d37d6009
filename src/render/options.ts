import { BANK_PRESETS, BANK_SUMMARY_LINES, type BankColumn, type BankPreset, type BankSummaryLine, type Rules } from '../rules/types.js';

/** The rules' optional `disclosure` and `bank_file` sections (validated by the rules loader), with defaults. */

export type { BankColumn, BankSummaryLine };

export interface DisclosureOptions {
  maskNames: boolean;
}

export interface BankFileOptions {
  /** csv: bank.csv; xlsx: bank.xlsx (one sheet, text cells). */
  format: 'csv' | 'xlsx';
  columns: BankColumn[];
  /** Header text written instead of the default one, per column or summary line (the preset's, then the rules'). */
  labels: Partial<Record<BankColumn | BankSummaryLine, string>>;
  delimiter: ',' | '|' | '\t';
  header: boolean;
  /** The lines above the column header, in order; [] for none. */
  summary: BankSummaryLine[];
  /** 代发单位 (summary line `payer`); null: the cell is left empty. */
  payer: string | null;
  /** The `note` column's text; null: `YEAR年度收益分配` (`YEAR distribution` in English). */
  note: string | null;
  /** bank.xlsx amounts (and 合计金额): text cells or number cells formatted 0.00. */
  amount: 'text' | 'number';
  sheetName: string;
  encoding: 'gb18030' | 'utf8';
  preset: BankPreset | null;
}

export const DEFAULT_BANK_COLUMNS: readonly BankColumn[] = ['seq', 'name', 'account', 'amount'];
export const DEFAULT_BANK_SHEET = 'Sheet1';

export function disclosureOptions(rules: Rules): DisclosureOptions {
  return { maskNames: rules.disclosure.mask_names === true };
}

/** `bank_file` with its preset applied under the keys written, then the defaults. */
export function bankFileOptions(rules: Rules): BankFileOptions {
  const w = rules.bankFile;
  const p = w.preset ? BANK_PRESETS[w.preset] : {};
  const s = { ...p, ...w, labels: { ...p.labels, ...w.labels } };
  const summary = s.summary_rows === true ? [...BANK_SUMMARY_LINES] : Array.isArray(s.summary_rows) ? [...s.summary_rows] : [];
  return {
    format: s.format ?? 'csv',
    columns: s.columns && s.columns.length > 0 ? [...s.columns] : [...DEFAULT_BANK_COLUMNS],
    labels: s.labels,
    delimiter: s.delimiter ?? ',',
    header: s.header !== false,
    summary,
    payer: s.payer ?? null,
    note: s.note ?? null,
    amount: s.amount ?? 'text',
    sheetName: s.sheet_name ?? DEFAULT_BANK_SHEET,
    encoding: s.encoding === 'utf8' ? 'utf8' : 'gb18030',
    preset: w.preset ?? null,
  };
}
