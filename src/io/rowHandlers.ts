/**
 * Long because the nine tables' handlers share the builder's state (the household index, the per-file sums, the interned ids); splitting them into one descriptor per table is the remaining half of issue 10's input-table step.
 *
 * Per-file row checks (SPEC §3, DESIGN.md) and folding into the per-household totals of `Dataset`.
 * Every handler takes (fields, line) from any record source (CSV tokenizer, later .xlsx).
 */
import { suggest } from '../rules/check.js';
import type { MemberBasis, Rules } from '../rules/types.js';
import type { FileKind } from './columns.js';
import { FileContext, q } from './fileContext.js';
import { HouseholdIndex } from './householdIndex.js';
import type { ColumnIndex, RowFn, RowFnFactory } from './tableReader.js';
import type { Dataset, DetailRow, Person, ReadOptions } from './types.js';
import {
  checkDate,
  DATE_FORMS,
  normalizeValue,
  DATE_FORMAT,
  DATE_INVALID,
  DATE_OK,
  idCheckDigit,
  isExcelMangled,
  isValidIdNumber,
  NUM_CURRENCY,
  NUM_DECIMALS,
  NUM_EMPTY,
  NUM_EXPONENT,
  NUM_GROUPING,
  NUM_SIGN,
  NUM_TOO_LARGE,
  parseMonths,
  parseScaled,
  stripSpaces,
} from './values.js';

/** How a numeric column is read. */
interface NumberRule {
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

const AREA: NumberRule = { col: 'area_mu', zh: '面积', scale: 4, max: 1e9, maxText: '10 亿 (10^9)', money: false, positive: true };
const UNITS: NumberRule = { col: 'units', zh: '股数', scale: 4, max: 1e9, maxText: '10 亿 (10^9)', money: false, positive: true };
const DAYS: NumberRule = { col: 'days', zh: '天数', scale: 2, max: 1e9, maxText: '10 亿 (10^9)', money: false, positive: true };
const POINTS: NumberRule = { col: 'points', zh: '积分', scale: 4, max: 1e9, maxText: '10 亿 (10^9)', money: false, positive: false };
const REVENUE_AMOUNT: NumberRule = { col: 'amount', zh: '金额', scale: 2, max: 1e12, maxText: '1 万亿元 (10^12 元)', money: true, positive: false };
const DEDUCTION_AMOUNT: NumberRule = { col: 'amount', zh: '金额', scale: 2, max: 1e12, maxText: '1 万亿元 (10^12 元)', money: true, positive: true };
const TRANSACTION_AMOUNT: NumberRule = { col: 'amount', zh: '金额', scale: 2, max: 1e12, maxText: '1 万亿元 (10^12 元)', money: true, positive: false };
const QUANTITY: NumberRule = { col: 'quantity', zh: '数量', scale: 4, max: 1e9, maxText: '10 亿 (10^9)', money: false, positive: true };
/** households.csv `persons`: read at 4 decimals so that `3.0` (a number cell) is 3; must be whole. */
const PERSONS: NumberRule = { col: 'persons', zh: '人数', scale: 4, max: 1e9, maxText: '10 亿 (10^9)', money: false, positive: false };

/** SPEC §9.8 `payment` words, after NFKC, trim and lower-case. */
const PAYMENTS = new Map<string, 'bank' | 'cash'>([
  ['bank', 'bank'],
  ['银行', 'bank'],
  ['银行代发', 'bank'],
  ['cash', 'cash'],
  ['现金', 'cash'],
]);

/** SPEC §9.1 `tags`: labels separated by `;` `；` `、` or `|`. */
const TAG_SEPARATORS = /[;；、|]/;
const NO_TAGS: readonly string[] = Object.freeze([]);

/** A `transactions` basis weighted by quantity (SPEC §9.5); the basis name is compared as text. */
export function isQuantityBasis(m: MemberBasis): boolean {
  return (m.basis as string) === 'transactions' && m.by === 'quantity';
}

const ARRANGEMENTS = new Map<string, 'rent' | 'shares'>([
  ['rent', 'rent'],
  ['流转', 'rent'],
  ['出租', 'rent'],
  ['shares', 'shares'],
  ['入股', 'shares'],
]);

const KINDS = new Map<string, 'income' | 'expense'>([
  ['income', 'income'],
  ['收入', 'income'],
  ['expense', 'expense'],
  ['支出', 'expense'],
]);

/** Builds a Dataset file by file. Households first: they define the indexes of every total. */
export class DatasetBuilder {
  readonly ds: Dataset;
  readonly rules: Rules | null;
  readonly opts: ReadOptions;
  /** households.csv was read to its end: other files' unknown households can be reported. */
  householdsComplete = false;
  private n = 0;
  private readonly householdIndex = new HouseholdIndex();
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
   * The row function of one input table; for `explain` (ReadOptions.detailFor) it is tapped: every
   * row of that household is kept as read, for the step-by-step account, and the handlers know nothing of it.
   */
  factory(kind: FileKind, ctx: FileContext): RowFnFactory {
    const make = this.handlerFactory(kind, ctx);
    const detailFor = this.opts.detailFor;
    if (detailFor === undefined || kind === 'revenue') return make;
    return (cols) => {
      const handle = make(cols);
      const cId = idx(cols, 'household_id');
      return (f, line) => {
        handle(f, line);
        if (cId >= 0 && normalizeValue(f[cId].trim()) === detailFor) this.keepDetail(ctx, cols, f, line);
      };
    };
  }

