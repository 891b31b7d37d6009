import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyseRun } from '../../src/pipeline/analyseRun.js';
import { formatFen } from '../../src/money/fen.js';
import { bankFile, bankPayableTotalFen } from '../../src/render/bank.js';
import { publishRunFiles } from '../../src/render/publishRunFiles.js';
import { makeRun } from './publishFixture.js';

const JINPING = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/examples/jinping-2025');

describe('publishRunFiles', () => {
  it('returns disclosure.csv, bank.csv, payouts.xlsx and report.html, the files with whole accounts private', async () => {
    const { rules, data, dist } = makeRun();
    const files = await publishRunFiles(rules, data, dist, { lang: 'zh' });
    expect(files.map((f) => [f.name, f.mode])).toEqual([
      ['disclosure.csv', undefined],
      ['bank.csv', 0o600],
      ['payouts.xlsx', 0o600],
      ['report.html', undefined],
    ]);
    for (const f of files) expect(Buffer.isBuffer(f.data)).toBe(true);
  });

  it('gives byte-identical files for identical inputs', async () => {
    const a = makeRun();
    const b = makeRun();
    const fa = await publishRunFiles(a.rules, a.data, a.dist, { lang: 'zh' });
    const fb = await publishRunFiles(b.rules, b.data, b.dist, { lang: 'zh' });
    fa.forEach((f, k) => expect(f.data.equals(fb[k].data)).toBe(true));
  });

  it('writes disclosure.csv in GB18030 when asked', async () => {
    const { rules, data, dist } = makeRun();
    const files = await publishRunFiles(rules, data, dist, { lang: 'zh', encoding: 'gb18030' });
    expect(iconv.decode(files[0].data, 'gb18030').startsWith('户号,户主')).toBe(true);
  });
});

describe('the jinping-2025 example, end to end', () => {
  it('pays through the bank every positive net with an account, and reconciles to the example’s net payable', async () => {
    const run = await analyseRun(JINPING, { encoding: 'auto' });
    expect(run.problems.errors).toEqual([]);
    const rules = run.rules!;
    const data = run.data!;
    const dist = run.dist!;
    expect(formatFen(dist.netPayableFen)).toBe('53548.66');
    const bank = bankFile(rules, data, dist, 'zh');
    // TG005 has no account (3513.52), TG007 owes 500.00: 53548.66 − 3513.52 + 500.00.
    expect(formatFen(bank.totalFen)).toBe('50535.14');
    expect(bankPayableTotalFen(data, dist)).toBe(bank.totalFen);
    expect(bank.excluded.map((e) => [e.id, e.code])).toEqual([
      ['TG005', 'W_NO_ACCOUNT'],
      ['TG007', 'W_NEGATIVE_NET'],
    ]);
    const lines = iconv.decode(bank.data, 'gb18030').split('\r\n');
    expect(lines[1]).toBe('1,龙安富,6230520110001000011,11154.94');

    const files = await publishRunFiles(rules, data, dist, { lang: 'zh', warnings: run.warnings });
    const disclosure = files[0].data.toString('utf8');
    expect(disclosure).toContain('TG001,龙安富,铜鼓一组,脱贫户,522628********0011,尾号0011,');
    expect(disclosure).toMatch(/\r\n合计,.*,53548\.66\r\n$/);
    const html = files[3].data.toString('utf8');
    expect(html).not.toContain('522628197003120011');
    expect(html).not.toContain('6230520110001000011');
    expect(html).toContain('53,548.66');

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(files[2].data as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet('分配明细')!;
    const total = ws.getRow(8 + 3);
    expect(total.getCell(1).value).toBe('合计');
    expect(total.getCell(14).formula).toBe('SUM(N3:N10)');
    expect(total.getCell(14).result).toBe(53548.66);
    expect(ws.getRow(3).getCell(16).value).toBe('522628197003120011');
  });
});
