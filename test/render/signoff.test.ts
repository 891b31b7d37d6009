// SPEC §9.8: cash payment — signoff.csv (领款签收表), its workbook sheet and report page, bank.csv
// without the cash households, the payment line after a run and the `cash_total` check.
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { paymentLine } from '../../src/cli/commands/run.js';
import { formatFen } from '../../src/money/fen.js';
import { renderRunFiles } from '../../src/pipeline/renderRunFiles.js';
import { bankFile, bankPayableTotalFen } from '../../src/render/bank.js';
import { reportHtml, SIGNOFF_CSS } from '../../src/render/html.js';
import { paymentBreakdown } from '../../src/render/payments.js';
import { publishRunFiles } from '../../src/render/publishRunFiles.js';
import { signoffCsv, signoffTable, signoffTitle } from '../../src/render/signoff.js';
import { payoutsXlsx } from '../../src/render/xlsx.js';
import { makeDataset, makeDistribution, makeRules } from './fixture.js';
import { makeRun } from './publishFixture.js';

const BOM = '\uFEFF';

/** The hand-built run of fixture.ts with some households paid in cash. */
function handBuilt(cash: string[]) {
  const rules = makeRules();
  const data = makeDataset();
  data.households = data.households.map((h) => ({ ...h, payment: cash.includes(h.id) ? 'cash' : 'bank' }));
  return { rules, data, dist: makeDistribution() };
}

async function load(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  return wb;
}

describe('signoff.csv (领款签收表)', () => {
  // fixture.ts: H1 张三 一组 net 12163.11 (has an account), H2 =SUM(A1) "二组, 上寨" net 12810.89, H3 李四 net −500.00.
  // All three paid in cash: H3 owes and is not on the sheet; 12163.11 + 12810.89 = 24974.00.
  it('lists every cash household with a positive net, a 合计 in figures and 大写, then the signature line (bytes checked by hand)', () => {
    const { data, dist } = handBuilt(['H1', 'H2', 'H3']);
    const s = signoffCsv(data, dist, 'zh', 'utf8');
    expect(s.data.toString('utf8')).toBe(
      BOM +
        '序号,户号,户主,村组,实发金额,实发金额大写,领款人签名(手印),日期\r\n' +
        '1,H1,张三,一组,12163.11,壹万贰仟壹佰陆拾叁元壹角壹分,,\r\n' +
        "2,H2,'=SUM(A1),\"二组, 上寨\",12810.89,壹万贰仟捌佰壹拾元捌角玖分,,\r\n" +
        '合计,,,,24974.00,贰万肆仟玖佰柒拾肆元整,,\r\n' +
        ',,,,,,,\r\n' +
        '发放人：,,,监督人：,,,日期：,\r\n',
    );
    expect(s.households).toEqual([0, 1]);
    expect(s.totalFen).toBe(2497400n);
  });

  it('only cash households, in households.csv order; English headers with --lang en; GB18030 without BOM on request', () => {
    const { data, dist } = handBuilt(['H2']);
    const en = signoffCsv(data, dist, 'en', 'gb18030');
    expect(en.data.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);
    expect(iconv.decode(en.data, 'gb18030')).toBe(
      'seq,household_id,name,village,net_payable,net_payable_words,signature,date\r\n' +
        "1,H2,'=SUM(A1),\"二组, 上寨\",12810.89,壹万贰仟捌佰壹拾元捌角玖分,,\r\n" +
        'Total,,,,12810.89,壹万贰仟捌佰壹拾元捌角玖分,,\r\n' +
        ',,,,,,,\r\n' +
        'Paid out by:,,,Witnessed by:,,,Date:,\r\n',
    );
  });

  it('an empty list still gives the file, with 合计 0.00 零元整', () => {
    const { data, dist } = handBuilt(['H3']); // the only cash household owes money
    expect(signoffCsv(data, dist, 'zh', 'utf8').data.toString('utf8')).toBe(
      BOM + '序号,户号,户主,村组,实发金额,实发金额大写,领款人签名(手印),日期\r\n' + '合计,,,,0.00,零元整,,\r\n' + ',,,,,,,\r\n' + '发放人：,,,监督人：,,,日期：,\r\n',
    );
  });

  it('holds no ID number or account, and names whole even with disclosure.mask_names (as payouts.csv)', () => {
    const { data, dist } = makeRun({ cash: ['H1', 'H2', 'H4'], sections: { disclosure: { mask_names: true } } });
    const text = signoffCsv(data, dist, 'zh', 'utf8').data.toString('utf8');
    expect(text).toContain('欧阳春花');
    for (const h of data.households) {
      if (h.idNumber) expect(text).not.toContain(h.idNumber);
      if (h.bankAccount) expect(text).not.toContain(h.bankAccount);
    }
  });

  it('is published after bank.csv only when some household is paid in cash, encoded like payouts.csv', async () => {
    const plain = makeRun();
    expect((await publishRunFiles(plain.rules, plain.data, plain.dist, { lang: 'zh' })).map((f) => f.name)).toEqual(['disclosure.csv', 'bank.csv', 'payouts.xlsx', 'report.html']);
    const cash = makeRun({ cash: ['H1'] });
    const files = await publishRunFiles(cash.rules, cash.data, cash.dist, { lang: 'zh', encoding: 'gb18030' });
    expect(files.map((f) => f.name)).toEqual(['disclosure.csv', 'bank.csv', 'signoff.csv', 'payouts.xlsx', 'report.html']);
    const so = files.find((f) => f.name === 'signoff.csv')!;
    expect(so.data.equals(signoffCsv(cash.data, cash.dist, 'zh', 'gb18030').data)).toBe(true);
    const line = iconv.decode(so.data, 'gb18030').split('\r\n')[1];
    expect(line.startsWith(`1,H1,欧阳春花,一组,${formatFen(cash.dist.cols.netFen[0])},`)).toBe(true);
    expect(line.endsWith(',,')).toBe(true);
  });
});

