/**
 * Steps 4 to 6 of `explain` worked out: the guaranteed dividend per class (and its scaling in a
 * poor year), where the members' pool comes from, and each floor's shortfall and top-up.
 */
import { classLabel, entryLabel } from '../bases/words.js';
import { percentWeights } from '../engine/entries.js';
import { exactToString, pow10, roundHalfUp } from '../money/exact.js';
import { formatFen } from '../money/fen.js';
import { InternalError } from '../problems.js';
import type { ExplainContext } from './context.js';
import { entriesSay, householdSay } from './context.js';
import { distributableRest, qtyText } from './explainBasis.js';
import { leftoverFen } from './remainders.js';
import { exactYuan, firstFenPhrase, ruleOnce, shortVerdict, verdict } from './splitWords.js';
import { yuanText } from './util.js';

const yuan = yuanText;

/** Every household's guaranteed dividend due (before any scaling), then the share holders'. */
function guaranteedDue(ctx: ExplainContext): bigint[] {
  const { rules, data, dist } = ctx;
  const n = data.households.length;
  const classes = [...dist.unitsByClass.keys()];
  const sg = Math.max(0, ...classes.map((c) => rules.shareClasses.get(c)!.guaranteedPerUnit.scale));
  const mult = classes.map((c) => {
    const g = rules.shareClasses.get(c)!.guaranteedPerUnit;
    return g.units * pow10(sg - g.scale);
  });
  const cols = classes.map((c) => dist.unitsByClass.get(c)!);
  const den = dist.unitsDen * pow10(sg);
  const out: bigint[] = new Array(n + rules.shareHolders.length);
  for (let k = 0; k < n; k++) {
    let s = 0n;
    for (let j = 0; j < cols.length; j++) s += cols[j][k] * mult[j];
    out[k] = roundHalfUp(s * 100n, den);
  }
  rules.shareHolders.forEach((x, j) => {
    const g = rules.shareClasses.get(x.class)!.guaranteedPerUnit;
    out[n + j] = roundHalfUp(x.units.units * BigInt(x.months) * g.units * 100n, 12n * pow10(x.units.scale + g.scale));
  });
  return out;
}

/** Step 4: units × guaranteed per unit per class, the sum rounded once; in a poor year under `scale`, split by what is due. */
export function explainGuaranteed(ctx: ExplainContext, out: string[]): void {
  const { rules, dist, h, t, lang } = ctx;
  const c = dist.cols;
  const scaled = dist.guaranteedScaled ? t(' (收入不足, 已按比例缩减)', ' (scaled down: income did not cover it)') : '';
  out.push(`4. ${t('保底分红', 'Guaranteed dividend')}: ${formatFen(c.guaranteedFen[h])}${t(' 元', '')}${scaled}`);
  const terms: string[] = [];
  let num = 0n;
  let den = 1n;
  for (const [cls, units] of dist.unitsByClass) {
    if (units[h] === 0n) continue;
    const g = rules.shareClasses.get(cls)!.guaranteedPerUnit;
    const tn = units[h] * g.units;
    const td = dist.unitsDen * pow10(g.scale);
    num = num * td + tn * den;
    den *= td;
    terms.push(yuan(tn, td));
    out.push(`   ${classLabel(cls, lang)} ${qtyText(units[h], dist.unitsDen)} ${t('股', 'units')} × ${exactToString(g)}${t(' 元/股', ' per unit')} = ${yuan(tn, td)}`);
  }
  if (terms.length === 0) return;
  const due = guaranteedDue(ctx);
  const dueH = roundHalfUp(num * 100n, den);
  if (dueH !== due[h]) throw new InternalError(`explain: guaranteed dividend due ${formatFen(dueH)} is not ${formatFen(due[h])}`);
  const sum = terms.length > 1 ? `${terms.join(' + ')} = ${yuan(num, den)}` : yuan(num, den);
  const exact = (num * 100n) % den === 0n;
  if (terms.length > 1 || !exact || dist.guaranteedScaled) out.push(
    `   ${t('合计', 'in all')} ${sum}` +
      (exact ? t(' 元', '') : ` → ${formatFen(dueH)}${t(' 元 (四舍五入到分)', ' (rounded half up to the fen)')}`) +
      (dist.guaranteedScaled ? t(' (应得)', ' (due)') : ''),
  );
  if (!dist.guaranteedScaled) {
    if (dueH !== c.guaranteedFen[h]) throw new InternalError(`explain: guaranteed dividend ${formatFen(dueH)}, the engine paid ${formatFen(c.guaranteedFen[h])}`);
    return;
  }
  const holders = rules.shareHolders.length > 0;
  out.push(
    `   ${t(
      `收入不足以支付全部保底分红: 只有 ${formatFen(dist.guaranteedFen)} 元可付, 全体${holders ? ' (含持股方)' : ''}应得 ${formatFen(dist.guaranteedDueFen)} 元, 按应得金额比例分`,
      `income does not cover every guaranteed dividend: ${formatFen(dist.guaranteedFen)} to pay, ${formatFen(dist.guaranteedDueFen)} due${holders ? ' (share holders included)' : ''}, split by what is due`,
    )}`,
  );
  const say = householdSay(ctx, holders);
  const l = leftoverFen(dist.guaranteedFen, (j) => due[j], due.length, h, c.guaranteedFen[h]);
  if (l.leftover > 0n && l.remainder > 0n) out.push(...ruleOnce(say, '     '));
  out.push(`     ${formatFen(dueH)} × ${formatFen(dist.guaranteedFen)} / ${formatFen(dist.guaranteedDueFen)} = ${exactYuan(l)}${t(' 元', '')}${firstFenPhrase(l, lang)}`);
  const v = verdict(l, say);
  if (v !== null) out.push(`     ${v}`);
}

