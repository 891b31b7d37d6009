import { classLabel } from '../bases/words.js';
import type { Distribution } from '../engine/types.js';
import type { Dataset, Household, Person } from '../io/types.js';
import { exactToString, pow10, roundHalfUp, type Exact } from '../money/exact.js';
import { formatFen, formatScaled } from '../money/fen.js';
import { InternalError } from '../problems.js';
import { amountInWords } from '../render/amountInWords.js';
import type { Rules } from '../rules/types.js';
import type { Lang } from '../lang.js';
import { explainContext } from './context.js';
import type { Said } from './splitWords.js';
import { explainBases, qtyText } from './explainBasis.js';
import { explainFloors, explainGuaranteed, membersPoolLines } from './explainSteps.js';
import { cellMonths, cellScaled, inputName, rowsOf, yuanText } from './util.js';

function rate(x: Exact | null | undefined): string {
  return x ? exactToString(x) : '?';
}

/**
 * SPEC §9.1: the household's persons, counted whole, with those entitled part of the year:
 * "成员 7 人 (其中 2 人半年: 6/12)". null when the run has no person data.
 */
function personsLine(data: Dataset, hh: Household, h: number, lang: Lang): string | null {
  const t = (zh: string, en: string): string => (lang === 'zh' ? zh : en);
  if (data.persons === null) {
    if (hh.persons === null) return null;
    return t(`成员 ${hh.persons} 人 (${inputName(data, 'households.csv')} 人数)`, `Members: ${hh.persons} person${hh.persons === 1 ? '' : 's'} (${inputName(data, 'households.csv')} persons)`);
  }
  const mine: Person[] = data.persons.filter((p) => p.household === h);
  const part = new Map<number, number>();
  for (const p of mine) if (p.months < 12) part.set(p.months, (part.get(p.months) ?? 0) + 1);
  const groups = [...part]
    .sort((a, b) => b[0] - a[0])
    .map(([months, n]) =>
      lang === 'zh'
        ? `${n} 人${months === 6 ? '半年' : ` ${months} 个月`}: ${months}/12`
        : `${n} for ${months === 6 ? 'half the year' : `${months} month${months === 1 ? '' : 's'}`}: ${months}/12`,
    );
  const more = groups.length ? t(` (其中 ${groups.join(', ')})`, ` (${groups.join(', ')})`) : '';
  return t(`成员 ${mine.length} 人${more}  (${inputName(data, 'persons.csv')})`, `Members: ${mine.length} person${mine.length === 1 ? '' : 's'}${more}  (${inputName(data, 'persons.csv')})`);
}

/** "a + b + c = total" (or just "total" for one term), then "→ X 元 (四舍五入到分)" when it is not whole fen. */
function sumLine(terms: { num: bigint; den: bigint }[], fen: bigint, t: (zh: string, en: string) => string): string {
  let num = 0n;
  let den = 1n;
  for (const x of terms) {
    num = num * x.den + x.num * den;
    den *= x.den;
  }
  const total = yuanText(num, den);
  const rounded = roundHalfUp(num * 100n, den);
  if (rounded !== fen) throw new InternalError(`explain: the terms add up to ${total}, rounded ${formatFen(rounded)}, the engine has ${formatFen(fen)}`);
  const sum = terms.length > 1 ? `${terms.map((x) => yuanText(x.num, x.den)).join(' + ')} = ${total}` : total;
  return (num * 100n) % den === 0n ? `${sum}${t(' 元', '')}` : `${sum} → ${formatFen(fen)}${t(' 元 (四舍五入到分)', ' (rounded half up to the fen)')}`;
}

export interface ExplainOptions {
  /** Lines right after the title (a township village: inherited rules, pooled income). */
  preface?: string[];
  /** Shared with the preface's lines: the split rule is said once. */
  said?: Said;
}

/**
 * One household's calculation in words and numbers, in SPEC §5 order, so that an accountant can
 * read it aloud to the household and check it with a pencil: every component with the rows that
 * made it and its arithmetic, each split worked out (weights, the total, the exact share, whether a
 * leftover fen came to this household and why), floors worked out, and the totals.
 */
