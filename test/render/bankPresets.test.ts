/**
 * bank.xlsx and the bank-file presets: the exact cells of each preset for the publishing fixture
 * (test/render/publishFixture.ts), every cell a text cell (amounts too, unless `amount: number`),
 * the 合计笔数 / 合计金额 lines equal to the rows below them, cash households never in the file,
 * and bank.csv unchanged when no new key is used.
 *
 * Fixture nets: H1 9880.57 (account) · H2 11085.87 (account; paid in cash below) · H3 −6000.00 ·
 * H4 1280.33 (no account) · H5 3148.94 (account, no ID number).
 */
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { formatFen } from '../../src/money/fen.js';
import { bankFile, bankRows } from '../../src/render/bank.js';
import { publishRunFiles } from '../../src/render/publishRunFiles.js';
import { checkBankFields } from '../../src/pipeline/checkBankFields.js';
import { Problems } from '../../src/problems.js';
import type { BankFileRules } from '../../src/rules/types.js';
import { makeRun, type Run } from './publishFixture.js';

/** The entries of a zip as written by src/render/zipWriter.ts (no data descriptors). */
function unzip(zip: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  let p = 0;
  while (zip.readUInt32LE(p) === 0x04034b50) {
    const method = zip.readUInt16LE(p + 8);
    const size = zip.readUInt32LE(p + 18);
    const nameLen = zip.readUInt16LE(p + 26);
    const extra = zip.readUInt16LE(p + 28);
    const name = zip.toString('ascii', p + 30, p + 30 + nameLen);
    const body = zip.subarray(p + 30 + nameLen + extra, p + 30 + nameLen + extra + size);
    out.set(name, (method === 8 ? zlib.inflateRawSync(body) : body).toString('utf8'));
    p += 30 + nameLen + extra + size;
  }
  return out;
}

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

interface Cell {
  ref: string;
  /** s: shared string (text), n: number, e: empty (style only). */
  t: 's' | 'n' | 'e';
  v: string;
  style: number;
}

/** The one sheet's rows, cell by cell, read from the XML itself. */
function sheetCells(xlsx: Buffer): { rows: Cell[][]; parts: Map<string, string> } {
  const parts = unzip(xlsx);
  const sst = [...parts.get('xl/sharedStrings.xml')!.matchAll(/<si><t(?: xml:space="preserve")?>(.*?)<\/t><\/si>/g)].map((m) => unescape(m[1]));
  const sheet = parts.get('xl/worksheets/sheet1.xml')!;
  const rows: Cell[][] = [];
  for (const r of sheet.matchAll(/<row r="(\d+)"(?:\/>|>(.*?)<\/row>)/g)) {
    expect(Number(r[1])).toBe(rows.length + 1);
    const cells: Cell[] = [];
    for (const c of (r[2] ?? '').matchAll(/<c r="([A-Z]+\d+)" s="(\d+)"( t="s")?(?:\/>|><v>([^<]*)<\/v><\/c>)/g)) {
      const t = c[4] === undefined ? 'e' : c[3] ? 's' : 'n';
      cells.push({ ref: c[1], t, v: t === 's' ? sst[Number(c[4])] : (c[4] ?? ''), style: Number(c[2]) });
    }
    rows.push(cells);
  }
  return { rows, parts };
}

/** The cells as the values a person sees: text as text, numbers as `{ n }`, empty as ''. */
function values(rows: Cell[][]): (string | { n: string })[][] {
  return rows.map((r) => r.map((c) => (c.t === 'n' ? { n: c.v } : c.v)));
}

const withBank = (bankFileRules: BankFileRules, opts: { cash?: string[]; preparedOn?: string } = {}): Run => {
  const run = makeRun({ cash: opts.cash ?? ['H2'], sections: { bankFile: bankFileRules } });
  if (opts.preparedOn) run.rules.preparedOn = opts.preparedOn;
  return run;
};

const NOTE = '2025年度收益分配';

