// Long because each basis is read aloud in its own words (shares, persons with their filters, transactions, rates), all over the same split of the engine's result.
/**
 * Step 5 of `explain`: one household's part of each basis of the members' pool, read aloud — the
 * split by weight (SPEC §5.7) and, with SPEC §9, who in the household counted (persons filters),
 * the category factor, the transactions rows, and a declared or derived rate (每人 58 元 × 7 人).
 * A §4 basis reads exactly as it always did.
 */
import { basisDef } from '../bases/registry.js';
import { personMatches } from '../bases/persons.js';
import type { BasisResult, Distribution } from '../engine/types.js';
import type { Dataset, Person } from '../io/types.js';
import { exactToString, pow10, roundHalfUp, unitsAt, type Exact } from '../money/exact.js';
import { formatFen } from '../money/fen.js';
import { InternalError } from '../problems.js';
import type { Lang } from '../lang.js';
import type { MemberBasis, Rules } from '../rules/types.js';
import { basisQualifiers, categoryFactor, classLabel, quantityLabel, quantityPhrase, ratePhrase, remainderPhrase } from '../bases/words.js';
import { percentWeights } from '../engine/entries.js';
import { entriesSay, explainContext, householdSay, type ExplainContext, type T } from './context.js';
import { leftoverFen } from './remainders.js';
import { exactYuan, firstFenPhrase, ruleOnce, shortVerdict, verdict } from './splitWords.js';
import { inputName, quantity, ratio, rowsOf } from './util.js';

/** Why a person does not count under a basis's filters ('' when they do). */
function whyNot(p: Person, m: MemberBasis, t: T): string {
  if (m.minAge !== null && p.age === null) return t('没有出生日期', 'no birth date');
  if (m.minAge !== null && p.age! < m.minAge) return t(`不满 ${m.minAge} 岁`, `under ${m.minAge}`);
  if (m.maxAge !== null && p.age === null) return t('没有出生日期', 'no birth date');
  if (m.maxAge !== null && p.age! > m.maxAge) return t(`超过 ${m.maxAge} 岁`, `over ${m.maxAge}`);
  if (m.tags !== null && !p.tags.some((x) => m.tags!.includes(x))) return t(`没有标签 ${m.tags.join('、')}`, `not tagged ${m.tags.join(' or ')}`);
  return '';
}

/** The household's persons (persons.csv), or its `persons` cell: who counted under this basis. */
function personsLines(data: Dataset, h: number, m: MemberBasis, t: T): string[] {
  const out: string[] = [];
  if (data.persons === null) {
    out.push(`     ${t('本户人数', 'persons in the household')} ${data.households[h].persons ?? 0} (${inputName(data, 'households.csv')} ${t('人数', 'persons')})`);
    return out;
  }
  const file = inputName(data, 'persons.csv');
  for (const p of data.persons) {
    if (p.household !== h) continue;
    const age = p.age !== null ? t(` ${p.age} 岁`, ` aged ${p.age}`) : '';
    const tags = p.tags.length ? ` [${p.tags.join(t('、', ', '))}]` : '';
    const months = p.months < 12 ? ` ${p.months}/12` : '';
    const why = whyNot(p, m, t);
    if (why === '' !== personMatches(p, m)) throw new InternalError(`explain: person at ${file}:${p.line} reads differently from the basis filter`);
    out.push(`     ${file}:${p.line} ${p.name}${age}${tags}${months} → ${why === '' ? t('计入', 'counts') : `${t('不计入', 'does not count')} (${why})`}`);
  }
  return out;
}

/** transactions.csv rows of the household: amounts, or quantities × product weight. */
function transactionLines(data: Dataset, m: MemberBasis, t: T): string[] {
  return rowsOf(data, 'transactions.csv').map((row) => {
    const f = row.fields;
    const what = [f.date ?? '', f.product ?? ''].filter((x) => x !== '').join(' ');
    const lead = `     ${row.file}:${row.line}${what ? ' ' + what : ''}`;
    if (m.by === 'amount') return `${lead} ${f.amount}${t(' 元', '')}`;
    const w = m.productWeights ? m.productWeights.get(f.product ?? '') : undefined;
    return `${lead} ${f.quantity ?? ''} × ${w ? exactToString(w) : '1'}${m.productWeights ? t(' (折算系数)', ' (product weight)') : ''}`;
  });
}