/** Step 5's first lines: the surplus S, the fixed entries, D and the members' pool M. */
export function membersPoolLines(ctx: ExplainContext): string[] {
  const { rules, dist, t, lang } = ctx;
  const f = formatFen;
  const out: string[] = [];
  const yuanUnit = t(' 元', '');
  const s = dist.incomeFen - dist.expensesFen + dist.openingFen - dist.wagesFen - dist.landRentFen - dist.guaranteedFen;
  if (s !== dist.surplusFen) throw new InternalError(`explain: I − E + O − W − R − G = ${f(s)}, the engine's surplus is ${f(dist.surplusFen)}`);
  const opening = dist.openingFen > 0n ? t(` + 上年结转 ${f(dist.openingFen)}`, ` + carried over ${f(dist.openingFen)}`) : dist.openingFen < 0n ? t(` − 上年亏损 ${f(-dist.openingFen)}`, ` − last year's loss ${f(-dist.openingFen)}`) : '';
  out.push(
    `   ${t('可分配盈余', 'Surplus')} = ${t('收入', 'income')} ${f(dist.incomeFen)} − ${t('支出', 'expenses')} ${f(dist.expensesFen)}${opening} − ${t('工资', 'wages')} ${f(dist.wagesFen)} − ${t('租金', 'rent')} ${f(dist.landRentFen)} − ${t('保底分红', 'guaranteed')} ${f(dist.guaranteedFen)} = ${f(dist.surplusFen)}${yuanUnit}` +
      (dist.surplusFen <= 0n ? t(', 没有可分配盈余', ': nothing to distribute') : ''),
  );
  const d = distributableRest(dist);
  const fixed = dist.allocations.filter((a) => a.kind === 'fixed' && a.amountFen - a.membersRemainderFen > 0n);
  if (dist.surplusFen > 0n && fixed.length > 0) {
    out.push(
      `   ${t('先提固定金额', 'fixed entries first')}: ${fixed.map((a) => `${entryLabel(a.to, lang)} ${f(a.amountFen - a.membersRemainderFen)}`).join(t('、', ', '))}${t(`, 余 ${f(d)} 元按比例分`, `; ${f(d)} left to share by percent`)}`,
    );
  }
  const listed = rules.shares.some((x) => x.basis !== null);
  const k = rules.shares.findIndex((x) => x.to === 'members');
  if (listed || k < 0 || d <= 0n) {
    out.push(`   ${t('成员分红总额', 'Members’ pool')} ${f(dist.membersPoolFen)}${yuanUnit}${listed && d > 0n ? t(' (下列各项之和)', ' (the parts below added up)') : ''}`);
    return out;
  }
  const weights = percentWeights(rules.shares.map((x) => x.percent));
  const l = leftoverFen(d, (j) => weights[j], weights.length, k, dist.membersPoolFen);
  const pct = exactToString(rules.shares[k].percent);
  const say = entriesSay(ctx);
  const note = shortVerdict(l, lang, say.part);
  if (note !== '') out.push(...ruleOnce(say, '   '));
  out.push(`   ${t('成员分红总额', 'Members’ pool')} = ${f(d)} × ${pct}% = ${exactYuan(l)}${t(' 元', '')}${l.remainder === 0n ? '' : `${note} → ${f(l.fen)}${yuanUnit}`}`);
  return out;
}

/**
 * Step 6: each floor of the household's category, worked out: what the household had before it,
 * min_total − that = the shortfall, paid in full or — the fund short — by shortfall with the split.
 */
