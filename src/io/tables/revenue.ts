/** revenue.csv (收支, SPEC §3): the operation's income and expense lines, in file order. */
import type { DatasetBuilder, NumberRule } from '../datasetBuilder.js';
import { type FileContext, q } from '../fileContext.js';
import type { ColumnIndex, RowFn } from '../tableReader.js';
import { idx } from './idx.js';
import type { TableFold } from './tableFold.js';

const AMOUNT: NumberRule = { col: 'amount', zh: '金额', scale: 2, max: 1e12, maxText: '1 万亿元 (10^12 元)', money: true, positive: false };

const KINDS = new Map<string, 'income' | 'expense'>([
  ['income', 'income'],
  ['收入', 'income'],
  ['expense', 'expense'],
  ['支出', 'expense'],
]);

export const revenue: TableFold = {
  rows(b: DatasetBuilder, ctx: FileContext, cols: ColumnIndex): RowFn {
    const cKind = idx(cols, 'kind');
    const cAmount = idx(cols, 'amount');
    const cDate = idx(cols, 'date');
    const cCat = idx(cols, 'category');
    const out = b.ds.revenue;
    return (f, line) => {
      const kindRaw = f[cKind].trim();
      const kind = KINDS.get(kindRaw.toLowerCase());
      if (kind === undefined)
        ctx.error(line, cKind + 1, 'E_BAD_KIND', `收支应为 收入/income 或 支出/expense (kind must be income or expense): ${q(kindRaw)}`);
      const amount = b.number(ctx, f[cAmount].trim(), AMOUNT, line, cAmount + 1);
      const dateOk = b.date(ctx, f, cDate, line);
      if (kind === undefined || amount < 0 || !dateOk) return;
      out.push({ kind, category: cCat >= 0 ? f[cCat].trim() : '', amountFen: BigInt(amount) });
    };
  },
};