/** The rate `rate_step` rounds to before any rounding down (SPEC §9.3): P_b / Σw, half up to a step. */
function stepRate(b: BasisResult, step: Exact): Exact {
  const k = b.totalWeight === 0n ? 0n : roundHalfUp(b.partFen * b.weightDen * pow10(step.scale), 100n * b.totalWeight * step.units);
  return { units: k * step.units, scale: step.scale };
}

/** A rated basis: the rate, this household's rate × weight, and what the whole basis paid and left. */
function ratedLines(b: BasisResult, m: MemberBasis, mine: bigint, w: bigint, t: T, lang: Lang): string[] {
  const rated = b.rated!;
  const yuan = t(' 元', '');
  const out: string[] = [];
  const all = quantityPhrase(m, quantity(b.totalWeight, b.weightDen), lang);
  if (rated.declared) {
    out.push(`     ${t('公布单价', 'declared rate')}: ${ratePhrase(m, rated.rate, lang, true)}`);
  } else {
    const step = m.rateStep!;
    const rate0 = stepRate(b, step);
    const down = rate0.units * pow10(rated.rate.scale) !== rated.rate.units * pow10(rate0.scale);
    out.push(
      `     ${t('单价', 'rate')}: ${formatFen(b.partFen)}${yuan} / ${all}` +
        (b.totalWeight > 0n ? ` ≈ ${ratio(b.partFen * b.weightDen, b.totalWeight * 100n, 4)}` : '') +
        `, ${t(`取整到 ${exactToString(step)} 元`, `to a multiple of ${exactToString(step)}`)}: ${ratePhrase(m, rated.rate, lang, true)}` +
        (down ? t(` (按 ${exactToString(rate0)} 元会超出, 向下取整)`, ` (${exactToString(rate0)} would pay more than there is: rounded down)`) : ''),
    );
  }
  if (b.partFen === 0n && b.amountFen === 0n) {
    out.push(`     ${t('本年没有可分配盈余, 这项不发放', 'no surplus this year: nothing paid')}`);
    return out;
  }
  // pay_h = round(rate × w / den) fen, half up.
  const r = rated.rate;
  const num = r.units * w;
  const den = b.weightDen * pow10(r.scale);
  const fen = roundHalfUp(num * 100n, den);
  if (fen !== mine) throw new InternalError(`explain: ${b.basis} at rate ${exactToString(r)} gives ${formatFen(fen)}, the engine paid ${formatFen(mine)}`);
  const exact = (num * 100n) % den === 0n;
  out.push(
    `     ${ratePhrase(m, r, lang, true)} × ${quantityPhrase(m, quantity(w, b.weightDen), lang)} = ` +
      (exact ? `${formatFen(fen)}${yuan}` : `${ratio(num, den, 4)} → ${formatFen(fen)}${yuan} (${t('四舍五入到分', 'rounded half up to the fen')})`),
  );
  out.push(`     ${t('全体', 'all')} ${all} ${t('共发', 'paid')} ${formatFen(b.amountFen)}${yuan}, ${remainderPhrase(rated, lang, true)}`);
  return out;
}


/** A weight num/den for a formula: the exact decimal when it has at most 4 decimals ("12.525"), else "≈0.3333". */
export function qtyText(num: bigint, den: bigint): string {
  for (let d = 0; d <= 4; d++) {
    const p = num * pow10(d);
    if (p % den === 0n) return exactToString({ units: p / den, scale: d });
  }
  return `≈${ratio(num, den, 4)}`;
}

