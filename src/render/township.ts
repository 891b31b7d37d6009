import type { Lang } from './payoutsSheet.js';
import { escapeHtml as esc } from './html-escape.js';
import { pageStart } from './html.js';
import { barChartSvg, money, percentText } from './svg.js';

/**
 * township-report.html: one row and one bar per village of a batch (SPEC §7), self-contained
 * like report.html. A failed village is listed with its status and left out of the totals.
 */

export interface TownshipRow {
  /** The village's folder name under ROOT. */
  folder: string;
  /** The run's name from its rules ('' when they could not be read). */
  name: string;
  /** 'ok' for a run that was written; anything else (e.g. 'failed') is shown as it is. */
  status: string;
  householdCount: number;
  netPayableFen: bigint;
  incomeFen?: bigint;
  /** Income from a pooled project (pool.yaml), included in incomeFen. */
  pooledIncomeFen?: bigint;
  totalFen?: bigint;
  warnings?: number;
  errors?: number;
  /** Why a failed village failed (its first problem), shown in the report. */
  reason?: string;
}

export interface TownshipOptions {
  lang?: Lang;
  /** Page title; default 乡镇收益分配汇总 / Township summary. */
  title?: string;
  year?: number;
  /** The pooled project (pool.yaml), shown as its own section: each village's contribution and share. */
  pool?: { name: string; incomeFen: bigint; shares: { village: string; contribution: string; amountFen: bigint }[] };
  /** 制表日期 (rules `prepared_on` or `--date`), never the clock: reruns stay byte-identical. */
  preparedOn?: string;
}

const isOk = (r: TownshipRow) => r.status === 'ok';

