/** shares.csv (股份, SPEC §3): units × months per share class. */
import type { DatasetBuilder, NumberRule } from '../datasetBuilder.js';
import { type FileContext, q } from '../fileContext.js';
import type { ColumnIndex, RowFn } from '../tableReader.js';
import { normalizeValue } from '../values.js';
import { idx } from './idx.js';
import type { TableFold } from './tableFold.js';
import { unknownClassMessage } from './unknownValue.js';

const UNITS: NumberRule = { col: 'units', zh: '股数', scale: 4, max: 1e9, maxText: '10 亿 (10^9)', money: false, positive: true };

export const shares: TableFold = {
  rows(b: DatasetBuilder, ctx: FileContext, cols: ColumnIndex): RowFn {
    const cId = idx(cols, 'household_id');
    const cClass = idx(cols, 'class');
    const cUnits = idx(cols, 'units');
    const cMonths = idx(cols, 'months');
    const rules = b.rules;
    const unitsMonths = b.ds.unitsMonths;
    return (f, line) => {
      const id = normalizeValue(f[cId].trim());
      const h = b.household(ctx, id, line, cId + 1);
      const cls = f[cClass].trim();
      let ok = h >= 0;
      if (cls === '') {
        ok = false;
        ctx.error(line, cClass + 1, 'E_BAD_VALUE', `股份类别不能为空 (class is empty)`);
      } else if (rules !== null && !rules.shareClasses.has(cls)) {
        ok = false;
        ctx.error(line, cClass + 1, 'E_UNKNOWN_CLASS', unknownClassMessage(cls, [...rules.shareClasses.keys()]));
      }
      const units = b.number(ctx, f[cUnits].trim(), UNITS, line, cUnits + 1);
      const months = b.months(ctx, f, cMonths, line);
      if (!ok || units < 0 || months === 0) return;
      b.column(unitsMonths, cls)[h] += units * months;
    };
  },

  finish(b, reader) {
    for (const [c, a] of b.ds.unitsMonths) b.checkSums(reader.ctx, a, `股类 ${q(c)} 的股数合计 (units)`);
  },
};