/** The weights of the share holders under a basis (SPEC §9.4), over the basis's denominator. */
function holderWeightsOf(rules: Rules, data: Dataset, b: BasisResult, m: MemberBasis): bigint[] {
  const none = rules.shareHolders.map(() => 0n);
  const def = basisDef(b.basis);
  if (!def.holderWeights || m.categories !== null || m.categoryWeights !== null) return none;
  // holderWeights reads the rules and the chosen classes only (never the components).
  return def.holderWeights({ rules, data, comp: undefined as never, classes: m.classes, rule: m }, b.weightDen);
}

interface Frac {
  num: bigint;
  den: bigint;
}

/** share_units: "land 股 3.525 × 1 + fund 股 6 × 1.5" for one household, or for all (holders included). */
function classSum(ctx: ExplainContext, m: MemberBasis, of: number | 'all'): { text: string; value: Frac; terms: number } {
  const { rules, dist, lang } = ctx;
  const zh = lang === 'zh';
  const classes = [...dist.unitsByClass.keys()].filter((c) => m.classes === null || m.classes.includes(c));
  const holderClasses = rules.shareHolders.map((x) => x.class).filter((c) => (m.classes === null || m.classes.includes(c)) && !classes.includes(c));
  const s = Math.max(0, ...[...classes, ...holderClasses].map((c) => rules.shareClasses.get(c)!.weight.scale));
  // Units per class over den = unitsDen × 12 × 10^4 (holders' units have at most 4 decimals and whole months).
  const den = dist.unitsDen * 12n * 10_000n;
  const parts: string[] = [];
  let num = 0n;
  for (const c of [...classes, ...holderClasses]) {
    let units = 0n;
    const col = dist.unitsByClass.get(c);
    if (of === 'all') {
      if (col) for (let k = 0; k < ctx.data.households.length; k++) units += col[k] * 12n * 10_000n;
      for (const x of rules.shareHolders) {
        if (x.class !== c) continue;
        units += (x.units.units * BigInt(x.months) * dist.unitsDen * 10_000n) / pow10(x.units.scale);
      }
    } else if (col) units = col[of] * 12n * 10_000n;
    if (units === 0n) continue;
    const w = rules.shareClasses.get(c)!.weight;
    num += units * unitsAt(w, s);
    parts.push(`${classLabel(c, lang)} ${qtyText(units, den)} ${zh ? '股' : 'units'} × ${exactToString(w)}`);
  }
  return { text: parts.join(' + '), value: { num, den: den * pow10(s) }, terms: parts.length };
}

/** The whole-part line of a basis: its share of the members' pool (or of D, §9.9), with the split by percent. */
function partLine(ctx: ExplainContext, i: number, label: string, b: BasisResult): string[] {
  const { rules, dist, t } = ctx;
  const yuan = t(' 元', '');
  const listed = rules.shares.some((s) => s.basis !== null);
  const head = `   ${label} ${b.percentText}%${listed ? t(' (按可分配余额计)', ' (of the distributable rest)') : ''} = ${formatFen(b.partFen)}${yuan}`;
  if (b.partFen === 0n) return [head];
  let whole = dist.membersPoolFen;
  let weights = percentWeights(rules.members.map((x) => x.percent));
  let k = i;
  if (listed) {
    whole = distributableRest(dist);
    weights = percentWeights(rules.shares.map((s) => s.percent));
    k = rules.shares.findIndex((s) => s.basis === rules.members[i]);
    if (k < 0) return [head];
  }
  const l = leftoverFen(whole, (j) => weights[j], weights.length, k, b.partFen);
  const say = entriesSay(ctx);
  const note = shortVerdict(l, ctx.lang, say.part);
  return [...(note !== '' ? ruleOnce(say, '   ') : []), `${head} (${formatFen(whole)} × ${b.percentText}% = ${exactYuan(l)}${note})`];
}

/** D: what the shares entries split, S (if positive) less the fixed entries' parts (SPEC §5 step 6). */
export function distributableRest(dist: Distribution): bigint {
  let d = dist.surplusFen > 0n ? dist.surplusFen : 0n;
  for (const a of dist.allocations) if (a.kind === 'fixed') d -= a.amountFen - a.membersRemainderFen;
  return d;
}