export function townshipReportHtml(rows: readonly TownshipRow[], opts: TownshipOptions = {}): string {
  const lang = opts.lang ?? 'zh';
  const t = (zh: string, en: string) => (lang === 'en' ? en : zh);
  const title = opts.title ?? (opts.year !== undefined ? t(`${opts.year}年度 乡镇收益分配汇总`, `Township summary ${opts.year}`) : t('乡镇收益分配汇总', 'Township summary'));
  const ok = rows.filter(isOk);
  const sum = (f: (r: TownshipRow) => bigint | undefined) => ok.reduce((s, r) => s + (f(r) ?? 0n), 0n);
  const has = (f: (r: TownshipRow) => unknown) => rows.some((r) => f(r) !== undefined);
  const showIncome = has((r) => r.incomeFen);
  const showPooled = has((r) => r.pooledIncomeFen);
  const showTotal = has((r) => r.totalFen);
  const showWarn = has((r) => r.warnings);
  const netSum = sum((r) => r.netPayableFen);
  const status = (s: string) => (s === 'ok' ? t('完成', 'ok') : s === 'failed' ? t('失败', 'failed') : s);
  const m = (r: TownshipRow, v: bigint | undefined) => (isOk(r) && v !== undefined ? money(v) : '—');

  const header = [
    t('序号', '#'),
    t('村（目录）', 'folder'),
    t('名称', 'name'),
    t('状态', 'status'),
    t('户数', 'households'),
    ...(showIncome ? [t('收入', 'income')] : []),
    ...(showPooled ? [t('其中统筹项目收益', 'of which pooled')] : []),
    ...(showTotal ? [t('应分合计', 'total due')] : []),
    t('实发合计', 'net payable'),
    t('占比', 'share'),
    ...(showWarn ? [t('提示', 'warnings')] : []),
  ];

  const out: string[] = [];
  out.push(...pageStart(lang, title));
  out.push(`<header id="title"><h1>${esc(title)}</h1>`);
  const failed = rows.length - ok.length;
  out.push(
    `<p class="sub">${esc(
      t(`${rows.length}个村，完成${ok.length}个${failed ? `，失败${failed}个` : ''}；实发合计 ${money(netSum)} 元`, `${rows.length} villages, ${ok.length} done${failed ? `, ${failed} failed` : ''}; net payable ${money(netSum)}`),
    )}</p></header>`,
  );

  out.push('<section id="villages">');
  out.push(`<h2>${esc(t('一、各村汇总', '1. Villages'))}</h2>`);
  out.push('<table><thead><tr>' + header.map((h) => `<th>${esc(h)}</th>`).join('') + '</tr></thead><tbody>');
  rows.forEach((r, k) => {
    const cells = [
      `<td class="n">${k + 1}</td>`,
      `<td>${esc(r.folder)}</td>`,
      `<td>${esc(r.name)}</td>`,
      `<td${isOk(r) ? '' : ' class="neg"'}>${esc(status(r.status))}</td>`,
      `<td class="n">${isOk(r) ? r.householdCount : '—'}</td>`,
      ...(showIncome ? [`<td class="n">${esc(m(r, r.incomeFen))}</td>`] : []),
      ...(showPooled ? [`<td class="n">${esc(m(r, r.pooledIncomeFen))}</td>`] : []),
      ...(showTotal ? [`<td class="n">${esc(m(r, r.totalFen))}</td>`] : []),
      `<td class="n">${esc(m(r, r.netPayableFen))}</td>`,
      `<td class="n">${isOk(r) ? esc(percentText(r.netPayableFen, netSum)) : ''}</td>`,
      ...(showWarn ? [`<td class="n">${r.warnings ?? ''}</td>`] : []),
    ];
    out.push(`<tr>${cells.join('')}</tr>`);
  });
  out.push('</tbody>');
  const totalCells = [
    `<td></td>`,
    `<td>${esc(t('合计', 'Total'))}</td>`,
    `<td></td>`,
    `<td>${esc(t(`完成${ok.length}个`, `${ok.length} done`))}</td>`,
    `<td class="n">${ok.reduce((s, r) => s + r.householdCount, 0)}</td>`,
    ...(showIncome ? [`<td class="n">${esc(money(sum((r) => r.incomeFen)))}</td>`] : []),
    ...(showPooled ? [`<td class="n">${esc(money(sum((r) => r.pooledIncomeFen)))}</td>`] : []),
    ...(showTotal ? [`<td class="n">${esc(money(sum((r) => r.totalFen)))}</td>`] : []),
    `<td class="n">${esc(money(netSum))}</td>`,
    `<td class="n">${netSum > 0n ? '100.0%' : ''}</td>`,
    ...(showWarn ? [`<td class="n">${ok.reduce((s, r) => s + (r.warnings ?? 0), 0)}</td>`] : []),
  ];
  out.push(`<tfoot><tr class="total">${totalCells.join('')}</tr></tfoot></table>`);
  out.push('</section>');

  out.push('<section id="chart">');
  out.push(`<h2>${esc(t('二、各村实发合计', '2. Net payable by village'))}</h2>`);
  out.push(
    barChartSvg(
      rows.map((r) => ({
        label: r.folder,
        valueFen: isOk(r) ? r.netPayableFen : 0n,
        note: isOk(r) ? `${money(r.netPayableFen)}（${t(`${r.householdCount}户`, `${r.householdCount} hh`)}）` : status(r.status),
      })),
      t('各村实发合计', 'Net payable by village'),
    ),
  );
  out.push('</section>');

  let n = 3;
  const failedRows = rows.filter((r) => !isOk(r));
  if (failedRows.length > 0) {
    // The office must know what to ask each failed village to fix.
    out.push('<section id="failed">');
    out.push(`<h2>${esc(t(`${cn(n++)}、未完成的村及原因`, `${n - 1}. Villages not done, and why`))}</h2>`);
    out.push(`<table><thead><tr><th>${esc(t('村（目录）', 'folder'))}</th><th>${esc(t('原因', 'reason'))}</th></tr></thead><tbody>`);
    for (const r of failedRows) out.push(`<tr><td>${esc(r.folder)}</td><td>${esc(r.reason ?? status(r.status))}</td></tr>`);
    out.push('</tbody></table></section>');
  }
  if (opts.pool) {
    const p = opts.pool;
    out.push('<section id="pool">');
    out.push(`<h2>${esc(t(`${cn(n++)}、统筹项目收益分配：${p.name}`, `${n - 1}. Pooled project: ${p.name}`))}</h2>`);
    out.push(`<p>${esc(t(`项目收益 ${money(p.incomeFen)} 元，按各村出资比例分配（最大余数法，分毫不差）。`, `Project income ${money(p.incomeFen)}, split by contribution to the fen.`))}</p>`);
    out.push(`<table><thead><tr><th>${esc(t('村', 'village'))}</th><th>${esc(t('出资', 'contribution'))}</th><th>${esc(t('分得收益', 'share'))}</th></tr></thead><tbody>`);
    for (const s of p.shares) out.push(`<tr><td>${esc(s.village)}</td><td class="n">${esc(s.contribution)}</td><td class="n">${esc(money(s.amountFen))}</td></tr>`);
    const total = p.shares.reduce((a, s) => a + s.amountFen, 0n);
    out.push(`</tbody><tfoot><tr class="total"><td>${esc(t('合计', 'Total'))}</td><td></td><td class="n">${esc(money(total))}</td></tr></tfoot></table></section>`);
  }
  out.push('<section id="sign" class="sign">');
  if (opts.preparedOn) out.push(`<p>${esc(t(`制表日期：${opts.preparedOn}`, `Prepared on ${opts.preparedOn}`))}</p>`);
  out.push(`<p>${esc(t('制表人：__________　　审核人：__________　　乡镇（街道）负责人：__________　　日期：__________', 'Prepared by: ________   Checked by: ________   Township head: ________   Date: ________'))}</p>`);
  out.push('</section>');
  out.push('</body>');
  out.push('</html>');
  return out.join('\n') + '\n';
}

/** 三 四 五 … for section numbers. */
function cn(k: number): string {
  return '零一二三四五六七八九十'[k] ?? String(k);
}
