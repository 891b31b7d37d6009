/**
 * Builds a Dataset table by table (SPEC §2 order; households first: they define the indexes of every
 * total). What each table's rows fold into is that table's own file (tables/, looked up in
 * tables/registry.ts); this class keeps only what they share: the Dataset being built, the household
 * lookup, the readers of numbers, months and dates, and the per-key total columns.
 */
import type { Rules } from '../rules/types.js';
import type { FileKind } from './columns.js';
import { FileContext, q } from './fileContext.js';
import { HouseholdIndex } from './householdIndex.js';
import { HouseholdSuggester } from './householdSuggester.js';
import { idx } from './tables/idx.js';
import { TABLES } from './tables/registry.js';
import { unknownHouseholdMessage } from './tables/unknownValue.js';
import type { ColumnIndex, RowFnFactory } from './tableReader.js';
import type { Dataset, DetailRow, ReadOptions } from './types.js';
import {
  checkDate,
  DATE_FORMS,
  normalizeValue,
  DATE_FORMAT,
  DATE_INVALID,
  DATE_OK,
  NUM_CURRENCY,
  NUM_DECIMALS,
  NUM_EMPTY,
  NUM_EXPONENT,
  NUM_GROUPING,
  NUM_SIGN,
  NUM_TOO_LARGE,
  parseMonths,
  parseScaled,
} from './values.js';

/** How a numeric column is read. */
export interface NumberRule {
  col: string;
  zh: string;
  scale: number;
  /** Largest value in whole units. */
  max: number;
  maxText: string;
  money: boolean;
  /** 0 is not allowed (the table says "> 0"). */
  positive: boolean;
}

export class DatasetBuilder {
  readonly ds: Dataset;
  readonly rules: Rules | null;
  readonly opts: ReadOptions;
  /** households.csv was read to its end: other files' unknown households can be reported. */
  householdsComplete = false;
  private n = 0;
  private readonly householdIndex = new HouseholdIndex();
  /** Close ids for E_UNKNOWN_HOUSEHOLD (made at the first unknown id). */
  private suggester: HouseholdSuggester | null = null;
  /** households.csv's reporter and its `persons` column (0-based; -1: none), for E_PERSONS_MISMATCH. */
  householdsCtx: FileContext | null = null;
  householdsPersonsCol = -1;
  /** Households whose `persons` cell was reported (no mismatch is added on top). */
  readonly badPersonsCells = new Set<number>();
  /** persons.csv rows per household (rows naming a known household, valid or not). */
  personsRows: Uint32Array | null = null;
  // Last household looked up (rows usually come grouped by household).
  private lastId = '';
  private lastIndex = -1;

  constructor(rules: Rules | null, opts: ReadOptions) {
    this.rules = rules;
    this.opts = opts;
    const empty = new Float64Array(0);
    this.ds = {
      households: [],
      indexById: this.householdIndex,
      laborDaysByJob: new Map(),
      laborDays: empty,
      rentAreaMonths: new Map(),
      shareAreaMonths: new Map(),
      unitsMonths: new Map(),
      points: empty,
      deductionsFen: empty,
      persons: null,
      transactionsFen: null,
      transactionQuantity: new Map(),
      revenue: [],
      inputs: [],
      detail: [],
    };
  }

  /** Before households.csv: about how many households to expect (from its size), to size the index once. */
  expectHouseholds(count: number): void {
    this.householdIndex.reserve(count);
  }

  /** After households.csv: sizes every per-household total. */
  allocTotals(): void {
    this.n = this.ds.households.length;
    this.ds.laborDays = new Float64Array(this.n);
    this.ds.points = new Float64Array(this.n);
    this.ds.deductionsFen = new Float64Array(this.n);
  }