describe('bank.csv and cash', () => {
  it('never holds a cash household, whatever its account; a bank household without account stays as it was', () => {
    const { rules, data, dist } = makeRun({ cash: ['H1'] }); // H1 has an account
    const b = bankFile(rules, data, dist, 'zh');
    expect(b.households).toEqual([1, 4]);
    expect(iconv.decode(b.data, 'gb18030')).not.toContain('欧阳春花');
    expect(b.excluded.map((e) => [e.id, e.code])).toEqual([
      ['H3', 'W_NEGATIVE_NET'],
      ['H4', 'W_NO_ACCOUNT'],
    ]);
    expect(b.cashFen).toBe(dist.cols.netFen[0]);
    expect(bankPayableTotalFen(data, dist)).toBe(b.totalFen);
    expect(b.warnings).toEqual([]);
  });

  it('a cash household without account gets no W_NO_ACCOUNT, from the engine or the bank file', () => {
    const { rules, data, dist } = makeRun({ cash: ['H4'] });
    expect(dist.warnings.map((w) => w.code)).toEqual(['W_NEGATIVE_NET']);
    const b = bankFile(rules, data, dist, 'zh');
    expect(b.excluded.map((e) => e.code)).toEqual(['W_NEGATIVE_NET']);
    expect(b.warnings).toEqual([]);
    dist.warnings = [];
    expect(bankFile(rules, data, dist, 'zh').warnings.map((w) => w.code)).toEqual(['W_NEGATIVE_NET']);
  });
});

