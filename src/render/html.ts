// Long because report.html's sections are written in page order, one after the other.
import type { Distribution } from '../engine/types.js';
import type { Dataset } from '../io/types.js';
import { formatScaled } from '../money/fen.js';
import { InternalError } from '../problems.js';
import type { Cell, Row } from './csvWrite.js';
import type { Lang } from './payoutsSheet.js';
import type { WarningLike } from './summaryJson.js';
import { buildWaterfall } from './waterfall.js';
import { waterfallLineRow } from './waterfallSheet.js';
import type { Rules } from '../rules/types.js';
import { escapeHtml as esc } from './html-escape.js';
import { maskName, maskNumbers } from '../privacy/mask.js';
import { disclosureOptions } from './options.js';
import { barChartSvg, flowChartSvg, histogram, histogramSvg, money, percentText, type FlowKind, type FlowStep } from './svg.js';
import { SIGNOFF_WORDS_COLUMN, signoffTable, signoffTitle } from './signoff.js';
import { anyCash, paymentBreakdown } from './payments.js';
import { reportPrintCss } from './printCss.js';
import { payoutSheets, td } from './printSheets.js';
import { shownDate } from '../util/dateText.js';

/**
 * report.html: one self-contained page to print or post. No script, no external reference of any
 * kind (styles and charts are inline), every text escaped. The tables are the waterfall sheet's and
 * the disclosure's rows, so every figure is the one in the CSV files, and no ID number or bank
 * account appears whole.
 *
 * Printed on A4 it reads like the templates villages post and sign: a summary page first; the
 * 收益分配表, the charts and the category totals; the 分配明细 as landscape sheets, each with its
 * title block, page number and 本页小计, the 合计 (and its 大写), 村组 subtotals, 制表日期 and the
 * signatures at the table's end (printSheets.ts). What is not posted comes last, on pages of its
 * own: the 领款签收表 and the warnings (a warning may name a household's debt).
 */

export interface ReportOptions {
  lang: Lang;
  /** Every warning of the run (readers' and engine's); default: the engine's, `dist.warnings`. */
  warnings?: readonly WarningLike[];
}

const FONT = `"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", "SimSun", sans-serif`;

/** The screen styles every printable page shares (the report and the township report). */
export const SCREEN_CSS = `
*{box-sizing:border-box}
body{font-family:${FONT};color:#1d2733;margin:0 auto;max-width:1180px;padding:24px 28px;font-size:14px;line-height:1.5;background:#fff}
h1{font-size:24px;margin:0 0 4px}
h2{font-size:18px;margin:28px 0 10px;padding-bottom:4px;border-bottom:2px solid #2f6db5}
.sub{color:#53606e;margin:0 0 12px}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:12px 0}
.card{flex:1 1 180px;border:1px solid #d5dde6;border-radius:6px;padding:8px 12px}
.card .k{color:#53606e;font-size:12px}
.card .v{font-size:20px;font-weight:600;font-variant-numeric:tabular-nums}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border:1px solid #c9d2dc;padding:3px 6px;vertical-align:top}
th{background:#e7eef7;font-weight:600;text-align:center}
td.n{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
td.item{white-space:pre-wrap}
tr.top td{font-weight:600;background:#f6f8fb}
tr.total td{font-weight:700;background:#eef3e8}
td.neg{color:#c0392b}
.bar{display:inline-block;height:10px;background:#2e9e5b;vertical-align:middle}
.chart{display:block;max-width:100%;height:auto;margin:6px 0}
.chart .lbl,.chart .amt,.chart .tick,.chart .lgd{font-family:${FONT};fill:#1d2733}
.chart .lbl{font-size:13px}.chart .amt{font-size:12px}.chart .tick{font-size:11px}.chart .lgd{font-size:12px}
.chart .pct{fill:#53606e}
.warn li{margin:2px 0}.warn code{background:#f3f3f3;padding:0 4px}
.sign{display:flex;justify-content:space-between;gap:16px;margin-top:36px}
.sign div{flex:1;border-bottom:1px solid #1d2733;padding-bottom:4px;min-height:2.2em}
.note{color:#53606e;font-size:12px}
#payouts table{font-size:12px}
.scroll{overflow-x:auto}
`;

