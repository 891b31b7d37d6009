import type { DatasetBuilder, NumberRule } from '../datasetBuilder.js';
import type { FileContext } from '../fileContext.js';
import type { ColumnIndex, RowFn } from '../tableReader.js';
import { normalizeValue } from '../values.js';
import { idx } from './idx.js';

/** The rows of a table of one number per row (points.csv, deductions.csv), added up per household into `out`. */
export function sumPerHousehold(b: DatasetBuilder, ctx: FileContext, cols: ColumnIndex, column: string, rule: NumberRule, out: Float64Array): RowFn {
  const cId = idx(cols, 'household_id');
  const cValue = idx(cols, column);
  return (f, line) => {
    const id = normalizeValue(f[cId].trim());
    const h = b.household(ctx, id, line, cId + 1);
    const v = b.number(ctx, f[cValue].trim(), rule, line, cValue + 1);
    if (h >= 0 && v >= 0) out[h] += v;
  };
}