describe('the payment line after a run', () => {
  it('keeps today’s exact text when no household is paid in cash', () => {
    const { data, dist } = makeRun();
    const n = dist.cols.netFen;
    expect(paymentLine(paymentBreakdown(data, dist))).toBe(
      `银行代发 3 笔 ${formatFen(n[0] + n[1] + n[4])} 元 (bank file: 3 payments) · 无账号待付 1 户 ${formatFen(n[3])} 元 (no account: pay in cash) · 欠款 1 户 ${formatFen(-n[2])} 元 (owed by households)`,
    );
  });

  it('with cash: 现金 counts the cash households and the bank households without account, and the three parts add up', () => {
    const { data, dist } = makeRun({ cash: ['H1', 'H3'] });
    const n = dist.cols.netFen;
    const p = paymentBreakdown(data, dist);
    expect(p.bank).toEqual({ count: 2, fen: n[1] + n[4] });
    expect(p.cash).toEqual({ count: 2, fen: n[0] + n[3] });
    expect(p.noAccount).toEqual({ count: 1, fen: n[3] });
    expect(p.owed).toEqual({ count: 1, fen: -n[2] });
    expect(p.bank.fen + p.cash.fen - p.owed.fen).toBe(dist.netPayableFen);
    expect(paymentLine(p)).toBe(
      `银行代发 2 笔 ${formatFen(n[1] + n[4])} 元 (bank file: 2 payments) · ` +
        `现金 2 户 ${formatFen(n[0] + n[3])} 元, 其中无账号 1 户 ${formatFen(n[3])} 元不在签收表上 (cash: 1 on signoff.csv, 1 bank household without an account) · ` +
        `欠款 1 户 ${formatFen(-n[2])} 元 (owed by households)`,
    );
    const all = makeRun({ cash: ['H4'] });
    expect(paymentLine(paymentBreakdown(all.data, all.dist))).toContain(`· 现金 1 户 ${formatFen(all.dist.cols.netFen[3])} 元 (cash: 1 on signoff.csv) ·`);
  });

  it('with cash households none of whom is owed money, still says 现金 0 户', () => {
    const { data, dist } = makeRun({ cash: ['H3'] });
    expect(paymentLine(paymentBreakdown(data, dist))).toContain(`· 现金 1 户 ${formatFen(dist.cols.netFen[3])} 元, 其中无账号 1 户`);
    const only = handBuilt(['H3']);
    only.data.households[1] = { ...only.data.households[1], bankAccount: '6200000000000000001' };
    expect(paymentLine(paymentBreakdown(only.data, only.dist))).toContain('· 现金 0 户 0.00 元 (cash: 0 on signoff.csv) ·');
  });
});

describe('summary.json checks: cash_total', () => {
  it('is last, only with cash, and its figures re-add to the net payable', async () => {
    const plain = makeRun();
    const a = await renderRunFiles(plain.rules, plain.data, plain.dist, [], { lang: 'zh', encoding: 'utf8' });
    expect(a.summary.checks.map((c) => c.name)).toEqual(['surplus_fully_allocated', 'households_equal_components', 'net_equals_total_less_deductions', 'bank_total_equals_positive_nets']);
    expect(a.files.map((f) => f.name)).not.toContain('signoff.csv');

    const { rules, data, dist } = makeRun({ cash: ['H1'] });
    const n = dist.cols.netFen;
    const r = await renderRunFiles(rules, data, dist, [], { lang: 'zh', encoding: 'utf8' });
    const last = r.summary.checks.at(-1)!;
    expect(last.name).toBe('cash_total');
    expect(last.ok).toBe(true);
    expect(last.figures).toEqual({
      bank_file_total: formatFen(n[1] + n[4]),
      cash_total: formatFen(n[0]),
      no_account: formatFen(n[3]),
      owed: formatFen(-n[2]),
      net_payable: formatFen(dist.netPayableFen),
    });
    const fen = (s: string) => BigInt(s.replace('.', ''));
    const f = last.figures;
    expect(fen(f.bank_file_total) + fen(f.cash_total) + fen(f.no_account) - fen(f.owed)).toBe(fen(f.net_payable));
    expect(r.summary.checks.find((c) => c.name === 'bank_total_equals_positive_nets')!.ok).toBe(true);
    // the signoff file's 合计 is the check's cash_total
    const so = r.files.find((x) => x.name === 'signoff.csv')!.data.toString('utf8');
    expect(so).toContain(`合计,,,,${f.cash_total},`);
    expect(r.files.map((x) => x.name)).toEqual(['payouts.csv', 'summary.json', 'waterfall.csv', 'disclosure.csv', 'bank.csv', 'signoff.csv', 'payouts.xlsx', 'report.html']);
  });
});