/** A split basis: the household's weight and the total worked out, the exact share, the rounding. */
function splitLines(ctx: ExplainContext, i: number, b: BasisResult, m: MemberBasis): string[] {
  const { rules, data, h, lang, t } = ctx;
  const out: string[] = [];
  const n = data.households.length;
  const holderW = holderWeightsOf(rules, data, b, m);
  let households = 0n;
  for (let k = 0; k < n; k++) households += b.weights[k];
  const holdersSum = holderW.reduce((a, x) => a + x, 0n);
  if (households + holdersSum !== b.totalWeight) {
    throw new InternalError(`explain: basis ${b.basis} weights add up to ${households + holdersSum}, the engine's total is ${b.totalWeight}`);
  }
  const withHolders = holdersSum > 0n;
  const w = b.weights[h];
  const den = b.weightDen;
  const mine = ctx.dist.cols.basisFen[i][h];
  const unit = (q: string) => quantityPhrase(m, q, lang);
  const factor = categoryFactor(m, data.households[h].category);
  const excluded = m.categories !== null && !m.categories.includes(data.households[h].category);

  if (b.basis === 'share_units') {
    // units × months / 12 (step 3) × the class's weight, added over the classes.
    const own = classSum(ctx, m, h);
    const base = own.value;
    const whole = qtyText(base.num, base.den);
    let line = `     ${t('本户折算股数', 'this household’s weighted units')} = ${own.terms ? own.text : '0'}` + (own.terms > 0 ? ` = ${whole}` : '');
    if (factor !== null) line += ` × ${t('系数', 'factor')} ${exactToString(factor)} = ${qtyText(w, den)}`;
    else if (excluded && own.terms > 0) line += t(', 不参加这项 → 0', ', does not take part → 0');
    out.push(line);
    if (factor === null && !excluded && base.num * den !== w * base.den) {
      throw new InternalError(`explain: household ${h} weighted units ${whole} are not the engine's ${ratio(w, den, 4)}`);
    }
    const all = classSum(ctx, m, 'all');
    const plain = m.categories === null && m.categoryWeights === null && all.value.num * den === b.totalWeight * all.value.den;
    const who = t(`全体 ${n} 户${withHolders ? '和持股方' : ''}`, `all ${n} households${withHolders ? ' and share holders' : ''}`);
    out.push(
      plain
        ? `     ${who}${t('合计', '')} = ${all.text} = ${qtyText(b.totalWeight, den)}`
        : `     ${who}${t('合计 (按类别系数折算后)', ' (after the category factors)')} = ${qtyText(b.totalWeight, den)}`,
    );
  } else {
    // per_household: one part (份) each, times a category factor if any.
    // points: "积分 4" (not "4 分", which reads as fen next to the remainders).
    const each =
      b.basis === 'per_household'
        ? (q: string) => (lang === 'zh' ? `${q} 份` : `${q} part${q === '1' ? '' : 's'}`)
        : b.basis === 'points' && lang === 'zh'
          ? (q: string) => `积分 ${q}`
          : unit;
    // A category factor: the household's own weight × the factor (a factor 0 or a category left out: 0).
    let own = each(qtyText(w, den));
    if (factor !== null && factor.units > 0n) {
      const raw = { num: w * pow10(factor.scale), den: den * factor.units };
      own = `${each(qtyText(raw.num, raw.den))} × ${t('系数', 'factor')} ${exactToString(factor)} = ${own}`;
    } else if (excluded || (factor !== null && factor.units === 0n)) own = `0`;
    const all = each(qtyText(b.totalWeight, den));
    const factored = factor !== null || m.categories !== null ? t(' (按类别折算后)', ' (after the categories)') : '';
    out.push(
      `     ${t('本户', 'this household')} ${own}, ${t(`全体 ${n} 户${withHolders ? '和持股方' : ''}合计`, `all ${n} households${withHolders ? ' and share holders' : ''}`)} ${all}${factored}`,
    );
  }
  if (withHolders) {
    const list = rules.shareHolders.map((x, j) => (holderW[j] > 0n ? `${x.to} ${qtyText(holderW[j], den)}` : '')).filter((x) => x !== '');
    out.push(`     ${t('其中持股方', 'of which share holders')}: ${list.join(t('、', ', '))}`);
  }
  if (b.amountFen === 0n) {
    if (mine !== 0n) throw new InternalError(`explain: basis ${b.basis} paid ${formatFen(mine)} out of nothing`);
    out.push(`     ${t('这项分得 0 元, 各户都是 0', 'the part is 0: every household gets 0')}`);
    return out;
  }
  if (w === 0n) {
    if (mine !== 0n) throw new InternalError(`explain: basis ${b.basis} paid ${formatFen(mine)} to a weight 0`);
    out.push(`     ${t('本户这项为 0, 分得 0.00 元', 'this household has none of it: 0.00')}`);
    return out;
  }
  const say = householdSay(ctx, withHolders);
  const l = leftoverFen(b.amountFen, (j) => (j < n ? b.weights[j] : holderW[j - n]), n + holderW.length, h, mine);
  if (l.leftover > 0n && l.remainder > 0n) out.push(...ruleOnce(say, '     '));
  out.push(`     ${qtyText(w, den)} × ${formatFen(b.amountFen)} / ${qtyText(b.totalWeight, den)} = ${exactYuan(l)}${t(' 元', '')}${firstFenPhrase(l, lang)}`);
  const v = verdict(l, say);
  if (v !== null) out.push(`     ${v}`);
  return out;
}