/** The township report's styles: the screen ones and its print rules (report.html has its own, printCss.ts). */
export const REPORT_CSS = SCREEN_CSS + `@page{size:A4;margin:12mm 10mm 14mm}
@page wide{size:A4 landscape;margin:10mm}
@media print{
  body{max-width:none;padding:0;font-size:10.5pt}
  *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
  h2{break-after:avoid}
  section{break-inside:avoid}
  #payouts{page:wide;break-inside:auto;break-before:page}
  #payouts table{font-size:8.5pt}
  .scroll{overflow:visible}
  thead{display:table-header-group}
  tr{break-inside:avoid}
}
`;

function L(lang: Lang) {
  return (zh: string, en: string) => (lang === 'en' ? en : zh);
}

function tableHtml(header: readonly Cell[], body: readonly Row[], opts: { total?: Row | null; rowClass?: (k: number) => string; firstCellClass?: string } = {}): string {
  const out: string[] = ['<table>', '<thead><tr>' + header.map((h) => `<th>${esc(typeof h === 'string' ? h : h.num)}</th>`).join('') + '</tr></thead>', '<tbody>'];
  for (const [k, r] of body.entries()) {
    const cls = opts.rowClass?.(k) ?? '';
    out.push(`<tr${cls ? ` class="${cls}"` : ''}>` + r.map((c, j) => td(c, j === 0 ? (opts.firstCellClass ?? '') : '')).join('') + '</tr>');
  }
  out.push('</tbody>');
  if (opts.total) out.push('<tfoot><tr class="total">' + opts.total.map((c) => td(c)).join('') + '</tr></tfoot>');
  out.push('</table>');
  return out.join('\n');
}

/** Where the money went, as waterfall steps that end at 0 (or, in a loss year, at the deficit). */
export function flowSteps(rules: Rules, dist: Distribution, lang: Lang): FlowStep[] {
  const t = L(lang);
  const steps: FlowStep[] = [
    { label: t('收入', 'Income'), deltaFen: dist.incomeFen, kind: 'income' },
    { label: t('支出', 'Expenses'), deltaFen: -dist.expensesFen, kind: 'cost' },
    { label: t('务工工资', 'Wages'), deltaFen: -dist.wagesFen, kind: 'household' },
    { label: t('土地租金', 'Land rent'), deltaFen: -dist.landRentFen, kind: 'household' },
    { label: t('保底分红', 'Guaranteed dividend'), deltaFen: -dist.guaranteedFen, kind: 'household' },
  ];
  // SPEC §9.6: last year's balance enters S right after the expenses.
  if (rules.opening) steps.splice(2, 0, { label: t('上年结余 − 弥补亏损', 'Opening balance'), deltaFen: dist.openingFen, kind: 'income' });
  if (dist.surplusFen > 0n) {
    const alloc = new Map(dist.allocations.map((a) => [a.to, a]));
    const entry = (to: string): FlowStep => {
      const a = alloc.get(to);
      if (!a) throw new InternalError(`report: no allocation for ${to}`);
      return { label: to, deltaFen: -a.retainedFen, kind: 'entry' };
    };
    for (const e of rules.fixed) steps.push(entry(e.to));
    // What the bases paid (households and holders); rated bases' remainders are in their entries (§9.3).
    const remainders = dist.allocations.reduce((s, a) => s + a.membersRemainderFen, 0n);
    let membersShown = false;
    for (const e of rules.shares) {
      if (e.to !== 'members') steps.push(entry(e.to));
      else if (!membersShown) {
        steps.push({ label: t('成员效益分红', 'Performance dividend'), deltaFen: -(dist.membersPoolFen - remainders), kind: 'household' });
        membersShown = true; // §9.9 lists several bases as members entries: one step for them all
      }
    }
    if (dist.floorTopupFen > 0n || dist.floors.length > 0) {
      steps.push({ label: t('兜底补差', 'Floor top-ups'), deltaFen: -dist.floorTopupFen, kind: 'household' });
    }
  } else if (dist.surplusFen < 0n) {
    steps.push({ label: t('本年亏损', 'Deficit'), deltaFen: -dist.surplusFen, kind: 'deficit' });
  }
  const end = steps.reduce((s, x) => s + x.deltaFen, 0n);
  if (end !== 0n) throw new InternalError(`report: the money flow ends at ${end} fen, not 0`);
  return steps;
}