  private handlerFactory(kind: FileKind, ctx: FileContext): RowFnFactory {
    switch (kind) {
      case 'households':
        return (cols) => this.households(ctx, cols);
      case 'revenue':
        return (cols) => this.revenue(ctx, cols);
      case 'land':
        return (cols) => this.land(ctx, cols);
      case 'shares':
        return (cols) => this.shares(ctx, cols);
      case 'labor':
        return (cols) => this.labor(ctx, cols);
      case 'points':
        return (cols) => this.sumPerHousehold(ctx, cols, 'points', POINTS, this.ds.points);
      case 'deductions':
        return (cols) => this.sumPerHousehold(ctx, cols, 'amount', DEDUCTION_AMOUNT, this.ds.deductionsFen);
      case 'persons':
        return (cols) => this.persons(ctx, cols);
      case 'transactions':
        return (cols) => this.transactions(ctx, cols);
    }
  }

  /** persons.csv was read (possibly header only, or broken): the Dataset says it is there. */
  personsPresent(): void {
    this.ds.persons ??= [];
    this.personsRows ??= new Uint32Array(this.n);
  }

  /** A table read but set aside (an empty sheet of the one workbook): the Dataset is as without it. */
  forgetTable(kind: FileKind): void {
    if (kind === 'persons') {
      this.ds.persons = null;
      this.personsRows = null;
    } else if (kind === 'transactions') {
      this.ds.transactionsFen = null;
      this.ds.transactionQuantity.clear();
    }
    // Every other table adds into totals that are all 0 without it.
  }

  /** transactions.csv was read: its totals exist (all 0 for a header-only file). */
  transactionsPresent(): void {
    this.ds.transactionsFen ??= new Float64Array(this.n);
  }

  // ——— the labor fast lane (laborFastLane.ts) ———

  /** household_id → index (the lane looks ids up as bytes). */
  get index(): HouseholdIndex {
    return this.householdIndex;
  }

  /** The Σ days column of a job (created on first use: the Map keeps the jobs in file order). */
  laborColumn(job: string): Float64Array {
    return this.column(this.ds.laborDaysByJob, job);
  }

  // ——— helpers ———

