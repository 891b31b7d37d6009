import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { formatFen } from '../../src/money/fen.js';
import { bankFile, bankPayableTotalFen } from '../../src/render/bank.js';
import { makeRun } from './publishFixture.js';

const gbLines = (b: Buffer) => iconv.decode(b, 'gb18030').split('\r\n').slice(0, -1);

/** Σ of an amount column, in fen, parsed from the file's text (never through a float). */
function sumFen(amounts: string[]): bigint {
  return amounts.reduce((s, a) => {
    expect(a).toMatch(/^\d+\.\d{2}$/);
    return s + BigInt(a.replace('.', ''));
  }, 0n);
}

describe('bank.csv (代发文件)', () => {
  it('lists the households with a positive net and an account, with 序号 户主 银行账号 金额, in GB18030', () => {
    const { rules, data, dist } = makeRun();
    const b = bankFile(rules, data, dist, 'zh');
    const l = gbLines(b.data);
    expect(l[0]).toBe('序号,户主,银行账号,金额');
    expect(l.slice(1)).toEqual([
      `1,欧阳春花,6230520110001000011,${formatFen(dist.cols.netFen[0])}`,
      `2,<script>alert(1)</script>,6230520110001000029,${formatFen(dist.cols.netFen[1])}`,
      `3,"'=HYPERLINK(""x"")",6228480012345678,${formatFen(dist.cols.netFen[4])}`,
    ]);
    expect(b.households).toEqual([0, 1, 4]);
  });

  it('adds up to Σ positive nets with an account, to the fen, and reconciles with the net payable', () => {
    const { rules, data, dist } = makeRun();
    const b = bankFile(rules, data, dist, 'zh');
    const amounts = gbLines(b.data).slice(1).map((x) => x.split(',').at(-1) as string);
    const expected = dist.cols.netFen[0] + dist.cols.netFen[1] + dist.cols.netFen[4];
    expect(sumFen(amounts)).toBe(expected);
    expect(b.totalFen).toBe(expected);
    expect(bankPayableTotalFen(data, dist)).toBe(expected);
    const left = b.excluded.reduce((s, e) => s + e.netFen, 0n);
    expect(b.totalFen + left).toBe(dist.netPayableFen);
  });

  it('leaves out a negative net and a household owed money without an account, without repeating the engine’s warnings', () => {
    const { rules, data, dist } = makeRun();
    const b = bankFile(rules, data, dist, 'zh');
    expect(b.excluded.map((e) => [e.id, e.code])).toEqual([
      ['H3', 'W_NEGATIVE_NET'],
      ['H4', 'W_NO_ACCOUNT'],
    ]);
    expect(dist.warnings.map((w) => w.code)).toEqual(['W_NEGATIVE_NET', 'W_NO_ACCOUNT']);
    expect(b.warnings).toEqual([]);
  });

  it('supplies the two warnings itself when the distribution lacks them', () => {
    const { rules, data, dist } = makeRun();
    dist.warnings = [];
    const b = bankFile(rules, data, dist, 'zh');
    expect(b.warnings.map((w) => [w.code, w.place?.line])).toEqual([
      ['W_NEGATIVE_NET', 4],
      ['W_NO_ACCOUNT', 5],
    ]);
  });

  it('writes accounts as text exactly as given, never as numbers', () => {
    const { rules, data, dist } = makeRun();
    data.households[0].bankAccount = '00620000000000000001234';
    const l = gbLines(bankFile(rules, data, dist, 'zh').data);
    expect(l[1].split(',')[2]).toBe('00620000000000000001234');
  });

  it('follows bank_file: pipe delimiter, no header, UTF-8 without BOM, chosen columns', () => {
    const { rules, data, dist } = makeRun({
      sections: { bankFile: { columns: ['household_id', 'id_number', 'account', 'amount', 'note'], delimiter: '|', header: false, encoding: 'utf8' } },
    });
    const b = bankFile(rules, data, dist, 'zh');
    expect(b.data[0]).not.toBe(0xef);
    const l = b.data.toString('utf8').split('\r\n').slice(0, -1);
    expect(l).toEqual([
      `H1|522628197003120011|6230520110001000011|${formatFen(dist.cols.netFen[0])}|2025年度收益分配`,
      `H2|52262819850621002X|6230520110001000029|${formatFen(dist.cols.netFen[1])}|2025年度收益分配`,
      `H5||6228480012345678|${formatFen(dist.cols.netFen[4])}|2025年度收益分配`,
    ]);
  });

  it('separates fields with a tab when asked and quotes a field holding the delimiter', () => {
    const { rules, data, dist } = makeRun({ sections: { bankFile: { delimiter: '\t', encoding: 'utf8' } } });
    data.households[0].name = '欧阳\t春花';
    const l = bankFile(rules, data, dist, 'zh').data.toString('utf8').split('\r\n');
    expect(l[0]).toBe('序号\t户主\t银行账号\t金额');
    expect(l[1]).toBe(`1\t"欧阳\t春花"\t6230520110001000011\t${formatFen(dist.cols.netFen[0])}`);
    const p = makeRun({ sections: { bankFile: { delimiter: '|', encoding: 'utf8' } } });
    p.data.households[0].name = 'A|B';
    expect(bankFile(p.rules, p.data, p.dist, 'zh').data.toString('utf8').split('\r\n')[1]).toMatch(/^1\|"A\|B"\|/);
  });

  it('has English headers with lang en', () => {
    const { rules, data, dist } = makeRun({ sections: { bankFile: { columns: ['seq', 'name', 'account', 'amount', 'id_number', 'household_id', 'note'] } } });
    const b = bankFile(rules, data, dist, 'en');
    expect(gbLines(b.data)[0]).toBe('seq,name,account,amount,id_number,household_id,note');
    expect(gbLines(b.data)[1].endsWith(',H1,2025 distribution')).toBe(true);
  });

  it('is empty but for the header when nobody is paid through the bank', () => {
    const { rules, data, dist } = makeRun();
    for (const h of data.households) h.bankAccount = '';
    const b = bankFile(rules, data, dist, 'zh');
    expect(gbLines(b.data)).toEqual(['序号,户主,银行账号,金额']);
    expect(b.totalFen).toBe(0n);
  });
});
