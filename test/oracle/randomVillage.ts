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
}

export interface VillageOptions {
  maxHouseholds?: number;
}

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
};

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

/** A plain seeded generator of one valid run directory. */
export function generateVillage(seed: number, opts: VillageOptions = {}): Village {
  const rng = new Rng(seed);
  const maxH = Math.max(1, Math.min(opts.maxHouseholds ?? 40, 40));
  const r = rng.next();
  const n = Math.min(maxH, r < 0.35 ? rng.int(1, 5) : r < 0.8 ? rng.int(6, 20) : rng.int(21, 40));
  const year = rng.int(2023, 2026);
  const notes: string[] = [`seed=${seed}`, `households=${n}`];

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
        const date = `${year}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
        laborRows.push({ household_id: h.id, days, job, date, worker: h.name });
      }
    }
  }

  const pointRows: Record<string, string>[] = [];
  if (rng.chance(0.4)) {
    for (const h of households) {
      if (!rng.chance(0.6)) continue;
      for (let k = rng.int(1, 3); k > 0; k--) pointRows.push({ household_id: h.id, points: randDecimal(rng, 0, 100, 4) });
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

  const encodingMode = rng.pick(['utf8', 'mixed', 'mixed', 'gb18030'] as const);
  const files: VillageFile[] = [{ name: 'rules.yaml', ...encode(rulesText, 'utf8') }];
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
  return { seed, description: notes.join(' '), files };
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
