import type { Rules } from '../rules/types.js';

/** The rules' optional `disclosure` and `bank_file` sections (validated by the rules loader), with defaults. */

export type BankColumn = 'seq' | 'name' | 'account' | 'amount' | 'id_number' | 'household_id' | 'note';

export interface DisclosureOptions {
  maskNames: boolean;
}

export interface BankFileOptions {
  columns: BankColumn[];
  delimiter: ',' | '|' | '\t';
  header: boolean;
  encoding: 'gb18030' | 'utf8';
}

export const DEFAULT_BANK_COLUMNS: readonly BankColumn[] = ['seq', 'name', 'account', 'amount'];

function section(rules: Rules, key: string): Record<string, unknown> {
  const v = rules.extra?.[key];
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

export function disclosureOptions(rules: Rules): DisclosureOptions {
  return { maskNames: section(rules, 'disclosure').mask_names === true };
}

export function bankFileOptions(rules: Rules): BankFileOptions {
  const s = section(rules, 'bank_file');
  const columns = Array.isArray(s.columns) && s.columns.length > 0 ? (s.columns as BankColumn[]) : [...DEFAULT_BANK_COLUMNS];
  const delimiter = s.delimiter === '|' || s.delimiter === '\t' ? s.delimiter : ',';
  return {
    columns,
    delimiter,
    header: s.header !== false,
    encoding: s.encoding === 'utf8' ? 'utf8' : 'gb18030',
  };
}
