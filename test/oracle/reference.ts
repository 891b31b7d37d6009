// Independent reference implementation ("oracle") of SPEC §2–§6 and §9, for tests only.
// It must never import from src/: its whole value is that it was written apart from the engine.
// It reads a VALID run directory and computes SPEC §5 (with the §9 additions, read as docs/RULES-9.md
// records them) as literally as it can, with decimal.js.
// Invalid input is out of scope: it throws a plain Error where it notices something wrong. The §9 stops
// that a valid-looking folder can still hit (E_RATE_TOO_HIGH, E_COOP_LAW, E_EMPTY_BASIS,
// E_PERSONS_MISMATCH, E_UNKNOWN_PRODUCT, E_MISSING_FILE for persons.csv) throw an OracleStop with the
// code the CLI must fail with.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Decimal as DecimalJs } from 'decimal.js';
import { parse as parseCsv } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import YAML from 'yaml';

/** Decimal with 50 significant digits, rounding half up (四舍五入). */
export const Dec = DecimalJs.clone({ precision: 50, rounding: DecimalJs.ROUND_HALF_UP });
export type Dec = InstanceType<typeof Dec>;

const ZERO = new Dec(0);
const ONE = new Dec(1);
const TWELVE = new Dec(12);
const HUNDRED = new Dec(100);

/** A run the CLI must refuse with exactly this error code (exit 1, nothing written). */
export class OracleStop extends Error {
  constructor(
    readonly code: string,
    detail: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = 'OracleStop';
  }
}

// ---------------------------------------------------------------------------------------------
// Output shape (the same as fixtures/examples/*/expected.json; §9 fields only when their feature is used)

export interface PayoutRow {
  /** §9.1: whole persons (persons.csv rows, else the households.csv column); only when either exists. */
  persons?: string;
  labor_days: string;
  wages: string;
  land_rent: string;
  share_units: string;
  guaranteed_dividend: string;
  performance_dividend: string;
  floor_topup: string;
  total: string;
  deductions: string;
  net_payable: string;
  net_payable_words: string;
}

export interface Allocation {
  to: string;
  /** The §5.6 part plus the remainders of rated bases received (§9.3). */
  amount: string;
  floor_topups: string;
  retained: string;
  /** §9.3: Σ remainders received, only when non-zero. */
  members_remainder?: string;
  /** §9.4: Σ totals of the holders with this `to`, only when some holder has it. */
  from_shares?: string;
}

export interface BasisSummary {
  basis: string;
  /** What the basis paid (households and holders). */
  amount: string;
  /** §9.3, rated bases only: shortest exact decimal. */
  rate?: string;
  remainder_to?: string;
  /** Fen string, may be negative. */
  remainder?: string;
}

export interface HolderSummary {
  to: string;
  class: string;
  units: string;
  guaranteed_dividend: string;
  performance_dividend: string;
  total: string;
}

export interface Summary {
  households: number;
  income: string;
  expenses: string;
  wages: string;
  land_rent: string;
  /** G, holders included. */
  guaranteed_dividend: string;
  surplus: string;
  deficit: string;
  opening_retained?: string;
  opening_loss?: string;
  loss_carried_forward?: string;
  allocations: Allocation[];
  /** M: the §5.6 members part (with §9.9 the Σ of the basis entries' parts). */
  members_pool: string;
  bases: BasisSummary[];
  holders?: HolderSummary[];
  coop_law?: { distributable: string; transactions: string; percent: string };
  performance_dividend: string;
  floor_topup: string;
  total: string;
  deductions: string;
  net_payable: string;
  guaranteed_scaled: boolean;
  /**
   * Codes only: W_DEFICIT (once), W_RATE_ROUNDED_DOWN (once per basis rounded down), W_NO_BIRTH_DATE
   * (once), W_FLOOR_SHORT (once per short floor), W_UNKNOWN_CATEGORY (once per floor nobody's category matches).
   */
  warnings: { code: string }[];
}

export interface Expected {
  payouts: Record<string, PayoutRow>;
  summary: Summary;
}

/** Identity columns of payouts.csv, in households.csv order (plus how the household is paid, §9.8). */
export interface HouseholdInfo {
  household_id: string;
  name: string;
  village: string;
  category: string;
  bank_account: string;
  /** §9.8: a cash household is never in bank.csv. */
  payment: 'bank' | 'cash';
}

export interface ReferenceResult {
  name: string;
  year: string;
  households: HouseholdInfo[];
  expected: Expected;
  /** §9.8: households paid in cash with a positive net, and what they get (signoff.csv's 合计). */
  cash: { count: number; total: string };
}

// ---------------------------------------------------------------------------------------------
// Small exact helpers

/** round(x): to the fen, half up. Returns whole fen (an integer Decimal). */
export function roundToFen(yuan: Dec): Dec {
  return yuan.mul(HUNDRED).toDecimalPlaces(0, DecimalJs.ROUND_HALF_UP);
}

/** Whole fen → "1234.50" (negative → "-1234.50"). */
export function fenToString(fen: Dec): string {
  if (!fen.isInteger()) throw new Error(`not whole fen: ${fen.toString()}`);
  if (fen.isZero()) return '0.00';
  return fen.div(HUNDRED).toFixed(2);
}

/**
 * Largest remainder split of `amount` (whole fen, ≥ 0) over `weights` (finite decimals ≥ 0):
 * part i gets ⌊A·wᵢ/Σw⌋, then the fen left go one each to the largest fractional remainders,
 * ties to the earlier part. A zero weight gets nothing. Written independently of src/money.
 */
export function largestRemainderSplit(amount: Dec, weights: Dec[]): Dec[] {
  if (!amount.isInteger() || amount.isNeg()) throw new Error(`split: bad amount ${amount.toString()}`);
  const total = weights.reduce((s, w) => s.plus(w), ZERO);
  if (weights.some((w) => w.isNeg())) throw new Error('split: negative weight');
  if (total.isZero()) {
    if (!amount.isZero()) throw new Error('split: positive amount over zero total weight (E_EMPTY_BASIS)');
    return weights.map(() => ZERO);
  }
  // Exact: A·wᵢ is a finite decimal well within 50 digits; divToInt and the remainder are exact.
  const parts: Dec[] = [];
  const remainders: Dec[] = [];
  let given = ZERO;
  for (const w of weights) {
    const numerator = amount.mul(w);
    const q = numerator.divToInt(total);
    const r = numerator.minus(q.mul(total));
    parts.push(q);
    remainders.push(r);
    given = given.plus(q);
  }
  let left = amount.minus(given).toNumber();
  if (left < 0 || left > weights.length) throw new Error('split: arithmetic went wrong');
  const order = weights
    .map((w, i) => i)
    .filter((i) => !weights[i].isZero())
    .sort((a, b) => {
      const c = remainders[b].comparedTo(remainders[a]);
      return c !== 0 ? c : a - b;
    });
  for (const i of order) {
    if (left === 0) break;
    parts[i] = parts[i].plus(1);
    left -= 1;
  }
  if (left !== 0) throw new Error('split: fen left over');
  return parts;
}

