// Independent reference implementation ("oracle") of SPEC §2–§6 for tests only.
// It must never import from src/: its whole value is that it was written apart from the engine.
// It reads a VALID run directory and computes SPEC §5 as literally as it can, with decimal.js.
// Invalid input is out of scope: it throws a plain Error where it notices something wrong.

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
const TWELVE = new Dec(12);
const HUNDRED = new Dec(100);

// ---------------------------------------------------------------------------------------------
// Output shape (the same as fixtures/examples/*/expected.json)

export interface PayoutRow {
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
  amount: string;
  floor_topups: string;
  retained: string;
}

export interface Summary {
  households: number;
  income: string;
  expenses: string;
  wages: string;
  land_rent: string;
  guaranteed_dividend: string;
  surplus: string;
  deficit: string;
  allocations: Allocation[];
  members_pool: string;
  bases: { basis: string; amount: string }[];
  performance_dividend: string;
  floor_topup: string;
  total: string;
  deductions: string;
  net_payable: string;
  guaranteed_scaled: boolean;
  /** Codes only: W_DEFICIT (once), W_FLOOR_SHORT (once per short floor), W_UNKNOWN_CATEGORY (once per floor nobody's category matches). */
  warnings: { code: string }[];
}

export interface Expected {
  payouts: Record<string, PayoutRow>;
  summary: Summary;
}

/** Identity columns of payouts.csv, in households.csv order. */
export interface HouseholdInfo {
  household_id: string;
  name: string;
  village: string;
  category: string;
  bank_account: string;
}