  private column(arrays: Map<string, Float64Array>, key: string): Float64Array {
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
  private household(ctx: FileContext, id: string, line: number, column: number): number {
    if (id === this.lastId && this.lastIndex >= 0) return this.lastIndex;
    if (id === '') {
      ctx.error(line, column, 'E_BAD_VALUE', `户号不能为空 (household_id is empty)`);
      return -1;
    }
    const k = this.householdIndex.get(id);
    if (k === undefined) {
      if (this.householdsComplete)
        ctx.error(line, column, 'E_UNKNOWN_HOUSEHOLD', `户号 ${q(id)} 不在 ${this.householdsName()} (unknown household)`);
      return -1;
    }
    this.lastId = id;
    this.lastIndex = k;
    return k;
  }

  /** Parses a number column; reports and returns -1 when it is not allowed. */
  private number(ctx: FileContext, text: string, r: NumberRule, line: number, column: number): number {
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

  private months(ctx: FileContext, fields: string[], c: number, line: number): number {
    if (c < 0) return 12;
    const raw = normalizeValue(fields[c].trim());
    const m = parseMonths(raw);
    if (m === 0) ctx.error(line, c + 1, 'E_BAD_MONTHS', `月数必须是 1 到 12 的整数 (months must be a whole number 1–12): ${q(raw)}`);
    return m;
  }

  /** households.csv `persons`: a whole number ≥ 0, empty = 0; -1 when reported. */
  private personsCell(ctx: FileContext, text: string, line: number, column: number): number {
    if (normalizeValue(text) === '') return 0;
    const v = this.number(ctx, text, PERSONS, line, column);
    if (v < 0) return -1;
    if (v % 10000 !== 0) {
      ctx.error(line, column, 'E_BAD_NUMBER', `人数必须是整数 (persons must be a whole number): ${q(text)}`);
      return -1;
    }
    return v / 10000;
  }

  /** Checks an optional date column; returns false when reported. */
  private date(ctx: FileContext, fields: string[], c: number, line: number): boolean {
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

  private keepDetail(ctx: FileContext, cols: ColumnIndex, fields: string[], line: number): void {
    const rec: Record<string, string> = {};
    for (const [name, j] of cols) rec[name] = fields[j].trim();
    const d: DetailRow = { file: ctx.file, line, fields: rec };
    this.ds.detail.push(d);
  }

  // ——— files ———

  private households(ctx: FileContext, cols: ColumnIndex): RowFn {
    const cId = idx(cols, 'household_id');
    const cName = idx(cols, 'name');
    const cVillage = idx(cols, 'village');
    const cIdn = idx(cols, 'id_number');
    const cBank = idx(cols, 'bank_account');
    const cCat = idx(cols, 'category');
    const cPersons = idx(cols, 'persons');
    const cPayment = idx(cols, 'payment');
    const ds = this.ds;
    const index = this.householdIndex;
    const paymentDefault = this.rules ? this.rules.paymentDefault : 'bank';
    this.householdsCtx = ctx;
    this.householdsPersonsCol = cPersons;
    // A county's million households share a few dozen villages and categories: one string each.
    const villages = new Interned();
    const categories = new Interned();
    return (f, line) => {
      const id = normalizeValue(f[cId].trim());
      const name = f[cName].trim();
      const idNumber = cIdn >= 0 ? f[cIdn].trim() : '';
      const bank = cBank >= 0 ? stripSpaces(f[cBank].trim()) : '';
      if (id === '') ctx.error(line, cId + 1, 'E_BAD_VALUE', `户号不能为空 (household_id is empty)`);
      if (name === '') ctx.error(line, cName + 1, 'E_BAD_VALUE', `户主姓名不能为空 (name is empty)`);
      if (idNumber !== '') {
        if (isExcelMangled(idNumber)) {
          ctx.error(line, cIdn + 1, 'E_EXCEL_MANGLED', mangledMessage('身份证号', 'id_number', idNumber));
        } else if (!isValidIdNumber(idNumber)) {
          ctx.error(line, cIdn + 1, 'E_BAD_ID_NUMBER', idNumberMessage(idNumber));
        }
      }
      if (bank !== '' && isExcelMangled(bank)) {
        ctx.error(line, cBank + 1, 'E_EXCEL_MANGLED', mangledMessage('银行账号', 'bank_account', bank));
      }
      const persons = cPersons >= 0 ? this.personsCell(ctx, f[cPersons].trim(), line, cPersons + 1) : null;
      let payment = paymentDefault;
      if (cPayment >= 0) {
        const raw = f[cPayment].trim();
        const word = raw.normalize('NFKC').trim().toLowerCase();
        if (word !== '') {
          const p = PAYMENTS.get(word);
          if (p === undefined)
            ctx.error(
              line,
              cPayment + 1,
              'E_BAD_VALUE',
              `发放方式应为 银行 / 银行代发 / bank 或 现金 / cash，留空则按规则 payment_default (payment must be bank, 银行, 银行代发, cash or 现金): ${q(raw)}`,
            );
          else payment = p;
        }
      }
      if (id === '') return;
      const k = index.insert(id);
      if (k < 0) {
        const first = ds.households[-1 - k].line;
        ctx.error(line, cId + 1, 'E_DUPLICATE_HOUSEHOLD', `户号 ${q(id)} 重复，第 ${first} 行已有 (duplicate household_id, first on line ${first})`);
        return;
      }
      ds.households.push({
        id,
        name,
        village: cVillage >= 0 ? villages.get(f[cVillage].trim()) : '',
        idNumber,
        bankAccount: bank,
        category: cCat >= 0 ? categories.get(f[cCat].trim()) : '',
        line,
        persons: persons === null ? null : Math.max(persons, 0),
        payment,
      });
      if (persons !== null && persons < 0) this.badPersonsCells.add(ds.households.length - 1);
    };
  }

  private revenue(ctx: FileContext, cols: ColumnIndex): RowFn {
    const cKind = idx(cols, 'kind');
    const cAmount = idx(cols, 'amount');
    const cDate = idx(cols, 'date');
    const cCat = idx(cols, 'category');
    const out = this.ds.revenue;
    return (f, line) => {
      const kindRaw = f[cKind].trim();
      const kind = KINDS.get(kindRaw.toLowerCase());
      if (kind === undefined)
        ctx.error(line, cKind + 1, 'E_BAD_KIND', `收支应为 收入/income 或 支出/expense (kind must be income or expense): ${q(kindRaw)}`);
      const amount = this.number(ctx, f[cAmount].trim(), REVENUE_AMOUNT, line, cAmount + 1);
      const dateOk = this.date(ctx, f, cDate, line);
      if (kind === undefined || amount < 0 || !dateOk) return;
      out.push({ kind, category: cCat >= 0 ? f[cCat].trim() : '', amountFen: BigInt(amount) });
    };
  }

  private land(ctx: FileContext, cols: ColumnIndex): RowFn {
    const cId = idx(cols, 'household_id');
    const cType = idx(cols, 'land_type');
    const cArea = idx(cols, 'area_mu');
    const cArr = idx(cols, 'arrangement');
    const cMonths = idx(cols, 'months');
    const rules = this.rules;
    return (f, line) => {
      const id = normalizeValue(f[cId].trim());
      const h = this.household(ctx, id, line, cId + 1);
      const area = this.number(ctx, f[cArea].trim(), AREA, line, cArea + 1);
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
        ctx.error(line, cType + 1, 'E_UNKNOWN_LAND_TYPE', `地类 ${q(type)} 在规则 land.rent_per_mu 中没有租金标准 (land_type not in land.rent_per_mu)`);
      } else if (rules !== null && arrangement === 'shares' && !rules.land.unitsPerMu.has(type)) {
        ok = false;
        ctx.error(line, cType + 1, 'E_UNKNOWN_LAND_TYPE', `地类 ${q(type)} 在规则 land.units_per_mu 中没有折股标准 (land_type not in land.units_per_mu)`);
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
      const months = this.months(ctx, f, cMonths, line);
      if (!ok || months === 0) return;
      const target = arrangement === 'rent' ? this.ds.rentAreaMonths : this.ds.shareAreaMonths;
      this.column(target, type)[h] += area * months;
    };
  }

  private shares(ctx: FileContext, cols: ColumnIndex): RowFn {
    const cId = idx(cols, 'household_id');
    const cClass = idx(cols, 'class');
    const cUnits = idx(cols, 'units');
    const cMonths = idx(cols, 'months');
    const rules = this.rules;
    return (f, line) => {
      const id = normalizeValue(f[cId].trim());
      const h = this.household(ctx, id, line, cId + 1);
      const cls = f[cClass].trim();
      let ok = h >= 0;
      if (cls === '') {
        ok = false;
        ctx.error(line, cClass + 1, 'E_BAD_VALUE', `股份类别不能为空 (class is empty)`);
      } else if (rules !== null && !rules.shareClasses.has(cls)) {
        ok = false;
        ctx.error(line, cClass + 1, 'E_UNKNOWN_CLASS', `股份类别 ${q(cls)} 在规则 share_classes 中没有 (class not in share_classes)`);
      }
      const units = this.number(ctx, f[cUnits].trim(), UNITS, line, cUnits + 1);
      const months = this.months(ctx, f, cMonths, line);
      if (!ok || units < 0 || months === 0) return;
      this.column(this.ds.unitsMonths, cls)[h] += units * months;
    };
  }

  private labor(ctx: FileContext, cols: ColumnIndex): RowFn {
    const cId = idx(cols, 'household_id');
    const cDays = idx(cols, 'days');
    const cJob = idx(cols, 'job');
    const cDate = idx(cols, 'date');
    const rules = this.rules;
    const perDay = rules ? rules.wages.perDay : null;
    const hasDefault = rules ? rules.wages.defaultPerDay !== null : true;
    const total = this.ds.laborDays;
    const byJob = this.ds.laborDaysByJob;
    let lastJob: string | null = null;
    let lastArr: Float64Array | null = null;
    return (f, line) => {
      const id = normalizeValue(f[cId].trim());
      const h = this.household(ctx, id, line, cId + 1);
      const days = this.number(ctx, f[cDays].trim(), DAYS, line, cDays + 1);
      let ok = h >= 0 && days >= 0;
      const job = cJob >= 0 ? f[cJob].trim() : '';
      if (job !== lastJob) {
        // A job seen for the first time: check it once per change, not per row.
        if (job === '' ? !hasDefault : perDay !== null && !perDay.has(job)) {
          ok = false;
          // Absent job column with no default rate is reported once, by readRunDir.
          if (cJob >= 0)
            ctx.error(
              line,
              cJob + 1,
              'E_UNKNOWN_JOB',
              job === ''
                ? `工种为空，但规则没有设置 wages.default_per_day (empty job needs wages.default_per_day)`
                : `工种 ${q(job)} 在规则 wages.per_day 中没有日工资标准 (job not in wages.per_day)`,
            );
        } else {
          lastJob = job;
          lastArr = null;
        }
      }
      if (cDate >= 0 && !this.date(ctx, f, cDate, line)) ok = false;
      if (!ok) return;
      if (lastArr === null) lastArr = this.column(byJob, job);
      lastArr[h] += days;
      total[h] += days;
    };
  }

  /** persons.csv (SPEC §9.1): one Person per valid row; every row naming a known household is counted. */
  private persons(ctx: FileContext, cols: ColumnIndex): RowFn {
    this.personsPresent();
    const cId = idx(cols, 'household_id');
    const cName = idx(cols, 'name');
    const cIdn = idx(cols, 'id_number');
    const cBirth = idx(cols, 'birth_date');
    const cTags = idx(cols, 'tags');
    const cMonths = idx(cols, 'months');
    const year = this.rules ? this.rules.year : null;
    const out = this.ds.persons!;
    const counts = this.personsRows!;
    const tagStrings = new Interned();
    return (f, line) => {
      const id = normalizeValue(f[cId].trim());
      const h = this.household(ctx, id, line, cId + 1);
      if (h >= 0) counts[h]++;
      let ok = h >= 0;
      const name = f[cName].trim();
      if (name === '') {
        ok = false;
        ctx.error(line, cName + 1, 'E_BAD_VALUE', `姓名不能为空 (name is empty)`);
      }
      const idNumber = cIdn >= 0 ? f[cIdn].trim() : '';
      if (idNumber !== '') {
        if (isExcelMangled(idNumber)) {
          ok = false;
          ctx.error(line, cIdn + 1, 'E_EXCEL_MANGLED', mangledMessage('身份证号', 'id_number', idNumber));
        } else if (!isValidIdNumber(idNumber)) {
          ok = false;
          ctx.error(line, cIdn + 1, 'E_BAD_ID_NUMBER', idNumberMessage(idNumber));
        }
      }
      let age: number | null = null;
      if (cBirth >= 0) {
        const raw = normalizeValue(f[cBirth].trim());
        if (raw !== '') {
          const birthYear = this.birthYear(ctx, raw, year, line, cBirth + 1);
          if (birthYear < 0) ok = false;
          else if (year !== null) age = year - birthYear;
        }
      }
      let tags = NO_TAGS;
      if (cTags >= 0) {
        const text = f[cTags].trim();
        if (text !== '') {
          const list: string[] = [];
          for (const t of text.split(TAG_SEPARATORS)) {
            const tag = t.trim();
            if (tag !== '' && !list.includes(tag)) list.push(tagStrings.get(tag));
          }
          if (list.length > 0) tags = list;
        }
      }
      const months = this.months(ctx, f, cMonths, line);
      if (!ok || months === 0) return;
      const p: Person = { household: h, line, name, age, tags, months };
      out.push(p);
    };
  }

  /** A birth date's year, or -1 when reported: one of the §10 forms, a real date, not after 31 December of `year`. */
  private birthYear(ctx: FileContext, raw: string, year: number | null, line: number, column: number): number {
    const r = checkDate(raw, null);
    if (r === DATE_OK) {
      const y = Number(raw.slice(0, 4));
      if (year === null || y <= year) return y;
      ctx.error(line, column, 'E_BAD_DATE', `出生日期晚于 ${year} 年 12 月 31 日，请核对 (birth_date after 31 December ${year}): ${q(raw)}`);
      return -1;
    }
    const msg =
      r === DATE_FORMAT
        ? `出生日期格式应为 ${DATE_FORMS} 之一，如 1958-03-15 或 1958年3月15日 (birth_date must be YYYY-MM-DD, YYYY-M-D, YYYY/M/D, YYYY.M.D or YYYY年M月D日): ${q(raw)}`
        : `出生日期不存在 (no such date): ${q(raw)}`;
    ctx.error(line, column, 'E_BAD_DATE', msg);
    return -1;
  }

  /** transactions.csv (SPEC §9.5): Σ amount in fen, and Σ quantity per product for rows that give one. */
  private transactions(ctx: FileContext, cols: ColumnIndex): RowFn {
    this.transactionsPresent();
    const cId = idx(cols, 'household_id');
    const cAmount = idx(cols, 'amount');
    const cQty = idx(cols, 'quantity');
    const cProduct = idx(cols, 'product');
    const cDate = idx(cols, 'date');
    const quantityBases = this.rules ? this.rules.members.filter(isQuantityBasis) : [];
    const needQuantity = quantityBases.length > 0;
    // Every product_weights map a product must be in (one per `by: quantity` basis that gives one);
    // without a product column that is one problem at the header (readRunDir), not one per row.
    const weighted = cProduct < 0 ? [] : quantityBases.filter((m) => m.productWeights !== null).map((m) => m.productWeights!);
    const amounts = this.ds.transactionsFen!;
    const byProduct = this.ds.transactionQuantity;
    let lastProduct: string | null = null;
    let lastArr: Float64Array | null = null;
    return (f, line) => {
      const id = normalizeValue(f[cId].trim());
      const h = this.household(ctx, id, line, cId + 1);
      const amount = this.number(ctx, f[cAmount].trim(), TRANSACTION_AMOUNT, line, cAmount + 1);
      let ok = h >= 0 && amount >= 0;
      let qty = -1;
      if (cQty >= 0) {
        const text = f[cQty].trim();
        if (normalizeValue(text) !== '') {
          qty = this.number(ctx, text, QUANTITY, line, cQty + 1);
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
      if (cDate >= 0 && !this.date(ctx, f, cDate, line)) ok = false;
      if (!ok) return;
      amounts[h] += amount;
      if (qty >= 0) {
        if (lastArr === null) lastArr = this.column(byProduct, product);
        lastArr[h] += qty;
      }
    };
  }

  /** points.csv and deductions.csv: one number per row, added up per household. */
  private sumPerHousehold(ctx: FileContext, cols: ColumnIndex, column: string, rule: NumberRule, out: Float64Array): RowFn {
    const cId = idx(cols, 'household_id');
    const cValue = idx(cols, column);
    return (f, line) => {
      const id = normalizeValue(f[cId].trim());
      const h = this.household(ctx, id, line, cId + 1);
      const v = this.number(ctx, f[cValue].trim(), rule, line, cValue + 1);
      if (h >= 0 && v >= 0) out[h] += v;
    };
  }
}

/**
 * One string object per distinct value (up to a few thousand values): fewer objects for the GC to
 * trace at county scale. Beyond the cap, values are kept as they come.
 */
class Interned {
  private readonly seen = new Map<string, string>();

  get(s: string): string {
    const t = this.seen.get(s);
    if (t !== undefined) return t;
    if (this.seen.size < 4096) this.seen.set(s, s);
    return s;
  }
}

function idx(cols: ColumnIndex, name: string): number {
  return cols.get(name) ?? -1;
}

function mangledMessage(zh: string, en: string, value: string): string {
  return `${zh} ${q(value)} 被 Excel 变成了科学计数法，后几位已丢失：请在 Excel 中把该列“设置单元格格式为文本”后重新录入 (Excel turned ${en} into scientific notation; format the column as text and re-enter it)`;
}

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

function idNumberMessage(s: string): string {
  const expect = s.length === 18 ? idCheckDigit(s) : null;
  if (expect !== null) {
    return `身份证号校验位不对，按前 17 位应为 ${expect}，请核对号码 (bad ID number check digit, expected ${expect}): ${q(s)}`;
  }
  return `身份证号应为 18 位（末位可为 X）或 15 位数字，现在是 ${s.length} 位 (ID number must be 18 characters or 15 digits): ${q(s)}`;
}

