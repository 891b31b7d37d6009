import type { Distribution } from '../engine/types.js';
import type { Dataset, Household } from '../io/types.js';
import type { Lang } from '../lang.js';
import { maskAccount, maskIdNumber, maskName } from '../privacy/mask.js';
import { InternalError } from '../problems.js';
import { amountInWords } from './amountInWords.js';

/**
 * The one column registry of every household sheet (payouts.csv, disclosure.csv, the workbook's
 * 分配明细, the report's 公示 table): a column is one entry here, with its labels, its kind, and
 * either its text per household or the engine column it shows. Sheets are lists of keys; one
 * emitter (householdRows.ts) writes any of them to any sink.
 */

/** Text stays text (IDs and accounts are never numbers); figures carry their number of decimals (`count`: none). */
export type ColumnKind = 'text' | 'money' | 'days' | 'units' | 'count';

export const KIND_SCALE: Record<Exclude<ColumnKind, 'text'>, number> = { money: 2, days: 2, units: 4, count: 0 };

/** What a text cell may depend on: the sheet is posted (masked personal columns) or not. */
export interface TextContext {
  lang: Lang;
  /** A posted sheet (公示): ID numbers and accounts masked, names too with `mask_names`. */
  posted: boolean;
  maskNames: boolean;
  /** The net payable in 人民币大写 for household i (computed by the emitter without a BigInt per row). */
  netWords(i: number): string;
}

export interface HouseholdColumn {
  /** English key: the header with `--lang en`. */
  key: string;
  /** The Chinese header. */
  zh: string;
  kind: ColumnKind;
  /** Text columns: the cell for household `h` (index i). */
  text?: (h: Household, i: number, ctx: TextContext) => string;
  /** Numeric columns: the per-household values at the kind's scale (fen for money). */
  values?: (d: Distribution, data: Dataset) => BigInt64Array;
  /** Money columns: the Distribution's own total, which the column must add up to. */
  total?: (d: Distribution) => bigint;
  /** An identifier (id, ID number, account): text that a spreadsheet must never read as a number. */
  identifier?: boolean;
  /** Text columns: the total row's cell (default empty). */
  totalText?: (d: Distribution) => string;
  /**
   * A column that only some runs have (SPEC §9: a column appears only when its feature is used):
   * shown when this says so; every sheet listing the key leaves it out otherwise.
   */
  shown?: (data: Dataset) => boolean;
}

const text = (key: string, zh: string, f: NonNullable<HouseholdColumn['text']>, totalText?: HouseholdColumn['totalText']): HouseholdColumn => ({ key, zh, kind: 'text', text: f, totalText });
const money = (key: string, zh: string, values: (d: Distribution) => BigInt64Array, total: (d: Distribution) => bigint): HouseholdColumn => ({ key, zh, kind: 'money', values, total });

export const HOUSEHOLD_COLUMNS: readonly HouseholdColumn[] = [
  { ...text('household_id', '户号', (h) => h.id), identifier: true },
  text('name', '户主', (h, _i, c) => (c.posted && c.maskNames ? maskName(h.name) : h.name)),
  text('village', '村组', (h) => h.village),
  text('category', '类别', (h) => h.category),
  // SPEC §9.1: whole persons (months do not matter), when households.csv has `persons` or persons.csv exists.
  { key: 'persons', zh: '人数', kind: 'count', values: (_d, data) => personsCount(data), shown: hasPersons },
  { ...text('id_number', '身份证号', (h, _i, c) => (c.posted ? maskIdNumber(h.idNumber) : h.idNumber)), identifier: true },
  { key: 'labor_days', zh: '工日', kind: 'days', values: (d) => d.cols.laborDays100 },
  money('wages', '务工工资', (d) => d.cols.wagesFen, (d) => d.wagesFen),
  money('land_rent', '土地租金', (d) => d.cols.landRentFen, (d) => d.landRentFen),
  { key: 'share_units', zh: '股数', kind: 'units', values: (d) => d.cols.shareUnits4 },
  money('guaranteed_dividend', '保底分红', (d) => d.cols.guaranteedFen, (d) => d.householdGuaranteedFen),
  money('performance_dividend', '效益分红', (d) => d.cols.performanceFen, (d) => d.performanceFen),
  money('floor_topup', '兜底补差', (d) => d.cols.topupFen, (d) => d.floorTopupFen),
  money('total', '应分合计', (d) => d.cols.totalFen, (d) => d.totalFen),
  money('deductions', '扣减', (d) => d.cols.deductionsFen, (d) => d.deductionsFen),
  money('net_payable', '实发金额', (d) => d.cols.netFen, (d) => d.netPayableFen),
  text('net_payable_words', '实发金额大写', (_h, i, c) => c.netWords(i), (d) => amountInWords(d.netPayableFen)),
  { ...text('bank_account', '银行账号', (h, _i, c) => (c.posted ? maskAccount(h.bankAccount, c.lang) : h.bankAccount)), identifier: true },
];