export interface CategoryTotal {
  category: string;
  households: number;
  totalFen: bigint;
  topupFen: bigint;
  netFen: bigint;
}

/** Totals per household category, in order of first appearance ('' for households with none). */
export function categoryTotals(data: Dataset, dist: Distribution): CategoryTotal[] {
  const m = new Map<string, CategoryTotal>();
  data.households.forEach((h, i) => {
    let c = m.get(h.category);
    if (!c) m.set(h.category, (c = { category: h.category, households: 0, totalFen: 0n, topupFen: 0n, netFen: 0n }));
    c.households++;
    c.totalFen += dist.cols.totalFen[i];
    c.topupFen += dist.cols.topupFen[i];
    c.netFen += dist.cols.netFen[i];
  });
  return [...m.values()];
}

/** Round half up of a / b for a ≥ 0, b > 0. */
const divRound = (a: bigint, b: bigint) => (2n * a + b) / (2n * b);

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A warning's message as it may be shown: long digit runs (accounts, IDs) masked by the one policy, names masked when asked. */
export function publicMessage(message: string, names: RegExp | null, masked: Map<string, string>): string {
  let m = maskNumbers(message);
  if (names) m = m.replace(names, (n) => masked.get(n) ?? n);
  return m;
}

/** Column widths of the sign-off table (percent): the signature column is the widest after the 大写. */
const SIGNOFF_WIDTHS = [6, 9, 10, 10, 12, 27, 18, 8];

/**
 * The 领款签收表 page (SPEC §9.8): the same cells as signoff.csv, under a title with the run's name
 * and year. Names follow the report's policy (masked with `disclosure.mask_names`); no ID or account.
 * The last two households, the 合计 and the 发放人 / 监督人 / 日期 lines form the table's last
 * row group, which is never split by a page break (the header row repeats on every page).
 */
function signoffPage(rules: Rules, data: Dataset, dist: Distribution, lang: Lang): string {
  const t = L(lang);
  const s = signoffTable(data, dist, { lang, maskNames: disclosureOptions(rules).maskNames });
  const n = s.households.length;
  const row = (r: Row, cls = ''): string =>
    `<tr${cls ? ` class="${cls}"` : ''}>` +
    r
      .map((c, j) => {
        if (typeof c !== 'string') return td(c, j === 0 ? 'seq' : '');
        const k = j === 0 ? 'seq' : j === SIGNOFF_WORDS_COLUMN ? 'words' : '';
        return `<td${k ? ` class="${k}"` : ''}>${esc(c)}</td>`;
      })
      .join('') +
    '</tr>';
  const lines = s.lines
    .filter((c): c is string => typeof c === 'string' && c !== '')
    .map((c) => `<div>${esc(c)}</div>`)
    .join('');
  const cut = Math.max(0, n - 2);
  const out: string[] = ['<section id="signoff">'];
  out.push(`<h1>${esc(signoffTitle(rules, lang))}</h1>`);
  out.push(
    `<p class="sub">${esc(t(`${rules.year}年度收益分配 · 现金发放 ${n}户`, `Distribution for ${rules.year} · paid in cash: ${n} household${n === 1 ? '' : 's'}`))}</p>`,
  );
  out.push(`<p class="note">${esc(t('领款人核对金额后本人签名或按手印；代领的，请写明代领人姓名及与户主的关系。', 'Each payee checks the amount, then signs or puts a thumbprint; someone collecting for a household writes their own name and relation.'))}</p>`);
  out.push('<table>');
  out.push('<colgroup>' + SIGNOFF_WIDTHS.map((w) => `<col style="width:${w}%">`).join('') + '</colgroup>');
  // English column names break at their underscores, as in the 分配明细 table.
  out.push('<thead><tr>' + s.header.map((h) => `<th>${esc(lang === 'en' ? h.replace(/_/g, ' ') : h)}</th>`).join('') + '</tr></thead>');
  if (cut > 0) out.push('<tbody>', ...s.body.slice(0, cut).map((r) => row(r)), '</tbody>');
  out.push('<tbody class="end">');
  if (n === 0) out.push(`<tr><td colspan="${s.header.length}" class="none">${esc(t('（没有以现金发放、实发为正的农户）', '(no household paid in cash is owed money)'))}</td></tr>`);
  out.push(...s.body.slice(cut).map((r) => row(r)));
  out.push(row(s.total, 'total'));
  out.push(`<tr class="lines"><td colspan="${s.header.length}"><div class="sign">${lines}</div></td></tr>`);
  out.push('</tbody>', '</table>', '</section>');
  return out.join('\n');
}

