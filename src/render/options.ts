import type { BankColumn, Rules } from '../rules/types.js';

/** The rules' optional `disclosure` and `bank_file` sections (validated by the rules loader), with defaults. */

export type { BankColumn };

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

export function disclosureOptions(rules: Rules): DisclosureOptions {
  return { maskNames: rules.disclosure.mask_names === true };
}

export function bankFileOptions(rules: Rules): BankFileOptions {
  const s = rules.bankFile;
  return {
    columns: s.columns && s.columns.length > 0 ? [...s.columns] : [...DEFAULT_BANK_COLUMNS],
    delimiter: s.delimiter ?? ',',
    header: s.header !== false,
    encoding: s.encoding === 'utf8' ? 'utf8' : 'gb18030',
  };
}
