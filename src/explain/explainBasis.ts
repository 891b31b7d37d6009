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
import { exactToString, pow10, roundHalfUp, type Exact } from '../money/exact.js';
import { formatFen } from '../money/fen.js';
import { InternalError } from '../problems.js';
import type { Lang } from '../lang.js';
import type { MemberBasis, Rules } from '../rules/types.js';
import { basisQualifiers, categoryFactor, quantityLabel, quantityPhrase, ratePhrase, remainderPhrase } from '../bases/words.js';
import { inputName, quantity, ratio, rowsOf } from './util.js';

type T = (zh: string, en: string) => string;

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

export function explainBases(rules: Rules, data: Dataset, dist: Distribution, h: number, lang: Lang): string[] {
  const t: T = (zh, en) => (lang === 'zh' ? zh : en);
  const c = dist.cols;
  const hh = data.households[h];
  const yuan = t(' 元', '');
  const listed = rules.shares.some((s) => s.basis !== null);
  const out: string[] = [];
  dist.bases.forEach((b, i) => {
    const m = rules.members[i];
    if (!m || m.basis !== b.basis) throw new InternalError(`explain: basis ${i} (${b.basis}) is not the rules' ${m?.basis}`);
    const { zh, en } = basisDef(b.basis).explain;
    const cls = b.classes ? ` [${b.classes.join(', ')}]` : '';
    const quals = basisQualifiers(m, lang);
    const label = (quantityLabel(m, lang) ?? t(zh, en)) + cls + (quals.length ? ` (${quals.join(', ')})` : '');
    const of = listed ? t(' (按可分配余额计)', ' (of the distributable rest)') : '';
    const mine = c.basisFen[i][h];
    const w = b.weights[h];
    out.push(`   ${label} ${b.percentText}%${of} = ${formatFen(b.partFen)}${yuan}`);
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
    if (b.totalWeight > 0n) {
      // exact share = amount × w / W; the allocator gives its whole fen and hands out the leftover fen by remainder.
      let households = 0n;
      if (dist.holders.length > 0) for (let k = 0; k < data.households.length; k++) households += b.weights[k];
      const withHolders = dist.holders.length > 0 && households !== b.totalWeight ? t(' (含持股方)', ' (share holders included)') : '';
      const exact = ratio(b.amountFen * w, b.totalWeight * 100n, 4);
      out.push(
        `     ${t('本户', 'this household')} ${ratio(w, b.weightDen, 4)} / ${t('全体', 'all')} ${ratio(b.totalWeight, b.weightDen, 4)}${withHolders}` +
          ` × ${formatFen(b.amountFen)} = ${exact} → ${formatFen(mine)}${yuan} (${t('最大余数法分到分', 'largest remainder to the fen')})`,
      );
    }
  });
  return out;
}