export interface ReferenceResult {
  name: string;
  year: string;
  households: HouseholdInfo[];
  expected: Expected;
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

interface Rules {
  name: string;
  year: string;
  defaultPerDay: Dec | null;
  perDay: Map<string, Dec>;
  rentPerMu: Map<string, Dec>;
  unitsPerMu: Map<string, Dec>;
  classes: Map<string, { guaranteed: Dec; weight: Dec }>;
  shortfall: 'pay' | 'scale';
  fixed: { to: string; amount: Dec }[];
  shares: { to: string; percent: Dec }[];
  members: { basis: string; percent: Dec; classes: string[] | null }[];
  floors: { category: string; minTotal: Dec; fundedBy: string }[];
}

function mapOf(v: Y): Map<string, Y> {
  const m = new Map<string, Y>();
  if (v && typeof v === 'object') for (const [k, val] of Object.entries(v)) m.set(String(k).trim(), val);
  return m;
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
  return {
    name: String(r.name).trim(),
    year: String(r.year).trim(),
    defaultPerDay: wages.default_per_day !== undefined ? yNum(wages.default_per_day) : null,
    perDay: nums(wages.per_day),
    rentPerMu: nums(land.rent_per_mu),
    unitsPerMu: nums(land.units_per_mu),
    classes,
    shortfall,
    fixed: list(r.distribution?.fixed).map((e) => ({ to: String(e.to).trim(), amount: yNum(e.amount) })),
    shares: list(r.distribution?.shares).map((e) => ({ to: String(e.to).trim(), percent: yNum(e.percent) })),
    members: list(r.members).map((e) => ({
      basis: String(e.basis).trim(),
      percent: yNum(e.percent),
      classes: Array.isArray(e.classes) ? e.classes.map((c: Y) => String(c).trim()) : null,
    })),
    floors: list(r.floors).map((e) => ({
      category: String(e.category).trim(),
      minTotal: yNum(e.min_total),
      fundedBy: String(e.funded_by).trim(),
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// The calculation (SPEC §5), household by household, step by step

interface Acc {
  days: Dec; // Σ days
  wagesExact: Dec; // Σ days × rate(job), 元
  rent12: Dec; // Σ rent rows area × rent_per_mu × months, 元 × 12
  units12: Map<string, Dec>; // class → Σ units × months (land: area × units_per_mu × months)
  points: Dec;
  deductions: Dec; // fen
}

export function computeReferenceFull(dir: string): ReferenceResult {
  const rules = readRules(dir);

  const hhRows = readTable(dir, 'households');
  if (!hhRows || hhRows.length === 0) throw new Error('households.csv: no households');
  const households: HouseholdInfo[] = hhRows.map((r) => ({
    household_id: r.household_id ?? '',
    name: r.name ?? '',
    village: r.village ?? '',
    category: r.category ?? '',
    bank_account: (r.bank_account ?? '').replace(/\s+/g, ''),
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
  const hh = (id: string | undefined): Acc => {
    const i = indexOf.get(id ?? '');
    if (i === undefined) throw new Error(`unknown household ${id}`);
    return acc[i];
  };
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
    const fen = csvNumber(r.amount).mul(HUNDRED);
    if (!fen.isInteger()) throw new Error('deduction with more than 2 decimals');
    a.deductions = a.deductions.plus(fen);
  }
  let incomeFen = ZERO;
  let expenseFen = ZERO;
  const revenue = readTable(dir, 'revenue');
  if (!revenue) throw new Error('revenue.csv missing');
  for (const r of revenue) {
    const fen = csvNumber(r.amount).mul(HUNDRED);
    if (!fen.isInteger()) throw new Error('revenue amount with more than 2 decimals');
    const kind = (r.kind ?? '').trim().toLowerCase();
    if (kind === 'income' || kind === '收入') incomeFen = incomeFen.plus(fen);
    else if (kind === 'expense' || kind === '支出') expenseFen = expenseFen.plus(fen);
    else throw new Error(`bad kind ${kind}`);
  }

  // Steps 1–4, per household (all fen).
  const wages = acc.map((a) => roundToFen(a.wagesExact));
  const landRent = acc.map((a) => roundToFen(a.rent12.div(TWELVE)));
  let guaranteed = acc.map((a) => {
    let g12 = ZERO; // Σ_class units × months × guaranteed_per_unit
    for (const [cls, u12] of a.units12) g12 = g12.plus(u12.mul(rules.classes.get(cls)!.guaranteed));
    return roundToFen(g12.div(TWELVE));
  });
  const sum = (xs: Dec[]) => xs.reduce((s, x) => s.plus(x), ZERO);
  const W = sum(wages);
  const R = sum(landRent);
  let G = sum(guaranteed);
  const I = incomeFen;
  const E = expenseFen;

  // Step 5.
  let S = I.minus(E).minus(W).minus(R).minus(G);
  let guaranteedScaled = false;
  if (S.isNeg() && rules.shortfall === 'scale') {
    const A = I.minus(E).minus(W).minus(R);
    const avail = Dec.max(A, ZERO);
    if (avail.lt(G)) {
      guaranteed = largestRemainderSplit(avail, guaranteed);
      G = avail;
      guaranteedScaled = true;
    }
    S = A.minus(G);
  }
  const deficit = S.isNeg() ? S.neg() : ZERO;

  // Step 6.
  const entries: { to: string; amount: Dec; paid: Dec; members: boolean }[] = [];
  let M = ZERO;
  if (S.gt(0)) {
    let left = S;
    for (const f of rules.fixed) {
      const want = f.amount.mul(HUNDRED);
      if (!want.isInteger()) throw new Error('fixed amount with more than 2 decimals');
      const t = Dec.min(want, left);
      entries.push({ to: f.to, amount: t, paid: ZERO, members: false });
      left = left.minus(t);
    }
    const parts = largestRemainderSplit(
      left,
      rules.shares.map((s) => s.percent),
    );
    rules.shares.forEach((s, i) => {
      entries.push({ to: s.to, amount: parts[i], paid: ZERO, members: s.to === 'members' });
      if (s.to === 'members') M = M.plus(parts[i]);
    });
  } else {
    for (const f of rules.fixed) entries.push({ to: f.to, amount: ZERO, paid: ZERO, members: false });
    for (const s of rules.shares) entries.push({ to: s.to, amount: ZERO, paid: ZERO, members: s.to === 'members' });
  }

  // Step 7.
  const performance = households.map(() => ZERO);
  const basisParts = largestRemainderSplit(
    M,
    rules.members.map((b) => b.percent),
  );
  const bases: { basis: string; amount: string }[] = [];
  rules.members.forEach((b, bi) => {
    let weights: Dec[];
    switch (b.basis) {
      case 'share_units':
        // Σ time-weighted units × class weight; ×12 for every household (the split is unchanged).
        weights = acc.map((a) => {
          let w = ZERO;
          for (const [cls, u12] of a.units12) {
            if (b.classes && !b.classes.includes(cls)) continue;
            w = w.plus(u12.mul(rules.classes.get(cls)!.weight));
          }
          return w;
        });
        break;
      case 'labor_days':
        weights = acc.map((a) => a.days);
        break;
      case 'per_household':
        weights = acc.map(() => new Dec(1));
        break;
      case 'wages':
        weights = wages;
        break;
      case 'points':
        weights = acc.map((a) => a.points);
        break;
      default:
        throw new Error(`unknown basis ${b.basis}`);
    }
    const part = basisParts[bi];
    if (part.gt(0) && sum(weights).isZero()) throw new Error(`E_EMPTY_BASIS: ${b.basis}`);
    const split = largestRemainderSplit(part, weights);
    split.forEach((x, i) => (performance[i] = performance[i].plus(x)));
    bases.push({ basis: b.basis, amount: fenToString(part) });
  });

  // Step 8.
  const gross = households.map((_, i) => wages[i].plus(landRent[i]).plus(guaranteed[i]).plus(performance[i]));

  // Step 9.
  const warnings: { code: string }[] = [];
  if (deficit.gt(0)) warnings.push({ code: 'W_DEFICIT' });
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
    const remaining = entry.amount.minus(entry.paid);
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

  // The §5 invariants, as a self-check of the oracle.
  const T = sum(topup);
  if (!sum(total).eq(W.plus(R).plus(G).plus(M).plus(T))) throw new Error('oracle: Σ total ≠ W+R+G+M+topups');
  if (!sum(performance).eq(M)) throw new Error('oracle: Σ performance ≠ M');
  if (S.gt(0) && !sum(entries.map((e) => e.amount)).eq(S)) throw new Error('oracle: entries ≠ S');

  const payouts: Record<string, PayoutRow> = {};
  households.forEach((h, i) => {
    const a = acc[i];
    let u12 = ZERO;
    for (const v of a.units12.values()) u12 = u12.plus(v);
    payouts[h.household_id] = {
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

  const summary: Summary = {
    households: n,
    income: fenToString(I),
    expenses: fenToString(E),
    wages: fenToString(W),
    land_rent: fenToString(R),
    guaranteed_dividend: fenToString(G),
    surplus: fenToString(S),
    deficit: fenToString(deficit),
    allocations: entries
      .filter((e) => !e.members)
      .map((e) => ({
        to: e.to,
        amount: fenToString(e.amount),
        floor_topups: fenToString(e.paid),
        retained: fenToString(e.amount.minus(e.paid)),
      })),
    members_pool: fenToString(M),
    bases,
    performance_dividend: fenToString(sum(performance)),
    floor_topup: fenToString(T),
    total: fenToString(sum(total)),
    deductions: fenToString(sum(acc.map((a) => a.deductions))),
    net_payable: fenToString(sum(net)),
    guaranteed_scaled: guaranteedScaled,
    warnings,
  };

  return { name: rules.name, year: rules.year, households, expected: { payouts, summary } };
}

/** SPEC §5 for a valid run directory, in the shape of fixtures/examples/*∕expected.json. */
export function computeReference(dir: string): Expected {
  return computeReferenceFull(dir).expected;
}