export function explainHousehold(rules: Rules, data: Dataset, dist: Distribution, h: number, lang: Lang, opts: ExplainOptions = {}): string[] {
  const ctx = explainContext(rules, data, dist, h, lang, opts.said ?? { rule: false });
  const t = ctx.t;
  const hh = data.households[h];
  const c = dist.cols;
  const out: string[] = [];
  const yuan = t(' 元', '');

  out.push(`${rules.name}`);
  out.push(...(opts.preface ?? []));
  out.push(
    `${t('户号', 'Household')} ${hh.id}  ${hh.name}` +
      (hh.village ? `  ${hh.village}` : '') +
      (hh.category ? `  ${hh.category}` : '') +
      `  (${data.inputs[0]?.file ?? 'households.csv'} ${t('第', 'line ')}${hh.line}${t(' 行', '')})`,
  );
  const persons = personsLine(data, hh, h, lang);
  if (persons !== null) out.push(persons);
  out.push('');

  // 1. wages: Σ days × rate per job, rounded once.
  out.push(`1. ${t('务工工资', 'Wages')}: ${formatFen(c.wagesFen[h])}${yuan}`);
  const wageTerms: { num: bigint; den: bigint }[] = [];
  for (const [job, days] of data.laborDaysByJob) {
    if (days[h] === 0) continue;
    const r = job === '' ? rules.wages.defaultPerDay : rules.wages.perDay.get(job);
    const label = job === '' ? t('(未填工种, 按默认)', '(no job: default rate)') : job;
    const term = r ? { num: BigInt(days[h]) * r.units, den: 100n * pow10(r.scale) } : null;
    if (term) wageTerms.push(term);
    out.push(`   ${label} ${formatScaled(BigInt(days[h]), 2)} ${t('工日', 'days')} × ${rate(r)}${t(' 元/工日', ' per day')}${term ? ` = ${yuanText(term.num, term.den)}` : ''}`);
  }
  for (const row of rowsOf(data, 'labor.csv')) {
    out.push(`     ${row.file}:${row.line}  ${row.fields.date ?? ''} ${row.fields.worker ?? ''} ${row.fields.job ?? ''} ${row.fields.days} ${t('天', 'days')}`.trimEnd());
  }
  if (c.laborDays100[h] > 0n) {
    out.push(`   ${t('共', 'in all')} ${formatScaled(c.laborDays100[h], 2)} ${t('工日', 'days')}: ${sumLine(wageTerms, c.wagesFen[h], t)}`);
  }

  // 2. land rent: area × rent per mu × months / 12 per rented plot, rounded once; plots invested as shares become units.
  out.push(`2. ${t('土地租金', 'Land rent')}: ${formatFen(c.landRentFen[h])}${yuan}`);
  const rentTerms: { num: bigint; den: bigint }[] = [];
  let rowsComplete = true;
  for (const row of rowsOf(data, 'land.csv')) {
    const f = row.fields;
    const rent = /^(rent|流转|出租)$/i.test(f.arrangement ?? '');
    const months = f.months || '12';
    const area = cellScaled(f.area_mu, 4);
    const m = cellMonths(f.months);
    const per = rent ? rules.land.rentPerMu.get(f.land_type) : rules.land.unitsPerMu.get(f.land_type);
    const value = area !== null && m !== null && per ? { num: area * per.units * BigInt(m), den: 10_000n * pow10(per.scale) * 12n } : null;
    if (rent) {
      if (value) rentTerms.push(value);
      else rowsComplete = false;
      out.push(
        `   ${row.file}:${row.line} ${f.plot_id ?? ''} ${f.land_type} ${f.area_mu} ${t('亩', 'mu')} × ${rate(per)}${t(' 元/亩', ' per mu')} × ${months}/12 ${t('月', 'months')}` +
          (value ? ` = ${yuanText(value.num, value.den)}` : ''),
      );
    } else {
      out.push(
        `   ${row.file}:${row.line} ${f.plot_id ?? ''} ${f.land_type} ${f.area_mu} ${t('亩 入股', 'mu invested as shares')} × ${rate(per)} ${t('股/亩', 'units per mu')} × ${months}/12 ${t('月', 'months')}` +
          (value ? ` = ${qtyText(value.num, value.den)} ${t('股', 'units')}` : '') +
          ` → ${classLabel('land', lang)}${t(', 见第 3 项', ', see 3.')}`,
      );
    }
  }
  const oneExact = rentTerms.length === 1 && (rentTerms[0].num * 100n) % rentTerms[0].den === 0n;
  if (rentTerms.length > 0 && rowsComplete && !oneExact) out.push(`   ${t('合计', 'in all')} ${sumLine(rentTerms, c.landRentFen[h], t)}`);

  // 3. units: units × months / 12 per holding, by class.
  out.push(`3. ${t('股数 (按月折算)', 'Share units (time-weighted)')}: ${formatScaled(c.shareUnits4[h], 4)}`);
  for (const row of rowsOf(data, 'shares.csv')) {
    const f = row.fields;
    const units = cellScaled(f.units, 4);
    const m = cellMonths(f.months);
    const value = units !== null && m !== null ? qtyText(units * BigInt(m), 12n * 10_000n) : null;
    out.push(
      `   ${row.file}:${row.line} ${classLabel(f.class, lang)} ${f.units} ${t('股', 'units')} × ${f.months || '12'}/12 ${t('月', 'months')}` +
        (value !== null ? ` = ${value} ${t('股', 'units')}` : ''),
    );
  }
  const held = [...dist.unitsByClass].filter(([, num]) => num[h] !== 0n);
  if (held.length > 1) {
    out.push(`   ${t('其中', 'by class')}: ${held.map(([cls, num]) => `${classLabel(cls, lang)} ${qtyText(num[h], dist.unitsDen)}`).join(t('; ', '; '))}`);
  }

  // 4. guaranteed dividend: units × guaranteed per unit, per class, rounded once (scaled down in a poor year).
  explainGuaranteed(ctx, out);

  // 5. performance dividend
  out.push(`5. ${t('效益分红', 'Performance dividend')}: ${formatFen(c.performanceFen[h])}${yuan}`);
  out.push(...membersPoolLines(ctx));
  out.push(...explainBases(rules, data, dist, h, lang, ctx));
  if (dist.bases.length > 1) {
    out.push(`   ${t('合计', 'in all')} ${dist.bases.map((_, i) => formatFen(c.basisFen[i][h])).join(' + ')} = ${formatFen(c.performanceFen[h])}${yuan}`);
  }

  // 6. floors
  out.push(`6. ${t('兜底补差', 'Floor top-up')}: ${formatFen(c.topupFen[h])}${yuan}`);
  out.push(...explainFloors(ctx));

  // 7. totals
  const parts = [c.wagesFen[h], c.landRentFen[h], c.guaranteedFen[h], c.performanceFen[h], c.topupFen[h]];
  out.push(`7. ${t('应分合计', 'Total')}: ${formatFen(c.totalFen[h])}${yuan}`);
  out.push(`   ${t('第 1+2+4+5+6 项', '1.+2.+4.+5.+6.')}: ${parts.map(formatFen).join(' + ')} = ${formatFen(c.totalFen[h])}${yuan}`);
  out.push(`8. ${t('扣减', 'Deductions')}: ${formatFen(c.deductionsFen[h])}${yuan}`);
  for (const row of rowsOf(data, 'deductions.csv')) {
    out.push(`   ${row.file}:${row.line} ${row.fields.kind ?? ''} ${row.fields.amount} ${row.fields.note ?? ''}`.trimEnd());
  }
  const net = c.netFen[h];
  out.push(`9. ${t('实发金额', 'Net payable')}: ${formatFen(net)}${yuan}  ${amountInWords(net)}`);
  if (c.deductionsFen[h] !== 0n) out.push(`   ${t('第 7 − 8 项', '7. − 8.')}: ${formatFen(c.totalFen[h])} − ${formatFen(c.deductionsFen[h])} = ${formatFen(net)}${yuan}`);
  // SPEC §9.8: how it is paid, once some household of the run is paid in cash.
  const cash = hh.payment === 'cash';
  if (data.households.some((x) => x.payment === 'cash')) {
    if (cash) {
      out.push(
        `   ${t('发放方式', 'Payment')}: ${t('现金发放', 'in cash')}` +
          (net > 0n ? t(', 在领款签收表上签名或按手印', ', signed for on the sign-off sheet') : t(' (实发不为正, 不列入领款签收表)', ' (nothing to pay: not on the sign-off sheet)')),
      );
    } else {
      out.push(`   ${t('发放方式', 'Payment')}: ${t('银行代发', 'by bank transfer')}` + (net > 0n && hh.bankAccount === '' ? t(' (没有银行账号)', ' (no bank account)') : ''));
    }
  }
  if (net < 0n) {
    out.push(
      `   ${cash ? t('扣减大于应分: 本户尚欠, 不列入领款签收表', 'deductions exceed the total: the household owes; not on the sign-off sheet') : t('扣减大于应分: 本户尚欠, 不进入银行代发', 'deductions exceed the total: the household owes; not in the bank file')}`,
    );
  }
  return out;
}
