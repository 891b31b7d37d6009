/** land.csv (土地, SPEC §3): area × months per land type, rented out or invested as shares (class `land`). */
import type { DatasetBuilder, NumberRule } from '../datasetBuilder.js';
import { type FileContext, q } from '../fileContext.js';
import type { ColumnIndex, RowFn } from '../tableReader.js';
import { normalizeValue } from '../values.js';
import { idx } from './idx.js';
import type { TableFold } from './tableFold.js';
import { unknownLandTypeMessage } from './unknownValue.js';

const AREA: NumberRule = { col: 'area_mu', zh: '面积', scale: 4, max: 1e9, maxText: '10 亿 (10^9)', money: false, positive: true };

const ARRANGEMENTS = new Map<string, 'rent' | 'shares'>([
  ['rent', 'rent'],
  ['流转', 'rent'],
  ['出租', 'rent'],
  ['shares', 'shares'],
  ['入股', 'shares'],
]);

export const land: TableFold = {
  rows(b: DatasetBuilder, ctx: FileContext, cols: ColumnIndex): RowFn {
    const cId = idx(cols, 'household_id');
    const cType = idx(cols, 'land_type');
    const cArea = idx(cols, 'area_mu');
    const cArr = idx(cols, 'arrangement');
    const cMonths = idx(cols, 'months');
    const rules = b.rules;
    const ds = b.ds;
    return (f, line) => {
      const id = normalizeValue(f[cId].trim());
      const h = b.household(ctx, id, line, cId + 1);
      const area = b.number(ctx, f[cArea].trim(), AREA, line, cArea + 1);
      const arrRaw = f[cArr].trim();
      const arrangement = ARRANGEMENTS.get(arrRaw.toLowerCase());
      let ok = h >= 0 && area >= 0;
      if (arrangement === undefined) {
        ok = false;
        ctx.error(
          line,
          cArr + 1,
          'E_BAD_ARRANGEMENT',
          `方式应为 流转/出租/rent 或 入股/shares (arrangement must be rent or shares): ${q(arrRaw)}`,
        );
      }
      const type = f[cType].trim();
      if (type === '') {
        ok = false;
        ctx.error(line, cType + 1, 'E_BAD_VALUE', `地类不能为空 (land_type is empty)`);
      } else if (rules !== null && arrangement === 'rent' && !rules.land.rentPerMu.has(type)) {
        ok = false;
        ctx.error(line, cType + 1, 'E_UNKNOWN_LAND_TYPE', unknownLandTypeMessage(type, true, [...rules.land.rentPerMu.keys()]));
      } else if (rules !== null && arrangement === 'shares' && !rules.land.unitsPerMu.has(type)) {
        ok = false;
        ctx.error(line, cType + 1, 'E_UNKNOWN_LAND_TYPE', unknownLandTypeMessage(type, false, [...rules.land.unitsPerMu.keys()]));
      }
      if (rules !== null && arrangement === 'shares' && !rules.shareClasses.has('land')) {
        ok = false;
        ctx.error(
          line,
          cArr + 1,
          'E_UNKNOWN_CLASS',
          `土地入股需要在规则 share_classes 中设置 land 股类 (land invested as shares needs share class "land")`,
        );
      }
      const months = b.months(ctx, f, cMonths, line);
      if (!ok || months === 0) return;
      const target = arrangement === 'rent' ? ds.rentAreaMonths : ds.shareAreaMonths;
      b.column(target, type)[h] += area * months;
    };
  },

  finish(b, reader) {
    const ctx = reader.ctx;
    for (const [t, a] of b.ds.rentAreaMonths) b.checkSums(ctx, a, `地类 ${q(t)} 的流转面积合计 (rented area)`);
    for (const [t, a] of b.ds.shareAreaMonths) b.checkSums(ctx, a, `地类 ${q(t)} 的入股面积合计 (area invested)`);
  },
};
