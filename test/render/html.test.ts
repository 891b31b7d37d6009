import { describe, expect, it } from 'vitest';
import { formatFen } from '../../src/money/fen.js';
import { categoryTotals, flowSteps, reportHtml } from '../../src/render/html.js';
import { groupThousands } from '../../src/render/text.js';
import { histogram } from '../../src/render/svg.js';
import { townshipReportHtml, type TownshipRow } from '../../src/render/township.js';
import { waterfallRows } from '../../src/render/waterfallSheet.js';
import { makeRun, PEOPLE } from './publishFixture.js';

// In page order: the summary page, the detail, the 公示 sheets with the signatures, then what is not posted.
const SECTIONS = ['title', 'summary', 'brief', 'payments', 'waterfall', 'flow', 'histogram', 'categories', 'payouts', 'signatures', 'warnings'];

/** The text of one `<section id="…">`, up to its closing tag (sections do not nest). */
function section(html: string, id: string): string {
  const m = new RegExp(`<(section|header) id="${id}"[^>]*>([\\s\\S]*?)</\\1>`).exec(html);
  if (!m) throw new Error(`no section ${id}`);
  return m[2];
}

function expectSelfContained(html: string): void {
  expect(html).not.toMatch(/https?:/i);
  expect(html).not.toContain('//');
  expect(html).not.toMatch(/<script|<link|<img|<iframe|<object|<embed/i);
  expect(html).not.toMatch(/\b(src|href|xlink:href)\s*=/i);
  expect(html).not.toMatch(/url\(|@import/i);
}

describe('report.html', () => {
  it('has every section, in order, with the run’s name and year', () => {
    const { rules, data, dist } = makeRun();
    const html = reportHtml(rules, data, dist, { lang: 'zh' });
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    const at = SECTIONS.map((id) => html.indexOf(`id="${id}"`));
    expect(at.every((p) => p > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(html).toContain(`<h1>${rules.name}</h1>`);
    expect(section(html, 'title')).toContain('2025年度');
    expect(html.slice(html.indexOf('id="signatures"'))).toMatch(/^[^\n]*\n<div class="sign"><div>制表人：<\/div><div>审核人：<\/div><div>负责人：<\/div><div>日期：<\/div>/);
  });

  it('is self-contained: inline style and SVG, no script, no external reference of any kind', () => {
    const { rules, data, dist } = makeRun();
    const html = reportHtml(rules, data, dist, { lang: 'zh' });
    expectSelfContained(html);
    expect(html).toContain('<style>');
    expect(section(html, 'flow')).toContain('<svg');
    expect(section(html, 'histogram')).toContain('<svg');
    expect(html).toContain('@media print');
    expect(html).toContain('size:A4');
  });

  it('escapes every text, so a name cannot inject markup', () => {
    const { rules, data, dist } = makeRun();
    const html = reportHtml(rules, data, dist, { lang: 'zh' });
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
  });

  it('shows no whole ID number or bank account, only their masked forms', () => {
    const { rules, data, dist } = makeRun();
    dist.warnings.push({ code: 'W_NO_ACCOUNT', message: `账号 ${PEOPLE[0].bankAccount} / ${PEOPLE[1].idNumber}` });
    const html = reportHtml(rules, data, dist, { lang: 'zh' });
    for (const p of PEOPLE) {
      if (p.idNumber) expect(html).not.toContain(p.idNumber);
      if (p.bankAccount) expect(html).not.toContain(p.bankAccount);
    }
    expect(html).not.toMatch(/\d{10,}/);
    expect(section(html, 'payouts')).toContain('522628********0011');
    expect(section(html, 'payouts')).toContain('尾号0011');
  });

  it('holds the waterfall table’s every line and amount', () => {
    const { rules, data, dist } = makeRun();
    const wf = section(reportHtml(rules, data, dist, { lang: 'zh' }), 'waterfall');
    for (const r of waterfallRows(rules, data, dist, 'zh').slice(2)) {
      expect(wf).toContain(`>${r[0]}<`);
      if (typeof r[1] !== 'string') expect(wf).toContain(`>${groupThousands(r[1].num)}<`);
    }
  });

  it('draws where the money went, from income down to nothing', () => {
    const { rules, data, dist } = makeRun();
    const steps = flowSteps(rules, dist, 'zh');
    expect(steps.map((s) => s.label)).toEqual(['收入', '支出', '务工工资', '土地租金', '保底分红', '村集体', '公积金', '公益金', '企业', '成员效益分红', '兜底补差']);
    expect(steps.reduce((s, x) => s + x.deltaFen, 0n)).toBe(0n);
    const flow = section(reportHtml(rules, data, dist, { lang: 'zh' }), 'flow');
    expect(flow.match(/<rect /g)!.length).toBeGreaterThanOrEqual(steps.length);
    expect(flow).toContain(groupThousands(formatFen(dist.incomeFen)));
  });

  it('ends a loss year’s flow with the deficit', () => {
    const { rules, dist } = makeRun({ income: 20000_00n });
    const steps = flowSteps(rules, dist, 'en');
    expect(steps.at(-1)).toEqual({ label: 'Deficit', deltaFen: dist.deficitFen, kind: 'deficit' });
    expect(steps.reduce((s, x) => s + x.deltaFen, 0n)).toBe(0n);
  });

  it('bins the household totals into a histogram that counts every household once', () => {
    const { dist } = makeRun();
    const h = histogram(dist.cols.totalFen);
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(5);
    expect(h.counts.length).toBeLessThanOrEqual(10);
    expect(histogram(BigInt64Array.from([0n, 0n])).counts).toEqual([2]);
  });

  it('totals the households by category', () => {
    const { rules, data, dist } = makeRun();
    const cats = categoryTotals(data, dist);
    expect(cats.map((c) => [c.category, c.households])).toEqual([
      ['脱贫户', 2],
      ['一般户', 2],
      ['监测户', 1],
    ]);
    expect(cats.reduce((s, c) => s + c.totalFen, 0n)).toBe(dist.totalFen);
    const sec = section(reportHtml(rules, data, dist, { lang: 'zh' }), 'categories');
    expect(sec).toContain(groupThousands(formatFen(cats[0].totalFen)));
    expect(sec).toContain('合计');
  });

  it('lists the warnings in a section marked internal, with names masked when the rules ask for it', () => {
    const plain = makeRun();
    expect(section(reportHtml(plain.rules, plain.data, plain.dist, { lang: 'zh' }), 'warnings')).toContain('H4 王明');
    const masked = makeRun({ sections: { disclosure: { mask_names: true } } });
    const html = reportHtml(masked.rules, masked.data, masked.dist, { lang: 'zh' });
    expect(section(html, 'warnings')).toContain('H4 王*');
    expect(html).not.toContain('王明');
    expect(html).not.toContain('欧阳春花');
    expect(section(html, 'warnings')).toContain('W_NEGATIVE_NET');
    expect(html).toContain('<section id="warnings" class="internal">');
    expect(section(html, 'warnings')).toContain('不公示');
  });

  it('takes the run’s warnings when given', () => {
    const { rules, data, dist } = makeRun();
    const html = reportHtml(rules, data, dist, { lang: 'zh', warnings: [{ code: 'W_UNKNOWN_COLUMN', message: 'labor.csv: <备注2>' }] });
    expect(section(html, 'warnings')).toContain('W_UNKNOWN_COLUMN');
    expect(section(html, 'warnings')).toContain('&lt;备注2&gt;');
    expect(section(html, 'warnings')).not.toContain('W_NO_ACCOUNT');
  });

  it('is in English with lang en', () => {
    const { rules, data, dist } = makeRun();
    const html = reportHtml(rules, data, dist, { lang: 'en' });
    expect(html).toContain('<html lang="en">');
    expect(section(html, 'payouts')).toContain('<th>net payable</th>');
    expect(section(html, 'payouts')).toContain('****0011');
    expect(html).toContain('Prepared by:');
  });

  it('is the same text for the same inputs', () => {
    const a = makeRun();
    const b = makeRun();
    expect(reportHtml(a.rules, a.data, a.dist, { lang: 'zh' })).toBe(reportHtml(b.rules, b.data, b.dist, { lang: 'zh' }));
  });
});

describe('township report', () => {
  const rows: TownshipRow[] = [
    { folder: 'zaopo', name: '枣坡村 2025', status: 'ok', householdCount: 120, netPayableFen: 1234567_89n, incomeFen: 3000000_00n, pooledIncomeFen: 230400_00n },
    { folder: '杨<省>庄', name: '', status: 'failed', householdCount: 0, netPayableFen: 0n, errors: 3 },
    { folder: 'dongdulintuan', name: '东渡林屯', status: 'ok', householdCount: 80, netPayableFen: 765432_11n, incomeFen: 1000000_00n, pooledIncomeFen: 153600_00n },
  ];

  it('has a row and a bar per village, and totals over the villages that ran', () => {
    const html = townshipReportHtml(rows, { year: 2025 });
    expect(html).toContain('<h1>2025年度 乡镇收益分配汇总</h1>');
    const table = section(html, 'villages');
    expect(table.match(/<tr>/g)!.length).toBe(1 + rows.length);
    expect(table).toContain('杨&lt;省&gt;庄');
    expect(table).toContain('失败');
    expect(table).toContain(groupThousands(formatFen(1234567_89n + 765432_11n)));
    expect(table).toContain(groupThousands(formatFen(230400_00n + 153600_00n)));
    expect(table).toContain('<td class="n">200</td>');
    const chart = section(html, 'chart');
    expect(chart.match(/<rect /g)!.length).toBe(rows.length);
    expectSelfContained(html);
  });

  it('is in English with lang en', () => {
    const html = townshipReportHtml(rows, { lang: 'en' });
    expect(html).toContain('<h1>Township summary</h1>');
    expect(html).toContain('failed');
  });
});