describe('bank.xlsx presets: exact cells', () => {
  it('nongxin: 代发单位 / 合计笔数 / 合计金额 / 日期, then 序号 账号 户名 金额 备注, every cell text', () => {
    const run = withBank({ preset: 'nongxin', payer: '测试村股份经济合作社' }, { preparedOn: '2025-12-20' });
    const b = bankFile(run.rules, run.data, run.dist, 'zh');
    expect(b.name).toBe('bank.xlsx');
    const { rows, parts } = sheetCells(b.data);
    expect(values(rows)).toEqual([
      ['代发单位', '测试村股份经济合作社'],
      ['合计笔数', '2'],
      ['合计金额', '13029.51'],
      ['日期', '2025-12-20'],
      ['序号', '账号', '户名', '金额', '备注'],
      ['1', '6230520110001000011', '欧阳春花', '9880.57', NOTE],
      ['2', '6228480012345678', '=HYPERLINK("x")', '3148.94', NOTE],
    ]);
    // Text cells, styled `@` (cellXfs 1 = numFmtId 49); no formula anywhere; whole columns `@`.
    for (const c of rows.flat()) expect([c.t, c.style]).toEqual(['s', 1]);
    expect(parts.get('xl/styles.xml')).toContain('<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>');
    for (const xml of parts.values()) expect(xml).not.toMatch(/<f>|<f /);
    expect(parts.get('xl/worksheets/sheet1.xml')).toMatch(/<cols>(<col min="\d" max="\d" width="\d+" style="1" customWidth="1"\/>){5}<\/cols>/);
    expect(parts.get('xl/workbook.xml')).toContain('<sheet name="Sheet1" sheetId="1" r:id="rId1"/>');
    expect([...parts.keys()]).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/workbook.xml',
      'xl/_rels/workbook.xml.rels',
      'xl/styles.xml',
      'xl/sharedStrings.xml',
      'xl/worksheets/sheet1.xml',
    ]);
  });

  it('abc: 序号 姓名 账号 金额, a plain table, amounts as number cells formatted 0.00', () => {
    const run = withBank({ preset: 'abc' });
    const { rows, parts } = sheetCells(bankFile(run.rules, run.data, run.dist, 'zh').data);
    expect(values(rows)).toEqual([
      ['序号', '姓名', '账号', '金额'],
      ['1', '欧阳春花', '6230520110001000011', { n: '9880.57' }],
      ['2', '=HYPERLINK("x")', '6228480012345678', { n: '3148.94' }],
    ]);
    for (const c of rows.flat()) expect(c.style).toBe(c.t === 'n' ? 2 : 1);
    expect(parts.get('xl/styles.xml')).toContain('<xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>');
  });

  it('psbc: 合计笔数 / 合计金额, then 序号 户名 证件号码 账号 金额 备注; a missing ID number is an empty text cell', () => {
    const run = withBank({ preset: 'psbc' });
    const { rows } = sheetCells(bankFile(run.rules, run.data, run.dist, 'zh').data);
    expect(values(rows)).toEqual([
      ['合计笔数', '2'],
      ['合计金额', '13029.51'],
      ['序号', '户名', '证件号码', '账号', '金额', '备注'],
      ['1', '欧阳春花', '522628197003120011', '6230520110001000011', '9880.57', NOTE],
      ['2', '=HYPERLINK("x")', '', '6228480012345678', '3148.94', NOTE],
    ]);
    expect(rows[4][2]).toEqual({ ref: 'C5', t: 'e', v: '', style: 1 });
  });

  it('nongxin without payer or 制表日期 leaves those two cells empty (never a guess, never the clock)', () => {
    const run = withBank({ preset: 'nongxin' });
    const { rows } = sheetCells(bankFile(run.rules, run.data, run.dist, 'zh').data);
    expect(values(rows.slice(0, 4))).toEqual([
      ['代发单位', ''],
      ['合计笔数', '2'],
      ['合计金额', '13029.51'],
      ['日期', ''],
    ]);
  });
});

