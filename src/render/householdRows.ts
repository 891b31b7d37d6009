import type { Distribution } from '../engine/types.js';
import type { Dataset } from '../io/types.js';
import type { Lang } from '../lang.js';
import { exactSum, SafeColumn } from '../money/columnView.js';
import { formatScaled, formatScaledNum } from '../money/fen.js';
import { InternalError } from '../problems.js';
import { amountInWords, amountInWordsNum } from './amountInWords.js';
import { num, type Cell, type Row } from './csvWrite.js';
import { columnLabel, columnsOf, KIND_SCALE, shownKeys, type TextContext } from './householdColumns.js';

/**
 * What a household sheet is written to: the CSV byte builder (a million rows without a string per
 * row) or a row collector (the workbook, the report's table, tests). Both get the same calls from
 * the one emitter below, so every format shows the same cells.
 */
export interface CellSink {
  /** A text cell. */
  cell(text: string): void;
  /** An identifier's text cell (the CSV builder may guard it against Excel: `csv.excel_text`). */
  id(text: string): void;
  /** A number cell, as its plain decimal text. */
  num(text: string): void;
  /** A number cell from a safe integer `units` with `scale` decimals. */
  fixed(units: number, scale: number): void;
  endRow(): void;
}

/** Collects the emitter's cells as rows. */
export class RowCollector implements CellSink {
  readonly rows: Row[] = [];
  private row: Cell[] = [];

  cell(text: string): void {
    this.row.push(text);
  }
  id(text: string): void {
    this.row.push(text);
  }
  num(text: string): void {
    this.row.push(num(text));
  }
  fixed(units: number, scale: number): void {
    this.row.push(num(formatScaledNum(units, scale)));
  }
  endRow(): void {
    this.rows.push(this.row);
    this.row = [];
  }
}

export interface SheetOptions {
  lang: Lang;
  /** Posted sheets mask ID numbers and accounts (and names with `maskNames`). */
  posted: boolean;
  maskNames?: boolean;
  /** The total row's label, in the first column; none: no total row. */
  totalLabel?: string;
}

/**
 * A household sheet: the header, one row per household in households.csv order, and (with
 * `totalLabel`) the total row, added up in bigint from the engine's columns and checked against
 * the Distribution's own totals. A conditional column among `keys` (householdColumns.ts `shown`)
 * is written only when the run uses its feature.
 */
export function emitHouseholdSheet(out: CellSink, keys: readonly string[], data: Dataset, dist: Distribution, opts: SheetOptions): void {
  if (data.households.length !== dist.households || dist.cols.netFen.length !== dist.households) {
    throw new InternalError(`render: ${data.households.length} households but a distribution of ${dist.households}`);
  }
  const columns = columnsOf(shownKeys(keys, data));
  for (const c of columns) out.cell(columnLabel(c.key, opts.lang));
  out.endRow();
  const safe = columns.map((c) => (c.values ? new SafeColumn(c.values(dist, data)) : null));
  const scale = columns.map((c) => (c.kind === 'text' ? 0 : KIND_SCALE[c.kind]));
  const ids = columns.map((c) => c.identifier === true);
  const net = new SafeColumn(dist.cols.netFen);
  const ctx: TextContext = {
    lang: opts.lang,
    posted: opts.posted,
    maskNames: opts.maskNames ?? false,
    netWords: (i) => {
      const v = net.at(i);
      return v === v ? amountInWordsNum(v) : amountInWords(net.col[i]);
    },
  };
  const households = data.households;
  const n = columns.length;
  for (let i = 0; i < households.length; i++) {
    const h = households[i];
    for (let j = 0; j < n; j++) {
      const s = safe[j];
      if (s === null) {
        const t = columns[j].text!(h, i, ctx);
        if (ids[j]) out.id(t);
        else out.cell(t);
      }
      else {
        // In a JS number while it is exact (no BigInt per cell at county scale); NaN means "use the bigint".
        const v = s.at(i);
        if (v === v) out.fixed(v, scale[j]);
        else out.num(formatScaled(s.col[i], scale[j]));
      }
    }
    out.endRow();
  }
  if (opts.totalLabel === undefined) return;
  columns.forEach((c, j) => {
    if (c.kind === 'text') {
      out.cell(j === 0 ? opts.totalLabel! : (c.totalText?.(dist) ?? ''));
      return;
    }
    const s = exactSum(c.values!(dist, data));
    const want = c.total?.(dist) ?? null;
    if (want !== null && want !== s) {
      throw new InternalError(`render: column ${c.key} adds up to ${formatScaled(s, 2)}, the distribution says ${formatScaled(want, 2)}`);
    }
    out.num(formatScaled(s, scale[j]));
  });
  out.endRow();
}

/** The sheet as rows (header, households, total row when asked for). */
export function householdRows(keys: readonly string[], data: Dataset, dist: Distribution, opts: SheetOptions): Row[] {
  const c = new RowCollector();
  emitHouseholdSheet(c, keys, data, dist, opts);
  return c.rows;
}
