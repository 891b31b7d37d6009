/**
 * What one input table's rows fold into (issue 10): one such descriptor per table, in its own file
 * under tables/, registered by FileKind in tables/registry.ts. Its file name, names and columns are
 * its FILE_SPECS entry (columns.ts).
 */
import type { DatasetBuilder } from '../datasetBuilder.js';
import type { FileContext } from '../fileContext.js';
import type { ColumnIndex, RowFn, TableReader } from '../tableReader.js';

export interface TableFold {
  /**
   * The row function of one file of this table, once its header is known (`cols`): checks each row,
   * reports to `ctx`, and adds the row into `b.ds`. Called once per file; keep per-row work free of
   * allocations (labor and households have millions of rows).
   */
  rows(b: DatasetBuilder, ctx: FileContext, cols: ColumnIndex): RowFn;
  /** After the file's last row: the checks that need the whole file (before its problems are summed up). */
  finish?(b: DatasetBuilder, reader: TableReader): void;
  /** The table read but set aside (an empty sheet of the one workbook): undo what reading it put in `b.ds`. */
  forget?(b: DatasetBuilder): void;
}
