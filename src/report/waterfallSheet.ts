import type { Distribution } from '../engine/types.js';
import type { Dataset, RevenueLine } from '../io/types.js';
import { exactToString } from '../money/exact.js';
import { formatFen, formatScaled } from '../money/fen.js';
import { InternalError } from '../problems.js';
import type { Basis, Rules } from '../rules/types.js';
import { num, type Cell, type Row } from './csvWrite.js';
import type { Lang } from './payoutsSheet.js';

/**
 * waterfall.csv, the 收益分配表: SPEC §5 as lines read top to bottom (项目, 金额, 说明).
 * Top-level lines are numbered (一、 / 1.), their parts are indented. Every amount is a figure of
 * the Distribution (or of the revenue lines it was computed from, checked to add up to it).
 */

const ZH_NUMERALS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

function zhNumeral(n: number): string {
  if (n <= 10) return ZH_NUMERALS[n];
  if (n < 20) return '十' + ZH_NUMERALS[n - 10];
  return String(n);
}

const BASIS_LABEL: Record<Basis, { zh: string; en: string }> = {
  share_units: { zh: '按股数', en: 'by share units' },
  labor_days: { zh: '按工日', en: 'by labor days' },
  per_household: { zh: '按户', en: 'per household' },
  wages: { zh: '按务工工资', en: 'by wages' },
  points: { zh: '按积分', en: 'by points' },
};

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

