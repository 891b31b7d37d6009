import type { Checker } from '../check.js';
import type { PMap } from '../yamlTree.js';
import { entry } from './common.js';

/**
 * `csv: { excel_text: true }`: the CSV sheets write identifiers Excel would turn into numbers or
 * dates (a 19-digit account, 001, 3-1) as `="…"`, so double-clicking the file keeps them as text.
 * Off when absent: payouts.csv stays the plain file SPEC §6 describes, for programs; `init` writes it on.
 */
export function readCsvOutput(c: Checker, root: PMap): { excelText: boolean } {
  const n = entry(root, 'csv');
  if (!n || c.isNull(n)) return { excelText: false };
  const m = c.map(n, 'csv', ['excel_text']);
  const v = m ? entry(m, 'excel_text') : undefined;
  return { excelText: v ? c.bool(v, 'csv.excel_text') === true : false };
}
