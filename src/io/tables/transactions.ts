/** transactions.csv (交易, SPEC §9.5): Σ amount in fen per household, and Σ quantity per product for rows that give one. */
import type { MemberBasis } from '../../rules/types.js';
import { suggest } from '../../util/suggest.js';
import type { DatasetBuilder, NumberRule } from '../datasetBuilder.js';
import { type FileContext, q } from '../fileContext.js';
import type { ColumnIndex, RowFn } from '../tableReader.js';
import { normalizeValue } from '../values.js';
import { idx } from './idx.js';
import type { TableFold } from './tableFold.js';

const AMOUNT: NumberRule = { col: 'amount', zh: '金额', scale: 2, max: 1e12, maxText: '1 万亿元 (10^12 元)', money: true, positive: false };
const QUANTITY: NumberRule = { col: 'quantity', zh: '数量', scale: 4, max: 1e9, maxText: '10 亿 (10^9)', money: false, positive: true };

/** A `transactions` basis weighted by quantity (SPEC §9.5); the basis name is compared as text. */
export function isQuantityBasis(m: MemberBasis): boolean {
  return (m.basis as string) === 'transactions' && m.by === 'quantity';
}

export const transactions: TableFold = {
  rows(b: DatasetBuilder, ctx: FileContext, cols: ColumnIndex): RowFn {
    b.transactionsPresent();
    const cId = idx(cols, 'household_id');
    const cAmount = idx(cols, 'amount');
    const cQty = idx(cols, 'quantity');
    const cProduct = idx(cols, 'product');
    const cDate = idx(cols, 'date');
    const quantityBases = b.rules ? b.rules.members.filter(isQuantityBasis) : [];
    const needQuantity = quantityBases.length > 0;
    // Every product_weights map a product must be in (one per `by: quantity` basis that gives one);
    // without a product column that is one problem at the header (finish), not one per row.
    const weighted = cProduct < 0 ? [] : quantityBases.filter((m) => m.productWeights !== null).map((m) => m.productWeights!);
    const amounts = b.ds.transactionsFen!;
    const byProduct = b.ds.transactionQuantity;
    let lastProduct: string | null = null;
    let lastArr: Float64Array | null = null;
    return (f, line) => {
      const id = normalizeValue(f[cId].trim());
      const h = b.household(ctx, id, line, cId + 1);
      const amount = b.number(ctx, f[cAmount].trim(), AMOUNT, line, cAmount + 1);
      let ok = h >= 0 && amount >= 0;
      let qty = -1;
      if (cQty >= 0) {
        const text = f[cQty].trim();
        if (normalizeValue(text) !== '') {
          qty = b.number(ctx, text, QUANTITY, line, cQty + 1);
          if (qty < 0) ok = false;
        } else if (needQuantity) {
          ok = false;
          ctx.error(
            line,
            cQty + 1,
            'E_BAD_NUMBER',
            `数量不能为空：规则中的 transactions 基数按数量 (by: quantity) 返还，请填写交易数量 (quantity is required: a transactions basis is by quantity)`,
          );
        }
      }
      const product = cProduct >= 0 ? f[cProduct].trim() : '';
      if (product !== lastProduct) {
        // A product seen for the first time since the last change: checked once, not per row.
        const unknown = weighted.find((w) => !w.has(product));
        if (unknown !== undefined) {
          ok = false;
          ctx.error(line, cProduct + 1, 'E_UNKNOWN_PRODUCT', unknownProductMessage(product, [...unknown.keys()]));
        } else {
          lastProduct = product;
          lastArr = null;
        }
      }
      if (cDate >= 0 && !b.date(ctx, f, cDate, line)) ok = false;
      if (!ok) return;
      amounts[h] += amount;
      if (qty >= 0) {
        if (lastArr === null) lastArr = b.column(byProduct, product);
        lastArr[h] += qty;
      }
    };
  },

  finish(b, reader) {
    const ctx = reader.ctx;
    b.transactionsPresent();
    const quantityBases = b.rules ? b.rules.members.filter(isQuantityBasis) : [];
    if (reader.usable && reader.rows > 0 && quantityBases.length > 0) {
      if (!reader.cols.has('quantity'))
        ctx.error(
          reader.headerLine,
          0,
          'E_MISSING_COLUMN',
          `${ctx.file} 没有 quantity（数量）列，但规则中的 transactions 基数按数量 (by: quantity) 返还：请加上 数量 列 (no quantity column, but a transactions basis is by quantity)`,
        );
      if (!reader.cols.has('product') && quantityBases.some((m) => m.productWeights !== null))
        ctx.error(
          reader.headerLine,
          0,
          'E_MISSING_COLUMN',
          `${ctx.file} 没有 product（产品）列，但规则的 product_weights 按产品折算交易量：请加上 产品 列 (no product column, but product_weights is given)`,
        );
    }
    b.checkSums(ctx, b.ds.transactionsFen!, '交易额合计 (transactions)');
    for (const [p, a] of b.ds.transactionQuantity) b.checkSums(ctx, a, `产品 ${p ? q(p) : '(空)'} 的交易量合计 (quantity)`);
  },

  forget(b) {
    b.ds.transactionsFen = null;
    b.ds.transactionQuantity.clear();
  },
};

function unknownProductMessage(product: string, known: string[]): string {
  const shown = known.length > 0 ? known.slice(0, 8).map((k) => q(k)).join('、') + (known.length > 8 ? ' …' : '') : '（无 none）';
  if (product === '') {
    return `产品为空，但规则的 product_weights 按产品折算交易量，请填写产品，可选：${shown} (product is empty but product_weights is given; products: ${shown})`;
  }
  const s = suggest(product, known);
  if (s !== null) {
    return `产品 ${q(product)} 在规则 product_weights 中没有折算系数，是否应为 ${q(s)}? (product not in product_weights; did you mean ${q(s)}?)`;
  }
  return `产品 ${q(product)} 在规则 product_weights 中没有折算系数，可选：${shown} (product not in product_weights; products: ${shown})`;
}