export function explainBases(rules: Rules, data: Dataset, dist: Distribution, h: number, lang: Lang, ctx0?: ExplainContext): string[] {
  const ctx = ctx0 ?? explainContext(rules, data, dist, h, lang);
  const t = ctx.t;
  const hh = data.households[h];
  const out: string[] = [];
  dist.bases.forEach((b, i) => {
    const m = rules.members[i];
    if (!m || m.basis !== b.basis) throw new InternalError(`explain: basis ${i} (${b.basis}) is not the rules' ${m?.basis}`);
    const { zh, en } = basisDef(b.basis).explain;
    const cls = b.classes ? ` [${b.classes.map((c) => classLabel(c, lang)).join(t('、', ', '))}]` : '';
    const quals = basisQualifiers(m, lang);
    const label = (quantityLabel(m, lang) ?? t(zh, en)) + cls + (quals.length ? ` (${quals.join(', ')})` : '');
    const mine = dist.cols.basisFen[i][h];
    const w = b.weights[h];
    out.push(...partLine(ctx, i, label, b));
    if (m.basis === 'persons') out.push(...personsLines(data, h, m, t));
    if (m.basis === 'transactions') out.push(...transactionLines(data, m, t));
    if (m.categories !== null) {
      const cat = hh.category || t('(未填)', '(none)');
      out.push(
        `     ${t('本户类别', 'category')} ${cat}: ` +
          (m.categories.includes(hh.category) ? t('参加这项分红', 'takes part') : t(`不在 ${m.categories.join('、')} 之列, 权重为 0`, `not among ${m.categories.join(', ')}: weight 0`)),
      );
    }
    const factor = categoryFactor(m, hh.category);
    if (factor !== null) {
      const listedCat = m.categoryWeights!.has(hh.category);
      out.push(
        `     ${t('本户类别', 'category')} ${hh.category || t('(未填)', '(none)')}: ${t('系数', 'factor')} ${exactToString(factor)}` +
          (listedCat ? '' : t(' (未列出的类别系数为 0)', ' (a category not listed has factor 0)')) +
          `, ${t('权重乘以系数', 'the weight is multiplied by it')}`,
      );
    }
    if (b.rated) {
      out.push(...ratedLines(b, m, mine, w, t, lang));
      return;
    }
    if (b.totalWeight > 0n) out.push(...splitLines(ctx, i, b, m));
  });
  return out;
}