/**
 * The signature block under the 公示 table's end: 制表人, 审核人, 负责人 and the 制表日期 (the
 * rules' `prepared_on` or `--date`, never the clock; without one, a line to write it on), then
 * the 公示期 lines.
 */
function signatureBlock(rules: Rules, lang: Lang): string {
  const t = L(lang);
  const date = rules.preparedOn ? t(`制表日期：${shownDate(rules.preparedOn, 'zh')}`, `Prepared on: ${rules.preparedOn}`) : t('日期：', 'Date:');
  return [
    '<div id="signatures">',
    `<div class="sign"><div>${t('制表人：', 'Prepared by:')}</div><div>${t('审核人：', 'Checked by:')}</div><div>${t('负责人：', 'Approved by:')}</div><div>${esc(date)}</div></div>`,
    `<p class="note posting">${t('公示期：　　年　　月　　日 至 　　年　　月　　日。对分配结果有异议的，请在公示期内向合作社理事会或村务监督委员会反映。', 'Posted for public review from ________ to ________. Objections to the distribution go to the cooperative board or the village supervisory committee within this period.')}</p>`,
    '</div>',
  ].join('\n');
}

/**
 * The 领款签收表 page's styles (SPEC §9.8), added to the report's only when some household is paid
 * in cash (every other report keeps its bytes). A page of its own, portrait, tall rows to sign in;
 * the last rows, the 合计 and the signature lines are one block that a page break never splits.
 */
export const SIGNOFF_CSS = `
#signoff h1{text-align:center;margin:0 0 4px}
#signoff .sub{text-align:center}
#signoff table{table-layout:fixed;font-size:14px}
#signoff th{vertical-align:middle}
#signoff td{height:46px;vertical-align:middle}
#signoff td.seq{text-align:center}
#signoff td.words{font-size:0.92em}
#signoff td.none{text-align:center;color:#53606e}
#signoff tr.lines td{border:none;background:none;height:auto;padding:30px 0 0}
#signoff tr.lines .sign{margin-top:0}
#signoff tr.lines .sign div{min-height:2.6em}
@media print{
  #signoff{break-before:page;break-inside:auto}
  #signoff table{font-size:10.5pt}
  #signoff td{height:13mm}
  #signoff tbody.end{break-inside:avoid}
}
`;

/** A printable page's opening lines, up to `<body>`, with the given styles. */
function documentStart(lang: Lang, title: string, css: string): string[] {
  return [
    '<!DOCTYPE html>',
    `<html lang="${lang === 'en' ? 'en' : 'zh-CN'}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(title)}</title>`,
    `<style>${css}</style>`,
    '</head>',
    '<body>',
  ];
}

/** The township report's opening lines, up to `<body>` (its styles: REPORT_CSS). */
export function pageStart(lang: Lang, title: string, extraCss = ''): string[] {
  return documentStart(lang, title, REPORT_CSS + extraCss);
}

