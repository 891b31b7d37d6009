// Random VALID run directories (SPEC §2–§4) for differential tests of the engine against the oracle.
// Never imports from src/. Everything is derived from one integer seed, so a failure is reproducible
// with `generateVillage(seed)`; `villageArbitrary()` wraps the same generator for fast-check.

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import iconv from 'iconv-lite';

// ---------------------------------------------------------------------------------------------
// Seeded randomness

export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = (seed ^ 0x9e3779b9) >>> 0;
    for (let i = 0; i < 4; i++) this.next();
  }
  /** mulberry32: uniform in [0, 1). */
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    if (xs.length === 0) throw new Error('pick from empty');
    return xs[this.int(0, xs.length - 1)];
  }
  shuffle<T>(xs: readonly T[]): T[] {
    const a = [...xs];
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [a[i], a[j]] = [a[j], a[i]];
    }
    return a;
  }
  /** A random subset of size in [min, max] (clamped), in random order. */
  subset<T>(xs: readonly T[], min: number, max: number): T[] {
    const k = this.int(Math.min(min, xs.length), Math.min(max, xs.length));
    return this.shuffle(xs).slice(0, k);
  }
}

/** A plain decimal string in [min, max] with at most `maxDp` decimals (sometimes trailing zeros kept). */
export function randDecimal(rng: Rng, min: number, max: number, maxDp: number): string {
  const dp = rng.int(0, maxDp);
  const scale = 10 ** dp;
  const lo = Math.ceil(min * scale);
  const hi = Math.floor(max * scale);
  const v = rng.int(lo, Math.max(lo, hi));
  return fixedToString(BigInt(v), dp, rng.chance(0.15));
}

/** Integer `v` scaled by 10^dp → "12.5" (or "12.50" when keepZeros). */
function fixedToString(v: bigint, dp: number, keepZeros = false): string {
  if (dp === 0) return v.toString();
  const neg = v < 0n;
  const a = neg ? -v : v;
  const s = a.toString().padStart(dp + 1, '0');
  let int = s.slice(0, s.length - dp);
  let frac = s.slice(s.length - dp);
  if (!keepZeros) frac = frac.replace(/0+$/, '');
  int = int === '' ? '0' : int;
  return (neg ? '-' : '') + (frac ? `${int}.${frac}` : int);
}

/** k positive percents (strings) that add up to exactly 100, possibly with decimals (12.5, 33.3, 0.25). */
export function percentsTo100(rng: Rng, k: number): string[] {
  const d = rng.pick([1, 1, 2, 4, 10, 100]);
  const total = 100 * d;
  const cuts = new Set<number>();
  while (cuts.size < k - 1) cuts.add(rng.int(1, total - 1));
  const sorted = [0, ...[...cuts].sort((a, b) => a - b), total];
  const out: string[] = [];
  for (let i = 1; i < sorted.length; i++) out.push(divExact(sorted[i] - sorted[i - 1], d));
  return out;
}

/** c / d as a plain decimal string, for d ∈ {1, 2, 4, 10, 100}. */
function divExact(c: number, d: number): string {
  // c/d = c·(100/d)/100 for every d that divides 100.
  return fixedToString(BigInt(c * (100 / d)), 2);
}

/** GB 11643 check character for the first 17 digits. */
export function gb11643Check(first17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(first17[i]) * w[i];
  return '10X98765432'[s % 11];
}

// ---------------------------------------------------------------------------------------------
// The village

export type FileEncoding = 'utf8' | 'utf8-bom' | 'gb18030';

export interface VillageFile {
  name: string;
  encoding: FileEncoding;
  content: Buffer;
}

export interface Village {
  seed: number;
  /** One line for humans: what this village exercises. */
  description: string;
  files: VillageFile[];
  /** With `spec9: true`: the SPEC §9 features this village uses (see SPEC9_FEATURES). */
  features?: string[];
}

export interface VillageOptions {
  maxHouseholds?: number;
  /**
   * Mix SPEC §9 features in at random (persons, category filters, declared rates, share holders,
   * transactions and the cooperative law, opening balance, percent of income, cash payment, the §9.9
   * form). Default false: the village is byte for byte the one this generator always made for the seed.
   * A §9 village is valid except for the stops §9 defines (E_RATE_TOO_HIGH, E_COOP_LAW, E_EMPTY_BASIS).
   */
  spec9?: boolean;
}

/** Every feature tag a §9 village may list in `features` (each is produced by some seed in 1..40). */
export const SPEC9_FEATURES = [
  'persons_column', // households.csv has a `persons` column
  'persons_csv', // persons.csv exists
  'persons_both', // … both, consistent
  'birth_date', // persons.csv has birth dates
  'birth_date_forms', // … some in a §10 form (2025/3/7, 2025年3月7日, …)
  'no_birth_date', // some person has no birth date while an age filter is used (W_NO_BIRTH_DATE)
  'person_tags', // persons.csv has tags
  'person_months', // persons.csv has months
  'basis_persons',
  'persons_min_age',
  'persons_max_age',
  'persons_tags',
  'categories',
  'category_weights',
  'rate',
  'rate_high', // a declared rate above part / Σweight (E_RATE_TOO_HIGH unless remainder_to covers it)
  'rate_step',
  'share_holders',
  'holder_months',
  'holder_names_entry', // a holder's `to` is a distribution entry (from_shares)
  'transactions_csv',
  'basis_transactions',
  'basis_transactions_quantity',
  'product_weights',
  'reserve',
  'farmers_cooperative',
  'opening',
  'percent_of_income',
  'payment_column',
  'payment_default_cash',
  'form_9_9',
] as const;

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '龙', '欧阳', '石', '潘', '罗', '田', '麻', '姚', '蒙', '韦'];
const GIVEN = ['安', '富', '秀', '英', '光', '明', '见', '松', '春', '花', '德', '才', '老', '四', '小', '妹', '建', '国', '志', '强', '桂', '兰', '金', '山'];
const GROUPS = ['一组', '二组', '三组', '铜鼓一组', '坪上组', '下寨', '白寨1组', '新村'];
const CATEGORIES = ['脱贫户', '监测户', '一般户'];
const JOBS = ['采摘', '管护', '装车', '育苗', '分拣', '除草'];
const LAND_TYPES = ['水田', '旱地', '林地', '坡地', '菜地'];
const OTHER_CLASSES = ['fund', 'cash', '集体股', '扶贫股'];
const FIXED_NAMES = ['村集体', '管理费', '风险金', '村集体经济组织'];
const SHARE_NAMES = ['公积金', '公益金', '企业', '村集体股', '风险准备金'];
const VILLAGES = ['铜鼓村', '白寨村', '枣坡村', '杨省庄', '东杜林屯', '坪寨村'];
const INDUSTRIES = ['食用菌基地', '日光温室', '红薯基地', '茶园', '蜂蜜合作社', '光伏电站'];
// §9 only
const CATEGORIES_9 = ['脱贫户', '监测户', '一般户', '五保户', '低保户'];
const PERSON_TAGS = ['在校大学生', '残疾', '党员', '退役军人', '务工'];
const TAG_SEPARATORS = [';', '；', '、', '|'];
const PRODUCTS = ['香菇', '木耳', '红薯', '茶叶', '蜂蜜', '辣椒'];
const HOLDER_NAMES = ['村集体', '宏财聚农公司', '县城投公司', '扶贫车间', '村股份经济合作社'];

/** A column of a file: English name and Chinese aliases (SPEC §3). */
const HEADERS: Record<string, Record<string, string[]>> = {
  households: {
    household_id: ['户号', '户编号'],
    name: ['户主', '户主姓名', '姓名'],
    village: ['村组', '村', '组'],
    id_number: ['身份证号', '身份证号码'],
    bank_account: ['银行账号', '账号', '一卡通账号'],
    category: ['类别', '户类型'],
  },
  land: {
    household_id: ['户号'],
    plot_id: ['地块编号'],
    land_type: ['地类'],
    area_mu: ['面积', '面积(亩)', '亩数'],
    arrangement: ['方式', '经营方式'],
    months: ['月数'],
  },
  shares: { household_id: ['户号'], class: ['股份类别', '股类'], units: ['股数'], months: ['月数'] },
  labor: { household_id: ['户号'], days: ['天数', '工日'], job: ['工种'], date: ['日期'], worker: ['务工人员'] },
  revenue: { kind: ['收支', '类型'], amount: ['金额'], date: ['日期'], category: ['科目', '类别'], note: ['备注'] },
  points: { household_id: ['户号'], points: ['积分'] },
  deductions: { household_id: ['户号'], amount: ['金额'], kind: ['类型'], note: ['备注'] },
  // SPEC §9 (written only by §9 villages)
  persons: {
    household_id: ['户号'],
    name: ['姓名'],
    id_number: ['身份证号'],
    birth_date: ['出生日期'],
    tags: ['标签'],
    months: ['月数'],
  },
  transactions: {
    household_id: ['户号'],
    amount: ['金额', '交易额'],
    quantity: ['数量', '交易量'],
    product: ['产品', '品种'],
    date: ['日期'],
    note: ['备注'],
  },
};
// §9.1 / §9.8 columns of households.csv (only §9 villages write them)
HEADERS.households.persons = ['人数', '人口', '家庭人口', '股东人数'];
HEADERS.households.payment = ['发放方式'];

