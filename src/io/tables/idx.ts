import type { ColumnIndex } from '../tableReader.js';

/** The 0-based field of a canonical column, or -1 when the header has no such column. */
export function idx(cols: ColumnIndex, name: string): number {
  return cols.get(name) ?? -1;
}