/** The payment lines of the summary page: what goes to the bank, what is handed out, what households owe. */
function paymentsTable(data: Dataset, dist: Distribution, lang: Lang): string {
  const t = L(lang);
  const p = paymentBreakdown(data, dist);
  if (p.bank.fen + p.cash.fen - p.owed.fen !== dist.netPayableFen) {
    throw new InternalError(`report: bank ${p.bank.fen} + cash ${p.cash.fen} − owed ${p.owed.fen} is not the net payable ${dist.netPayableFen}`);
  }
  const cashOnly = { count: p.cash.count - p.noAccount.count, fen: p.cash.fen - p.noAccount.fen };
  const hh = (n: number) => t(`${n}户`, `${n}`);
  const rows: [string, string, bigint, string][] = [[t('银行代发', 'Bank transfer'), t(`${p.bank.count}笔`, `${p.bank.count}`), p.bank.fen, t('由银行代发到各户账户', 'paid into each household’s account')]];
  if (p.cashPayment || cashOnly.count > 0) rows.push([t('现金发放', 'Cash'), hh(cashOnly.count), cashOnly.fen, t('凭领款签收表签名或按手印领取', 'handed out against the sign-off sheet')]);
  if (p.noAccount.count > 0) rows.push([t('无银行账号', 'No bank account'), hh(p.noAccount.count), p.noAccount.fen, t('现金发放，或补录账号后代发', 'pay in cash, or add an account')]);
  if (p.owed.count > 0) rows.push([t('欠款（实发为负）', 'Owed (negative net)'), hh(p.owed.count), p.owed.fen, t('扣减超过应分，本次不发放', 'deductions above the total due; nothing paid')]);
  const out: string[] = ['<table>'];
  out.push('<thead><tr>' + [t('发放方式', 'how'), t('户数', 'households'), t('金额', 'amount'), t('说明', 'note')].map((h) => `<th>${esc(h)}</th>`).join('') + '</tr></thead><tbody>');
  for (const [k, n, fen, note] of rows) out.push(`<tr><td class="k">${esc(k)}</td><td class="n">${esc(n)}</td><td class="n">${esc(money(fen))}</td><td>${esc(note)}</td></tr>`);
  const plus = rows.slice(0, p.owed.count > 0 ? -1 : undefined).map((r) => r[0]);
  const formula = plus.join(' + ') + (p.owed.count > 0 ? ` − ${t('欠款', 'owed')}` : '');
  out.push('</tbody>');
  out.push(`<tfoot><tr class="total"><td class="k">${esc(t('实发合计', 'Net payable'))}</td><td class="n">${esc(hh(dist.households))}</td><td class="n">${esc(money(dist.netPayableFen))}</td><td>${esc(formula)}</td></tr></tfoot>`);
  out.push('</table>');
  return out.join('\n');
}