describe('bank.xlsx: what the bank adds up', () => {
  it('合计笔数 and 合计金额 are the rows below them, to the fen, and cash households are never in the file', () => {
    for (const cash of [[], ['H2'], ['H1', 'H5'], ['H1', 'H2', 'H3', 'H4', 'H5']]) {
      const run = withBank({ preset: 'psbc' }, { cash });
      const b = bankFile(run.rules, run.data, run.dist, 'zh');
      const { rows } = sheetCells(b.data);
      const body = rows.slice(3).map((r) => r.map((c) => c.v));
      const sum = body.reduce((s, r) => s + BigInt(r[4].replace('.', '')), 0n);
      expect(rows[0][1].v).toBe(String(body.length));
      expect(rows[1][1].v).toBe(formatFen(sum));
      expect(sum).toBe(b.totalFen);
      expect(b.households.map((i) => run.data.households[i].id)).toEqual(['H1', 'H2', 'H5'].filter((id) => !cash.includes(id)));
      const text = body.flat().join('|');
      for (const id of cash) {
        const h = run.data.households.find((x) => x.id === id)!;
        if (h.bankAccount) expect(text).not.toContain(h.bankAccount);
        expect(text).not.toContain(h.name);
      }
    }
  });

  it('with nobody paid through the bank: 0 payments of 0.00 and the header alone', () => {
    const run = withBank({ preset: 'nongxin' }, { cash: ['H1', 'H2', 'H5'] });
    const { rows } = sheetCells(bankFile(run.rules, run.data, run.dist, 'zh').data);
    expect(values(rows)).toEqual([['代发单位', ''], ['合计笔数', '0'], ['合计金额', '0.00'], ['日期', ''], ['序号', '账号', '户名', '金额', '备注']]);
  });

  it('adds up past 2^53 fen exactly (the bigint path)', () => {
    const run = withBank({ preset: 'nongxin', amount: 'number' });
    const big = 2n ** 60n;
    const d = run.dist;
    d.cols.wagesFen[0] += big;
    d.cols.totalFen[0] += big;
    d.cols.netFen[0] += big;
    d.wagesFen += big;
    d.totalFen += big;
    d.netPayableFen += big;
    const { rows } = sheetCells(bankFile(run.rules, run.data, run.dist, 'zh').data);
    expect(rows[2][1]).toMatchObject({ t: 'n', v: formatFen(d.cols.netFen[0] + d.cols.netFen[4]) });
    expect(rows[5][3]).toMatchObject({ t: 'n', v: formatFen(d.cols.netFen[0]) });
  });

  it('is the same bytes every time, stamped 31 December of the rules’ year', () => {
    const run = withBank({ preset: 'nongxin' });
    const a = bankFile(run.rules, run.data, run.dist, 'zh').data;
    expect(bankFile(run.rules, run.data, run.dist, 'zh').data.equals(a)).toBe(true);
    // MS-DOS date of the first local header: (2025 − 1980) << 9 | 12 << 5 | 31; time 0.
    expect([a.readUInt16LE(10), a.readUInt16LE(12)]).toEqual([0, (45 << 9) | (12 << 5) | 31]);
  });

  it('is what the run writes, as bank.xlsx with mode 0600, in place of bank.csv', async () => {
    const run = withBank({ preset: 'nongxin' });
    const files = await publishRunFiles(run.rules, run.data, run.dist, { lang: 'zh' });
    expect(files.filter((f) => f.name.startsWith('bank.')).map((f) => [f.name, f.mode])).toEqual([['bank.xlsx', 0o600]]);
    const plain = makeRun();
    const csv = await publishRunFiles(plain.rules, plain.data, plain.dist, { lang: 'zh' });
    expect(csv.filter((f) => f.name.startsWith('bank.')).map((f) => [f.name, f.mode])).toEqual([['bank.csv', 0o600]]);
  });

  it('takes a name holding the csv delimiter; a line break is still refused', () => {
    const check = (bankFileRules: BankFileRules, name: string) => {
      const run = withBank(bankFileRules);
      run.data.households[0].name = name;
      const p = new Problems();
      checkBankFields(run.rules, run.data, run.dist, 'households.csv', p);
      return p.errors.map((e) => [e.code, e.line]);
    };
    expect(check({ preset: 'nongxin' }, '欧阳,春花')).toEqual([]);
    expect(check({ format: 'xlsx', delimiter: '|' }, '欧阳|春花')).toEqual([]);
    expect(check({ preset: 'nongxin' }, '欧阳\n春花')).toEqual([['E_BAD_VALUE', 2]]);
    expect(check({}, '欧阳,春花')).toEqual([['E_BAD_VALUE', 2]]);
  });

  it('opens in exceljs with text cells, and numbers only where amount: number says so', async () => {
    for (const amount of ['text', 'number'] as const) {
      const run = withBank({ preset: 'nongxin', amount, sheet_name: '代发' });
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(bankFile(run.rules, run.data, run.dist, 'zh').data as unknown as ExcelJS.Buffer);
      expect(wb.worksheets.map((w) => w.name)).toEqual(['代发']);
      const ws = wb.worksheets[0];
      expect(ws.getCell('B6').value).toBe('6230520110001000011');
      expect(ws.getCell('B6').type).toBe(ExcelJS.ValueType.String);
      expect(ws.getCell('A6').value).toBe('1');
      const amountCell = ws.getCell('D6');
      if (amount === 'text') expect([amountCell.value, amountCell.type]).toEqual(['9880.57', ExcelJS.ValueType.String]);
      else expect([amountCell.value, amountCell.type, amountCell.numFmt]).toEqual([9880.57, ExcelJS.ValueType.Number, '0.00']);
      expect(ws.getCell('B3').value).toBe(amount === 'text' ? '13029.51' : 13029.51);
    }
  });
});