  /**
   * The row function of one input table (its fold, tables/registry.ts); for `explain`
   * (ReadOptions.detailFor) it is tapped: every row of that household is kept as read, for the
   * step-by-step account, and the folds know nothing of it.
   */
  factory(kind: FileKind, ctx: FileContext): RowFnFactory {
    const table = TABLES[kind];
    const detailFor = this.opts.detailFor;
    if (detailFor === undefined) return (cols) => table.rows(this, ctx, cols);
    return (cols) => {
      const handle = table.rows(this, ctx, cols);
      const cId = idx(cols, 'household_id');
      if (cId < 0) return handle; // revenue: no household's rows
      return (f, line) => {
        handle(f, line);
        if (normalizeValue(f[cId].trim()) === detailFor) this.keepDetail(ctx, cols, f, line);
      };
    };
  }

  /** A table read but set aside (an empty sheet of the one workbook): the Dataset is as without it. */
  forgetTable(kind: FileKind): void {
    // A table without `forget` adds into totals that are all 0 without it.
    TABLES[kind].forget?.(this);
  }

  /** persons.csv was read (possibly header only, or broken): the Dataset says it is there. */
  personsPresent(): void {
    this.ds.persons ??= [];
    this.personsRows ??= new Uint32Array(this.n);
  }

  /** transactions.csv was read: its totals exist (all 0 for a header-only file). */
  transactionsPresent(): void {
    this.ds.transactionsFen ??= new Float64Array(this.n);
  }

  /** household_id → index (the labor fast lane looks ids up as bytes). */
  get index(): HouseholdIndex {
    return this.householdIndex;
  }

  /** The Σ days column of a job (created on first use: the Map keeps the jobs in file order). */
  laborColumn(job: string): Float64Array {
    return this.column(this.ds.laborDaysByJob, job);
  }

  /** The per-household total of `key` in `arrays` (created on first use, in file order). */
  column(arrays: Map<string, Float64Array>, key: string): Float64Array {
    let a = arrays.get(key);
    if (a === undefined) {
      a = new Float64Array(this.n);
      arrays.set(key, a);
    }
    return a;
  }

  /** Where the households are, for messages: `households.csv 成员名册中`, `成员名册.csv 中`, `录入表.xlsx[成员名册] 中`. */
  private householdsName(): string {
    const file = this.householdsCtx?.file ?? 'households.csv';
    return file === 'households.csv' || file === 'households.xlsx' ? `${file} 成员名册中` : `${file} 中`;
  }

  /** Household index for a row, or -1 (reported: empty, or unknown when households.csv is complete). */
  household(ctx: FileContext, id: string, line: number, column: number): number {
    if (id === this.lastId && this.lastIndex >= 0) return this.lastIndex;
    // Files exported from the roster (land, shares, points…) list households in its order: the
    // next household is compared first, in place of a hash probe into a table far larger than the cache.
    const next = this.lastIndex + 1;
    if (next > 0 && this.householdIndex.keyAt(next) === id) {
      this.lastId = id;
      this.lastIndex = next;
      return next;
    }
    if (id === '') {
      ctx.error(line, column, 'E_BAD_VALUE', `户号不能为空 (household_id is empty)`);
      return -1;
    }
    const k = this.householdIndex.get(id);
    if (k === undefined) {
      if (this.householdsComplete) {
        this.suggester ??= new HouseholdSuggester(this.householdIndex);
        const file = this.householdsCtx?.file ?? 'households.csv';
        ctx.error(line, column, 'E_UNKNOWN_HOUSEHOLD', unknownHouseholdMessage(id, this.householdsName(), file, this.suggester.near(ctx, id)));
      }
      return -1;
    }
    this.lastId = id;
    this.lastIndex = k;
    return k;
  }

