import type { Row } from './csvWrite.js';
import { householdColumn, type ColumnKind } from './householdColumns.js';

export type { ColumnKind };

/** A household sheet ready for a cell-by-cell renderer (the workbook, report.html): keys, header, rows, total row. */
export interface Table {
  keys: string[];
  header: string[];
  body: Row[];
  total: Row | null;
}

/** A column's kind, from the column registry (which refuses an unknown key): how the workbook formats it. */
export function kindOf(key: string): ColumnKind {
  return householdColumn(key).kind;
}
