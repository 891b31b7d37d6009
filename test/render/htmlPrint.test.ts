// Issue 13, "print like the templates": report.html's summary page, its 公示 sheets (title block and
// page number on every sheet, 本页小计, the 合计 once with its 大写, 村组 subtotals, 制表日期, the
// signatures with the table's end), and the internal section that keeps warnings off the posted pages.
import { describe, expect, it } from 'vitest';
import { computeDistribution } from '../../src/engine/computeDistribution.js';
import { formatFen } from '../../src/money/fen.js';
import { Problems } from '../../src/problems.js';
import { amountInWords } from '../../src/render/amountInWords.js';
import { disclosureRows } from '../../src/render/disclosure.js';
import { reportHtml } from '../../src/render/html.js';
import { paymentBreakdown } from '../../src/render/payments.js';
import { paginate, planColumns, textEm, villageGroups } from '../../src/render/printSheets.js';
import { groupThousands } from '../../src/render/text.js';
import { buildWaterfall, waterfallItem } from '../../src/render/waterfall.js';
import { dataset, rules, type HouseholdSpec } from '../helpers/build.js';
import { makeRun, type Run } from './publishFixture.js';

/** A village of n households: 村组 from `villageOf`, a few owing money (deductions above what they are due). */
function village(n: number, villageOf: (i: number) => string, opts: { preparedOn?: string; owing?: number[]; name?: string } = {}): Run {
  const r = rules({
    defaultPerDay: '100',
    classes: { fund: { g: '300' } },
    fixed: [['村集体', 20000_00n]],
    shares: [
      ['公积金', '10'],
      ['members', '90'],
    ],
    members: [
      ['share_units', '70'],
      ['labor_days', '30'],
    ],
  });
  r.name = opts.name ?? '测试村 2025年度收益分配';
  r.preparedOn = opts.preparedOn ?? null;
  const specs: HouseholdSpec[] = Array.from({ length: n }, (_, i) => ({
    id: `H${String(i + 1).padStart(3, '0')}`,
    category: i % 3 === 0 ? '脱贫户' : '一般户',
    labor: { '': String(10 + ((i * 7) % 50)) },
    units: [['fund', String(1 + (i % 4)), 12]],
    deductionsFen: opts.owing?.includes(i) ? 500000_00 : 0,
  }));
  const data = dataset(specs, { income: BigInt(n) * 5000_00n, expense: BigInt(n) * 500_00n });
  data.households = data.households.map((h, i) => ({ ...h, name: `农户${i + 1}`, village: villageOf(i), bankAccount: `62300000000000${String(i).padStart(5, '0')}` }));
  const problems = new Problems();
  const dist = computeDistribution(r, data, problems);
  if (!dist || !problems.ok) throw new Error(JSON.stringify(problems.errors));
  return { rules: r, data, dist };
}

const cells = (tr: string): string[] => [...tr.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]);
const units = (text: string): bigint => BigInt(text.replace(/,/g, '').replace('.', '') || '0');

interface Sheet {
  html: string;
  title: string;
  page: string;
  /** Household rows (first cell the household id). */
  households: string[][];
  rows: { cls: string; cells: string[] }[];
}

