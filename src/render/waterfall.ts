// Long because the 收益分配表 is one sequence of numbered lines whose amounts must add up top to bottom; SPEC §9's lines (opening, holders, rates, the cooperative law) sit inside that sequence.
import type { AllocationResult, BasisResult, Distribution, HolderResult } from '../engine/types.js';
import type { Dataset, RevenueLine } from '../io/types.js';
import { exactToString, pow10, roundHalfUp } from '../money/exact.js';
import { formatFen, formatScaled } from '../money/fen.js';
import { InternalError } from '../problems.js';
import { basisDef } from '../bases/registry.js';
import type { MemberBasis, Rules } from '../rules/types.js';
import type { Lang } from './payoutsSheet.js';
import { basisQualifiers, derivedPhrase, quantityLabel, ratePhrase, remainderPhrase, sumExact } from '../bases/words.js';

/**
 * The 收益分配表 as data: SPEC §5 as lines read top to bottom. Every amount is a figure of the
 * Distribution (or of the revenue lines it was computed from, checked to add up to it). Every
 * format (waterfall.csv, the workbook's sheet, report.html) renders these lines; none re-reads
 * another's text to find a section.
 */

export interface WaterfallLine {
  /** 0: the title line (the run's name); 1: a numbered section (一、收入 / 1. Income); 2, 3: its parts, indented. */
  level: 0 | 1 | 2 | 3;
  /** A section's number (1, 2, …); 0 for every other line. */
  number: number;
  label: string;
  /** null: no amount (the title line). */
  amountFen: bigint | null;
  note: string;
}

export interface Waterfall {
  /** Column headings: item, amount, note. */
  header: [string, string, string];
  title: WaterfallLine;
  lines: WaterfallLine[];
}

const ZH_NUMERALS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

function zhNumeral(n: number): string {
  if (n <= 10) return ZH_NUMERALS[n];
  if (n < 20) return '十' + ZH_NUMERALS[n - 10];
  return String(n);
}

/** The item column as printed: sections numbered (一、 / 1.), parts indented (two ideographic spaces / two spaces per level). */
export function waterfallItem(l: WaterfallLine, lang: Lang): string {
  if (l.level === 0) return l.label;
  if (l.level === 1) return lang === 'zh' ? `${zhNumeral(l.number)}、${l.label}` : `${l.number}. ${l.label}`;
  return (lang === 'zh' ? '\u3000\u3000' : '  ').repeat(l.level - 1) + l.label;
}

/** Revenue lines of one kind summed per category, in order of first appearance. */
function byCategory(lines: readonly RevenueLine[], kind: RevenueLine['kind']): { category: string; fen: bigint; count: number }[] {
  const m = new Map<string, { category: string; fen: bigint; count: number }>();
  for (const l of lines) {
    if (l.kind !== kind) continue;
    const e = m.get(l.category) ?? { category: l.category, fen: 0n, count: 0 };
    e.fen += l.amountFen;
    e.count++;
    m.set(l.category, e);
  }
  return [...m.values()];
}

function countPositive(col: BigInt64Array): number {
  let n = 0;
  for (const v of col) if (v > 0n) n++;
  return n;
}

function sum(col: BigInt64Array): bigint {
  let s = 0n;
  for (const v of col) s += v;
  return s;
}

/** A share holder's line label and note (SPEC §9.4). */
function holderLabel(h: HolderResult, zh: boolean, ofWhich: boolean): string {
  if (zh) return `${ofWhich ? '其中：' : ''}${h.to}持股`;
  return `${ofWhich ? 'of which: ' : ''}${h.to} (shares)`;
}

/** "982.0000股" (with its class when the rules have more than one: "982.0000股（collective）"). */
function holderNote(h: HolderResult, zh: boolean, classes: number): string {
  const units = formatScaled(h.units4, 4);
  if (zh) return `${units}股${classes > 1 ? `（${h.class}）` : ''}`;
  return `${units} units${classes > 1 ? ` of class ${h.class}` : ''}`;
}

