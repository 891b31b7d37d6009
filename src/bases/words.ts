/**
 * How SPEC §9's basis keys are said aloud (explain) and noted (waterfall.csv): the unit a rate is
 * paid per (from the basis registry), the filters and category factors, the remainder of a rated
 * basis. One place, so the waterfall's note and explain's sentence say the same thing.
 */
import { basisDef } from './registry.js';
import type { UnitWords } from './types.js';
import type { BasisResult } from '../engine/types.js';
import { exactToString, type Exact } from '../money/exact.js';
import { formatFen } from '../money/fen.js';
import type { Lang } from '../lang.js';
import type { MemberBasis } from '../rules/types.js';

function unitWords(m: MemberBasis): UnitWords {
  return basisDef(m.basis).unitOf(m);
}

/** "每人58元" / "58 per person" (waterfall: compact) or "每人 58 元" (explain: spaced). */
export function ratePhrase(m: MemberBasis, rate: Exact, lang: Lang, spaced: boolean): string {
  const u = unitWords(m);
  const r = exactToString(rate);
  if (lang === 'en') return `${r} per ${u.en.per}`;
  return spaced ? `每${u.zh.per} ${r} 元` : `每${u.zh.per}${r}元`;
}

/** "7 人" / "7 persons" (explain). */
export function quantityPhrase(m: MemberBasis, qty: string, lang: Lang): string {
  const u = unitWords(m);
  if (lang === 'zh') return `${qty} ${u.zh.unit}`;
  return `${qty} ${qty === '1' ? u.en.unit : u.en.units}`;
}

/** The label of a transactions basis by quantity differs from the registry's (按交易额). */
export function quantityLabel(m: MemberBasis, lang: Lang): string | null {
  if (m.basis !== 'transactions' || m.by !== 'quantity') return null;
  return lang === 'zh' ? '按交易量' : 'by quantity';
}

function ages(m: MemberBasis, lang: Lang): string | null {
  const lo = m.minAge;
  const hi = m.maxAge;
  if (lo === null && hi === null) return null;
  if (lang === 'zh') {
    if (lo !== null && hi !== null) return `${lo}–${hi}岁`;
    return lo !== null ? `${lo}岁以上` : `${hi}岁以下`;
  }
  if (lo !== null && hi !== null) return `aged ${lo}–${hi}`;
  return lo !== null ? `aged ${lo} or over` : `aged ${hi} or under`;
}

/** A category factor map as "五保户×3、低保户×2" / "五保户 ×3, 低保户 ×2". */
function factors(map: ReadonlyMap<string, Exact>, lang: Lang): string {
  return [...map].map(([k, v]) => (lang === 'zh' ? `${k}×${exactToString(v)}` : `${k} ×${exactToString(v)}`)).join(lang === 'zh' ? '、' : ', ');
}

/**
 * The §9 qualifiers of a basis (who counts, with what factor), in the order written; [] for a §4
 * basis. Compact for the waterfall's note; explain puts them in parentheses.
 */
export function basisQualifiers(m: MemberBasis, lang: Lang): string[] {
  const zh = lang === 'zh';
  const out: string[] = [];
  const a = ages(m, lang);
  if (a !== null) out.push(a);
  if (m.tags !== null) out.push(zh ? `标签：${m.tags.join('、')}` : `tagged ${m.tags.join(' or ')}`);
  if (m.categories !== null) out.push(zh ? `仅${m.categories.join('、')}` : `only ${m.categories.join(', ')}`);
  if (m.categoryWeights !== null) out.push(zh ? `类别系数：${factors(m.categoryWeights, lang)}` : `category factors ${factors(m.categoryWeights, lang)}`);
  if (m.basis === 'transactions' && m.by === 'quantity' && m.productWeights !== null) {
    out.push(zh ? `折算系数：${factors(m.productWeights, lang)}` : `product weights ${factors(m.productWeights, lang)}`);
  }
  return out;
}

/** Where a rated basis's remainder went: "零头12.34元归村集体" / "remainder 12.34 to 村集体". */
export function remainderPhrase(rated: NonNullable<BasisResult['rated']>, lang: Lang, spaced: boolean): string {
  const r = rated.remainderFen;
  const to = rated.remainderTo;
  const s = spaced ? ' ' : '';
  if (lang === 'en') {
    if (r > 0n) return `remainder ${formatFen(r)} to ${to}`;
    if (r < 0n) return `${formatFen(-r)} over the part, taken from ${to}`;
    return 'no remainder';
  }
  if (r > 0n) return `零头${s}${formatFen(r)}${s}元归${s}${to}`;
  if (r < 0n) return `超出${s}${formatFen(-r)}${s}元由${s}${to}${s}补足`;
  return '没有零头';
}

/** A rate derived at `rate_step` (not declared): "按1元取整" / "rounded to 1". */
export function derivedPhrase(step: Exact, lang: Lang): string {
  return lang === 'zh' ? `由分得金额折算，取整到${exactToString(step)}元` : `derived from the part, to a multiple of ${exactToString(step)}`;
}

/** The category factor of a household under `category_weights` (0 for a category not listed). */
export function categoryFactor(m: MemberBasis, category: string): Exact | null {
  if (m.categoryWeights === null) return null;
  return m.categoryWeights.get(category) ?? { units: 0n, scale: 0 };
}

export { sumExact } from '../money/exact.js';

/**
 * A share class as people name it: the class's own name from rules.yaml and shares.csv, never a bare
 * YAML key with a colon. zh: "fund 股" / "扶贫股" (a name ending in 股 is kept), the class `land` is
 * "land 股 (入股土地折股)"; en: "class fund", "class land (land invested as shares)".
 */
export function classLabel(cls: string, lang: Lang): string {
  if (lang === 'en') return cls === 'land' ? 'class land (land invested as shares)' : `class ${cls}`;
  const name = cls.endsWith('股') ? cls : /^[\x20-\x7e]+$/.test(cls) ? `${cls} 股` : `${cls}股`;
  return cls === 'land' ? `${name} (入股土地折股)` : name;
}

/** A distribution entry by its name in rules.yaml; `members` is the members' pool (成员分红). */
export function entryLabel(to: string, lang: Lang): string {
  if (to === 'members') return lang === 'zh' ? '成员分红' : "the members' pool";
  return to;
}

/**
 * The split by remainders (SPEC §5, money/allocate.ts) in one sentence, said the first time a split
 * is read aloud. `first` says who comes first on equal remainders: " households.csv 里排在前面的户".
 */
export function splitRuleSentence(lang: Lang, first?: string): string {
  if (lang === 'en') {
    return (
      'Split by remainders: every part first gets its exact share cut down to the fen; the few fen this leaves over go one each ' +
      `to the largest cut-off remainders, and on equal remainders first to ${first ?? 'the household earlier in households.csv'}.`
    );
  }
  return `按余数大小补足零头: 每份先按精确金额发到分, 不足 1 分的零头 (余数) 先不发; 这样没发完的几分钱, 按余数从大到小每份补 1 分, 余数一样大时先补${first ?? ' households.csv 里排在前面的户'}.`;
}