/** SPEC §9.10: the 人数 column appears whenever households.csv has the column or persons.csv exists. */
export function hasPersons(data: Dataset): boolean {
  return data.persons !== null || data.households.some((h) => h.persons !== null);
}

/**
 * Each household's whole persons: its rows in persons.csv when there is one (equal to the column
 * when both are given, else the run stopped with E_PERSONS_MISMATCH), else the `persons` column.
 */
export function personsCount(data: Dataset): BigInt64Array {
  const n = data.households.length;
  const out = new BigInt64Array(n);
  if (data.persons !== null) {
    const counts = new Uint32Array(n);
    for (const p of data.persons) counts[p.household]++;
    for (let i = 0; i < n; i++) out[i] = BigInt(counts[i]);
  } else {
    for (let i = 0; i < n; i++) out[i] = BigInt(data.households[i].persons ?? 0);
  }
  return out;
}

const BY_KEY = new Map(HOUSEHOLD_COLUMNS.map((c) => [c.key, c]));

export function householdColumn(key: string): HouseholdColumn {
  const c = BY_KEY.get(key);
  if (!c) throw new InternalError(`render: no household column ${key}`);
  return c;
}

/** The columns of a sheet, from its keys. */
export function columnsOf(keys: readonly string[]): HouseholdColumn[] {
  return keys.map(householdColumn);
}

/** A sheet's keys as this run shows them: a conditional column (`shown`) only when its feature is used. */
export function shownKeys(keys: readonly string[], data: Dataset): string[] {
  return keys.filter((k) => householdColumn(k).shown?.(data) ?? true);
}

/** The header cell of a column. */
export function columnLabel(key: string, lang: Lang): string {
  return lang === 'en' ? key : householdColumn(key).zh;
}

export const TOTAL_LABEL = { zh: '合计', en: 'Total' } as const;

/**
 * payouts.csv in SPEC §6 order (full accounts: a 0600 file, not for posting). Every sheet below lists
 * `persons` (人数, SPEC §9.1) after `category`; shownKeys leaves it out of a run without persons.
 */
export const PAYOUT_KEYS: readonly string[] = [
  'household_id', 'name', 'village', 'category', 'persons', 'labor_days', 'wages', 'land_rent', 'share_units', 'guaranteed_dividend',
  'performance_dividend', 'floor_topup', 'total', 'deductions', 'net_payable', 'net_payable_words', 'bank_account',
];

/** disclosure.csv, the 公示表 (posted: personal columns masked). */
export const DISCLOSURE_KEYS: readonly string[] = [
  'household_id', 'name', 'village', 'category', 'persons', 'id_number', 'bank_account', 'labor_days', 'wages', 'land_rent', 'share_units',
  'guaranteed_dividend', 'performance_dividend', 'floor_topup', 'total', 'deductions', 'net_payable',
];

/** The workbook's 分配明细: payouts.csv's columns with the full ID number before the bank account. */
export const XLSX_PAYOUT_KEYS: readonly string[] = [...PAYOUT_KEYS.slice(0, -1), 'id_number', 'bank_account'];
