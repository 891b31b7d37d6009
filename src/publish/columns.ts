import type { Distribution } from '../engine/types.js';
import { exactSum } from '../money/columnView.js';
import { formatScaled } from '../money/fen.js';
import { InternalError } from '../problems.js';
import { num, type Cell, type Row } from '../report/csvWrite.js';

/**
 * What kind of value each payouts/disclosure column holds, so that every renderer (CSV, xlsx,
 * HTML) treats it the same: text stays text (IDs and accounts are never numbers), figures carry
 * their number of decimals, and totals are added up in bigint from the very cells rendered.
 */
export type ColumnKind = 'text' | 'money' | 'days' | 'units';

export const COLUMN_KIND: Record<string, ColumnKind> = {
  household_id: 'text',
  name: 'text',
  village: 'text',
  category: 'text',
  id_number: 'text',
  bank_account: 'text',
  net_payable_words: 'text',
  labor_days: 'days',
  share_units: 'units',
  wages: 'money',
  land_rent: 'money',
  guaranteed_dividend: 'money',
  performance_dividend: 'money',
  floor_topup: 'money',
  total: 'money',
  deductions: 'money',
  net_payable: 'money',
};

export const KIND_SCALE: Record<Exclude<ColumnKind, 'text'>, number> = { money: 2, days: 2, units: 4 };

/** A table ready for any renderer: English column keys, the header in the chosen language, rows, an optional total row. */
export interface Table {
  keys: string[];
  header: string[];
  body: Row[];
  total: Row | null;
}

export function kindOf(key: string): ColumnKind {
  const k = COLUMN_KIND[key];
  if (!k) throw new InternalError(`publish: unknown column ${key}`);
  return k;
}

/** A plain decimal cell (`-12.50`) as an integer scaled by 10^scale. */
export function scaledOf(cell: Cell, scale: number): bigint {
  if (typeof cell === 'string') throw new InternalError(`publish: expected a number cell, got text ${JSON.stringify(cell)}`);
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(cell.num);
  if (!m) throw new InternalError(`publish: not a plain number: ${cell.num}`);
  const frac = m[3] ?? '';
  if (frac.length > scale) throw new InternalError(`publish: ${cell.num} has more than ${scale} decimals`);
  const v = BigInt(m[2] + frac.padEnd(scale, '0'));
  return m[1] === '-' ? -v : v;
}

/** Σ of a numeric column over the body, in bigint, at the column's scale. */
export function columnSum(table: Pick<Table, 'keys' | 'body'>, key: string): bigint {
  const j = table.keys.indexOf(key);
  const kind = kindOf(key);
  if (j < 0 || kind === 'text') throw new InternalError(`publish: no numeric column ${key}`);
  let s = 0n;
  for (const row of table.body) s += scaledOf(row[j], KIND_SCALE[kind]);
  return s;
}

/** The per-household column a numeric payouts/disclosure key shows, at its KIND_SCALE. */
export function distColumn(dist: Distribution, key: string): BigInt64Array {
  const c = dist.cols;
  switch (key) {
    case 'labor_days':
      return c.laborDays100;
    case 'share_units':
      return c.shareUnits4;
    case 'wages':
      return c.wagesFen;
    case 'land_rent':
      return c.landRentFen;
    case 'guaranteed_dividend':
      return c.guaranteedFen;
    case 'performance_dividend':
      return c.performanceFen;
    case 'floor_topup':
      return c.topupFen;
    case 'total':
      return c.totalFen;
    case 'deductions':
      return c.deductionsFen;
    case 'net_payable':
      return c.netFen;
    default:
      throw new InternalError(`publish: no numeric column ${key}`);
  }
}

/**
 * The total row straight from the Distribution's columns (county scale: no rendered cells to add
 * up): the same cells as totalRow over a table of those columns, with the same check of every
 * money column against the Distribution's own total.
 */
export function totalRowOfColumns(keys: readonly string[], dist: Distribution, label: string): Row {
  return keys.map((key, j): Cell => {
    const kind = kindOf(key);
    if (kind === 'text') return j === 0 ? label : '';
    const s = exactSum(distColumn(dist, key));
    const want = distTotal(dist, key);
    if (want !== null && want !== s) {
      throw new InternalError(`publish: column ${key} adds up to ${formatScaled(s, 2)}, the distribution says ${formatScaled(want, 2)}`);
    }
    return num(formatScaled(s, KIND_SCALE[kind]));
  });
}

/** The Distribution's total of a money column, to check a rendered column against. */
export function distTotal(dist: Distribution, key: string): bigint | null {
  switch (key) {
    case 'wages':
      return dist.wagesFen;
    case 'land_rent':
      return dist.landRentFen;
    case 'guaranteed_dividend':
      return dist.guaranteedFen;
    case 'performance_dividend':
      return dist.performanceFen;
    case 'floor_topup':
      return dist.floorTopupFen;
    case 'total':
      return dist.totalFen;
    case 'deductions':
      return dist.deductionsFen;
    case 'net_payable':
      return dist.netPayableFen;
    default:
      return null;
  }
}

/**
 * The total row: `label` in the first column, Σ of every numeric column (checked against the
 * Distribution for money), '' elsewhere; `extra` fills text columns (e.g. the net total in words).
 */
export function totalRow(table: Pick<Table, 'keys' | 'body'>, dist: Distribution, label: string, extra: Record<string, string> = {}): Row {
  return table.keys.map((key, j): Cell => {
    const kind = kindOf(key);
    if (kind === 'text') return j === 0 ? label : (extra[key] ?? '');
    const s = columnSum(table, key);
    const want = distTotal(dist, key);
    if (want !== null && want !== s) {
      throw new InternalError(`publish: column ${key} adds up to ${formatScaled(s, 2)}, the distribution says ${formatScaled(want, 2)}`);
    }
    return num(formatScaled(s, KIND_SCALE[kind]));
  });
}