interface Table {
  file: string;
  columns: string[]; // English names, in the order written
  rows: Record<string, string>[];
}

function headerCell(rng: Rng, file: string, column: string, chinese: boolean): string {
  let h: string;
  if (chinese) h = rng.pick(HEADERS[file][column]);
  else {
    const style = rng.int(0, 5);
    h = style === 0 ? column.toUpperCase() : style === 1 ? column[0].toUpperCase() + column.slice(1) : column;
  }
  if (rng.chance(0.05)) h = ` ${h} `;
  return h;
}

function csvField(v: string, quoteAll: boolean): string {
  if (quoteAll || /[",\r\n]/.test(v) || /^\s|\s$/.test(v)) return `"${v.replace(/"/g, '""')}"`;
  return v;
}

function renderCsv(rng: Rng, t: Table): string {
  const chineseHeaders = rng.pick(['en', 'zh', 'mixed'] as const);
  const eol = rng.chance(0.3) ? '\r\n' : '\n';
  const quoteAll = rng.chance(0.1);
  const header = t.columns.map((c) =>
    headerCell(rng, t.file, c, chineseHeaders === 'zh' || (chineseHeaders === 'mixed' && rng.chance(0.5))),
  );
  const lines: string[] = [];
  if (rng.chance(0.05)) lines.push('');
  lines.push(header.map((h) => csvField(h, quoteAll)).join(','));
  for (const r of t.rows) {
    if (rng.chance(0.03)) lines.push('');
    lines.push(t.columns.map((c) => csvField(r[c] ?? '', quoteAll)).join(','));
  }
  return lines.join(eol) + (rng.chance(0.85) ? eol : '');
}

function isValidUtf8(buf: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buf);
    return true;
  } catch {
    return false;
  }
}

function encode(text: string, enc: FileEncoding): { content: Buffer; encoding: FileEncoding } {
  if (enc === 'gb18030') {
    const b = iconv.encode(text, 'gb18030');
    const startsLikeBom = b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;
    // A GB18030 file that happens to be valid UTF-8 would (rightly) be read as UTF-8: write UTF-8 then.
    if (!startsLikeBom && (!isValidUtf8(b) || b.equals(Buffer.from(text, 'utf8')))) return { content: b, encoding: enc };
    enc = 'utf8';
  }
  const body = Buffer.from(text, 'utf8');
  return { content: enc === 'utf8-bom' ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body, encoding: enc };
}

/** Optional columns included in a table: each with probability p. */
function columnsFor(rng: Rng, file: string, required: string[], optional: string[], p = 0.5): string[] {
  return rng.shuffle([...required, ...optional.filter(() => rng.chance(p))]);
}

/** Money text for `fen`: `1234.5`, `1234.50`, `¥1,234.50`, `￥1,234`, `"1,234.50"` (quoted by the writer). */
function moneyText(rng: Rng, fen: number): string {
  const yuan = Math.floor(fen / 100);
  const cents = fen % 100;
  let frac = `.${String(cents).padStart(2, '0')}`;
  if (cents === 0 && rng.chance(0.5)) frac = '';
  else if (cents % 10 === 0 && rng.chance(0.5)) frac = `.${cents / 10}`;
  const grouped = String(yuan).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const style = rng.int(0, 9);
  if (style <= 4) return `${yuan}${frac}`;
  if (style <= 6) return `¥${grouped}${frac}`;
  if (style === 7) return `￥${grouped}${frac}`;
  if (style === 8) return `${grouped}${frac}`;
  return `¥${yuan}${frac}`;
}

function yamlScalar(rng: Rng, s: string): string {
  return rng.chance(0.3) ? JSON.stringify(s) : s;
}

// ---------------------------------------------------------------------------------------------
// SPEC §9 helpers

interface Person9 {
  hi: number; // household index
  name: string;
  idNumber: string;
  birth: string; // as written ('' = none)
  birthYear: number | null;
  tags: string[];
  tagsText: string;
  months: string; // as written ('' = 12)
}

interface Basis9 {
  basis: string;
  classes: string[] | null;
  categories?: string[];
  categoryWeights?: [string, string][];
  minAge?: number;
  maxAge?: number;
  tags?: string[];
  byQuantity?: boolean;
  productWeights?: [string, string][];
  percent?: string;
  rate?: string;
  rateStep?: string;
  remainderTo?: string;
}

/** A date in one of the forms SPEC §10 reads (ISO only unless `forms`). */
function dateText9(x: Rng, y: number, m: number, d: number, forms: boolean): string {
  const mm = String(m).padStart(2, '0');
  const dd = String(d).padStart(2, '0');
  switch (forms ? x.int(0, 5) : 0) {
    case 1:
      return `${y}-${m}-${d}`;
    case 2:
      return `${y}/${m}/${d}`;
    case 3:
      return `${y}.${m}.${d}`;
    case 4:
      return `${y}年${m}月${d}日`;
    case 5:
      return `${y}/${mm}/${dd}`;
    default:
      return `${y}-${mm}-${dd}`;
  }
}

/** A non-negative number as a plain decimal with at most `dp` decimals, rounded down (or up). */
function decimalText(v: number, dp: number, up = false): string {
  const scaled = v * 10 ** dp;
  const i = up ? Math.ceil(scaled - 1e-9) : Math.floor(scaled + 1e-9);
  return fixedToString(BigInt(Math.max(0, i)), dp);
}

/** k positive integer percents adding to 100, the one at `major` being at least `min`. */
function percentsWithMajor(x: Rng, k: number, major: number, min: number): string[] {
  if (k === 1) return ['100'];
  const big = x.int(min, 100 - (k - 1));
  const rest = 100 - big;
  const cuts = new Set<number>();
  while (cuts.size < k - 2) cuts.add(x.int(1, rest - 1));
  const pts = [0, ...[...cuts].sort((a, b) => a - b), rest];
  const others = pts.slice(1).map((p, i) => String(p - pts[i]));
  others.splice(major, 0, String(big));
  return others;
}

function describeBasis9(b: Basis9): string {
  const f = [
    ...(b.classes ? [`classes=${b.classes.join('|')}`] : []),
    ...(b.categories ? [`categories=${b.categories.join('|')}`] : []),
    ...(b.categoryWeights ? [`category_weights=${b.categoryWeights.map(([c, w]) => `${c}:${w}`).join('|')}`] : []),
    ...(b.minAge !== undefined ? [`min_age=${b.minAge}`] : []),
    ...(b.maxAge !== undefined ? [`max_age=${b.maxAge}`] : []),
    ...(b.tags ? [`tags=${b.tags.join('|')}`] : []),
    ...(b.byQuantity ? ['by=quantity'] : []),
    ...(b.productWeights ? ['product_weights'] : []),
    ...(b.rate !== undefined ? [`rate=${b.rate}`] : []),
    ...(b.rateStep !== undefined ? [`rate_step=${b.rateStep}`] : []),
    ...(b.remainderTo !== undefined ? [`remainder_to=${b.remainderTo}`] : []),
  ];
  return f.length > 0 ? `${b.basis}[${f.join(';')}]` : b.basis;
}

/** The keys of a §9 basis as `key: value` YAML (flow values). */
function yamlBasis9(b: Basis9): string[] {
  const parts = [`basis: ${b.basis}`, `percent: ${b.percent}`];
  if (b.classes) parts.push(`classes: [${b.classes.join(', ')}]`);
  if (b.categories) parts.push(`categories: [${b.categories.join(', ')}]`);
  if (b.categoryWeights) parts.push(`category_weights: { ${b.categoryWeights.map(([c, f]) => `${c}: ${f}`).join(', ')} }`);
  if (b.minAge !== undefined) parts.push(`min_age: ${b.minAge}`);
  if (b.maxAge !== undefined) parts.push(`max_age: ${b.maxAge}`);
  if (b.tags) parts.push(`tags: [${b.tags.join(', ')}]`);
  if (b.byQuantity) parts.push('by: quantity');
  if (b.productWeights) parts.push(`product_weights: { ${b.productWeights.map(([p, w]) => `${p}: ${w}`).join(', ')} }`);
  if (b.rate !== undefined) parts.push(`rate: ${b.rate}`);
  if (b.rateStep !== undefined) parts.push(`rate_step: ${b.rateStep}`);
  if (b.remainderTo !== undefined) parts.push(`remainder_to: ${b.remainderTo}`);
  return parts;
}

/** A plain seeded generator of one valid run directory. */
export function generateVillage(seed: number, opts: VillageOptions = {}): Village {
  const rng = new Rng(seed);
  const maxH = Math.max(1, Math.min(opts.maxHouseholds ?? 40, 40));
  const r = rng.next();
  const n = Math.min(maxH, r < 0.35 ? rng.int(1, 5) : r < 0.8 ? rng.int(6, 20) : rng.int(21, 40));
  const year = rng.int(2023, 2026);
  const notes: string[] = [`seed=${seed}`, `households=${n}`];
  // §9 draws come from their own stream `x`, never from `rng`: without `spec9` the village is the
  // same, byte for byte, as before §9 existed.
  const spec9 = opts.spec9 === true;
  const x = new Rng((seed ^ 0x05eed909) >>> 0);
  const features = new Set<string>();

  // ----- rules that the data depends on
  const defaultPerDay = rng.chance(0.75) ? randDecimal(rng, 50, 200, 1) : null;
  const perDay = rng.subset(JOBS, 0, 3).map((j) => [j, randDecimal(rng, 60, 250, 2)] as const);
  const rentPerMu = rng.subset(LAND_TYPES, 0, 3).map((t) => [t, randDecimal(rng, 200, 1500, 2)] as const);
  const unitsPerMu = rng
    .subset(LAND_TYPES, 0, 3)
    .map((t) => [t, rng.pick(['1', '1.2', '0.8', '1.5', '0.75', '2', '0.6', '1.25', '1.0'])] as const);
  const classNames = [
    ...(unitsPerMu.length > 0 || rng.chance(0.1) ? ['land'] : []),
    ...rng.subset(OTHER_CLASSES, unitsPerMu.length > 0 ? 0 : 1, 3),
  ];
  const classes = classNames.map((c) => ({
    name: c,
    guaranteed: rng.chance(0.2) ? null : rng.pick(['0', '60', '300', '12.5', '45.75', '100', '8.8', '150.25', '1.2']),
    weight: rng.chance(0.3) ? null : rng.pick(['1', '1.5', '1.2', '0.75', '2', '0', '0.5']),
  }));
  const weightOf = (c: string) => Number(classes.find((x) => x.name === c)?.weight ?? '1');
  const guaranteedOf = (c: string) => Number(classes.find((x) => x.name === c)?.guaranteed ?? '0');
  const shareClasses = classNames.filter((c) => c !== 'land');

  // ----- households
  const idStyle = rng.int(0, 4);
  const prefix = rng.pick(['TG', 'BZ', 'HH', 'A', 'zp']);
  let ids = Array.from({ length: n }, (_, i) => {
    switch (idStyle) {
      case 0:
        return `${prefix}${String(i + 1).padStart(3, '0')}`;
      case 1:
        return String(i + 1); // numeric-looking ids: order must still be households.csv order
      case 2:
        return `${rng.pick(GROUPS)}-${String(i + 1).padStart(2, '0')}`;
      case 3:
        return `00${i + 1}`;
      default:
        return `${prefix}-${2000 + i * 7}`;
    }
  });
  if (rng.chance(0.3)) ids = rng.shuffle(ids);
  const hasCategory = rng.chance(0.85);
  const households = ids.map((id) => {
    let idNumber = '';
    const idKind = rng.int(0, 9);
    if (idKind <= 4) {
      const region = rng.pick(['522628', '130435', '520102', '431202', '110105']);
      const birth = `${rng.int(1940, 2005)}${String(rng.int(1, 12)).padStart(2, '0')}${String(rng.int(1, 28)).padStart(2, '0')}`;
      const first17 = region + birth + String(rng.int(0, 999)).padStart(3, '0');
      let check = gb11643Check(first17);
      if (check === 'X' && rng.chance(0.3)) check = 'x';
      idNumber = first17 + check;
    }
    let bank = '';
    if (rng.chance(0.8)) {
      bank = rng.pick(['6230', '6221', '6217', '6228']);
      while (bank.length < 19) bank += String(rng.int(0, 9));
      if (rng.chance(0.15)) bank = bank.replace(/(\d{4})(?=\d)/g, '$1 ');
    }
    return {
      id,
      name: rng.pick(SURNAMES) + rng.pick(GIVEN) + (rng.chance(0.6) ? rng.pick(GIVEN) : ''),
      village: rng.pick(GROUPS),
      idNumber,
      bank,
      category: hasCategory ? (rng.chance(0.05) ? '' : rng.pick(CATEGORIES)) : '',
    };
  });

  // Per-household sums the §9 rates are aimed with (natural units: units·months, days, 元, points).
  const tr = households.map(() => ({ units: new Map<string, number>(), days: 0, wages: 0, points: 0 }));
  const trOf = (h: (typeof households)[number]) => tr[households.indexOf(h)];
  const addUnits9 = (h: (typeof households)[number], cls: string, u: number) =>
    trOf(h).units.set(cls, (trOf(h).units.get(cls) ?? 0) + u);

  // ----- §9.2 more categories, §9.8 payment, §9.1 persons
  const pay9 = { column: false, values: households.map(() => ''), default: null as null | 'bank' | 'cash' };
  const persons9 = {
    column: false,
    csv: false,
    columns: [] as string[], // optional persons.csv columns written
    counts: households.map(() => 0), // the `persons` column's value (or persons.csv row count)
    cells: households.map(() => ''), // the `persons` cell as written
    list: [] as Person9[],
  };
  if (spec9) {
    if (hasCategory && x.chance(0.4)) for (const h of households) if (h.category !== '') h.category = x.pick(CATEGORIES_9);

    const pm = x.int(0, 9); // 0–3 no payment; 4–7 column; 8 column + default cash; 9 default cash only
    pay9.column = pm >= 4 && pm <= 8;
    if (pm >= 8) pay9.default = 'cash';
    else if (pay9.column && x.chance(0.3)) pay9.default = 'bank';
    if (pay9.column) {
      features.add('payment_column');
      const values = ['bank', 'BANK', 'Bank', '银行', '银行代发', 'cash', 'Cash', 'CASH', '现金', '', ''];
      pay9.values = households.map(() => x.pick(values));
    }
    if (pay9.default === 'cash') features.add('payment_default_cash');

    const mode = x.int(0, 9); // 0–1 none; 2–4 column; 5–7 persons.csv; 8–9 both
    persons9.column = (mode >= 2 && mode <= 4) || mode >= 8;
    persons9.csv = mode >= 5;
    if (persons9.csv) {
      const hasBirth = x.chance(0.8);
      const birthForms = hasBirth && x.chance(0.5);
      const hasTags = x.chance(0.6);
      const hasMonths = x.chance(0.4);
      persons9.columns = x.shuffle([
        ...(hasBirth ? ['birth_date'] : []),
        ...(hasTags ? ['tags'] : []),
        ...(hasMonths ? ['months'] : []),
        ...(x.chance(0.4) ? ['id_number'] : []),
      ]);
      households.forEach((h, hi) => {
        const k = x.chance(0.15) ? 0 : x.int(1, 6);
        persons9.counts[hi] = k;
        for (let j = 0; j < k; j++) {
          const age = x.chance(0.25) ? x.int(60, 95) : x.int(0, 70);
          const by = year - age;
          const bm = x.int(1, 12);
          const bd = x.int(1, 28);
          const withBirth = hasBirth && !x.chance(0.08);
          const region = x.pick(['522628', '130435', '520102', '431202']);
          const first17 = `${region}${by}${String(bm).padStart(2, '0')}${String(bd).padStart(2, '0')}${String(x.int(0, 999)).padStart(3, '0')}`;
          const tags = hasTags && x.chance(0.35) ? x.subset(PERSON_TAGS, 1, 2) : [];
          persons9.list.push({
            hi,
            name: j === 0 ? h.name : x.pick(SURNAMES) + x.pick(GIVEN) + (x.chance(0.5) ? x.pick(GIVEN) : ''),
            idNumber: x.chance(0.85) ? first17 + gb11643Check(first17) : '',
            birth: withBirth ? dateText9(x, by, bm, bd, birthForms) : '',
            birthYear: withBirth ? by : null,
            tags,
            tagsText: tags.join(x.pick(TAG_SEPARATORS)),
            months: hasMonths ? (x.chance(0.6) ? (x.chance(0.5) ? '12' : '') : String(x.int(1, 12))) : '',
          });
        }
      });
      if (persons9.list.length === 0) {
        // at least one person: a persons basis over nobody would be E_EMPTY_BASIS every time
        persons9.counts[0] = 1;
        persons9.list.push({ hi: 0, name: households[0].name, idNumber: '', birth: '', birthYear: null, tags: [], tagsText: '', months: '' });
      }
      features.add('persons_csv');
      if (hasBirth && persons9.list.some((p) => p.birth !== '')) features.add('birth_date');
      if (persons9.list.some((p) => p.birth !== '' && !/^\d{4}-\d\d-\d\d$/.test(p.birth))) features.add('birth_date_forms');
      if (persons9.list.some((p) => p.tags.length > 0)) features.add('person_tags');
      if (persons9.list.some((p) => p.months !== '' && p.months !== '12')) features.add('person_months');
    } else if (persons9.column) {
      persons9.counts = households.map(() => (x.chance(0.15) ? 0 : x.int(1, 8)));
      if (!persons9.counts.some((c) => c > 0)) persons9.counts[0] = 1;
    }
    if (persons9.column) {
      features.add('persons_column');
      if (persons9.csv) features.add('persons_both');
      // an empty cell is 0 (SPEC §9.10)
      persons9.cells = persons9.counts.map((c) => (c === 0 && x.chance(0.4) ? '' : String(c)));
    }
  }

  // ----- data rows, with rough float sums to aim the revenue at profit / loss
  let approxW = 0;
  let approxR = 0;
  let approxG = 0;
  const approxWeight = new Map<string, number>(); // class → Σ units·months·weight
  const heldBy = new Map<string, number>(); // class → Σ units·months

  const monthsColumn = (p: number) => rng.chance(p);
  const monthValue = (): string => (rng.chance(0.05) ? '' : rng.chance(0.6) ? '12' : String(rng.int(1, 12)));

  const landRows: Record<string, string>[] = [];
  const landHasMonths = monthsColumn(0.6);
  if (rentPerMu.length + unitsPerMu.length > 0) {
    let plot = 1;
    for (const h of households) {
      if (!rng.chance(0.4)) continue;
      for (let k = rng.int(1, 3); k > 0; k--) {
        const shares = unitsPerMu.length > 0 && (rentPerMu.length === 0 || rng.chance(0.5));
        const [type, rate] = shares ? rng.pick(unitsPerMu) : rng.pick(rentPerMu);
        const area = randDecimal(rng, 0.1, 12, 4);
        const months = landHasMonths ? monthValue() : '';
        const m = months === '' ? 12 : Number(months);
        if (shares) {
          const u = Number(area) * Number(rate) * m;
          approxG += (u / 12) * guaranteedOf('land');
          heldBy.set('land', (heldBy.get('land') ?? 0) + u);
          approxWeight.set('land', (approxWeight.get('land') ?? 0) + u * weightOf('land'));
          addUnits9(h, 'land', u);
        } else approxR += (Number(area) * Number(rate) * m) / 12;
        landRows.push({
          household_id: h.id,
          plot_id: `P${String(plot++).padStart(2, '0')}`,
          land_type: type,
          area_mu: area,
          arrangement: shares ? rng.pick(['shares', '入股']) : rng.pick(['rent', '流转', '出租']),
          months,
        });
      }
    }
  }

  const shareRows: Record<string, string>[] = [];
  const sharesHasMonths = monthsColumn(0.5);
  if (shareClasses.length > 0) {
    for (const h of households) {
      if (!rng.chance(0.5)) continue;
      for (let k = rng.int(1, 2); k > 0; k--) {
        const cls = rng.pick(shareClasses);
        const units = randDecimal(rng, 0.5, 20, 4);
        const months = sharesHasMonths ? monthValue() : '';
        const u = Number(units) * (months === '' ? 12 : Number(months));
        approxG += (u / 12) * guaranteedOf(cls);
        heldBy.set(cls, (heldBy.get(cls) ?? 0) + u);
        approxWeight.set(cls, (approxWeight.get(cls) ?? 0) + u * weightOf(cls));
        addUnits9(h, cls, u);
        shareRows.push({ household_id: h.id, class: cls, units, months });
      }
    }
  }

  const laborRows: Record<string, string>[] = [];
  if (defaultPerDay !== null || perDay.length > 0) {
    for (const h of households) {
      if (!rng.chance(0.6)) continue;
      for (let k = rng.int(1, 4); k > 0; k--) {
        const useDefault = perDay.length === 0 || (defaultPerDay !== null && rng.chance(0.3));
        const [job, rate] = useDefault ? ['', defaultPerDay!] : rng.pick(perDay);
        const days = randDecimal(rng, 0.5, 60, 2);
        approxW += Number(days) * Number(rate);
        trOf(h).days += Number(days);
        trOf(h).wages += Number(days) * Number(rate);
        const date = `${year}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
        laborRows.push({ household_id: h.id, days, job, date, worker: h.name });
      }
    }
  }

  const pointRows: Record<string, string>[] = [];
  if (rng.chance(0.4)) {
    for (const h of households) {
      if (!rng.chance(0.6)) continue;
      for (let k = rng.int(1, 3); k > 0; k--) {
        const points = randDecimal(rng, 0, 100, 4);
        pointRows.push({ household_id: h.id, points });
        trOf(h).points += Number(points);
      }
    }
  }

  const deductionRows: Record<string, string>[] = [];
  if (rng.chance(0.5)) {
    for (const h of households) {
      if (!rng.chance(0.25)) continue;
      for (let k = rng.int(1, 2); k > 0; k--) {
        const big = rng.chance(0.2);
        const fen = big ? rng.int(2_000_000, 8_000_000) : rng.int(1_000, 300_000);
        deductionRows.push({
          household_id: h.id,
          amount: moneyText(rng, fen),
          kind: rng.pick(['已预支工资', '新农合代扣', '借款']),
          note: rng.chance(0.5) ? `${rng.int(1, 12)}月` : '',
        });
      }
    }
  }

  // ----- §9.5 transactions.csv, §9.4 share holders
  const tx9 = {
    rows: [] as Record<string, string>[],
    columns: [] as string[],
    byQuantity: false, // every row has a quantity: a `by: quantity` basis may be used
    productWeights: null as [string, string][] | null,
    amounts: households.map(() => 0), // Σ amount, 元
    quantities: households.map(() => new Map<string, number>()), // product → Σ quantity
  };
  const holders9: { to: string; cls: string; units: string; months: string }[] = [];
  let holderClass9: { name: string; guaranteed: string; weight: string } | null = null;
  let hasHolders9 = false;
  const classGuaranteed9 = (c: string) => (holderClass9?.name === c ? Number(holderClass9.guaranteed) : guaranteedOf(c));
  const classWeight9 = (c: string) => (holderClass9?.name === c ? Number(holderClass9.weight) : weightOf(c));
  if (spec9) {
    if (x.chance(0.45)) {
      features.add('transactions_csv');
      const products = x.subset(PRODUCTS, 1, 3);
      tx9.byQuantity = x.chance(0.5);
      if (tx9.byQuantity && x.chance(0.6)) {
        tx9.productWeights = products.map((p) => [p, x.pick(['1', '1.2', '0.8', '2', '0.5', '1.5', '0', '3.25'])]);
        if (tx9.productWeights.every(([, w]) => w === '0')) tx9.productWeights[0][1] = '1';
      }
      const hasQuantity = tx9.byQuantity || x.chance(0.4);
      const hasProduct = tx9.productWeights !== null || x.chance(0.6);
      const hasDate = x.chance(0.6);
      tx9.columns = x.shuffle([
        'household_id',
        'amount',
        ...(hasQuantity ? ['quantity'] : []),
        ...(hasProduct ? ['product'] : []),
        ...(hasDate ? ['date'] : []),
        ...(x.chance(0.4) ? ['note'] : []),
      ]);
      const dateForms = x.chance(0.3);
      households.forEach((h, hi) => {
        if (!x.chance(0.55)) return;
        for (let k = x.int(1, 3); k > 0; k--) {
          const fen = x.chance(0.05) ? 0 : x.int(5_000, 3_000_000);
          const quantity = hasQuantity && (tx9.byQuantity || !x.chance(0.2)) ? randDecimal(x, 0.5, 3000, 4) : '';
          const product = hasProduct && (tx9.productWeights !== null || !x.chance(0.15)) ? x.pick(products) : '';
          tx9.amounts[hi] += fen / 100;
          if (quantity !== '') tx9.quantities[hi].set(product, (tx9.quantities[hi].get(product) ?? 0) + Number(quantity));
          tx9.rows.push({
            household_id: h.id,
            amount: moneyText(x, fen),
            quantity,
            product,
            date: hasDate && x.chance(0.9) ? dateText9(x, year, x.int(1, 12), x.int(1, 28), dateForms) : '',
            note: x.chance(0.3) ? x.pick(['收购', '代销', '农资']) : '',
          });
        }
      });
    }
    if (x.chance(0.4)) {
      features.add('share_holders');
      hasHolders9 = true;
      if (x.chance(0.4))
        holderClass9 = {
          name: x.pick(['collective', '企业股']),
          guaranteed: x.pick(['0', '10', '25.5', '60', '1.2']),
          weight: x.pick(['1', '1', '0.5', '2', '0']),
        };
      const pool = [...classNames, ...(holderClass9 ? [holderClass9.name, holderClass9.name] : [])];
      const k = x.chance(0.08) ? 0 : x.int(1, 3); // `share_holders: []` now and then
      for (let i = 0; i < k; i++) {
        const cls = x.pick(pool);
        const units = randDecimal(x, 1, 1500, 2);
        const months = x.chance(0.3) ? String(x.int(1, 12)) : '';
        if (months !== '') features.add('holder_months');
        approxG += ((Number(units) * (months === '' ? 12 : Number(months))) / 12) * classGuaranteed9(cls);
        holders9.push({ to: '', cls, units, months }); // `to` is drawn with the distribution
      }
    }
  }

  // ----- members bases: only bases with positive total weight (E_EMPTY_BASIS is not tested here)
  const viableClasses = [...approxWeight.entries()].filter(([, w]) => w > 0).map(([c]) => c);
  const bases: { basis: string; classes: string[] | null }[] = [{ basis: 'per_household', classes: null }];
  if (viableClasses.length > 0) {
    let cls: string[] | null = null;
    if (rng.chance(0.4)) {
      // a non-empty subset of the viable classes, plus maybe a class nobody holds / of weight 0
      cls = rng.subset(viableClasses, 1, viableClasses.length);
      for (const c of classNames) if (!cls.includes(c) && rng.chance(0.2)) cls.push(c);
    }
    bases.push({ basis: 'share_units', classes: cls });
  }
  if (laborRows.length > 0) bases.push({ basis: 'labor_days', classes: null }, { basis: 'wages', classes: null });
  if (pointRows.some((p) => Number(p.points) > 0)) bases.push({ basis: 'points', classes: null });
  const chosenBases = rng.subset(bases, 1, 4);

  // ----- distribution
  const fixed = rng.subset(FIXED_NAMES, 0, 2).map((to) => ({ to, amount: randDecimal(rng, 500, 60000, 2) }));
  const shareNames = rng.subset(SHARE_NAMES, 0, 4);
  const hasMembers = shareNames.length === 0 || rng.chance(0.9);
  const shareTos = rng.shuffle([...shareNames, ...(hasMembers ? ['members'] : [])]);
  const sharePercents = percentsTo100(rng, shareTos.length);
  const memberPercents = percentsTo100(rng, chosenBases.length);
  const funders = [...fixed.map((f) => f.to), ...shareNames];
  const floors =
    funders.length > 0 && rng.chance(0.55)
      ? Array.from({ length: rng.int(1, 2) }, () => ({
          category: rng.pick(['脱贫户', '脱贫户', '监测户', '一般户']),
          min_total: randDecimal(rng, 300, 8000, 2),
          funded_by: rng.pick(funders),
        }))
      : [];
  const shortfall = rng.pick(['pay', 'scale', null] as const);

  // ----- §9 bases and distribution (replacing the §5 ones above when spec9)
  const personWeight9 = (p: Person9, b: Basis9): number => {
    const age = p.birthYear === null ? null : year - p.birthYear;
    if (b.minAge !== undefined && (age === null || age < b.minAge)) return 0;
    if (b.maxAge !== undefined && (age === null || age > b.maxAge)) return 0;
    if (b.tags && !p.tags.some((t) => b.tags!.includes(t))) return 0;
    return (p.months === '' ? 12 : Number(p.months)) / 12;
  };
  /** Approximate Σ weight of a basis in its natural unit (what a declared rate is per), holders included. */
  const weight9 = (b: Basis9): number => {
    const inClasses = (c: string) => b.classes === null || b.classes.includes(c);
    let hw: number[];
    switch (b.basis) {
      case 'per_household':
        hw = households.map(() => 1);
        break;
      case 'share_units':
        hw = tr.map((t) => [...t.units].reduce((s, [c, u]) => s + (inClasses(c) ? (u / 12) * classWeight9(c) : 0), 0));
        break;
      case 'labor_days':
        hw = tr.map((t) => t.days);
        break;
      case 'wages':
        hw = tr.map((t) => Math.round(t.wages * 100) / 100);
        break;
      case 'points':
        hw = tr.map((t) => t.points);
        break;
      case 'persons':
        hw = persons9.csv
          ? households.map((_, hi) => persons9.list.filter((p) => p.hi === hi).reduce((s, p) => s + personWeight9(p, b), 0))
          : persons9.counts.slice();
        break;
      case 'transactions': {
        const pw = new Map(b.productWeights ?? []);
        hw = b.byQuantity
          ? tx9.quantities.map((q) => [...q].reduce((s, [p, v]) => s + v * (b.productWeights ? Number(pw.get(p) ?? 0) : 1), 0))
          : tx9.amounts.slice();
        break;
      }
      default:
        throw new Error(`weight9: ${b.basis}`);
    }
    const factor = (c: string): number => {
      if (b.categories) return b.categories.includes(c) ? 1 : 0;
      if (b.categoryWeights) return Number(b.categoryWeights.find(([k]) => k === c)?.[1] ?? 0);
      return 1;
    };
    let total = hw.reduce((s, w, i) => s + w * factor(households[i].category), 0);
    if (b.basis === 'share_units' && !b.categories && !b.categoryWeights)
      for (const h of holders9)
        if (inClasses(h.cls)) total += ((Number(h.units) * (h.months === '' ? 12 : Number(h.months))) / 12) * classWeight9(h.cls);
    return total;
  };

  let bases9: Basis9[] = [];
  let fixed9: { to: string; amount: string | null; percentOfIncome: string | null; reserve: boolean }[] = [];
  let shares9: { to: string; reserve: boolean; percent: string }[] = []; // `members` included (classic form)
  let form99 = false;
  let items99: ({ kind: 'entry'; to: string; reserve: boolean; percent: string } | { kind: 'basis'; b: Basis9 })[] = [];
  let coop9: 'none' | 'joint_venture' | 'farmers_cooperative' = 'none';
  let comply9 = false;
  let opening9: { retained: string | null; loss: string | null } | null = null;
  if (spec9) {
    // candidate bases: the §5 ones (share_units also when only holders hold a class), persons, transactions
    const cands: Basis9[] = bases.map((b) => ({ basis: b.basis, classes: b.classes }));
    if (!cands.some((b) => b.basis === 'share_units') && weight9({ basis: 'share_units', classes: null }) > 0)
      cands.push({ basis: 'share_units', classes: null });
    const presentCategories = [...new Set(households.map((h) => h.category).filter((c) => c !== ''))];
    const personsBases: Basis9[] = [];
    if (persons9.column || persons9.csv) personsBases.push({ basis: 'persons', classes: null });
    if (persons9.csv) {
      for (let k = x.int(1, 2); k > 0; k--) {
        const b: Basis9 = { basis: 'persons', classes: null };
        const known = [...new Set(persons9.list.flatMap((p) => p.tags))];
        const f = x.int(0, known.length > 0 ? 6 : 4); // 0–1 min_age, 2 max_age, 3 both, 4–6 tags
        if (f <= 1 || f === 3) b.minAge = x.pick([60, 70, 80, 65, 18]);
        if (f === 2 || f === 3) b.maxAge = x.pick([16, 18, 22, 25, 70]);
        if (f === 3 && b.minAge! > b.maxAge!) b.maxAge = undefined;
        if (f >= 4) {
          b.tags = known.length > 0 && x.chance(0.85) ? x.subset(known, 1, 2) : x.subset(PERSON_TAGS, 1, 2);
          if (f === 6) b.minAge = x.pick([18, 60]);
        }
        personsBases.push(b);
      }
    }
    const txBases: Basis9[] = [];
    if (tx9.rows.length > 0) {
      txBases.push({ basis: 'transactions', classes: null });
      if (tx9.byQuantity) txBases.push({ basis: 'transactions', classes: null, byQuantity: true, productWeights: tx9.productWeights ?? undefined });
    }
    bases9 = x.subset([...cands, ...personsBases, ...txBases], 1, 4);
    // make the new bases common
    if (personsBases.length > 0 && !bases9.some((b) => b.basis === 'persons') && x.chance(0.7)) bases9.push(x.pick(personsBases));
    if (txBases.length > 0 && !bases9.some((b) => b.basis === 'transactions') && x.chance(0.8)) bases9.push(x.pick(txBases));
    const filtered = personsBases.filter((b) => b.minAge !== undefined || b.maxAge !== undefined || b.tags);
    if (filtered.length > 0 && !bases9.some((b) => filtered.includes(b)) && x.chance(0.5)) bases9.push(x.pick(filtered));
    const byQuantity = txBases.find((b) => b.byQuantity);
    if (byQuantity && !bases9.includes(byQuantity) && x.chance(0.5)) bases9.push(byQuantity);
    bases9 = x.shuffle(bases9).slice(0, 5);
    // §9.5: a farmers' cooperative that means to comply returns most of the pool by transactions
    coop9 = tx9.rows.length > 0 ? (x.chance(0.4) ? 'farmers_cooperative' : x.chance(0.1) ? 'joint_venture' : 'none') : x.chance(0.04) ? 'farmers_cooperative' : 'none';
    comply9 = coop9 === 'farmers_cooperative' && txBases.length > 0 && x.chance(0.7);
    if (comply9) {
      const viable = txBases.filter((b) => weight9(b) > 0);
      if (viable.length === 0) comply9 = false;
      else if (!bases9.some((b) => viable.includes(b))) bases9.splice(x.int(0, bases9.length), 0, x.pick(viable));
    }
    // a basis over nobody: E_EMPTY_BASIS now and then, not every time
    bases9 = bases9.filter((b) => weight9(b) > 0 || x.chance(0.15));
    if (bases9.length === 0) bases9 = [{ basis: 'per_household', classes: null }];
    // now and then a basis for a category nobody has: E_EMPTY_BASIS when it gets a part
    const absent = CATEGORIES_9.filter((c) => !presentCategories.includes(c));
    let overNobody: Basis9 | null = null;
    if (absent.length > 0 && x.chance(0.04)) {
      overNobody = { basis: 'per_household', classes: null, categories: [x.pick(absent)] };
      bases9.splice(x.int(0, bases9.length), 0, overNobody);
    }
    for (const b of bases9) {
      if (presentCategories.length === 0 || b.minAge !== undefined || b.tags || b === overNobody) continue;
      if (comply9 && b.basis === 'transactions') continue;
      const roll = x.next();
      if (roll < 0.2) {
        b.categories = x.subset(presentCategories, 1, 2);
        if (x.chance(0.2)) b.categories.push(x.pick(CATEGORIES_9.filter((c) => !b.categories!.includes(c))));
      } else if (roll < 0.32) {
        b.categoryWeights = x
          .subset([...presentCategories, ...CATEGORIES_9.filter((c) => !presentCategories.includes(c))], 1, 4)
          .map((c) => [c, x.pick(['3', '2', '1', '1.5', '0', '0.5'])]);
      }
      if (weight9(b) === 0 && !x.chance(0.15)) {
        b.categories = undefined;
        b.categoryWeights = undefined;
      }
    }

    // distribution entries
    fixed9 = fixed.map((f) => {
      const poi = x.chance(0.35);
      return {
        to: f.to,
        amount: poi ? null : f.amount,
        percentOfIncome: poi ? randDecimal(x, 0.5, 12, 2) : null,
        reserve: x.chance(comply9 ? 0.8 : 0.15),
      };
    });
    if (x.chance(0.3)) {
      // a small fixed entry (风险金 100 元): a remainder_to it cannot back makes rate_step round down
      const unused = FIXED_NAMES.filter((to) => !fixed9.some((f) => f.to === to) && !shareNames.includes(to));
      const tiny = { amount: x.chance(0.6) ? randDecimal(x, 0.01, 3, 2) : randDecimal(x, 3, 100, 2), percentOfIncome: null };
      if (fixed9.length > 0 && x.chance(0.5)) Object.assign(x.pick(fixed9), tiny);
      else if (unused.length > 0) fixed9.splice(x.int(0, fixed9.length), 0, { to: x.pick(unused), reserve: false, ...tiny });
    }
    if (fixed9.some((f) => f.percentOfIncome !== null)) features.add('percent_of_income');
    const hasMembers9 = hasMembers || comply9 || x.chance(0.7);
    const entryNames = [...shareNames];
    const comply = comply9;
    const isReserve = (to: string) => x.chance(/公积金|风险/.test(to) ? 0.6 : 0.1);
    form99 = hasMembers9 && x.chance(0.3);
    const txIndex = bases9.findIndex((b) => b.basis === 'transactions');
    if (form99) {
      const order = x.shuffle([...entryNames.map((to) => ({ kind: 'entry' as const, to })), ...bases9.map((b) => ({ kind: 'basis' as const, b }))]);
      const major = order.findIndex((o) => o.kind === 'basis' && o.b.basis === 'transactions');
      const ps = comply && major >= 0 ? percentsWithMajor(x, order.length, major, 70) : percentsTo100(x, order.length);
      items99 = order.map((o, i) =>
        o.kind === 'entry' ? { kind: 'entry', to: o.to, reserve: isReserve(o.to), percent: ps[i] } : { kind: 'basis', b: { ...o.b, percent: ps[i] } },
      );
      bases9 = items99.flatMap((o) => (o.kind === 'basis' ? [o.b] : []));
      features.add('form_9_9');
    } else {
      const tos = x.shuffle([...entryNames, ...(hasMembers9 ? ['members'] : [])]);
      const mi = tos.indexOf('members');
      const ps = comply && mi >= 0 ? percentsWithMajor(x, tos.length, mi, 75) : percentsTo100(x, tos.length);
      shares9 = tos.map((to, i) => ({ to, reserve: to !== 'members' && isReserve(to), percent: ps[i] }));
      if (!hasMembers9) bases9 = [];
      const bp = comply && txIndex >= 0 ? percentsWithMajor(x, bases9.length, txIndex, 80) : percentsTo100(x, bases9.length);
      bases9.forEach((b, i) => (b.percent = bp[i]));
    }
    if (coop9 === 'farmers_cooperative') features.add('farmers_cooperative');
    if ([...fixed9, ...shares9, ...items99].some((e) => 'reserve' in e && e.reserve)) features.add('reserve');

    for (const b of bases9) {
      if (b.basis === 'persons') features.add('basis_persons');
      if (b.minAge !== undefined) features.add('persons_min_age');
      if (b.maxAge !== undefined) features.add('persons_max_age');
      if (b.tags) features.add('persons_tags');
      if (b.categories) features.add('categories');
      if (b.categoryWeights) features.add('category_weights');
      if (b.basis === 'transactions') features.add(b.byQuantity ? 'basis_transactions_quantity' : 'basis_transactions');
      if (b.productWeights) features.add('product_weights');
    }
    if (bases9.some((b) => b.minAge !== undefined || b.maxAge !== undefined) && persons9.list.some((p) => p.birth === ''))
      features.add('no_birth_date');

    // holders' payees: an entry (from_shares) or someone else
    const entryTos = [...fixed9.map((f) => f.to), ...entryNames];
    for (const h of holders9) {
      h.to = entryTos.length > 0 && x.chance(0.4) ? x.pick(entryTos) : x.pick(HOLDER_NAMES);
      if (entryTos.includes(h.to)) features.add('holder_names_entry');
    }

    if (x.chance(0.3)) {
      const hasRetained = x.chance(0.7);
      opening9 = {
        retained: hasRetained ? randDecimal(x, 0, 80_000, 2) : null,
        loss: !hasRetained || x.chance(0.5) ? randDecimal(x, 0, 60_000, 2) : null,
      };
      features.add('opening');
    }
  }

  // ----- revenue: profit, loss, or tight (for `scale`)
  const costs = approxW + approxR;
  const expensesYuan = rng.chance(0.15) ? 0 : rng.int(0, 200_000) + rng.next();
  const scenario = rng.pick(['profit', 'profit', 'profit', 'loss', 'tight', 'small'] as const);
  let incomeYuan: number;
  if (scenario === 'profit') incomeYuan = expensesYuan + costs + approxG + rng.int(100, 300_000) + rng.next();
  else if (scenario === 'loss') incomeYuan = (expensesYuan + costs + approxG) * rng.next() * 0.99;
  else if (scenario === 'tight') incomeYuan = expensesYuan + costs + approxG * rng.next();
  else incomeYuan = expensesYuan + costs + approxG + rng.int(0, 3000) + rng.next();
  const splitFen = (totalFen: number, k: number): number[] => {
    const cuts = Array.from({ length: k - 1 }, () => rng.int(0, totalFen)).sort((a, b) => a - b);
    const pts = [0, ...cuts, totalFen];
    return pts.slice(1).map((p, i) => p - pts[i]);
  };
  const revenueRows: Record<string, string>[] = [];
  const incomeFen = Math.max(0, Math.round(incomeYuan * 100));
  for (const fen of splitFen(incomeFen, rng.int(1, 4)))
    revenueRows.push({
      kind: rng.pick(['income', '收入']),
      amount: moneyText(rng, fen),
      date: `${year}-06-30`,
      category: rng.pick(['香菇销售', '大棚租金', '财政奖补', '分红收入']),
      note: rng.chance(0.5) ? '上半年' : '',
    });
  const expenseFen = Math.round(expensesYuan * 100);
  if (expenseFen > 0 || rng.chance(0.3))
    for (const fen of splitFen(expenseFen, rng.int(1, 4)))
      revenueRows.push({
        kind: rng.pick(['expense', '支出']),
        amount: moneyText(rng, fen),
        date: `${year}-12-31`,
        category: rng.pick(['菌棒原料', '电费水费', '运输', '管理费用']),
        note: '',
      });
  const revenue = rng.shuffle(revenueRows);
  notes.push(`scenario=${scenario}`, `shortfall=${shortfall ?? 'default'}`);

  // ----- rules.yaml text
  const y: string[] = [];
  const S = (s: string) => yamlScalar(rng, s);
  if (rng.chance(0.5)) y.push(`# ${VILLAGES[seed % VILLAGES.length]} 随机生成的收益分配方案`);
  y.push(`name: ${S(`${rng.pick(VILLAGES)}${rng.pick(INDUSTRIES)} ${year}年度收益分配`)}`);
  y.push(`year: ${year}`);
  if (defaultPerDay !== null || perDay.length > 0) {
    y.push('wages:');
    if (defaultPerDay !== null) y.push(`  default_per_day: ${defaultPerDay}`);
    if (perDay.length > 0) {
      if (rng.chance(0.5)) y.push(`  per_day: { ${perDay.map(([j, v]) => `${j}: ${v}`).join(', ')} }`);
      else y.push('  per_day:', ...perDay.map(([j, v]) => `    ${j}: ${v}`));
    }
  }
  if (rentPerMu.length + unitsPerMu.length > 0) {
    y.push('land:');
    if (rentPerMu.length > 0) y.push('  rent_per_mu:', ...rentPerMu.map(([t, v]) => `    ${t}: ${v}   # 元/亩/年`));
    if (unitsPerMu.length > 0) y.push(`  units_per_mu: { ${unitsPerMu.map(([t, v]) => `${t}: ${v}`).join(', ')} }`);
  }
  if (classes.length > 0) {
    y.push('share_classes:');
    for (const c of classes) {
      const parts = [
        ...(c.guaranteed !== null ? [`guaranteed_per_unit: ${c.guaranteed}`] : []),
        ...(c.weight !== null ? [`weight: ${c.weight}`] : []),
      ];
      if (parts.length === 0 || rng.chance(0.7)) y.push(`  ${c.name}: { ${parts.join(', ')} }`);
      else y.push(`  ${c.name}:`, ...parts.map((p) => `    ${p}`));
    }
  }
  if (shortfall !== null) y.push(`guaranteed_shortfall: ${shortfall}`);
  y.push('distribution:');
  if (fixed.length > 0) {
    y.push('  fixed:');
    for (const f of fixed) y.push(`    - { to: ${S(f.to)}, amount: ${f.amount} }`);
  }
  y.push('  shares:');
  shareTos.forEach((to, i) => {
    if (rng.chance(0.8)) y.push(`    - { to: ${S(to)}, percent: ${sharePercents[i]} }`);
    else y.push(`    - to: ${S(to)}`, `      percent: ${sharePercents[i]}`);
  });
  if (hasMembers) {
    y.push('members:');
    chosenBases.forEach((b, i) => {
      const cls = b.classes ? `, classes: [${b.classes.map(S).join(', ')}]` : '';
      y.push(`  - { basis: ${b.basis}, percent: ${memberPercents[i]}${cls} }`);
    });
  }
  if (floors.length > 0) {
    y.push('floors:');
    for (const f of floors)
      y.push(`  - { category: ${S(f.category)}, min_total: ${f.min_total}, funded_by: ${S(f.funded_by)} }`);
  }
  const rulesText = y.join('\n') + '\n';

  // ----- §9.3 rates, aimed at the estimated part of each basis; then the §9 rules.yaml
  let rulesText9: string | null = null;
  if (spec9) {
    const O = opening9 ? Number(opening9.retained ?? 0) - Number(opening9.loss ?? 0) : 0;
    const I = incomeFen / 100;
    const sEst = I - expenseFen / 100 + O - approxW - approxR - approxG;
    let left = Math.max(0, sEst);
    const entryPart = new Map<string, number>(); // estimated §5.6 part of each entry
    for (const f of fixed9) {
      const take = Math.min(left, f.amount !== null ? Number(f.amount) : (I * Number(f.percentOfIncome)) / 100);
      entryPart.set(f.to, take);
      left -= take;
    }
    for (const e of [...shares9, ...items99.flatMap((o) => (o.kind === 'entry' ? [o] : []))]) entryPart.set(e.to, (left * Number(e.percent)) / 100);
    const membersPct = form99 ? 100 : Number(shares9.find((e) => e.to === 'members')?.percent ?? 0);
    const remainderTos = [...fixed9.map((f) => f.to), ...shares9.filter((e) => e.to !== 'members').map((e) => e.to), ...items99.flatMap((o) => (o.kind === 'entry' ? [o.to] : []))];
    if (remainderTos.length > 0) {
      for (const b of bases9) {
        if (!x.chance(0.45) || (comply9 && b.basis === 'transactions')) continue;
        const part = (((left * membersPct) / 100) * Number(b.percent)) / 100;
        const w = weight9(b);
        const est = w > 0 ? part / w : 0;
        b.remainderTo = x.pick(remainderTos);
        if (x.chance(0.45)) {
          b.rateStep = x.pick(['1', '0.1', '0.01']);
          // now and then a step whose half-up rate pays more than the part plus a small remainder entry
          // can hold (W_RATE_ROUNDED_DOWN)
          const over = (st: string) => (Math.round(est / Number(st)) * Number(st) - est) * w; // 元 paid beyond the part
          const aims = ['1', '0.1', '0.01'].flatMap((st) =>
            remainderTos.filter((to) => over(st) > 1.2 * (entryPart.get(to) ?? 0) + 1).map((to) => [st, to] as const),
          );
          if (est > 0 && aims.length > 0 && x.chance(0.8)) [b.rateStep, b.remainderTo] = x.pick(aims);
          else if (est > 0 && x.chance(0.35)) {
            // or a small fixed entry at the end of `fixed` just for it (it hardly changes what is left)
            const unused = FIXED_NAMES.filter((to) => !fixed9.some((f) => f.to === to) && !remainderTos.includes(to));
            const small = randDecimal(x, 0.01, 2, 2);
            const steps = ['1', '0.1', '0.01'].filter((st) => over(st) > 1.2 * Number(small) + 1);
            if (unused.length > 0 && steps.length > 0) {
              const to = x.pick(unused);
              fixed9.push({ to, amount: small, percentOfIncome: null, reserve: false });
              entryPart.set(to, Number(small));
              remainderTos.push(to);
              [b.rateStep, b.remainderTo] = [x.pick(steps), to];
            }
          }
          features.add('rate_step');
          continue;
        }
        features.add('rate');
        let dp = x.int(0, 4);
        const high = est > 0 && x.chance(0.25);
        const v = est * (high ? 1.3 + 2 * x.next() : 0.3 + 0.5 * x.next());
        while (dp < 4 && Math.floor(v * 10 ** dp) < 10) dp++; // two significant digits at least
        if (!(est > 0)) b.rate = x.chance(0.5) ? '0' : randDecimal(x, 0, 5, 2); // nothing to pay out of
        else b.rate = decimalText(v, dp, high);
        if (high) features.add('rate_high');
      }
    }

    const Y = (s: string) => yamlScalar(x, s);
    const z: string[] = [];
    if (x.chance(0.5)) z.push(`# ${VILLAGES[seed % VILLAGES.length]} 随机生成的收益分配方案 (SPEC §9)`);
    z.push(`name: ${Y(`${x.pick(VILLAGES)}${x.pick(INDUSTRIES)} ${year}年度收益分配`)}`);
    z.push(`year: ${year}`);
    if (coop9 !== 'none') z.push(`legal_form: ${coop9}`);
    if (defaultPerDay !== null || perDay.length > 0) {
      z.push('wages:');
      if (defaultPerDay !== null) z.push(`  default_per_day: ${defaultPerDay}`);
      if (perDay.length > 0) z.push(`  per_day: { ${perDay.map(([j, v]) => `${j}: ${v}`).join(', ')} }`);
    }
    if (rentPerMu.length + unitsPerMu.length > 0) {
      z.push('land:');
      if (rentPerMu.length > 0) z.push('  rent_per_mu:', ...rentPerMu.map(([t, v]) => `    ${t}: ${v}`));
      if (unitsPerMu.length > 0) z.push(`  units_per_mu: { ${unitsPerMu.map(([t, v]) => `${t}: ${v}`).join(', ')} }`);
    }
    const allClasses = [...classes, ...(holderClass9 ? [holderClass9] : [])];
    if (allClasses.length > 0) {
      z.push('share_classes:');
      for (const c of allClasses) {
        const parts = [
          ...(c.guaranteed !== null ? [`guaranteed_per_unit: ${c.guaranteed}`] : []),
          ...(c.weight !== null ? [`weight: ${c.weight}`] : []),
        ];
        z.push(`  ${c.name}: { ${parts.join(', ')} }`);
      }
    }
    if (shortfall !== null) z.push(`guaranteed_shortfall: ${shortfall}`);
    if (opening9) {
      const parts = [
        ...(opening9.retained !== null ? [`retained: ${opening9.retained}`] : []),
        ...(opening9.loss !== null ? [`loss: ${opening9.loss}`] : []),
      ];
      if (x.chance(0.5)) z.push(`opening: { ${parts.join(', ')} }`);
      else z.push('opening:', ...parts.map((p) => `  ${p}`));
    }
    if (pay9.default !== null) z.push(`payment_default: ${pay9.default}`);
    if (hasHolders9) {
      if (holders9.length === 0) z.push('share_holders: []');
      else {
        z.push('share_holders:');
        for (const h of holders9)
          z.push(`  - { to: ${Y(h.to)}, class: ${h.cls}, units: ${h.units}${h.months !== '' ? `, months: ${h.months}` : ''} }`);
      }
    }
    const item = (parts: string[]) =>
      x.chance(0.75) ? [`    - { ${parts.join(', ')} }`] : [`    - ${parts[0]}`, ...parts.slice(1).map((p) => `      ${p}`)];
    z.push('distribution:');
    if (fixed9.length > 0) {
      z.push('  fixed:');
      for (const f of fixed9)
        z.push(
          ...item([
            `to: ${Y(f.to)}`,
            f.amount !== null ? `amount: ${f.amount}` : `percent_of_income: ${f.percentOfIncome}`,
            ...(f.reserve ? ['reserve: true'] : []),
          ]),
        );
    }
    z.push('  shares:');
    if (form99)
      for (const o of items99)
        z.push(
          ...item(
            o.kind === 'entry'
              ? [`to: ${Y(o.to)}`, `percent: ${o.percent}`, ...(o.reserve ? ['reserve: true'] : [])]
              : ['to: members', ...yamlBasis9(o.b)],
          ),
        );
    else for (const e of shares9) z.push(...item([`to: ${Y(e.to)}`, `percent: ${e.percent}`, ...(e.reserve ? ['reserve: true'] : [])]));
    if (!form99 && shares9.some((e) => e.to === 'members')) {
      z.push('members:');
      for (const b of bases9) {
        const parts = yamlBasis9(b);
        if (x.chance(0.75)) z.push(`  - { ${parts.join(', ')} }`);
        else z.push(`  - ${parts[0]}`, ...parts.slice(1).map((p) => `    ${p}`));
      }
    }
    if (floors.length > 0) {
      z.push('floors:');
      for (const f of floors)
        z.push(`  - { category: ${Y(f.category)}, min_total: ${f.min_total}, funded_by: ${Y(f.funded_by)} }`);
    }
    rulesText9 = z.join('\n') + '\n';
  }

  // ----- tables
  const tables: Table[] = [];
  tables.push({
    file: 'households',
    columns: columnsFor(rng, 'households', ['household_id', 'name'], [
      'village',
      'id_number',
      'bank_account',
      ...(hasCategory ? ['category'] : []),
    ], 0.7),
    rows: households.map((h) => ({
      household_id: h.id,
      name: h.name,
      village: h.village,
      id_number: h.idNumber,
      bank_account: h.bank,
      category: h.category,
    })),
  });
  // Floors need the category column to mean anything: make sure it is there when categories were drawn.
  if (hasCategory && !tables[0].columns.includes('category')) tables[0].columns.push('category');
  if (spec9) {
    const hhTable = tables[0];
    hhTable.rows.forEach((row, hi) => {
      row.persons = persons9.cells[hi];
      row.payment = pay9.values[hi];
    });
    for (const c of [...(persons9.column ? ['persons'] : []), ...(pay9.column ? ['payment'] : [])])
      hhTable.columns.splice(x.int(0, hhTable.columns.length), 0, c);
  }
  tables.push({
    file: 'revenue',
    columns: columnsFor(rng, 'revenue', ['kind', 'amount'], ['date', 'category', 'note']),
    rows: revenue,
  });
  const optionalTable = (file: string, rows: Record<string, string>[], required: string[], optional: string[]) => {
    if (rows.length === 0 && rng.chance(0.7)) return; // absent file, or (sometimes) header only
    tables.push({ file, columns: columnsFor(rng, file, required, optional), rows: rng.chance(0.2) ? rng.shuffle(rows) : rows });
  };
  optionalTable('land', landRows, ['household_id', 'land_type', 'area_mu', 'arrangement', ...(landHasMonths ? ['months'] : [])], ['plot_id']);
  optionalTable('shares', shareRows, ['household_id', 'class', 'units', ...(sharesHasMonths ? ['months'] : [])], []);
  optionalTable(
    'labor',
    laborRows,
    ['household_id', 'days', ...(laborRows.some((l) => l.job !== '') || rng.chance(0.5) ? ['job'] : [])],
    ['date', 'worker'],
  );
  optionalTable('points', pointRows, ['household_id', 'points'], []);
  optionalTable('deductions', deductionRows, ['household_id', 'amount'], ['kind', 'note']);
  if (spec9 && persons9.csv) {
    const rows = persons9.list.map((p) => ({
      household_id: households[p.hi].id,
      name: p.name,
      id_number: p.idNumber,
      birth_date: p.birth,
      tags: p.tagsText,
      months: p.months,
    }));
    tables.push({
      file: 'persons',
      columns: x.shuffle(['household_id', 'name', ...persons9.columns]),
      rows: x.chance(0.3) ? x.shuffle(rows) : rows,
    });
  }
  if (spec9 && features.has('transactions_csv') && (tx9.rows.length > 0 || x.chance(0.5)))
    tables.push({ file: 'transactions', columns: tx9.columns, rows: x.chance(0.2) ? x.shuffle(tx9.rows) : tx9.rows });

  const encodingMode = rng.pick(['utf8', 'mixed', 'mixed', 'gb18030'] as const);
  const files: VillageFile[] = [{ name: 'rules.yaml', ...encode(rulesText9 ?? rulesText, 'utf8') }];
  const used: Record<FileEncoding, number> = { utf8: 0, 'utf8-bom': 0, gb18030: 0 };
  for (const t of tables) {
    const want: FileEncoding =
      encodingMode === 'mixed' ? rng.pick(['utf8', 'utf8-bom', 'gb18030'] as const) : encodingMode === 'gb18030' ? 'gb18030' : rng.chance(0.3) ? 'utf8-bom' : 'utf8';
    const { content, encoding } = encode(renderCsv(rng, t), want);
    used[encoding]++;
    files.push({ name: `${t.file}.csv`, encoding, content });
  }
  notes.push(
    `files=${tables.map((t) => `${t.file}(${t.rows.length})`).join(',')}`,
    `encodings=utf8:${used.utf8},bom:${used['utf8-bom']},gb18030:${used.gb18030}`,
    `bases=${chosenBases.map((b) => b.basis + (b.classes ? `[${b.classes.join('|')}]` : '')).join(',')}`,
    `floors=${floors.length}`,
  );
  if (!spec9) return { seed, description: notes.join(' '), files };
  notes.splice(notes.length - 2, 1, `bases=${bases9.map(describeBasis9).join(',')}`);
  if (coop9 !== 'none') notes.push(`legal_form=${coop9}${comply9 ? '(aiming to comply)' : ''}`);
  notes.push(`spec9=${[...features].join(',')}`);
  return { seed, description: notes.join(' '), files, features: SPEC9_FEATURES.filter((f) => features.has(f)) };
}

const RUN_FILES = ['rules.yaml', ...Object.keys(HEADERS).map((f) => `${f}.csv`)];

/** Writes the village's files into `dir` (created if needed; run files it does not have are removed). */
export function writeVillage(dir: string, village: Village): void {
  mkdirSync(dir, { recursive: true });
  for (const f of RUN_FILES) if (!village.files.some((v) => v.name === f)) rmSync(join(dir, f), { force: true });
  for (const f of village.files) writeFileSync(join(dir, f.name), f.content);
}

/** fast-check arbitrary of valid villages (a seed drawn by fast-check; no shrinking, seeds are not ordered). */
export function villageArbitrary(opts: VillageOptions = {}): fc.Arbitrary<Village> {
  return fc.noShrink(fc.integer({ min: 0, max: 0x7fffffff })).map((seed) => generateVillage(seed, opts));
}