/** An entry's §5.6 part: its amount without the remainders of rated bases it received (SPEC §9.3). */
function partOf(a: AllocationResult): bigint {
  return a.amountFen - a.membersRemainderFen;
}

export function buildWaterfall(rules: Rules, dataset: Dataset, dist: Distribution, lang: Lang): Waterfall {
  const zh = lang === 'zh';
  const t = (zhText: string, enText: string) => (zh ? zhText : enText);
  const f = formatFen;
  const c = dist.cols;
  const sep = t('，', '; ');

  const lines: WaterfallLine[] = [];
  let top = 0;
  const head = (zhItem: string, enItem: string, amountFen: bigint, note = '') => {
    top++;
    lines.push({ level: 1, number: top, label: zh ? zhItem : enItem, amountFen, note });
  };
  const sub = (label: string, amountFen: bigint, note = '', depth: 1 | 2 = 1) => lines.push({ level: (depth + 1) as 2 | 3, number: 0, label, amountFen, note });
  const hh = (n: number) => t(`${n}户`, `${n} household${n === 1 ? '' : 's'}`);
  const pct = (text: string) => `${text}%`;

  const title: WaterfallLine = {
    level: 0,
    number: 0,
    label: rules.name,
    amountFen: null,
    note: t(`${rules.year}年度收益分配表，${dist.households}户`, `distribution for ${rules.year}, ${hh(dist.households)}`),
  };

  // Income and expenses, with one line per category of revenue.csv.
  for (const [kind, totalFen, zhItem, enItem] of [
    ['income', dist.incomeFen, '收入', 'Income'],
    ['expense', dist.expensesFen, '支出', 'Expenses'],
  ] as const) {
    const cats = byCategory(dataset.revenue, kind);
    const catSum = cats.reduce((s, x) => s + x.fen, 0n);
    if (catSum !== totalFen) {
      throw new InternalError(`waterfall: ${kind} lines add up to ${f(catSum)}, the distribution says ${f(totalFen)}`);
    }
    const count = cats.reduce((s, x) => s + x.count, 0);
    head(zhItem, enItem, totalFen, t(`${count}笔`, `${count} line${count === 1 ? '' : 's'}`));
    for (const x of cats) {
      sub(x.category || t('（未分类）', '(no category)'), x.fen, t(`${x.count}笔`, `${x.count} line${x.count === 1 ? '' : 's'}`));
    }
  }

  // SPEC §9.6: last year's balance, right after the expenses.
  const opening = rules.opening;
  if ((opening ? opening.retainedFen - opening.lossFen : 0n) !== dist.openingFen) {
    throw new InternalError(`waterfall: the opening balance of the rules is not the distribution's ${f(dist.openingFen)}`);
  }
  if (opening) {
    head('上年结余', 'Retained from last year', opening.retainedFen, t('上年结余未分配收益，转入本年分配', "last year's undistributed surplus, added to this year's"));
    head('弥补上年亏损', "Last year's loss made good", opening.lossFen, t('上年亏损待弥补，从本年收益中扣除', "last year's loss still to cover, taken from this year's income"));
  }

  const days = formatScaled(sum(c.laborDays100), 2);
  head('务工工资', 'Wages', dist.wagesFen, t(`${days}工日，${hh(countPositive(c.wagesFen))}`, `${days} labor days, ${hh(countPositive(c.wagesFen))}`));
  head('土地租金', 'Land rent', dist.landRentFen, hh(countPositive(c.landRentFen)));

  // SPEC §9.4: G includes the share holders; the households' part and each holder's are its lines.
  const holders = dist.holders;
  const holderLines = () => {
    if (holders.length === 0) return;
    sub(t('农户', 'households'), dist.householdGuaranteedFen, hh(countPositive(c.guaranteedFen)));
    for (const h of holders) sub(holderLabel(h, zh, false), h.guaranteedFen, holderNote(h, zh, rules.shareClasses.size));
  };
  if (dist.guaranteedScaled) {
    head(
      '保底分红',
      'Guaranteed dividend',
      dist.guaranteedFen,
      t(
        `应付${f(dist.guaranteedDueFen)}，收益不足，按比例实付${f(dist.guaranteedFen)}`,
        `due ${f(dist.guaranteedDueFen)}; not enough income, ${f(dist.guaranteedFen)} paid pro rata`,
      ),
    );
    holderLines();
    sub(t('应付保底分红', 'due'), dist.guaranteedDueFen);
    sub(t('未付保底分红', 'unpaid'), dist.guaranteedDueFen - dist.guaranteedFen);
  } else {
    head('保底分红', 'Guaranteed dividend', dist.guaranteedFen, hh(countPositive(c.guaranteedFen)));
    holderLines();
  }

  const formula = opening
    ? t('收入 − 支出 + 上年结余 − 弥补上年亏损 − 务工工资 − 土地租金 − 保底分红', "income − expenses + retained − last year's loss − wages − land rent − guaranteed dividend")
    : t('收入 − 支出 − 务工工资 − 土地租金 − 保底分红', 'income − expenses − wages − land rent − guaranteed dividend');
  if (dist.surplusFen < 0n) {
    head('本年亏损', 'Deficit', dist.deficitFen, t(`${formula} = ${f(dist.surplusFen)}，本年不分配`, `${formula} = ${f(dist.surplusFen)}; nothing is distributed`));
    if (opening) sub(t('亏损结转下年', 'Loss carried forward'), dist.deficitFen, t('下年度分配方案 opening.loss 填此数', "next year's opening.loss"));
  } else {
    head('可分配盈余', 'Distributable surplus', dist.surplusFen, formula);
  }

  // The surplus: fixed entries, then shares entries (members among them, in rules order).
  const alloc = new Map(dist.allocations.map((a) => [a.to, a]));
  const entry = (to: string) => {
    const a = alloc.get(to);
    if (!a) throw new InternalError(`waterfall: no allocation for entry ${to}`);
    return a;
  };
  const fromShares = new Map<string, bigint>();
  for (const h of holders) fromShares.set(h.to, (fromShares.get(h.to) ?? 0n) + h.totalFen);
  /** An entry's note with what it received besides its part: remainders (§9.3), holders' money (§9.4). */
  const entryNote = (a: AllocationResult, base: string): string => {
    let note = base;
    const r = a.membersRemainderFen;
    if (r > 0n) note += t(`，另收成员分红零头${f(r)}元，合计${f(a.amountFen)}元`, `; plus ${f(r)} remainder of the members' bases, ${f(a.amountFen)} in all`);
    if (r < 0n) note += t(`，补足成员分红${f(-r)}元，余${f(a.amountFen)}元`, `; gave ${f(-r)} to the members' bases, ${f(a.amountFen)} left`);
    const held = fromShares.get(a.to);
    if (held !== undefined) note += t(`，另有持股分红${f(held)}元`, `; plus ${f(held)} paid on its share units`);
    return note;
  };
  const basisLines = (listed: boolean) => {
    dist.bases.forEach((b, i) => {
      const m = rules.members[i];
      if (!m || m.basis !== b.basis) throw new InternalError(`waterfall: basis ${i} (${b.basis}) is not the rules' ${m?.basis}`);
      const label = (quantityLabel(m, lang) ?? basisDef(b.basis).label[lang]) + (b.classes ? `（${b.classes.join('、')}）` : '');
      sub(label, b.amountFen, basisNote(b, m, listed, i), 2);
    });
    if (holders.length === 0) return;
    sub(t('其中：农户', 'of which: households'), dist.performanceFen, hh(countPositive(c.performanceFen)), 2);
    for (const h of holders) sub(holderLabel(h, zh, true), h.performanceFen, holderNote(h, zh, rules.shareClasses.size), 2);
  };
  const basisNote = (b: BasisResult, m: MemberBasis, listed: boolean, i: number): string => {
    let first = listed ? pct(b.percentText) : t(`成员效益分红的${pct(b.percentText)}`, `${pct(b.percentText)} of the members' pool`);
    if (b.rated) first += t(`（${f(b.partFen)}）`, ` (${f(b.partFen)})`);
    const parts = [first, ...basisQualifiers(m, lang)];
    if (b.rated) {
      const step = m.rateStep;
      parts.push(ratePhrase(m, b.rated.rate, lang, false) + (!b.rated.declared && step ? t(`（${derivedPhrase(step, lang)}）`, ` (${derivedPhrase(step, lang)})`) : ''));
      parts.push(b.partFen === 0n && b.amountFen === 0n ? t('本年未发放', 'nothing paid this year') : remainderPhrase(b.rated, lang, false));
    }
    if (holders.length > 0) {
      const held = b.amountFen - sum(c.basisFen[i]);
      if (held !== 0n) parts.push(t(`含持股分红${f(held)}元`, `${f(held)} of it to share holders`));
    }
    return parts.join(sep);
  };

  if (rules.fixed.length > 0 || rules.shares.length > 0) {
    head('盈余分配', 'Distribution of the surplus', dist.surplusFen > 0n ? dist.surplusFen : 0n);
    let fixedTaken = 0n;
    for (const e of rules.fixed) {
      const a = entry(e.to);
      const got = partOf(a);
      fixedTaken += got;
      const p = e.percentOfIncome;
      if (p === null) {
        const short = got < e.amountFen;
        sub(e.to, got, entryNote(a, t(`定额${f(e.amountFen)}${short ? '，盈余不足，按余额提取' : ''}`, `fixed ${f(e.amountFen)}${short ? '; the surplus fell short' : ''}`)));
      } else {
        // SPEC §9.7: round(I × percent / 100), then taken like any fixed entry.
        const wantFen = roundHalfUp(dist.incomeFen * p.units, 100n * pow10(p.scale));
        const short = got < wantFen;
        const pc = pct(exactToString(p));
        sub(e.to, got, entryNote(a, t(`按收入${pc}，计${f(wantFen)}${short ? '，盈余不足，按余额提取' : ''}`, `${pc} of income, ${f(wantFen)}${short ? '; the surplus fell short' : ''}`)));
      }
    }
    if (rules.fixed.length > 0 && rules.shares.length > 0) {
      const rest = (dist.surplusFen > 0n ? dist.surplusFen : 0n) - fixedTaken;
      sub(t('定额提取后余额', 'left after fixed entries'), rest, t('按下列比例分配', 'shared by the percents below'));
    }
    const listed = rules.shares.filter((e) => e.basis !== null);
    let membersShown = false;
    for (const e of rules.shares) {
      if (e.to === 'members') {
        if (membersShown) continue; // §9.9: every listed basis is shown under the one members' line
        membersShown = true;
        const percent = listed.length > 0 ? sumExact(listed.map((x) => x.percent)) : e.percent;
        sub(t('成员效益分红', "Members' performance dividend"), dist.membersPoolFen, pct(exactToString(percent)));
        basisLines(listed.length > 0);
      } else {
        const a = entry(e.to);
        sub(e.to, partOf(a), entryNote(a, pct(exactToString(e.percent))));
      }
    }
  }

  // SPEC §9.5: the cooperative law's 60 % of the distributable surplus.
  const law = dist.coopLaw;
  if (law) {
    const reserves = dist.allocations.filter((a) => a.reserve);
    const d = dist.surplusFen - reserves.reduce((s, a) => s + partOf(a), 0n);
    if (d !== law.distributableFen) throw new InternalError(`waterfall: the cooperative law's distributable ${f(law.distributableFen)} is not the surplus less reserves ${f(d)}`);
    const percent = formatScaled(law.percent100, 2);
    head(
      '按交易返还',
      'Returns by transactions',
      law.transactionsFen,
      law.distributableFen > 0n
        ? t(`按交易返还占可分配盈余${percent}%，法定不低于60%（农民专业合作社法第四十四条）`, `${percent}% of the distributable surplus; the law asks at least 60% (Farmers' Professional Cooperatives Law, art. 44)`)
        : t('无可分配盈余，不作检查', 'no distributable surplus: nothing to check'),
    );
    sub(
      t('可分配盈余（合作社法）', 'distributable surplus (cooperative law)'),
      law.distributableFen,
      reserves.length > 0
        ? t(`可分配盈余${f(dist.surplusFen)} − ${reserves.map((a) => `${a.to}${f(partOf(a))}`).join(' − ')}`, `surplus ${f(dist.surplusFen)} − ${reserves.map((a) => `${a.to} ${f(partOf(a))}`).join(' − ')}`)
        : t('即可分配盈余', 'the distributable surplus'),
    );
  }

  // Floors (兜底): who was topped up, by how much, out of which entry.
  if (dist.floors.length > 0) {
    head('兜底补差', 'Floor top-ups', dist.floorTopupFen);
    dist.floors.forEach((fl, j) => {
      const topped = countPositive(c.floorTopupFen[j]);
      const note = t(
        `${fl.category}${fl.households}户，补差${topped}户，由${fl.fundedBy}列支` +
          (fl.short ? `；应补${f(fl.shortfallFen)}，${fl.fundedBy}不足，按差额比例支付` : ''),
        `${hh(fl.households)} of category ${fl.category}, ${topped} topped up, paid by ${fl.fundedBy}` +
          (fl.short ? `; shortfall ${f(fl.shortfallFen)}, ${fl.fundedBy} fell short, paid pro rata` : ''),
      );
      sub(t(`${fl.category}最低${f(fl.minTotalFen)}`, `${fl.category} minimum ${f(fl.minTotalFen)}`), fl.paidFen, note);
    });
    for (const a of dist.allocations) {
      if (a.floorTopupsFen === 0n) continue;
      const r = a.membersRemainderFen;
      const amount =
        r === 0n
          ? f(a.amountFen)
          : r > 0n
            ? t(`${f(partOf(a))} + 成员分红零头${f(r)}`, `${f(partOf(a))} + remainder ${f(r)}`)
            : t(`${f(partOf(a))} − 补足成员分红${f(-r)}`, `${f(partOf(a))} − given to the members' bases ${f(-r)}`);
      sub(t(`${a.to}留存`, `${a.to} retained`), a.retainedFen, t(`${amount} − 兜底补差${f(a.floorTopupsFen)}`, `${amount} − floor top-ups ${f(a.floorTopupsFen)}`));
    }
  }

  // Totals over households (share holders are not households: their guaranteed part is not here).
  head(
    '应分合计',
    'Total due to households',
    dist.totalFen,
    t(
      `务工工资${f(dist.wagesFen)} + 土地租金${f(dist.landRentFen)} + 保底分红${f(dist.householdGuaranteedFen)} + 效益分红${f(dist.performanceFen)} + 兜底补差${f(dist.floorTopupFen)}`,
      `wages ${f(dist.wagesFen)} + land rent ${f(dist.landRentFen)} + guaranteed ${f(dist.householdGuaranteedFen)} + performance ${f(dist.performanceFen)} + floor top-ups ${f(dist.floorTopupFen)}`,
    ),
  );
  head('扣减', 'Deductions', dist.deductionsFen, t('已预支及代扣款项', 'advances paid and withholdings'));
  let owing = 0;
  let owed = 0n;
  for (const v of c.netFen) {
    if (v < 0n) {
      owing++;
      owed += v;
    }
  }
  head(
    '实发合计',
    'Net payable',
    dist.netPayableFen,
    t('应分合计 − 扣减', 'total − deductions') +
      (owing > 0 ? t(`；含${owing}户负数（欠款）${f(owed)}`, `; includes ${hh(owing)} owing ${f(owed)}`) : ''),
  );
  return { header: [t('项目', 'item'), t('金额', 'amount'), t('说明', 'note')], title, lines };
}
