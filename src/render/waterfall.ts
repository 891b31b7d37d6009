import type { Distribution } from '../engine/types.js';
import type { Dataset, RevenueLine } from '../io/types.js';
import { exactToString } from '../money/exact.js';
import { formatFen, formatScaled } from '../money/fen.js';
import { InternalError } from '../problems.js';
import { basisDef } from '../bases/registry.js';
import type { Rules } from '../rules/types.js';
import type { Lang } from './payoutsSheet.js';

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

export function buildWaterfall(rules: Rules, dataset: Dataset, dist: Distribution, lang: Lang): Waterfall {
  const zh = lang === 'zh';
  const t = (zhText: string, enText: string) => (zh ? zhText : enText);
  const f = formatFen;
  const c = dist.cols;

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

  const days = formatScaled(sum(c.laborDays100), 2);
  head('务工工资', 'Wages', dist.wagesFen, t(`${days}工日，${hh(countPositive(c.wagesFen))}`, `${days} labor days, ${hh(countPositive(c.wagesFen))}`));
  head('土地租金', 'Land rent', dist.landRentFen, hh(countPositive(c.landRentFen)));

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
    sub(t('应付保底分红', 'due'), dist.guaranteedDueFen);
    sub(t('未付保底分红', 'unpaid'), dist.guaranteedDueFen - dist.guaranteedFen);
  } else {
    head('保底分红', 'Guaranteed dividend', dist.guaranteedFen, hh(countPositive(c.guaranteedFen)));
  }

  const formula = t('收入 − 支出 − 务工工资 − 土地租金 − 保底分红', 'income − expenses − wages − land rent − guaranteed dividend');
  if (dist.surplusFen < 0n) {
    head('本年亏损', 'Deficit', dist.deficitFen, t(`${formula} = ${f(dist.surplusFen)}，本年不分配`, `${formula} = ${f(dist.surplusFen)}; nothing is distributed`));
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
  if (rules.fixed.length > 0 || rules.shares.length > 0) {
    head('盈余分配', 'Distribution of the surplus', dist.surplusFen > 0n ? dist.surplusFen : 0n);
    let fixedTaken = 0n;
    for (const e of rules.fixed) {
      const a = entry(e.to);
      fixedTaken += a.amountFen;
      const short = a.amountFen < e.amountFen;
      sub(
        e.to,
        a.amountFen,
        t(`定额${f(e.amountFen)}${short ? '，盈余不足，按余额提取' : ''}`, `fixed ${f(e.amountFen)}${short ? '; the surplus fell short' : ''}`),
      );
    }
    if (rules.fixed.length > 0 && rules.shares.length > 0) {
      const rest = (dist.surplusFen > 0n ? dist.surplusFen : 0n) - fixedTaken;
      sub(t('定额提取后余额', 'left after fixed entries'), rest, t('按下列比例分配', 'shared by the percents below'));
    }
    for (const e of rules.shares) {
      if (e.to === 'members') {
        sub(t('成员效益分红', "Members' performance dividend"), dist.membersPoolFen, pct(exactToString(e.percent)));
        dist.bases.forEach((b) => {
          const label = basisDef(b.basis).label[lang] + (b.classes ? `（${b.classes.join('、')}）` : '');
          sub(label, b.amountFen, t(`成员效益分红的${pct(b.percentText)}`, `${pct(b.percentText)} of the members' pool`), 2);
        });
      } else {
        sub(e.to, entry(e.to).amountFen, pct(exactToString(e.percent)));
      }
    }
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
      sub(
        t(`${a.to}留存`, `${a.to} retained`),
        a.retainedFen,
        t(`${f(a.amountFen)} − 兜底补差${f(a.floorTopupsFen)}`, `${f(a.amountFen)} − floor top-ups ${f(a.floorTopupsFen)}`),
      );
    }
  }

  // Totals over households.
  head(
    '应分合计',
    'Total due to households',
    dist.totalFen,
    t(
      `务工工资${f(dist.wagesFen)} + 土地租金${f(dist.landRentFen)} + 保底分红${f(dist.guaranteedFen)} + 效益分红${f(dist.performanceFen)} + 兜底补差${f(dist.floorTopupFen)}`,
      `wages ${f(dist.wagesFen)} + land rent ${f(dist.landRentFen)} + guaranteed ${f(dist.guaranteedFen)} + performance ${f(dist.performanceFen)} + floor top-ups ${f(dist.floorTopupFen)}`,
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