describe('payouts.xlsx: the 领款签收表 sheet', () => {
  it('is absent without cash households', async () => {
    const { rules, data, dist } = makeRun();
    expect((await load(await payoutsXlsx(rules, data, dist, 'zh'))).worksheets.map((w) => w.name)).toEqual(['收益分配表', '分配明细']);
  });

  it('holds the title, the header, the households, a SUM 合计 with 大写 and the signature line', async () => {
    const { rules, data, dist } = makeRun({ cash: ['H1', 'H2', 'H3', 'H4'] });
    const n = dist.cols.netFen;
    const wb = await load(await payoutsXlsx(rules, data, dist, 'zh'));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['收益分配表', '分配明细', '领款签收表']);
    const ws = wb.getWorksheet('领款签收表')!;
    expect(ws.getCell('A1').value).toBe(signoffTitle(rules, 'zh'));
    expect(ws.getCell('A1').value).toBe('测试村食用菌基地 2025年度收益分配 领款签收表');
    expect(ws.getRow(2).values).toEqual([undefined, '序号', '户号', '户主', '村组', '实发金额', '实发金额大写', '领款人签名(手印)', '日期']);
    const t = signoffTable(data, dist, { lang: 'zh' });
    const words = (k: number) => (k <= t.body.length ? t.body[k - 1][5] : t.total[5]);
    // H1, H2, H4 (H3 owes): rows 3–5
    const ids = ['H1', 'H2', 'H4'];
    const idx = [0, 1, 3];
    ids.forEach((id, k) => {
      const row = ws.getRow(3 + k);
      expect(row.getCell(1).value).toBe(k + 1);
      expect(row.getCell(2).value).toBe(id);
      expect(row.getCell(3).value).toBe(data.households[idx[k]].name);
      expect(row.getCell(4).value).toBe(data.households[idx[k]].village);
      expect(row.getCell(5).value).toBe(Number(formatFen(n[idx[k]])));
      expect(row.getCell(5).numFmt).toBe('#,##0.00');
      expect(row.getCell(6).value).toBe(words(1 + k));
      expect(row.getCell(7).value).toBe(null);
      expect(row.getCell(8).value).toBe(null);
      expect(row.height).toBeGreaterThanOrEqual(30);
    });
    const total = ws.getRow(6);
    expect(total.getCell(1).value).toBe('合计');
    expect(total.getCell(5).value).toEqual({ formula: 'SUM(E3:E5)', result: Number(formatFen(n[0] + n[1] + n[3])) });
    expect(total.getCell(6).value).toBe(words(4));
    const lines = ws.getRow(8);
    expect([lines.getCell(1).value, lines.getCell(4).value, lines.getCell(7).value]).toEqual(['发放人：', '监督人：', '日期：']);
    expect(ws.pageSetup.orientation).toBe('portrait');
    // no ID number or account on the sheet
    ws.eachRow((row) =>
      row.eachCell((c) => {
        for (const h of data.households) {
          if (h.idNumber) expect(String(c.value)).not.toContain(h.idNumber);
          if (h.bankAccount) expect(String(c.value)).not.toContain(h.bankAccount);
        }
      }),
    );
  });

  it('an empty list: 合计 0 and 零元整, named Sign-off in English', async () => {
    const { rules, data, dist } = makeRun({ cash: ['H3'] });
    const ws = (await load(await payoutsXlsx(rules, data, dist, 'en'))).getWorksheet('Sign-off')!;
    expect(ws.getRow(2).values).toEqual([undefined, 'seq', 'household_id', 'name', 'village', 'net_payable', 'net_payable_words', 'signature', 'date']);
    expect(ws.getRow(3).getCell(1).value).toBe('Total');
    expect(ws.getRow(3).getCell(5).value).toBe(0);
    expect(ws.getRow(3).getCell(6).value).toBe('零元整');
  });
});