function sheets(html: string): Sheet[] {
  const payouts = html.slice(html.indexOf('<section id="payouts">'), html.indexOf('</section>', html.indexOf('<section id="payouts">')));
  return payouts
    .split(/<div class="sheet(?= end"|")/)
    .slice(1)
    .map((s) => {
      const rows = [...s.matchAll(/<tr(?: class="([^"]*)")?>(.*?)<\/tr>/g)].filter((m) => m[2].includes('<td')).map((m) => ({ cls: m[1] ?? '', cells: cells(m[2]) }));
      return {
        html: s,
        title: /<div class="t">([^<]*)<\/div>/.exec(s)![1],
        page: /<span class="pg">([^<]*)<\/span>/.exec(s)![1],
        households: rows.filter((r) => r.cls === '' && /^H\d+$/.test(r.cells[0])).map((r) => r.cells),
        rows,
      };
    });
}

/** The column sums of household rows (numeric columns only, as fen or the column's units). */
function sums(rows: string[][], numeric: boolean[]): bigint[] {
  return numeric.map((isNum, j) => (isNum ? rows.reduce((s, r) => s + units(r[j]), 0n) : 0n));
}

describe('report.html printed: the 公示 sheets', () => {
  const run = village(120, (i) => ['一组', '二组', '三组', '四组'][Math.floor(i / 30)], { owing: [7, 64] });
  const html = reportHtml(run.rules, run.data, run.dist, { lang: 'zh' });
  const all = sheets(html);
  const disc = disclosureRows(run.rules, run.data, run.dist, 'zh');
  const numeric = (disc[1] as unknown[]).map((c) => typeof c !== 'string');

  it('cuts 120 households into sheets, each with the title block: name, year, 第 n 页 / 共 m 页', () => {
    expect(all.length).toBeGreaterThanOrEqual(4);
    all.forEach((s, k) => {
      expect(s.title).toBe('测试村 2025年度收益分配 分配明细公示表');
      expect(s.page).toBe(`第 ${k + 1} 页 / 共 ${all.length} 页`);
      expect(s.html).toContain('<thead><tr><th>户号</th>');
    });
    // Every sheet but the last holds a full page; none holds more than one page's worth.
    for (const s of all.slice(0, -1)) expect(s.households.length).toBeGreaterThanOrEqual(20);
  });

  it('shows every household once, in households.csv order, with the disclosure’s very cells', () => {
    const rows = all.flatMap((s) => s.households);
    expect(rows.map((r) => r[0])).toEqual(run.data.households.map((h) => h.id));
    rows.forEach((r, i) => expect(r).toEqual((disc[i + 1] as (string | { num: string })[]).map((c) => (typeof c === 'string' ? c : groupThousands(c.num)))));
  });

  it('adds up each sheet in its 本页小计, and shows the 合计 once, at the end, with its 大写', () => {
    for (const s of all) {
      const sub = s.rows.filter((r) => r.cls === 'sub page');
      expect(sub).toHaveLength(1);
      expect(sub[0].cells[0]).toBe(`本页小计（${s.households.length}户）`);
      // The label spans the text columns before the first figure (户号 … 银行账号); the figures follow, column for column.
      const span = numeric.indexOf(true);
      expect(span).toBe(6);
      expect(sub[0].cells).toHaveLength(1 + numeric.length - span);
      expect(sub[0].cells.slice(1).map(units)).toEqual(sums(s.households, numeric).slice(span));
    }
    const totals = all.map((s) => s.rows.filter((r) => r.cls === 'total').length);
    expect(totals).toEqual([...new Array(all.length - 1).fill(0), 1]);
    const payouts = html.slice(html.indexOf('<section id="payouts">'), html.indexOf('id="warnings"'));
    expect(payouts).not.toContain('<tfoot>');
    const last = all.at(-1)!;
    const total = last.rows.find((r) => r.cls === 'total')!;
    expect(total.cells[0]).toBe('合计（120户）');
    expect(total.cells.at(-1)).toBe(groupThousands(formatFen(run.dist.netPayableFen)));
    const words = last.rows.find((r) => r.cls === 'words')!.cells[0];
    expect(words).toContain(amountInWords(run.dist.netPayableFen));
    expect(words).toContain(amountInWords(run.dist.totalFen));
  });

  it('puts the signatures on the sheet with the table’s end, a block no page break splits', () => {
    const last = all.at(-1)!;
    expect(last.html.startsWith(' end"')).toBe(true);
    expect(last.html).toContain('id="signatures"');
    expect(last.html).toMatch(/制表人：.*审核人：.*负责人：/);
    for (const s of all.slice(0, -1)) expect(s.html).not.toContain('id="signatures"');
    expect(html).toContain('.sheet{page:wide;break-before:page;break-inside:avoid');
    expect(html).toMatch(/@page wide\{size:A4 landscape/);
  });

  it('subtotals each 村组 after its last household when the 村组 come in runs', () => {
    const rows = all.flatMap((s) => s.rows);
    const subs = rows.filter((r) => r.cls === 'sub village');
    expect(subs.map((r) => r.cells[0])).toEqual(['一组 小计（30户）', '二组 小计（30户）', '三组 小计（30户）', '四组 小计（30户）']);
    for (const [g, name] of ['一组', '二组', '三组', '四组'].entries()) {
      const at = rows.findIndex((r) => r.cells[0] === `${name} 小计（30户）`);
      expect(rows[at - 1].cells[0]).toBe(`H${String(30 * g + 30).padStart(3, '0')}`);
      const members = all.flatMap((s) => s.households).slice(30 * g, 30 * g + 30);
      expect(units(rows[at].cells.at(-1)!)).toBe(sums(members, numeric).at(-1));
    }
    expect(html).not.toContain('class="groups"');
  });

  it('never shows a warning or a household’s debt note on the posted pages', () => {
    const owing = run.dist.warnings.filter((w) => w.code === 'W_NEGATIVE_NET');
    expect(owing).toHaveLength(2);
    const posted = html.slice(0, html.indexOf('<section id="warnings"'));
    expect(posted).not.toContain('W_NEGATIVE_NET');
    expect(posted).not.toContain('W_NO_ACCOUNT');
    for (const w of owing) expect(posted).not.toContain(w.message);
    const internal = html.slice(html.indexOf('<section id="warnings"'));
    expect(internal).toContain('<section id="warnings" class="internal">');
    expect(internal).toContain('W_NEGATIVE_NET');
    expect(internal).toContain('不公示');
  });
});

describe('report.html printed: 村组, one sheet, 制表日期', () => {
  it('keeps the file order when 村组 interleave, and subtotals them in a small table after the 合计', () => {
    const run = village(40, (i) => ['上寨', '下寨', '中寨'][i % 3]);
    const html = reportHtml(run.rules, run.data, run.dist, { lang: 'zh' });
    const all = sheets(html);
    expect(all.flatMap((s) => s.households).map((r) => r[0])).toEqual(run.data.households.map((h) => h.id));
    const last = all.at(-1)!.html;
    expect(last.indexOf('class="groups"')).toBeGreaterThan(last.indexOf('<tr class="words">'));
    expect(last.indexOf('class="groups"')).toBeLessThan(last.indexOf('id="signatures"'));
    const groups = [...last.slice(last.indexOf('class="groups"')).matchAll(/<tr class="sub village">(.*?)<\/tr>/g)].map((m) => cells(m[1]));
    expect(groups.map((g) => g[0])).toEqual(['上寨 小计（14户）', '下寨 小计（13户）', '中寨 小计（13户）']);
    const net = run.dist.cols.netFen;
    expect(units(groups[1].at(-1)!)).toBe(run.data.households.reduce((s, _h, i) => (i % 3 === 1 ? s + net[i] : s), 0n));
    expect(villageGroups(run.data)).toMatchObject({ contiguous: false });
  });

  it('has no 村组 subtotal with one 村组 or none', () => {
    for (const v of ['', '一组']) {
      const run = village(12, () => v);
      const html = reportHtml(run.rules, run.data, run.dist, { lang: 'zh' });
      expect(html).not.toContain('sub village');
      expect(villageGroups(run.data)).toBeNull();
    }
  });

  it('a small run is one sheet: 第 1 页 / 共 1 页, no 本页小计, the 合计 and the signatures', () => {
    const { rules, data, dist } = makeRun();
    const html = reportHtml(rules, data, dist, { lang: 'zh' });
    const all = sheets(html);
    expect(all).toHaveLength(1);
    expect(all[0].page).toBe('第 1 页 / 共 1 页');
    expect(all[0].html).not.toContain('本页小计');
    expect(all[0].html).toContain('<tr class="total">');
    expect(all[0].html).toContain('id="signatures"');
  });

  it('prints the 制表日期 from the rules on the summary page, every sheet and by the signatures; none without one', () => {
    const dated = village(70, () => '', { preparedOn: '2025-12-20' });
    const html = reportHtml(dated.rules, dated.data, dated.dist, { lang: 'zh' });
    const all = sheets(html);
    expect(all.length).toBeGreaterThan(1);
    for (const s of all) expect(s.html).toContain('<span>制表日期：2025年12月20日</span>');
    expect(html.slice(0, html.indexOf('</header>'))).toContain('制表日期：2025年12月20日');
    expect(html.slice(html.indexOf('id="signatures"'))).toMatch(/<div>制表日期：2025年12月20日<\/div>/);
    expect(reportHtml(dated.rules, dated.data, dated.dist, { lang: 'en' })).toContain('Prepared on: 2025-12-20');
    const plain = village(70, () => '');
    expect(reportHtml(plain.rules, plain.data, plain.dist, { lang: 'zh' })).not.toContain('制表日期');
    // Never the clock: the same inputs give the same bytes.
    const again = village(70, () => '', { preparedOn: '2025-12-20' });
    expect(reportHtml(again.rules, again.data, again.dist, { lang: 'zh' })).toBe(html);
  });

  it('in English: Page n of m, Page subtotal, Total', () => {
    const run = village(70, () => '');
    const all = sheets(reportHtml(run.rules, run.data, run.dist, { lang: 'en' }));
    expect(all[0].page).toBe(`Page 1 of ${all.length}`);
    expect(all[0].title).toBe('测试村 2025年度收益分配: payouts by household');
    expect(all[0].rows.find((r) => r.cls === 'sub page')!.cells[0]).toMatch(/^Page subtotal \(\d+ hh\)$/);
    expect(all.at(-1)!.rows.find((r) => r.cls === 'total')!.cells[0]).toBe('Total (70 hh)');
  });
});

describe('report.html printed: the summary page', () => {
  it('holds the title, the year, the four figures, the 收益分配表 in brief and what to pay, before a page break', () => {
    const run = village(30, () => '', { owing: [3] });
    run.data.households[5] = { ...run.data.households[5], bankAccount: '' };
    run.data.households[6] = { ...run.data.households[6], payment: 'cash' };
    const html = reportHtml(run.rules, run.data, run.dist, { lang: 'zh' });
    const front = html.slice(html.indexOf('<div id="front">'), html.indexOf('<section id="waterfall">'));
    expect(front).toContain('<h1>测试村 2025年度收益分配</h1>');
    expect(front).toContain('2025年度收益分配 · 30户');
    expect(front.match(/<div class="card">/g)).toHaveLength(4);
    for (const l of buildWaterfall(run.rules, run.data, run.dist, 'zh').lines.filter((x) => x.level === 1)) expect(front).toContain(`>${waterfallItem(l, 'zh')}<`);
    const p = paymentBreakdown(run.data, run.dist);
    const pay = front.slice(front.indexOf('<section id="payments">'));
    const row = (label: string) => cells(new RegExp(`<tr><td class="k">${label}</td>(.*?)</tr>`).exec(pay)![1]);
    expect(row('银行代发')).toEqual([`${p.bank.count}笔`, groupThousands(formatFen(p.bank.fen)), '由银行代发到各户账户']);
    expect(row('现金发放')[1]).toBe(groupThousands(formatFen(p.cash.fen - p.noAccount.fen)));
    expect(row('无银行账号')).toEqual(['1户', groupThousands(formatFen(p.noAccount.fen)), '现金发放，或补录账号后代发']);
    expect(row('欠款（实发为负）')[0]).toBe('1户');
    expect(pay).toContain(groupThousands(formatFen(run.dist.netPayableFen)));
    expect(html).toContain('#front{break-after:page}');
  });
});

describe('cutting the table into pages', () => {
  const ones = (n: number) => new Array<number>(n).fill(1);

  it('fills pages in order and keeps the end with the last rows', () => {
    expect(paginate(ones(0), 10, 6)).toEqual([[0, 0]]);
    expect(paginate(ones(5), 10, 6)).toEqual([[0, 5]]);
    expect(paginate(ones(14), 10, 6)).toEqual([
      [0, 10],
      [10, 14],
    ]);
    // 7 rows left would fit a page but not with the end: the last 3 go with it.
    expect(paginate(ones(17), 10, 6)).toEqual([
      [0, 10],
      [10, 14],
      [14, 17],
    ]);
    expect(paginate([1, 1, 3, 1], 4, 2)).toEqual([
      [0, 2],
      [2, 3],
      [3, 4],
    ]);
  });

  it('shrinks the font before it wraps, and never wraps a figure', () => {
    const header = ['户号', '户主', '应分合计'];
    const keys = ['household_id', 'name', 'total'];
    const short = planColumns(keys, header, [['H1', '王明', { num: '100.00' }]], [], 'zh');
    expect(short.fontPt).toBe(10);
    const long = planColumns(keys, header, [['H1', '阿布都热合曼·买买提江'.repeat(12), { num: '100.00' }]], [], 'zh');
    expect(long.fontPt).toBe(7);
    expect(long.wraps).toEqual([true, true, false]);
    expect(Number(long.widths[2])).toBeGreaterThan(0);
    expect(textEm('1,234.50')).toBeCloseTo(6 * 0.56 + 2 * 0.28);
  });
});