// ---------------------------------------------------------------------------------------------
// 人民币大写 (SPEC §6)

const DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
const PLACES = ['', '拾', '佰', '仟'];
const SECTIONS = ['', '万', '亿', '万亿'];

/** Whole fen (number, bigint or integer Decimal) → 人民币大写 as on a 领款单. */
export function rmbUppercase(fenIn: number | bigint | Dec): string {
  let fen: bigint;
  if (typeof fenIn === 'bigint') fen = fenIn;
  else if (typeof fenIn === 'number') fen = BigInt(fenIn);
  else fen = BigInt(fenIn.toFixed(0));
  if (fen < 0n) return '负' + rmbUppercase(-fen);
  if (fen === 0n) return '零元整';
  const yuan = fen / 100n;
  const jiao = Number((fen / 10n) % 10n);
  const fenDigit = Number(fen % 10n);

  let out = '';
  if (yuan > 0n) {
    // 4-digit sections from the highest; 零 for a skipped place inside the number.
    const sections: number[] = [];
    let y = yuan;
    while (y > 0n) {
      sections.unshift(Number(y % 10000n));
      y /= 10000n;
    }
    if (sections.length > SECTIONS.length) throw new Error('amount too large for 大写');
    let zeroPending = false;
    sections.forEach((sec, idx) => {
      const sectionUnit = SECTIONS[sections.length - 1 - idx];
      const first = idx === 0;
      if (sec === 0) {
        zeroPending = true;
        return;
      }
      if (!first && (zeroPending || sec < 1000)) out += '零';
      zeroPending = false;
      const d = [Math.floor(sec / 1000), Math.floor(sec / 100) % 10, Math.floor(sec / 10) % 10, sec % 10];
      let started = false;
      let innerZero = false;
      for (let p = 0; p < 4; p++) {
        const digit = d[p];
        if (digit === 0) {
          if (started) innerZero = true;
          continue;
        }
        if (innerZero) out += '零';
        innerZero = false;
        started = true;
        out += DIGITS[digit] + PLACES[3 - p];
      }
      out += sectionUnit;
    });
    out += '元';
  }
  if (jiao === 0 && fenDigit === 0) return out + '整';
  if (jiao > 0) out += DIGITS[jiao] + '角';
  if (fenDigit > 0) {
    if (jiao === 0 && yuan > 0n) out += '零';
    out += DIGITS[fenDigit] + '分';
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Reading (SPEC §2–§4)

/** SPEC §3 encoding rule: UTF-8 BOM → UTF-8; else valid UTF-8 → UTF-8; else GB18030. */
export function decodeText(buf: Buffer): string {
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    return new TextDecoder('utf-8', { ignoreBOM: true }).decode(buf.subarray(3));
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(buf);
  } catch {
    return iconv.decode(buf, 'gb18030');
  }
}

type ColumnSpec = Record<string, { aliases: string[]; required: boolean }>;

const col = (required: boolean, ...aliases: string[]) => ({ aliases, required });

export const COLUMNS: Record<string, ColumnSpec> = {
  households: {
    household_id: col(true, '户号', '户编号'),
    name: col(true, '户主', '户主姓名', '姓名'),
    village: col(false, '村组', '村', '组'),
    id_number: col(false, '身份证号', '身份证号码'),
    bank_account: col(false, '银行账号', '账号', '一卡通账号'),
    category: col(false, '类别', '户类型'),
    persons: col(false, '人数', '人口', '家庭人口', '股东人数'), // §9.1
    payment: col(false, '发放方式'), // §9.8
  },
  land: {
    household_id: col(true, '户号'),
    plot_id: col(false, '地块编号'),
    land_type: col(true, '地类'),
    area_mu: col(true, '面积', '面积(亩)', '亩数'),
    arrangement: col(true, '方式', '经营方式'),
    months: col(false, '月数'),
  },
  shares: {
    household_id: col(true, '户号'),
    class: col(true, '股份类别', '股类'),
    units: col(true, '股数'),
    months: col(false, '月数'),
  },
  labor: {
    household_id: col(true, '户号'),
    days: col(true, '天数', '工日'),
    job: col(false, '工种'),
    date: col(false, '日期'),
    worker: col(false, '务工人员'),
  },
  revenue: {
    kind: col(true, '收支', '类型'),
    amount: col(true, '金额'),
    date: col(false, '日期'),
    category: col(false, '科目', '类别'),
    note: col(false, '备注'),
  },
  points: {
    household_id: col(true, '户号'),
    points: col(true, '积分'),
  },
  deductions: {
    household_id: col(true, '户号'),
    amount: col(true, '金额'),
    kind: col(false, '类型'),
    note: col(false, '备注'),
  },
  // §9.1 成员名册 (persons)
  persons: {
    household_id: col(true, '户号'),
    name: col(true, '姓名'),
    id_number: col(false, '身份证号'),
    birth_date: col(false, '出生日期'),
    tags: col(false, '标签'),
    months: col(false, '月数'),
  },
  // §9.5 交易 (transactions)
  transactions: {
    household_id: col(true, '户号'),
    amount: col(true, '金额', '交易额'),
    quantity: col(false, '数量', '交易量'),
    product: col(false, '产品', '品种'),
    date: col(false, '日期'),
    note: col(false, '备注'),
  },
};

const normHeader = (s: string) => s.normalize('NFKC').trim().toLowerCase();

/** Reads `<file>.csv` into rows keyed by the English column names; null when the file is absent. */
export function readTable(dir: string, file: keyof typeof COLUMNS): Record<string, string | undefined>[] | null {
  const path = join(dir, `${file}.csv`);
  if (!existsSync(path)) return null;
  const text = decodeText(readFileSync(path));
  const records: string[][] = parseCsv(text, {
    cast: false,
    skip_empty_lines: true,
    relax_column_count: false,
    trim: true,
  });
  const rows = records.filter((r) => r.some((f) => f.trim() !== ''));
  if (rows.length === 0) throw new Error(`${file}.csv: no header`);
  const header = rows[0].map(normHeader);
  const spec = COLUMNS[file];
  const index: Record<string, number> = {};
  for (const [name, { aliases, required }] of Object.entries(spec)) {
    const names = [name, ...aliases].map(normHeader);
    const at = header.findIndex((h) => names.includes(h));
    if (at >= 0) index[name] = at;
    else if (required) throw new Error(`${file}.csv: missing column ${name}`);
  }
  return rows.slice(1).map((r) => {
    if (r.length !== header.length) throw new Error(`${file}.csv: ragged row`);
    const out: Record<string, string | undefined> = {};
    for (const [name, at] of Object.entries(index)) out[name] = r[at].trim();
    return out;
  });
}

/** A number from a CSV field: optional leading ¥/￥, optional `,` thousands separators. */
export function csvNumber(s: string | undefined): Dec {
  if (s === undefined || s.trim() === '') throw new Error('empty number');
  const t = s.trim().replace(/^[¥￥]/, '').replace(/,/g, '');
  if (!/^\d+(\.\d+)?$/.test(t)) throw new Error(`not a plain decimal: ${s}`);
  return new Dec(t);
}

function monthsOf(s: string | undefined): Dec {
  if (s === undefined || s.trim() === '') return TWELVE;
  const m = csvNumber(s);
  if (!m.isInteger() || m.lt(1) || m.gt(12)) throw new Error(`bad months ${s}`);
  return m;
}

/** Money with at most 2 decimals → whole fen. */
function csvFen(s: string | undefined, what: string): Dec {
  const fen = csvNumber(s).mul(HUNDRED);
  if (!fen.isInteger()) throw new Error(`${what} with more than 2 decimals`);
  return fen;
}

/**
 * A date in one of the SPEC §10 forms (YYYY-MM-DD, YYYY-M-D, YYYY/M/D, YYYY.M.D, YYYY年M月D日),
 * after NFKC; returns [year, month, day] or throws.
 */
export function parseDate(s: string): [number, number, number] {
  const t = s.normalize('NFKC').trim();
  const m = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$/.exec(t) ?? /^(\d{4})(年)(\d{1,2})月(\d{1,2})日$/.exec(t);
  if (!m) throw new Error(`bad date ${s}`);
  const [y, mo, d] = [Number(m[1]), Number(m[3]), Number(m[4])];
  const dim = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  if (mo < 1 || mo > 12 || d < 1 || d > dim[mo - 1]) throw new Error(`bad date ${s}`);
  return [y, mo, d];
}

// rules.yaml is read with the failsafe schema: every scalar is a string, so `1.2` is the decimal 1.2.
type Y = any; // eslint-disable-line @typescript-eslint/no-explicit-any

function yNum(v: Y, fallback?: Dec): Dec {
  if (v === undefined || v === null || v === '') {
    if (fallback !== undefined) return fallback;
    throw new Error('rules: missing number');
  }
  if (typeof v !== 'string' || !/^\d+(\.\d+)?$/.test(v.trim())) throw new Error(`rules: not a number: ${v}`);
  return new Dec(v.trim());
}

/** An optional rules number with at most `places` decimals; null when absent. */
function yOptNum(v: Y, places: number, what: string): Dec | null {
  if (v === undefined || v === null) return null;
  const x = yNum(v);
  if (x.decimalPlaces() > places) throw new Error(`rules: ${what} with more than ${places} decimals`);
  return x;
}

function yFen(v: Y, what: string): Dec {
  const fen = yNum(v).mul(HUNDRED);
  if (!fen.isInteger()) throw new Error(`rules: ${what} with more than 2 decimals`);
  return fen;
}

function yBool(v: Y): boolean {
  if (v === undefined || v === null) return false;
  const t = String(v).trim().toLowerCase();
  if (t === 'true') return true;
  if (t === 'false') return false;
  throw new Error(`rules: not a boolean: ${v}`);
}

const yStrList = (v: Y): string[] | null => {
  if (v === undefined || v === null) return null;
  if (!Array.isArray(v)) throw new Error('rules: expected a list');
  return v.map((x: Y) => String(x).trim());
};

/** One `members` basis (§4, §9.1–§9.3, §9.5), or one basis listed with the entries (§9.9). */
interface BasisRule {
  basis: string;
  percent: Dec;
  classes: string[] | null;
  categories: string[] | null;
  categoryWeights: Map<string, Dec> | null;
  minAge: number | null;
  maxAge: number | null;
  tags: string[] | null;
  rate: Dec | null;
  rateStep: Dec | null;
  remainderTo: string | null;
  byQuantity: boolean;
  productWeights: Map<string, Dec> | null;
}

interface Rules {
  name: string;
  year: string;
  defaultPerDay: Dec | null;
  perDay: Map<string, Dec>;
  rentPerMu: Map<string, Dec>;
  unitsPerMu: Map<string, Dec>;
  classes: Map<string, { guaranteed: Dec; weight: Dec }>;
  shortfall: 'pay' | 'scale';
  /** Exactly one of amount (fen) and percentOfIncome (§9.7). */
  fixed: { to: string; amount: Dec | null; percentOfIncome: Dec | null; reserve: boolean }[];
  /** `basis` set: a §9.9 basis entry (to: members). */
  shares: { to: string; percent: Dec; reserve: boolean; basis: BasisRule | null }[];
  /** The bases in the order they are processed: `members:` or (§9.9) the basis entries of `shares`. */
  bases: BasisRule[];
  basesInShares: boolean;
  floors: { category: string; minTotal: Dec; fundedBy: string }[];
  /** §9.4; null when `share_holders` is not written. */
  holders: { to: string; cls: string; units: Dec; months: Dec }[] | null;
  farmersCooperative: boolean;
  paymentDefault: 'bank' | 'cash';
  /** §9.6, fen; null when `opening:` is not written. */
  opening: { retained: Dec; loss: Dec } | null;
}

function mapOf(v: Y): Map<string, Y> {
  const m = new Map<string, Y>();
  if (v && typeof v === 'object') for (const [k, val] of Object.entries(v)) m.set(String(k).trim(), val);
  return m;
}

const BASES = ['share_units', 'labor_days', 'per_household', 'wages', 'points', 'persons', 'transactions'];

function readBasis(e: Y): BasisRule {
  const basis = String(e.basis).trim();
  if (!BASES.includes(basis)) throw new Error(`rules: unknown basis ${basis}`);
  const nums = (v: Y) => (v === undefined || v === null ? null : new Map([...mapOf(v)].map(([k, x]) => [k, yNum(x)])));
  const age = (v: Y) => {
    const x = yOptNum(v, 0, 'age');
    return x === null ? null : x.toNumber();
  };
  const b: BasisRule = {
    basis,
    percent: yNum(e.percent),
    classes: yStrList(e.classes),
    categories: yStrList(e.categories),
    categoryWeights: nums(e.category_weights),
    minAge: age(e.min_age),
    maxAge: age(e.max_age),
    tags: yStrList(e.tags),
    rate: yOptNum(e.rate, 4, 'rate'),
    rateStep: yOptNum(e.rate_step, 4, 'rate_step'),
    remainderTo: e.remainder_to === undefined || e.remainder_to === null ? null : String(e.remainder_to).trim(),
    byQuantity: false,
    productWeights: nums(e.product_weights),
  };
  const by = e.by === undefined || e.by === null ? 'amount' : String(e.by).trim();
  if (by !== 'amount' && by !== 'quantity') throw new Error(`rules: by ${by}`);
  b.byQuantity = by === 'quantity';
  if (e.by !== undefined && basis !== 'transactions') throw new Error('rules: `by` only on a transactions basis');
  if (b.productWeights && !b.byQuantity) throw new Error('rules: product_weights only with by: quantity');
  if (b.classes && basis !== 'share_units') throw new Error('rules: classes only on share_units');
  if ((b.minAge !== null || b.maxAge !== null || b.tags) && basis !== 'persons')
    throw new Error('rules: min_age / max_age / tags only on a persons basis');
  if (b.categories && b.categoryWeights) throw new Error('rules: both categories and category_weights');
  if (b.rate && b.rateStep) throw new Error('rules: both rate and rate_step');
  if (b.rateStep && !b.rateStep.gt(0)) throw new Error('rules: rate_step must be > 0');
  if ((b.rate || b.rateStep) && !b.remainderTo) throw new Error('rules: a rated basis needs remainder_to');
  if (!b.rate && !b.rateStep && b.remainderTo) throw new Error('rules: remainder_to without rate');
  return b;
}

export function readRules(dir: string): Rules {
  const text = decodeText(readFileSync(join(dir, 'rules.yaml')));
  const r: Y = YAML.parse(text, { schema: 'failsafe' }) ?? {};
  const wages = r.wages ?? {};
  const land = r.land ?? {};
  const nums = (v: Y) => new Map([...mapOf(v)].map(([k, x]) => [k, yNum(x)]));
  const classes = new Map<string, { guaranteed: Dec; weight: Dec }>();
  for (const [k, c] of mapOf(r.share_classes)) {
    classes.set(k, { guaranteed: yNum(c?.guaranteed_per_unit, ZERO), weight: yNum(c?.weight, new Dec(1)) });
  }
  const list = (v: Y): Y[] => (Array.isArray(v) ? v : []);
  const shortfall = (r.guaranteed_shortfall ?? 'pay').trim();
  if (shortfall !== 'pay' && shortfall !== 'scale') throw new Error('rules: guaranteed_shortfall');

  const fixed = list(r.distribution?.fixed).map((e) => {
    const hasAmount = e.amount !== undefined && e.amount !== null;
    const hasPercent = e.percent_of_income !== undefined && e.percent_of_income !== null;
    if (hasAmount === hasPercent) throw new Error('rules: a fixed entry has exactly one of amount and percent_of_income');
    const percentOfIncome = hasPercent ? yNum(e.percent_of_income) : null;
    if (percentOfIncome && !percentOfIncome.gt(0)) throw new Error('rules: percent_of_income must be > 0');
    return {
      to: String(e.to).trim(),
      amount: hasAmount ? yFen(e.amount, 'fixed amount') : null,
      percentOfIncome,
      reserve: yBool(e.reserve),
    };
  });
  const shares = list(r.distribution?.shares).map((e) => {
    const to = String(e.to).trim();
    const hasBasis = e.basis !== undefined && e.basis !== null;
    if (hasBasis && to !== 'members') throw new Error('rules: basis on an entry that is not members');
    return { to, percent: yNum(e.percent), reserve: yBool(e.reserve), basis: hasBasis ? readBasis(e) : null };
  });
  const basesInShares = shares.some((s) => s.basis !== null);
  if (basesInShares && (r.members !== undefined || shares.some((s) => s.to === 'members' && s.basis === null)))
    throw new Error('rules: bases listed with the entries and also a members section or a plain members entry');
  const bases = basesInShares ? shares.filter((s) => s.basis).map((s) => s.basis!) : list(r.members).map(readBasis);

  const entryNames = [...fixed.map((f) => f.to), ...shares.filter((s) => s.to !== 'members').map((s) => s.to)];
  for (const b of bases) {
    if (b.remainderTo !== null && (b.remainderTo === 'members' || !entryNames.includes(b.remainderTo)))
      throw new Error(`rules: remainder_to ${b.remainderTo} names no entry`);
    for (const c of b.classes ?? []) if (!classes.has(c)) throw new Error(`rules: unknown class ${c}`);
  }

  let holders: Rules['holders'] = null;
  if (r.share_holders !== undefined && r.share_holders !== null) {
    if (!Array.isArray(r.share_holders)) throw new Error('rules: share_holders must be a list');
    holders = r.share_holders.map((h: Y) => {
      const cls = String(h.class).trim();
      if (!classes.has(cls)) throw new Error(`rules: share_holders class ${cls}`);
      const to = String(h.to).trim();
      if (to === 'members' || to === '') throw new Error('rules: share_holders to');
      const months = yNum(h.months, TWELVE);
      if (!months.isInteger() || months.lt(1) || months.gt(12)) throw new Error('rules: share_holders months');
      return { to, cls, units: yNum(h.units), months };
    });
  }

  const legalForm = r.legal_form === undefined ? 'joint_venture' : String(r.legal_form).trim();
  if (legalForm !== 'joint_venture' && legalForm !== 'farmers_cooperative') throw new Error('rules: legal_form');
  const paymentDefault = r.payment_default === undefined ? 'bank' : String(r.payment_default).trim();
  if (paymentDefault !== 'bank' && paymentDefault !== 'cash') throw new Error('rules: payment_default');
  let opening: Rules['opening'] = null;
  if (r.opening !== undefined) {
    const o = r.opening ?? {};
    opening = {
      retained: o.retained === undefined ? ZERO : yFen(o.retained, 'opening.retained'),
      loss: o.loss === undefined ? ZERO : yFen(o.loss, 'opening.loss'),
    };
  }

  return {
    name: String(r.name).trim(),
    year: String(r.year).trim(),
    defaultPerDay: wages.default_per_day !== undefined ? yNum(wages.default_per_day) : null,
    perDay: nums(wages.per_day),
    rentPerMu: nums(land.rent_per_mu),
    unitsPerMu: nums(land.units_per_mu),
    classes,
    shortfall,
    fixed,
    shares,
    bases,
    basesInShares,
    floors: list(r.floors).map((e) => ({
      category: String(e.category).trim(),
      minTotal: yNum(e.min_total),
      fundedBy: String(e.funded_by).trim(),
    })),
    holders,
    farmersCooperative: legalForm === 'farmers_cooperative',
    paymentDefault,
    opening,
  };
}

// ---------------------------------------------------------------------------------------------
// The calculation (SPEC §5 with §9), household by household, step by step

interface Acc {
  days: Dec; // Σ days
  wagesExact: Dec; // Σ days × rate(job), 元
  rent12: Dec; // Σ rent rows area × rent_per_mu × months, 元 × 12
  units12: Map<string, Dec>; // class → Σ units × months (land: area × units_per_mu × months)
  points: Dec;
  deductions: Dec; // fen
}

/** §9.1: one row of persons.csv. */
interface Person {
  hh: number;
  birthYear: number | null;
  tags: string[];
  months: Dec;
}

/** §9.5: one row of transactions.csv. */
interface Transaction {
  hh: number;
  amount: Dec; // 元
  quantity: Dec | null;
  product: string;
}

/** A distribution entry: `part` is its §5.6 part, `remainder` what rated bases left it (§9.3). */
interface Entry {
  to: string;
  part: Dec;
  remainder: Dec;
  paid: Dec;
  members: boolean;
  reserve: boolean;
}

/** pay = round(rate × weight), the weight given in twelfths (weight × 12): whole fen, half up. */
function payFen(rate: Dec, weight12: Dec): Dec {
  return rate.mul(weight12).mul(HUNDRED).div(TWELVE).toDecimalPlaces(0, DecimalJs.ROUND_HALF_UP);
}

export function computeReferenceFull(dir: string): ReferenceResult {
  const rules = readRules(dir);
  const year = Number(rules.year);

  const hhRows = readTable(dir, 'households');
  if (!hhRows || hhRows.length === 0) throw new Error('households.csv: no households');
  const paymentOf = (s: string | undefined): 'bank' | 'cash' => {
    const t = (s ?? '').trim().toLowerCase();
    if (t === '') return rules.paymentDefault;
    if (['bank', '银行', '银行代发'].includes(t)) return 'bank';
    if (['cash', '现金'].includes(t)) return 'cash';
    throw new Error(`E_BAD_VALUE: payment ${s}`);
  };
  const households: HouseholdInfo[] = hhRows.map((r) => ({
    household_id: r.household_id ?? '',
    name: r.name ?? '',
    village: r.village ?? '',
    category: r.category ?? '',
    bank_account: (r.bank_account ?? '').replace(/\s+/g, ''),
    payment: paymentOf(r.payment),
  }));
  const indexOf = new Map<string, number>();
  households.forEach((h, i) => {
    if (h.household_id === '') throw new Error('empty household_id');
    if (indexOf.has(h.household_id)) throw new Error(`duplicate household ${h.household_id}`);
    indexOf.set(h.household_id, i);
  });
  const n = households.length;
  const acc: Acc[] = households.map(() => ({
    days: ZERO,
    wagesExact: ZERO,
    rent12: ZERO,
    units12: new Map(),
    points: ZERO,
    deductions: ZERO,
  }));
  const hhIndex = (id: string | undefined): number => {
    const i = indexOf.get(id ?? '');
    if (i === undefined) throw new Error(`unknown household ${id}`);
    return i;
  };
  const hh = (id: string | undefined): Acc => acc[hhIndex(id)];
  const addUnits = (a: Acc, cls: string, v: Dec) => a.units12.set(cls, (a.units12.get(cls) ?? ZERO).plus(v));

  for (const r of readTable(dir, 'land') ?? []) {
    const a = hh(r.household_id);
    const area = csvNumber(r.area_mu);
    const months = monthsOf(r.months);
    const arrangement = (r.arrangement ?? '').trim().toLowerCase();
    const type = r.land_type ?? '';
    if (['rent', '流转', '出租'].includes(arrangement)) {
      const rent = rules.rentPerMu.get(type);
      if (rent === undefined) throw new Error(`unknown rent land type ${type}`);
      a.rent12 = a.rent12.plus(area.mul(rent).mul(months));
    } else if (['shares', '入股'].includes(arrangement)) {
      const upm = rules.unitsPerMu.get(type);
      if (upm === undefined) throw new Error(`unknown shares land type ${type}`);
      if (!rules.classes.has('land')) throw new Error('land invested without class land');
      addUnits(a, 'land', area.mul(upm).mul(months));
    } else throw new Error(`bad arrangement ${arrangement}`);
  }
  for (const r of readTable(dir, 'shares') ?? []) {
    const a = hh(r.household_id);
    const cls = r.class ?? '';
    if (!rules.classes.has(cls)) throw new Error(`unknown class ${cls}`);
    addUnits(a, cls, csvNumber(r.units).mul(monthsOf(r.months)));
  }
  for (const r of readTable(dir, 'labor') ?? []) {
    const a = hh(r.household_id);
    const days = csvNumber(r.days);
    const job = (r.job ?? '').trim();
    const rate = job === '' ? rules.defaultPerDay : rules.perDay.get(job);
    if (rate === null || rate === undefined) throw new Error(`unknown job ${job}`);
    a.days = a.days.plus(days);
    a.wagesExact = a.wagesExact.plus(days.mul(rate));
  }
  for (const r of readTable(dir, 'points') ?? []) {
    const a = hh(r.household_id);
    a.points = a.points.plus(csvNumber(r.points));
  }
  for (const r of readTable(dir, 'deductions') ?? []) {
    const a = hh(r.household_id);
    a.deductions = a.deductions.plus(csvFen(r.amount, 'deduction'));
  }
  let incomeFen = ZERO;
  let expenseFen = ZERO;
  const revenue = readTable(dir, 'revenue');
  if (!revenue) throw new Error('revenue.csv missing');
  for (const r of revenue) {
    const fen = csvFen(r.amount, 'revenue amount');
    const kind = (r.kind ?? '').trim().toLowerCase();
    if (kind === 'income' || kind === '收入') incomeFen = incomeFen.plus(fen);
    else if (kind === 'expense' || kind === '支出') expenseFen = expenseFen.plus(fen);
    else throw new Error(`bad kind ${kind}`);
  }

  // §9.1 persons: the households.csv column (empty = 0) and/or persons.csv.
  const hasPersonsColumn = 'persons' in hhRows[0];
  const personsColumn = hhRows.map((r) => {
    const t = (r.persons ?? '').trim();
    if (t === '') return ZERO;
    const x = csvNumber(t);
    if (!x.isInteger()) throw new Error(`persons not a whole number: ${t}`);
    return x;
  });
  const personRows = readTable(dir, 'persons');
  const persons: Person[] = (personRows ?? []).map((r) => {
    const i = hhIndex(r.household_id);
    if ((r.name ?? '') === '') throw new Error('persons.csv: empty name');
    const bd = (r.birth_date ?? '').trim();
    let birthYear: number | null = null;
    if (bd !== '') {
      const [y] = parseDate(bd);
      if (y > year) throw new Error(`birth_date after 31 December ${year}: ${bd}`);
      birthYear = y;
    }
    const tags = (r.tags ?? '')
      .split(/[;；、|]/)
      .map((t) => t.trim())
      .filter((t) => t !== '');
    return { hh: i, birthYear, tags, months: monthsOf(r.months) };
  });
  const personCount = households.map((_, i) => persons.filter((p) => p.hh === i).length);
  if (hasPersonsColumn && personRows) {
    households.forEach((h, i) => {
      if (!personsColumn[i].eq(personCount[i]))
        throw new OracleStop(
          'E_PERSONS_MISMATCH',
          `${h.household_id}: persons ${personsColumn[i].toString()} but ${personCount[i]} rows in persons.csv`,
        );
    });
  }
  for (const b of rules.bases) {
    const filtered = b.minAge !== null || b.maxAge !== null || b.tags !== null;
    if (b.basis === 'persons' && filtered && !personRows)
      throw new OracleStop('E_MISSING_FILE', 'persons.csv: a persons basis with min_age / max_age / tags needs it');
  }
  const noBirthDate =
    rules.bases.some((b) => b.minAge !== null || b.maxAge !== null) && persons.some((p) => p.birthYear === null);
  const personMatches = (b: BasisRule, p: Person): boolean => {
    if (b.minAge !== null) {
      if (p.birthYear === null || year - p.birthYear < b.minAge) return false;
    }
    if (b.maxAge !== null) {
      if (p.birthYear === null || year - p.birthYear > b.maxAge) return false;
    }
    if (b.tags !== null && !b.tags.some((t) => p.tags.includes(t))) return false;
    return true;
  };

  // §9.5 transactions.
  const byQuantity = rules.bases.some((b) => b.basis === 'transactions' && b.byQuantity);
  const transactions: Transaction[] = (readTable(dir, 'transactions') ?? []).map((r) => {
    const i = hhIndex(r.household_id);
    const amount = csvFen(r.amount, 'transaction amount').div(HUNDRED);
    const q = (r.quantity ?? '').trim();
    let quantity: Dec | null = null;
    if (q !== '') {
      quantity = csvNumber(q);
      if (!quantity.gt(0) || quantity.decimalPlaces() > 4) throw new Error(`bad quantity ${q}`);
    } else if (byQuantity) throw new Error('E_BAD_NUMBER: a transaction without quantity');
    return { hh: i, amount, quantity, product: (r.product ?? '').trim() };
  });
  for (const b of rules.bases) {
    if (b.basis !== 'transactions' || !b.productWeights) continue;
    for (const t of transactions) {
      if (!b.productWeights.has(t.product))
        throw new OracleStop('E_UNKNOWN_PRODUCT', `product "${t.product}" is not in product_weights`);
    }
  }

  // §9.4 holders: time-weighted units in twelfths (units × months).
  const holders = (rules.holders ?? []).map((h) => ({ ...h, u12: h.units.mul(h.months) }));

  // Steps 1–4, per household (all fen); holders' guaranteed dividends after them.
  const wages = acc.map((a) => roundToFen(a.wagesExact));
  const landRent = acc.map((a) => roundToFen(a.rent12.div(TWELVE)));
  let guaranteed = acc.map((a) => {
    let g12 = ZERO; // Σ_class units × months × guaranteed_per_unit
    for (const [cls, u12] of a.units12) g12 = g12.plus(u12.mul(rules.classes.get(cls)!.guaranteed));
    return roundToFen(g12.div(TWELVE));
  });
  let holderGuaranteed = holders.map((h) => roundToFen(h.u12.mul(rules.classes.get(h.cls)!.guaranteed).div(TWELVE)));
  const sum = (xs: Dec[]) => xs.reduce((s, x) => s.plus(x), ZERO);
  const W = sum(wages);
  const R = sum(landRent);
  let G = sum(guaranteed).plus(sum(holderGuaranteed));
  const I = incomeFen;
  const E = expenseFen;
  const O = rules.opening ? rules.opening.retained.minus(rules.opening.loss) : ZERO; // §9.6

  // Step 5 (§9.6: with the opening balance O).
  let S = I.minus(E).plus(O).minus(W).minus(R).minus(G);
  let guaranteedScaled = false;
  if (S.isNeg() && rules.shortfall === 'scale') {
    const A = I.minus(E).plus(O).minus(W).minus(R);
    const avail = Dec.max(A, ZERO);
    if (avail.lt(G)) {
      const scaled = largestRemainderSplit(avail, [...guaranteed, ...holderGuaranteed]);
      guaranteed = scaled.slice(0, n);
      holderGuaranteed = scaled.slice(n);
      G = avail;
      guaranteedScaled = true;
    }
    S = A.minus(G);
  }
  const deficit = S.isNeg() ? S.neg() : ZERO;

  // Step 6. Fixed entries in order (§9.7: percent_of_income), then split over the shares entries;
  // with §9.9 the basis entries' parts are the bases' parts.
  const entries: Entry[] = [];
  let M = ZERO;
  const shareParts: Dec[] = [];
  let left = S.gt(0) ? S : ZERO;
  for (const f of rules.fixed) {
    const want =
      f.amount ?? I.mul(f.percentOfIncome!).div(HUNDRED).toDecimalPlaces(0, DecimalJs.ROUND_HALF_UP);
    const t = S.gt(0) ? Dec.min(want, left) : ZERO;
    entries.push({ to: f.to, part: t, remainder: ZERO, paid: ZERO, members: false, reserve: f.reserve });
    left = left.minus(t);
  }
  const parts = largestRemainderSplit(
    left,
    rules.shares.map((s) => s.percent),
  );
  rules.shares.forEach((s, i) => {
    const members = s.to === 'members';
    entries.push({ to: s.to, part: parts[i], remainder: ZERO, paid: ZERO, members, reserve: s.reserve });
    if (members) M = M.plus(parts[i]);
    if (s.basis) shareParts.push(parts[i]);
  });

  // Step 7: each basis's part P_b, then its households' (and holders') parts, bases in order.
  const basisParts = rules.basesInShares
    ? shareParts
    : largestRemainderSplit(
        M,
        rules.bases.map((b) => b.percent),
      );
  const performance = households.map(() => ZERO);
  const holderPerformance = holders.map(() => ZERO);
  const bases: BasisSummary[] = [];
  const warnings: { code: string }[] = [];
  const roundedDown: { code: string }[] = [];
  let transactionsPaid = ZERO;
  let basesPaid = ZERO;
  let remaindersTotal = ZERO;

  /** The basis's weights in twelfths (natural weight × 12), households then holders. */
  const weightsOf = (b: BasisRule): { hw: Dec[]; ow: Dec[] } => {
    let hw: Dec[];
    let ow = holders.map(() => ZERO);
    switch (b.basis) {
      case 'share_units':
        // Σ time-weighted units × class weight.
        hw = acc.map((a) => {
          let w = ZERO;
          for (const [cls, u12] of a.units12) {
            if (b.classes && !b.classes.includes(cls)) continue;
            w = w.plus(u12.mul(rules.classes.get(cls)!.weight));
          }
          return w;
        });
        ow = holders.map((h) =>
          b.classes && !b.classes.includes(h.cls) ? ZERO : h.u12.mul(rules.classes.get(h.cls)!.weight),
        );
        break;
      case 'labor_days':
        hw = acc.map((a) => a.days.mul(TWELVE));
        break;
      case 'per_household':
        hw = acc.map(() => TWELVE);
        break;
      case 'wages':
        hw = wages.map((f) => f.mul(TWELVE).div(HUNDRED)); // per 元
        break;
      case 'points':
        hw = acc.map((a) => a.points.mul(TWELVE));
        break;
      case 'persons':
        if (personRows) hw = households.map((_, i) => sum(persons.filter((p) => p.hh === i && personMatches(b, p)).map((p) => p.months)));
        else if (hasPersonsColumn) hw = personsColumn.map((x) => x.mul(TWELVE));
        else hw = households.map(() => ZERO);
        break;
      case 'transactions':
        hw = households.map((_, i) =>
          sum(
            transactions
              .filter((t) => t.hh === i)
              .map((t) =>
                b.byQuantity ? t.quantity!.mul(b.productWeights ? b.productWeights.get(t.product)! : ONE) : t.amount,
              ),
          ).mul(TWELVE),
        );
        break;
      default:
        throw new Error(`unknown basis ${b.basis}`);
    }
    // §9.2; holders have no category.
    if (b.categories) {
      hw = hw.map((w, i) => (b.categories!.includes(households[i].category) ? w : ZERO));
      ow = ow.map(() => ZERO);
    }
    if (b.categoryWeights) {
      hw = hw.map((w, i) => w.mul(b.categoryWeights!.get(households[i].category) ?? ZERO));
      ow = ow.map(() => ZERO);
    }
    return { hw, ow };
  };

  rules.bases.forEach((b, bi) => {
    const { hw, ow } = weightsOf(b);
    const all = [...hw, ...ow];
    const totalW = sum(all);
    const part = basisParts[bi];
    if (part.gt(0) && totalW.isZero()) throw new OracleStop('E_EMPTY_BASIS', `${b.basis}: part ${fenToString(part)} but no weight`);
    let pays: Dec[];
    const row: BasisSummary = { basis: b.basis, amount: '' };
    if (!b.rate && !b.rateStep) {
      pays = largestRemainderSplit(part, all);
    } else if (!S.gt(0)) {
      // §9.10: S ≤ 0 — rated bases pay nothing; the declared rate is still shown (rate_step: "0").
      pays = all.map(() => ZERO);
      row.rate = (b.rate ?? ZERO).toFixed();
      row.remainder_to = b.remainderTo!;
      row.remainder = '0.00';
    } else {
      const entry = entries.find((e) => !e.members && e.to === b.remainderTo);
      if (!entry) throw new Error(`remainder_to ${b.remainderTo} names no entry`);
      // The entry's balance when this basis is reached: its §5.6 part + earlier remainders.
      const cap = part.plus(entry.part).plus(entry.remainder);
      const payAt = (rate: Dec) => all.map((w) => payFen(rate, w));
      const holds = (rate: Dec) => sum(payAt(rate)).lte(cap);
      let rate: Dec;
      if (b.rate) {
        rate = b.rate;
        if (!holds(rate)) {
          // The highest rate at 0.01 元 steps the part (plus the entry's balance) covers.
          const cent = new Dec('0.01');
          let best = cap.mul(TWELVE).div(HUNDRED).div(totalW).toDecimalPlaces(2, DecimalJs.ROUND_DOWN);
          while (best.gt(0) && !holds(best)) best = best.minus(cent);
          while (holds(best.plus(cent))) best = best.plus(cent);
          throw new OracleStop(
            'E_RATE_TOO_HIGH',
            `${b.basis}: rate ${rate.toFixed()} needs ${fenToString(sum(payAt(rate)))}, the part is ${fenToString(part)}` +
              ` (${b.remainderTo} holds ${fenToString(entry.part.plus(entry.remainder))}); highest rate ${best.toFixed(2)}`,
          );
        }
      } else {
        const step = b.rateStep!;
        if (totalW.isZero()) rate = ZERO;
        else {
          const rate0 = part
            .mul(TWELVE)
            .div(HUNDRED.mul(totalW).mul(step))
            .toDecimalPlaces(0, DecimalJs.ROUND_HALF_UP)
            .mul(step);
          rate = rate0;
          while (!holds(rate)) rate = rate.minus(step); // rate 0 always holds
          if (rate.lt(rate0)) roundedDown.push({ code: 'W_RATE_ROUNDED_DOWN' });
        }
      }
      pays = payAt(rate);
      const r = part.minus(sum(pays));
      entry.remainder = entry.remainder.plus(r);
      remaindersTotal = remaindersTotal.plus(r);
      row.rate = rate.toFixed();
      row.remainder_to = b.remainderTo!;
      row.remainder = fenToString(r);
    }
    pays.slice(0, n).forEach((x, i) => (performance[i] = performance[i].plus(x)));
    pays.slice(n).forEach((x, j) => (holderPerformance[j] = holderPerformance[j].plus(x)));
    const paid = sum(pays);
    row.amount = fenToString(paid);
    bases.push(row);
    basesPaid = basesPaid.plus(paid);
    if (b.basis === 'transactions') transactionsPaid = transactionsPaid.plus(paid);
  });

  // §9.5 the cooperative law: Σ transactions bases ≥ 60 % of D = S − Σ §5.6 parts of reserve entries.
  let coopLaw: Summary['coop_law'];
  if (rules.farmersCooperative) {
    const D = S.minus(sum(entries.filter((e) => e.reserve).map((e) => e.part)));
    const percent = D.gt(0) ? transactionsPaid.mul(HUNDRED).div(D).toDecimalPlaces(2, DecimalJs.ROUND_HALF_UP).toFixed(2) : '0.00';
    if (D.gt(0) && transactionsPaid.mul(100).lt(D.mul(60)))
      throw new OracleStop(
        'E_COOP_LAW',
        `transactions returns ${fenToString(transactionsPaid)} are ${percent} % of the distributable ${fenToString(D)}, under 60 %`,
      );
    coopLaw = { distributable: fenToString(D), transactions: fenToString(transactionsPaid), percent };
  }

  // Step 8.
  const gross = households.map((_, i) => wages[i].plus(landRent[i]).plus(guaranteed[i]).plus(performance[i]));

  // Step 9 (entries' amounts include the remainders they received).
  if (deficit.gt(0)) warnings.push({ code: 'W_DEFICIT' });
  warnings.push(...roundedDown);
  if (noBirthDate) warnings.push({ code: 'W_NO_BIRTH_DATE' });
  const topup = households.map(() => ZERO);
  for (const f of rules.floors) {
    // A floor for a category nobody has protects nobody: the tool warns (issue 12).
    if (!households.some((h) => h.category === f.category)) warnings.push({ code: 'W_UNKNOWN_CATEGORY' });
    const entry = entries.find((e) => e.to === f.fundedBy && !e.members);
    if (!entry) throw new Error(`funded_by ${f.fundedBy} names no entry`);
    const minTotal = f.minTotal.mul(HUNDRED);
    if (!minTotal.isInteger()) throw new Error('min_total with more than 2 decimals');
    const shortfall = households.map((h, i) => {
      if (h.category !== f.category) return ZERO;
      const s = minTotal.minus(gross[i].plus(topup[i]));
      return s.gt(0) ? s : ZERO;
    });
    const need = sum(shortfall);
    const remaining = entry.part.plus(entry.remainder).minus(entry.paid);
    let paid: Dec[];
    if (remaining.gte(need)) paid = shortfall;
    else {
      paid = largestRemainderSplit(remaining, shortfall);
      warnings.push({ code: 'W_FLOOR_SHORT' });
    }
    paid.forEach((p, i) => (topup[i] = topup[i].plus(p)));
    entry.paid = entry.paid.plus(sum(paid));
  }

  // Step 10.
  const total = households.map((_, i) => gross[i].plus(topup[i]));
  const net = households.map((_, i) => total[i].minus(acc[i].deductions));
  const holderTotal = holders.map((_, j) => holderGuaranteed[j].plus(holderPerformance[j]));

  // The §5 / §9.4 invariants, as a self-check of the oracle.
  const T = sum(topup);
  if (!sum(total).plus(sum(holderTotal)).eq(W.plus(R).plus(G).plus(basesPaid).plus(T)))
    throw new Error('oracle: Σ total ≠ W+R+G+bases+topups');
  if (!basesPaid.plus(remaindersTotal).eq(M)) throw new Error('oracle: Σ bases + remainders ≠ M');
  if (!sum(performance).plus(sum(holderPerformance)).eq(basesPaid)) throw new Error('oracle: Σ performance ≠ bases');
  const entriesTotal = sum(entries.filter((e) => !e.members).map((e) => e.part.plus(e.remainder)));
  if (S.gt(0) && !entriesTotal.plus(basesPaid).eq(S)) throw new Error('oracle: entries + bases ≠ S');
  if (entries.some((e) => e.part.plus(e.remainder).isNeg())) throw new Error('oracle: an entry went negative');

  const showPersons = hasPersonsColumn || personRows !== null;
  const payouts: Record<string, PayoutRow> = {};
  households.forEach((h, i) => {
    const a = acc[i];
    let u12 = ZERO;
    for (const v of a.units12.values()) u12 = u12.plus(v);
    payouts[h.household_id] = {
      ...(showPersons ? { persons: personRows ? String(personCount[i]) : personsColumn[i].toFixed(0) } : {}),
      labor_days: a.days.toDecimalPlaces(2, DecimalJs.ROUND_HALF_UP).toFixed(2),
      wages: fenToString(wages[i]),
      land_rent: fenToString(landRent[i]),
      share_units: u12.div(TWELVE).toDecimalPlaces(4, DecimalJs.ROUND_HALF_UP).toFixed(4),
      guaranteed_dividend: fenToString(guaranteed[i]),
      performance_dividend: fenToString(performance[i]),
      floor_topup: fenToString(topup[i]),
      total: fenToString(total[i]),
      deductions: fenToString(a.deductions),
      net_payable: fenToString(net[i]),
      net_payable_words: rmbUppercase(net[i]),
    };
  });

  const allocations: Allocation[] = entries
    .filter((e) => !e.members)
    .map((e) => {
      const amount = e.part.plus(e.remainder);
      const a: Allocation = {
        to: e.to,
        amount: fenToString(amount),
        floor_topups: fenToString(e.paid),
        retained: fenToString(amount.minus(e.paid)),
      };
      if (!e.remainder.isZero()) a.members_remainder = fenToString(e.remainder);
      const mine = holders.map((h, j) => (h.to === e.to ? holderTotal[j] : null)).filter((x): x is Dec => x !== null);
      if (mine.length > 0) a.from_shares = fenToString(sum(mine));
      return a;
    });

  const summary: Summary = {
    households: n,
    income: fenToString(I),
    expenses: fenToString(E),
    wages: fenToString(W),
    land_rent: fenToString(R),
    guaranteed_dividend: fenToString(G),
    surplus: fenToString(S),
    deficit: fenToString(deficit),
    ...(rules.opening
      ? {
          opening_retained: fenToString(rules.opening.retained),
          opening_loss: fenToString(rules.opening.loss),
          loss_carried_forward: fenToString(deficit),
        }
      : {}),
    allocations,
    members_pool: fenToString(M),
    bases,
    ...(rules.holders
      ? {
          holders: holders.map((h, j) => ({
            to: h.to,
            class: h.cls,
            units: h.u12.div(TWELVE).toDecimalPlaces(4, DecimalJs.ROUND_HALF_UP).toFixed(4),
            guaranteed_dividend: fenToString(holderGuaranteed[j]),
            performance_dividend: fenToString(holderPerformance[j]),
            total: fenToString(holderTotal[j]),
          })),
        }
      : {}),
    ...(coopLaw ? { coop_law: coopLaw } : {}),
    performance_dividend: fenToString(sum(performance)),
    floor_topup: fenToString(T),
    total: fenToString(sum(total)),
    deductions: fenToString(sum(acc.map((a) => a.deductions))),
    net_payable: fenToString(sum(net)),
    guaranteed_scaled: guaranteedScaled,
    warnings,
  };

  const cashNets = households.map((h, i) => (h.payment === 'cash' && net[i].gt(0) ? net[i] : null)).filter((x): x is Dec => x !== null);
  return {
    name: rules.name,
    year: rules.year,
    households,
    expected: { payouts, summary },
    cash: { count: cashNets.length, total: fenToString(sum(cashNets)) },
  };
}

/** SPEC §5 for a valid run directory, in the shape of fixtures/examples/*∕expected.json. */
export function computeReference(dir: string): Expected {
  return computeReferenceFull(dir).expected;
}