  /** Parses a number column; reports and returns -1 when it is not allowed. */
  number(ctx: FileContext, text: string, r: NumberRule, line: number, column: number): number {
    const raw = normalizeValue(text);
    const v = parseScaled(raw, r.scale, r.max, r.money);
    if (v >= 0) {
      if (r.positive && v === 0) {
        ctx.error(line, column, 'E_BAD_VALUE', `${r.zh}必须大于 0 (${r.col} must be > 0): ${q(text)}`);
        return -1;
      }
      return v;
    }
    const shown = q(text);
    switch (v) {
      case NUM_EMPTY:
        ctx.error(line, column, 'E_BAD_NUMBER', `${r.zh}不能为空 (${r.col} is required)`);
        break;
      case NUM_TOO_LARGE:
        ctx.error(line, column, 'E_TOO_LARGE', `${r.zh}超过上限 ${r.maxText} (${r.col} too large): ${shown}`);
        break;
      case NUM_DECIMALS:
        ctx.error(line, column, 'E_BAD_NUMBER', `${r.zh}最多 ${r.scale} 位小数 (${r.col}: at most ${r.scale} decimals): ${shown}`);
        break;
      case NUM_SIGN:
        ctx.error(line, column, 'E_BAD_NUMBER', `${r.zh}不能带正负号 (${r.col}: no sign allowed): ${shown}`);
        break;
      case NUM_EXPONENT:
        ctx.error(line, column, 'E_BAD_NUMBER', `${r.zh}不能用科学计数法，请把该列设置为数值格式 (${r.col}: no exponent): ${shown}`);
        break;
      case NUM_GROUPING:
        ctx.error(line, column, 'E_BAD_NUMBER', `${r.zh}的千分位逗号位置不对 (${r.col}: bad thousands separators): ${shown}`);
        break;
      case NUM_CURRENCY:
        ctx.error(line, column, 'E_BAD_NUMBER', `${r.zh}不是金额，不能带 ¥ 符号 (${r.col}: ¥ only on money): ${shown}`);
        break;
      default:
        ctx.error(line, column, 'E_BAD_NUMBER', `${r.zh}不是有效的数字 (${r.col}: not a plain number): ${shown}`);
    }
    return -1;
  }

  /** An optional `months` column (c < 0: absent, 12); 0 when reported. */
  months(ctx: FileContext, fields: string[], c: number, line: number): number {
    if (c < 0) return 12;
    const raw = normalizeValue(fields[c].trim());
    const m = parseMonths(raw);
    if (m === 0) ctx.error(line, c + 1, 'E_BAD_MONTHS', `月数必须是 1 到 12 的整数 (months must be a whole number 1–12): ${q(raw)}`);
    return m;
  }

  /** Checks an optional date column; returns false when reported. */
  date(ctx: FileContext, fields: string[], c: number, line: number): boolean {
    if (c < 0) return true;
    const raw = normalizeValue(fields[c].trim());
    if (raw === '') return true;
    const year = this.rules ? this.rules.year : null;
    const r = checkDate(raw, year);
    if (r === DATE_OK) return true;
    const msg =
      r === DATE_FORMAT
        ? `日期格式应为 ${DATE_FORMS} 之一，如 2025-04-02 或 2025年4月2日 (date must be YYYY-MM-DD, YYYY-M-D, YYYY/M/D, YYYY.M.D or YYYY年M月D日): ${q(raw)}`
        : r === DATE_INVALID
          ? `日期不存在 (no such date): ${q(raw)}`
          : `日期不在 ${year} 年度内 (date outside the year ${year}): ${q(raw)}`;
    ctx.error(line, c + 1, 'E_BAD_DATE', msg);
    return false;
  }

  /** A Float64Array total is exact only up to 2^53 − 1 (all summands are ≥ 0, so partial sums are too). */
  checkSums(ctx: FileContext, a: Float64Array, what: string): void {
    let first = -1;
    let count = 0;
    for (let i = 0; i < a.length; i++) {
      if (a[i] > Number.MAX_SAFE_INTEGER) {
        if (first < 0) first = i;
        count++;
      }
    }
    if (first < 0) return;
    const id = this.ds.households[first].id;
    const others = count > 1 ? `等 ${count} 户` : '';
    ctx.error(0, 0, 'E_TOO_LARGE', `户 ${q(id)}${others}的${what}太大，超出可精确计算的范围 (sum beyond exact range)`);
  }

  private keepDetail(ctx: FileContext, cols: ColumnIndex, fields: string[], line: number): void {
    const rec: Record<string, string> = {};
    for (const [name, j] of cols) rec[name] = fields[j].trim();
    const d: DetailRow = { file: ctx.file, line, fields: rec };
    this.ds.detail.push(d);
  }
}