export function waterfallRows(rules: Rules, dataset: Dataset, dist: Distribution, lang: Lang): Row[] {
  const zh = lang === 'zh';
  const t = (zhText: string, enText: string) => (zh ? zhText : enText);
  const money = (fen: bigint) => num(formatFen(fen));
  const f = formatFen;
  const c = dist.cols;

  const rows: Row[] = [[t('项目', 'item'), t('金额', 'amount'), t('说明', 'note')]];
  let top = 0;
  const line = (item: string, amount: Cell, note = '') => rows.push([item, amount, note]);
  const head = (zhItem: string, enItem: string, amount: Cell, note = '') => {
    top++;
    line(zh ? `${zhNumeral(top)}、${zhItem}` : `${top}. ${enItem}`, amount, note);
  };
  const sub = (item: string, amount: Cell, note = '', depth = 1) =>
    line((zh ? '\u3000\u3000' : '  ').repeat(depth) + item, amount, note);
  const hh = (n: number) => t(`${n}户`, `${n} household${n === 1 ? '' : 's'}`);
  const pct = (text: string) => `${text}%`;

  line(rules.name, '', t(`${rules.year}年度收益分配表，${dist.households}户`, `distribution for ${rules.year}, ${hh(dist.households)}`));

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
    head(zhItem, enItem, money(totalFen), t(`${count}笔`, `${count} line${count === 1 ? '' : 's'}`));
    for (const x of cats) {
      sub(x.category || t('（未分类）', '(no category)'), money(x.fen), t(`${x.count}笔`, `${x.count} line${x.count === 1 ? '' : 's'}`));
    }
  }

  const days = formatScaled(sum(c.laborDays100), 2);
  head('务工工资', 'Wages', money(dist.wagesFen), t(`${days}工日，${hh(countPositive(c.wagesFen))}`, `${days} labor days, ${hh(countPositive(c.wagesFen))}`));
  head('土地租金', 'Land rent', money(dist.landRentFen), hh(countPositive(c.landRentFen)));

  if (dist.guaranteedScaled) {
    head(
      '保底分红',
      'Guaranteed dividend',
      money(dist.guaranteedFen),
      t(
        `应付${f(dist.guaranteedDueFen)}，收益不足，按比例实付${f(dist.guaranteedFen)}`,
        `due ${f(dist.guaranteedDueFen)}; not enough income, ${f(dist.guaranteedFen)} paid pro rata`,
      ),
    );
    sub(t('应付保底分红', 'due'), money(dist.guaranteedDueFen));
    sub(t('未付保底分红', 'unpaid'), money(dist.guaranteedDueFen - dist.guaranteedFen));
  } else {
    head('保底分红', 'Guaranteed dividend', money(dist.guaranteedFen), hh(countPositive(c.guaranteedFen)));
  }

  const formula = t('收入 − 支出 − 务工工资 − 土地租金 − 保底分红', 'income − expenses − wages − land rent − guaranteed dividend');
  if (dist.surplusFen < 0n) {
    head('本年亏损', 'Deficit', money(dist.deficitFen), t(`${formula} = ${f(dist.surplusFen)}，本年不分配`, `${formula} = ${f(dist.surplusFen)}; nothing is distributed`));
  } else {
    head('可分配盈余', 'Distributable surplus', money(dist.surplusFen), formula);
  }

  // The surplus: fixed entries, then shares entries (members among them, in rules order).
  const alloc = new Map(dist.allocations.map((a) => [a.to, a]));
  const entry = (to: string) => {
    const a = alloc.get(to);
    if (!a) throw new InternalError(`waterfall: no allocation for entry ${to}`);
    return a;
  };
  if (rules.fixed.length > 0 || rules.shares.length > 0) {
    head('盈余分配', 'Distribution of the surplus', money(dist.surplusFen > 0n ? dist.surplusFen : 0n));
    let fixedTaken = 0n;
    for (const e of rules.fixed) {
      const a = entry(e.to);
      fixedTaken += a.amountFen;
      const short = a.amountFen < e.amountFen;
      sub(
        e.to,
        money(a.amountFen),
        t(`定额${f(e.amountFen)}${short ? '，盈余不足，按余额提取' : ''}`, `fixed ${f(e.amountFen)}${short ? '; the surplus fell short' : ''}`),
      );
    }
    if (rules.fixed.length > 0 && rules.shares.length > 0) {
      const rest = (dist.surplusFen > 0n ? dist.surplusFen : 0n) - fixedTaken;
      sub(t('定额提取后余额', 'left after fixed entries'), money(rest), t('按下列比例分配', 'shared by the percents below'));
    }
    for (const e of rules.shares) {
      if (e.to === 'members') {
        sub(t('成员效益分红', "Members' performance dividend"), money(dist.membersPoolFen), pct(exactToString(e.percent)));
        dist.bases.forEach((b) => {
          const label = BASIS_LABEL[b.basis][lang] + (b.classes ? `（${b.classes.join('、')}）` : '');
          sub(label, money(b.amountFen), t(`成员效益分红的${pct(b.percentText)}`, `${pct(b.percentText)} of the members' pool`), 2);
        });
      } else {
        sub(e.to, money(entry(e.to).amountFen), pct(exactToString(e.percent)));
      }
    }
  }

  // Floors (兜底): who was topped up, by how much, out of which entry.
  if (dist.floors.length > 0) {
    head('兜底补差', 'Floor top-ups', money(dist.floorTopupFen));
    dist.floors.forEach((fl, j) => {
      const topped = countPositive(c.floorTopupFen[j]);
      const note = t(
        `${fl.category}${fl.households}户，补差${topped}户，由${fl.fundedBy}列支` +
          (fl.short ? `；应补${f(fl.shortfallFen)}，${fl.fundedBy}不足，按差额比例支付` : ''),
        `${hh(fl.households)} of category ${fl.category}, ${topped} topped up, paid by ${fl.fundedBy}` +
          (fl.short ? `; shortfall ${f(fl.shortfallFen)}, ${fl.fundedBy} fell short, paid pro rata` : ''),
      );
      sub(t(`${fl.category}最低${f(fl.minTotalFen)}`, `${fl.category} minimum ${f(fl.minTotalFen)}`), money(fl.paidFen), note);
    });
    for (const a of dist.allocations) {
      if (a.floorTopupsFen === 0n) continue;
      sub(
        t(`${a.to}留存`, `${a.to} retained`),
        money(a.retainedFen),
        t(`${f(a.amountFen)} − 兜底补差${f(a.floorTopupsFen)}`, `${f(a.amountFen)} − floor top-ups ${f(a.floorTopupsFen)}`),
      );
    }
  }

  // Totals over households.
  head(
    '应分合计',
    'Total due to households',
    money(dist.totalFen),
    t(
      `务工工资${f(dist.wagesFen)} + 土地租金${f(dist.landRentFen)} + 保底分红${f(dist.guaranteedFen)} + 效益分红${f(dist.performanceFen)} + 兜底补差${f(dist.floorTopupFen)}`,
      `wages ${f(dist.wagesFen)} + land rent ${f(dist.landRentFen)} + guaranteed ${f(dist.guaranteedFen)} + performance ${f(dist.performanceFen)} + floor top-ups ${f(dist.floorTopupFen)}`,
    ),
  );
  head('扣减', 'Deductions', money(dist.deductionsFen), t('已预支及代扣款项', 'advances paid and withholdings'));
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
    money(dist.netPayableFen),
    t('应分合计 − 扣减', 'total − deductions') +
      (owing > 0 ? t(`；含${owing}户负数（欠款）${f(owed)}`, `; includes ${hh(owing)} owing ${f(owed)}`) : ''),
  );
  return rows;
}