export function reportHtml(rules: Rules, data: Dataset, dist: Distribution, opts: ReportOptions): string {
  const lang = opts.lang;
  const t = L(lang);
  const hh = (n: number) => t(`${n}户`, `${n} household${n === 1 ? '' : 's'}`);
  const out: string[] = [];
  const cash = anyCash(data);
  out.push(...documentStart(lang, rules.name, SCREEN_CSS + reportPrintCss(lang) + (cash ? SIGNOFF_CSS : '')));
  const wf = buildWaterfall(rules, data, dist, lang);

  // Page 1, the summary page: title, the four figures, the 收益分配表 in brief, what to pay.
  out.push('<div id="front">');
  out.push('<header id="title">');
  out.push(`<h1>${esc(rules.name)}</h1>`);
  const dated = rules.preparedOn ? t(` · 制表日期：${shownDate(rules.preparedOn, 'zh')}`, ` · prepared on ${rules.preparedOn}`) : '';
  out.push(`<p class="sub">${esc(t(`${rules.year}年度收益分配 · ${hh(dist.households)}`, `Distribution for ${rules.year} · ${hh(dist.households)}`) + dated)}</p>`);
  out.push('</header>');
  const cards: [string, bigint][] = [
    [t('收入', 'Income'), dist.incomeFen],
    [dist.surplusFen < 0n ? t('本年亏损', 'Deficit') : t('可分配盈余', 'Distributable surplus'), dist.surplusFen < 0n ? dist.deficitFen : dist.surplusFen],
    [t('农户应分合计', 'Total due to households'), dist.totalFen],
    [t('实发合计', 'Net payable'), dist.netPayableFen],
  ];
  out.push('<section id="summary"><div class="cards">');
  for (const [k, v] of cards) out.push(`<div class="card"><div class="k">${esc(k)}</div><div class="v">${esc(money(v))}</div></div>`);
  out.push('</div></section>');
  out.push('<section id="brief">');
  out.push(`<h2>${esc(t('收益分配简表', 'The distribution in brief'))}</h2>`);
  const top = wf.lines.filter((l) => l.level === 1);
  out.push(tableHtml(wf.header, top.map((l) => waterfallLineRow(l, lang)), { firstCellClass: 'item' }));
  out.push(`<p class="note">${esc(t('单位：元。各项明细见后页“一、收益分配表”，各户金额见“分配明细公示表”。', 'Amounts in yuan. The full table is in section 1, each household’s amounts in the payouts sheets.'))}</p>`);
  out.push('</section>');
  out.push('<section id="payments">');
  out.push(`<h2>${esc(t('发放', 'Paying out'))}</h2>`);
  out.push(paymentsTable(data, dist, lang));
  out.push('</section>');
  out.push('</div>');

  // 一、收益分配表
  const wfBody = wf.lines.map((l) => waterfallLineRow(l, lang));
  out.push('<section id="waterfall">');
  out.push(`<h2>${esc(t('一、收益分配表', '1. Distribution of the income'))}</h2>`);
  out.push(tableHtml(wf.header, wfBody, { firstCellClass: 'item', rowClass: (k) => (wf.lines[k].level === 1 ? 'top' : '') }));
  out.push('</section>');

  // 二、资金去向
  const legend: Record<FlowKind, string> = {
    income: t('收入', 'income'),
    cost: t('经营支出', 'operating costs'),
    household: t('农户所得', 'to households'),
    entry: t('提留、村集体及合作企业', 'reserves, collective and partners'),
    deficit: t('亏损', 'deficit'),
  };
  out.push('<section id="flow">');
  out.push(`<h2>${esc(t('二、资金去向', '2. Where the money went'))}</h2>`);
  out.push(flowChartSvg(flowSteps(rules, dist, lang), dist.incomeFen, t('资金去向', 'Where the money went'), legend));
  out.push(`<p class="note">${esc(t('单位：元；括号内为占收入的比例。', 'Amounts in yuan; in brackets, the share of income.'))}</p>`);
  out.push('</section>');

  // 三、农户分配金额分布
  const hist = histogram(dist.cols.totalFen);
  out.push('<section id="histogram">');
  out.push(`<h2>${esc(t('三、农户应分金额分布', '3. Households by total due'))}</h2>`);
  out.push(histogramSvg(hist, t('农户应分金额分布', 'Households by total due'), t('户数', 'households')));
  out.push(`<p class="note">${esc(t(`横轴：应分合计（元），每组${money(hist.binFen)}元；柱上数字为户数。`, `Horizontal: total due (yuan), in steps of ${money(hist.binFen)}; on each bar the number of households.`))}</p>`);
  out.push('</section>');

  // 四、按户类型汇总
  const cats = categoryTotals(data, dist);
  const noCat = t('（未分类）', '(no category)');
  out.push('<section id="categories">');
  out.push(`<h2>${esc(t('四、按户类型汇总', '4. Totals by category'))}</h2>`);
  const catHeader = [t('类别', 'category'), t('户数', 'households'), t('应分合计', 'total'), t('其中兜底补差', 'of which floor top-ups'), t('实发金额', 'net payable'), t('户均应分', 'average total'), t('占应分合计', 'share of total')];
  out.push('<table>');
  out.push('<thead><tr>' + catHeader.map((h) => `<th>${esc(h)}</th>`).join('') + '</tr></thead><tbody>');
  for (const c of cats) {
    const share = percentText(c.totalFen, dist.totalFen);
    const barTenths = dist.totalFen > 0n ? (c.totalFen * 1200n) / dist.totalFen : 0n; // up to 120px
    out.push(
      '<tr>' +
        `<td>${esc(c.category || noCat)}</td>` +
        `<td class="n">${c.households}</td>` +
        `<td class="n">${esc(money(c.totalFen))}</td>` +
        `<td class="n">${esc(money(c.topupFen))}</td>` +
        `<td class="n${c.netFen < 0n ? ' neg' : ''}">${esc(money(c.netFen))}</td>` +
        `<td class="n">${esc(money(divRound(c.totalFen, BigInt(c.households))))}</td>` +
        `<td class="n"><span class="bar" style="width:${formatScaled(barTenths, 1)}px"></span> ${esc(share)}</td>` +
        '</tr>',
    );
  }
  out.push('</tbody>');
  out.push(
    '<tfoot><tr class="total">' +
      `<td>${esc(t('合计', 'Total'))}</td><td class="n">${dist.households}</td><td class="n">${esc(money(dist.totalFen))}</td>` +
      `<td class="n">${esc(money(dist.floorTopupFen))}</td><td class="n">${esc(money(dist.netPayableFen))}</td>` +
      `<td class="n">${esc(dist.households > 0 ? money(divRound(dist.totalFen, BigInt(dist.households))) : '')}</td><td class="n">${dist.totalFen > 0n ? '100.0%' : ''}</td>` +
      '</tr></tfoot></table>',
  );
  out.push(barChartSvg(cats.map((c) => ({ label: c.category || noCat, valueFen: c.totalFen, note: `${money(c.totalFen)}（${hh(c.households)}）` })), t('按户类型应分合计', 'Total due by category')));
  out.push('</section>');

  // 五、分配明细（公示）: sheets of one printed page each; the signatures under the table's end.
  out.push(payoutSheets(rules, data, dist, { lang, signatures: signatureBlock(rules, lang) }));

  // Not posted: the 领款签收表 (SPEC §9.8, for the cash meeting) and the warnings, which may name a
  // household's debt or missing account; each on pages of their own after the posted ones.
  if (cash) out.push(signoffPage(rules, data, dist, lang));
  out.push(warningsSection(rules, data, dist, opts, lang));
  out.push('</body>');
  out.push('</html>');
  return out.join('\n') + '\n';
}