describe('bank.csv with the new keys', () => {
  const gb = (b: Buffer) => iconv.decode(b, 'gb18030');

  it('a preset as csv, with labels, summary lines and note of the rules’ own: exact bytes', () => {
    const run = withBank({
      preset: 'nongxin',
      format: 'csv',
      labels: { account: '卡号', total: '总金额' },
      summary_rows: ['count', 'total'],
      note: '2025年分红',
    });
    const b = bankFile(run.rules, run.data, run.dist, 'zh');
    expect(b.name).toBe('bank.csv');
    expect(gb(b.data)).toBe(
      '合计笔数,2\r\n总金额,13029.51\r\n序号,卡号,户名,金额,备注\r\n1,6230520110001000011,欧阳春花,9880.57,2025年分红\r\n2,6228480012345678,"\'=HYPERLINK(""x"")",3148.94,2025年分红\r\n',
    );
  });

  it('summary_rows: true without a preset, in English', () => {
    const run = withBank({ summary_rows: true, payer: 'Coop', encoding: 'utf8' }, { preparedOn: '2025-12-20' });
    expect(bankFile(run.rules, run.data, run.dist, 'en').data.toString('utf8')).toBe(
      'payer,Coop\r\ncount,2\r\ntotal,13029.51\r\ndate,2025-12-20\r\nseq,name,account,amount\r\n1,欧阳春花,6230520110001000011,9880.57\r\n2,"\'=HYPERLINK(""x"")",6228480012345678,3148.94\r\n',
    );
  });

  it('the keys at their defaults give bank.csv byte for byte as without them', () => {
    const plain = makeRun();
    const ref = bankFile(plain.rules, plain.data, plain.dist, 'zh').data;
    for (const k of [{ format: 'csv' }, { summary_rows: false }, { header: true }] as BankFileRules[]) {
      const run = makeRun({ sections: { bankFile: k } });
      expect(bankFile(run.rules, run.data, run.dist, 'zh').data.equals(ref)).toBe(true);
    }
    expect(gb(ref).split('\r\n')[0]).toBe('序号,户主,银行账号,金额');
  });

  it('bankRows gives the same cells, summary lines first', () => {
    const run = withBank({ preset: 'psbc' });
    const { rows, totalFen } = bankRows(run.rules, run.data, run.dist, 'zh');
    expect(rows.slice(0, 2)).toEqual([
      ['合计笔数', { num: '2' }],
      ['合计金额', { num: '13029.51' }],
    ]);
    expect(totalFen).toBe(run.dist.cols.netFen[0] + run.dist.cols.netFen[4]);
  });
});