describe('report.html: the sign-off page', () => {
  const page = (html: string) => /<section id="signoff">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? null;

  it('is absent, and the styles unchanged, without cash households', () => {
    const { rules, data, dist } = makeRun();
    const html = reportHtml(rules, data, dist, { lang: 'zh' });
    expect(page(html)).toBeNull();
    expect(html).not.toContain(SIGNOFF_CSS);
  });

  it('comes last, on a page of its own, with the title, the households, the 合计 with 大写 and the signature lines in the table’s last block', () => {
    const { rules, data, dist } = makeRun({ cash: ['H1', 'H2', 'H4', 'H5'] });
    const html = reportHtml(rules, data, dist, { lang: 'zh' });
    const p = page(html)!;
    expect(p).not.toBeNull();
    expect(html.indexOf('id="signoff"')).toBeGreaterThan(html.indexOf('id="signatures"'));
    expect(html).toContain(SIGNOFF_CSS);
    expect(SIGNOFF_CSS).toMatch(/#signoff\{break-before:page/);
    expect(SIGNOFF_CSS).toMatch(/tbody\.end\{break-inside:avoid\}/);
    expect(p).toContain(`<h1>${signoffTitle(rules, 'zh')}</h1>`);
    expect(p).toContain('2025年度');
    expect(p).toContain('<th>领款人签名(手印)</th>');
    // the script-like name is escaped; the four cash households, in order
    expect(p).toContain('&lt;script&gt;');
    expect(p).not.toContain('<script');
    const ids = [...p.matchAll(/<td>(H\d)<\/td>/g)].map((m) => m[1]);
    expect(ids).toEqual(['H1', 'H2', 'H4', 'H5']);
    // the last two households, the 合计 and the lines in one row group
    const end = /<tbody class="end">([\s\S]*?)<\/tbody>/.exec(p)![1];
    expect([...end.matchAll(/<td>(H\d)<\/td>/g)].map((m) => m[1])).toEqual(['H4', 'H5']);
    const n = dist.cols.netFen;
    const total = n[0] + n[1] + n[3] + n[4];
    const csv = signoffCsv(data, dist, 'zh', 'utf8').data.toString('utf8');
    const words = /合计,,,,[\d.]+,([^,]+),/.exec(csv)![1];
    expect(end).toMatch(new RegExp(`<tr class="total">.*${words}`));
    expect(end).toContain(formatFen(total).replace(/\B(?=(\d{3})+(?!\d))/g, ','));
    expect(end).toMatch(/<tr class="lines">.*发放人：.*监督人：.*日期：/);
    for (const h of data.households) {
      if (h.idNumber) expect(p).not.toContain(h.idNumber);
      if (h.bankAccount) expect(p).not.toContain(h.bankAccount);
    }
  });

  it('follows the report’s own masking of names (disclosure.mask_names)', () => {
    const { rules, data, dist } = makeRun({ cash: ['H1'], sections: { disclosure: { mask_names: true } } });
    const p = page(reportHtml(rules, data, dist, { lang: 'en' }))!;
    expect(p).toContain('欧**花');
    expect(p).not.toContain('欧阳春花');
    expect(p).toMatch(/Paid out by:.*Witnessed by:.*Date:/);
  });

  it('an empty list says so and still shows 合计 0.00 零元整', () => {
    const { rules, data, dist } = makeRun({ cash: ['H3'] });
    const p = page(reportHtml(rules, data, dist, { lang: 'zh' }))!;
    expect(p).toContain('没有以现金发放');
    expect(p).toMatch(/<tr class="total">.*0\.00.*零元整/);
  });
});