/**
 * The run's warnings, in a section marked as internal (not to be posted: a warning may name a
 * household's debt). Long digit runs masked, names too with `disclosure.mask_names`. Printed on a
 * page of its own, last; not printed at all when there is no warning.
 */
function warningsSection(rules: Rules, data: Dataset, dist: Distribution, opts: ReportOptions, lang: Lang): string {
  const t = L(lang);
  const warnings = opts.warnings ?? dist.warnings;
  const { maskNames } = disclosureOptions(rules);
  const masked = new Map<string, string>();
  if (maskNames) for (const h of data.households) if (Array.from(h.name).length >= 2) masked.set(h.name, maskName(h.name));
  const names = masked.size > 0 ? new RegExp([...masked.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : 1)).map(escapeRegExp).join('|'), 'g') : null;
  const out: string[] = [`<section id="warnings" class="internal${warnings.length === 0 ? ' empty' : ''}">`];
  out.push(`<h2>${esc(t('内部核对提示（不公示，请勿张贴）', 'For the office only: warnings (not to be posted)'))}</h2>`);
  if (warnings.length === 0) out.push(`<p>${esc(t('无。', 'None.'))}</p>`);
  else {
    out.push(`<p class="note">${esc(t(`${rules.name}：以下提示供会计和理事会核对，可能涉及个别农户的欠款或账号，不与公示表一起张贴。`, `${rules.name}: for the accountant and the board to check; a warning may concern one household’s debt or account, so it is not posted with the sheets.`))}</p>`);
    out.push('<ul class="warn">');
    for (const w of warnings) out.push(`<li><code>${esc(w.code)}</code> ${esc(publicMessage(w.message, names, masked))}</li>`);
    out.push('</ul>');
  }
  out.push('</section>');
  return out.join('\n');
}