export function explainFloors(ctx: ExplainContext): string[] {
  const { rules, data, dist, h, t, lang } = ctx;
  const c = dist.cols;
  const f = formatFen;
  const yuanUnit = t(' 元', '');
  const hh = data.households[h];
  const n = data.households.length;
  const out: string[] = [];
  dist.floors.forEach((fl, i) => {
    if (fl.category !== hh.category) return;
    const fund = entryLabel(fl.fundedBy, lang);
    out.push(`   ${t(`${fl.category} 最低应分 ${f(fl.minTotalFen)} 元, 不足部分由 ${fund} 补`, `${fl.category}: at least ${f(fl.minTotalFen)}, any shortfall paid out of ${fund}`)}`);
    // What the household had before this floor: its gross, plus what earlier floors paid it.
    const earlier = (k: number) => {
      let s = 0n;
      for (let j = 0; j < i; j++) s += c.floorTopupFen[j][k];
      return s;
    };
    const before = c.grossFen[h] + earlier(h);
    const parts = [c.wagesFen[h], c.landRentFen[h], c.guaranteedFen[h], c.performanceFen[h]];
    const e = earlier(h);
    out.push(
      `     ${t('补差前本户合计 (第 1+2+4+5 项)', 'before the top-up (1.+2.+4.+5.)')}: ${parts.map(f).join(' + ')}${e > 0n ? ` + ${f(e)}${t(' (前面的兜底)', ' (earlier floors)')}` : ''} = ${f(before)}${yuanUnit}`,
    );
    const paid = c.floorTopupFen[i][h];
    if (before >= fl.minTotalFen) {
      out.push(`     ${t(`不低于 ${f(fl.minTotalFen)} 元, 不用补`, `not below ${f(fl.minTotalFen)}: nothing to add`)}`);
      if (paid !== 0n) throw new InternalError(`explain: floor ${i} paid ${f(paid)} to a household above it`);
      return;
    }
    const shortfall = fl.minTotalFen - before;
    out.push(`     ${t('差额', 'shortfall')} ${f(fl.minTotalFen)} − ${f(before)} = ${f(shortfall)}${yuanUnit}`);
    // What the fund held when this floor came: what it keeps in the end plus what this and later floors took from it.
    const entry = dist.allocations.find((a) => a.to === fl.fundedBy);
    let held = entry ? entry.retainedFen : 0n;
    dist.floors.forEach((g, j) => {
      if (j >= i && g.fundedBy === fl.fundedBy) held += g.paidFen;
    });
    const many = t(`全体 ${fl.households} 户${fl.category}共差 ${f(fl.shortfallFen)} 元`, `the ${fl.households} households of ${fl.category} are ${f(fl.shortfallFen)} short in all`);
    if (!fl.short) {
      if (paid !== shortfall) throw new InternalError(`explain: floor ${i} paid ${f(paid)}, the shortfall is ${f(shortfall)}`);
      out.push(`     ${t(`${fund} 有 ${f(held)} 元, ${many}, 够用: 全额补足 ${f(paid)} 元`, `${fund} holds ${f(held)}, ${many}: enough, the full ${f(paid)} is paid`)}`);
      return;
    }
    if (fl.paidFen === 0n) {
      if (paid !== 0n) throw new InternalError(`explain: floor ${i} paid ${f(paid)} out of an empty fund`);
      out.push(`     ${t(`${fund} 已经没有钱 (${f(held)} 元), ${many}: 都补不了, 本户仍差 ${f(shortfall)} 元`, `${fund} has nothing left (${f(held)}), ${many}: nothing is paid, still ${f(shortfall)} short`)}`);
      return;
    }
    out.push(`     ${t(`${fund} 只有 ${f(held)} 元, 不够${many}: 按各户差额的比例分`, `${fund} holds only ${f(held)}, less than ${many}: split by shortfall`)}`);
    const shortfalls: bigint[] = new Array(n).fill(0n);
    for (let k = 0; k < n; k++) {
      if (data.households[k].category !== fl.category) continue;
      const g = fl.minTotalFen - (c.grossFen[k] + earlier(k));
      shortfalls[k] = g > 0n ? g : 0n;
    }
    const l = leftoverFen(fl.paidFen, (k) => shortfalls[k], n, h, paid);
    const say = householdSay(ctx, false);
    if (l.leftover > 0n && l.remainder > 0n) out.push(...ruleOnce(say, '     '));
    out.push(`     ${f(shortfall)} × ${f(fl.paidFen)} / ${f(fl.shortfallFen)} = ${exactYuan(l)}${yuanUnit}${firstFenPhrase(l, lang)}`);
    const v = verdict(l, say);
    if (v !== null) out.push(`     ${v}`);
    out.push(`     ${t(`本户仍差 ${f(shortfall - paid)} 元`, `still ${f(shortfall - paid)} short`)}`);
  });
  return out;
}
