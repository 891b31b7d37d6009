import type { Distribution } from '../engine/types.js';
import type { Dataset, Household, Person } from '../io/types.js';
import { exactToString, type Exact } from '../money/exact.js';
import { formatFen, formatScaled } from '../money/fen.js';
import { amountInWords } from '../render/amountInWords.js';
import type { Rules } from '../rules/types.js';
import type { Lang } from '../lang.js';
import { explainBases } from './explainBasis.js';
import { inputName, ratio, rowsOf } from './util.js';

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

/**
 * One household's calculation in words and numbers, in SPEC §5 order, so that an accountant can
 * read it aloud to the household: every component, the rows that made it, and the rounding.
 */
export function explainHousehold(rules: Rules, data: Dataset, dist: Distribution, h: number, lang: Lang): string[] {
  const t = (zh: string, en: string): string => (lang === 'zh' ? zh : en);
  const hh = data.households[h];
  const c = dist.cols;
  const out: string[] = [];
  const yuan = t(' 元', '');

  out.push(`${rules.name}`);
  out.push(
    `${t('户号', 'Household')} ${hh.id}  ${hh.name}` +
      (hh.village ? `  ${hh.village}` : '') +
      (hh.category ? `  ${hh.category}` : '') +
      `  (${data.inputs[0]?.file ?? 'households.csv'} ${t('第', 'line ')}${hh.line}${t(' 行', '')})`,
  );
  const persons = personsLine(data, hh, h, lang);
  if (persons !== null) out.push(persons);
  out.push('');

  // 1. wages
  out.push(`1. ${t('务工工资', 'Wages')}: ${formatFen(c.wagesFen[h])}${yuan}`);
  for (const [job, days] of data.laborDaysByJob) {
    if (days[h] === 0) continue;
    const r = job === '' ? rules.wages.defaultPerDay : rules.wages.perDay.get(job);
    const label = job === '' ? t('(未填工种, 按默认)', '(no job: default rate)') : job;
    const amount = r ? ` = ${ratio(BigInt(days[h]) * r.units, 100n * 10n ** BigInt(r.scale), 2)}` : '';
    out.push(`   ${label} ${formatScaled(BigInt(days[h]), 2)} ${t('工日', 'days')} × ${rate(r)}${t(' 元/工日', ' per day')}${amount}`);
  }
  for (const row of rowsOf(data, 'labor.csv')) {
    out.push(`     ${row.file}:${row.line}  ${row.fields.date ?? ''} ${row.fields.worker ?? ''} ${row.fields.job ?? ''} ${row.fields.days} ${t('天', 'days')}`.trimEnd());
  }
  out.push(`   ${t('共', 'in all')} ${formatScaled(c.laborDays100[h], 2)} ${t('工日, 四舍五入到分', 'days, rounded half up to the fen')}`);

  // 2. land rent
  out.push(`2. ${t('土地租金', 'Land rent')}: ${formatFen(c.landRentFen[h])}${yuan}`);
  for (const row of rowsOf(data, 'land.csv')) {
    const f = row.fields;
    const rent = /^(rent|流转|出租)$/i.test(f.arrangement ?? '');
    const months = f.months || '12';
    if (rent) {
      out.push(`   ${row.file}:${row.line} ${f.plot_id ?? ''} ${f.land_type} ${f.area_mu} ${t('亩', 'mu')} × ${rate(rules.land.rentPerMu.get(f.land_type))}${t(' 元/亩', ' per mu')} × ${months}/12 ${t('月', 'months')}`);
    } else {
      out.push(`   ${row.file}:${row.line} ${f.plot_id ?? ''} ${f.land_type} ${f.area_mu} ${t('亩 入股', 'mu invested as shares')} × ${rate(rules.land.unitsPerMu.get(f.land_type))} ${t('股/亩', 'units per mu')} × ${months}/12 ${t('月', 'months')} → ${t('土地股', 'class land')}`);
    }
  }

  // 3–4. units and guaranteed dividend
  out.push(`3. ${t('股数 (按月折算)', 'Share units (time-weighted)')}: ${formatScaled(c.shareUnits4[h], 4)}`);
  for (const row of rowsOf(data, 'shares.csv')) {
    const f = row.fields;
    out.push(`   ${row.file}:${row.line} ${f.class} ${f.units} ${t('股', 'units')} × ${f.months || '12'}/12 ${t('月', 'months')}`);
  }
  const due = dist.guaranteedScaled ? t('(收入不足, 已按比例缩减)', '(scaled down: income did not cover it)') : '';
  out.push(`4. ${t('保底分红', 'Guaranteed dividend')}: ${formatFen(c.guaranteedFen[h])}${yuan} ${due}`.trimEnd());
  for (const [cls, num] of dist.unitsByClass) {
    if (num[h] === 0n) continue;
    const sc = rules.shareClasses.get(cls)!;
    const g = sc.guaranteedPerUnit;
    out.push(
      `   ${cls}: ${ratio(num[h], dist.unitsDen, 4)} ${t('股', 'units')} × ${rate(g)}${t(' 元/股', ' per unit')} = ${ratio(num[h] * g.units, dist.unitsDen * 10n ** BigInt(g.scale), 4)}` +
        ` (${t('分红权重', 'weight')} ${rate(sc.weight)})`,
    );
  }
  out.push(`   ${t('合计四舍五入到分', 'sum rounded half up to the fen')}`);

  // 5. performance dividend
  out.push(`5. ${t('效益分红', 'Performance dividend')}: ${formatFen(c.performanceFen[h])}${yuan}`);
  out.push(`   ${t('成员分红总额', 'Members’ pool')} ${formatFen(dist.membersPoolFen)}${yuan}`);
  out.push(...explainBases(rules, data, dist, h, lang));

  // 6. floors
  out.push(`6. ${t('兜底补差', 'Floor top-up')}: ${formatFen(c.topupFen[h])}${yuan}`);
  dist.floors.forEach((f, i) => {
    if (f.category !== hh.category) return;
    out.push(
      `   ${f.category} ${t('保底', 'minimum')} ${formatFen(f.minTotalFen)}${yuan}, ${t('由', 'from')} ${f.fundedBy} ${t('支付', '')}: ${formatFen(c.floorTopupFen[i][h])}${yuan}` +
        (f.short ? t(' (资金不足, 按差额比例)', ' (fund short: split by shortfall)') : ''),
    );
  });

  // 7. totals
  out.push(`7. ${t('应分合计', 'Total')}: ${formatFen(c.totalFen[h])}${yuan}`);
  out.push(`8. ${t('扣减', 'Deductions')}: ${formatFen(c.deductionsFen[h])}${yuan}`);
  for (const row of rowsOf(data, 'deductions.csv')) {
    out.push(`   ${row.file}:${row.line} ${row.fields.kind ?? ''} ${row.fields.amount} ${row.fields.note ?? ''}`.trimEnd());
  }
  const net = c.netFen[h];
  out.push(`9. ${t('实发金额', 'Net payable')}: ${formatFen(net)}${yuan}  ${amountInWords(net)}`);
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
