import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { formatFen } from '../../src/money/fen.js';
import { disclosureCsv, disclosureRows } from '../../src/render/disclosure.js';
import { csvText } from '../../src/render/csvWrite.js';
import { payoutsRows } from '../../src/render/payoutsSheet.js';
import { makeRun, PEOPLE } from './publishFixture.js';

const text = (b: Buffer) => b.toString('utf8').replace(/^\uFEFF/, '');
const lines = (b: Buffer) => text(b).split('\r\n').slice(0, -1);

describe('disclosure.csv (公示表)', () => {
  it('has one row per household in file order, then a 合计 row', () => {
    const { rules, data, dist } = makeRun();
    const l = lines(disclosureCsv(rules, data, dist, { lang: 'zh' }));
    expect(l[0]).toBe('户号,户主,村组,类别,身份证号,银行账号,工日,务工工资,土地租金,股数,保底分红,效益分红,兜底补差,应分合计,扣减,实发金额');
    expect(l.slice(1, 6).map((x) => x.split(',')[0])).toEqual(['H1', 'H2', 'H3', 'H4', 'H5']);
    expect(l[6].startsWith('合计,')).toBe(true);
    expect(l).toHaveLength(7);
  });

  it('masks ID numbers to 6 + 4 characters and accounts to their last 4, and keeps names by default', () => {
    const { rules, data, dist } = makeRun();
    const l = lines(disclosureCsv(rules, data, dist, { lang: 'zh' }));
    expect(l[1].split(',').slice(0, 6)).toEqual(['H1', '欧阳春花', '一组', '脱贫户', '522628********0011', '尾号0011']);
    expect(l[3].split(',').slice(0, 6)).toEqual(['H3', '李四', '一组', '脱贫户', '522628********0015', '']);
  });

  it('contains no whole ID number or bank account', () => {
    const { rules, data, dist } = makeRun();
    const csv = text(disclosureCsv(rules, data, dist, { lang: 'zh' }));
    for (const p of PEOPLE) {
      if (p.idNumber) expect(csv).not.toContain(p.idNumber);
      if (p.bankAccount) expect(csv).not.toContain(p.bankAccount);
    }
  });

  it('masks names when the rules say disclosure.mask_names: true', () => {
    const { rules, data, dist } = makeRun({ sections: { disclosure: { mask_names: true } } });
    const rows = disclosureRows(rules, data, dist, 'zh');
    expect(rows.slice(1, 6).map((r) => r[1])).toEqual(['欧**花', '<***********************>', '李*', '王*', '=*************)']);
  });

  it('takes every figure from the payouts sheet, so the two files cannot disagree', () => {
    const { rules, data, dist } = makeRun();
    const disc = disclosureRows(rules, data, dist, 'en');
    const pay = payoutsRows(rules, data, dist, 'en');
    const dh = disc[0] as string[];
    const ph = pay[0] as string[];
    for (const key of ['labor_days', 'wages', 'land_rent', 'share_units', 'guaranteed_dividend', 'performance_dividend', 'floor_topup', 'total', 'deductions', 'net_payable']) {
      for (let i = 1; i <= 5; i++) expect(disc[i][dh.indexOf(key)]).toEqual(pay[i][ph.indexOf(key)]);
    }
  });

  it('adds up every figure column in the 合计 row, equal to the distribution to the fen', () => {
    const { rules, data, dist } = makeRun();
    const rows = disclosureRows(rules, data, dist, 'en');
    const h = rows[0] as string[];
    const total = rows[rows.length - 1];
    expect(total[0]).toBe('Total');
    const at = (k: string) => total[h.indexOf(k)];
    expect(at('total')).toEqual({ num: formatFen(dist.totalFen) });
    expect(at('net_payable')).toEqual({ num: formatFen(dist.netPayableFen) });
    expect(at('floor_topup')).toEqual({ num: formatFen(dist.floorTopupFen) });
    expect(at('deductions')).toEqual({ num: formatFen(dist.deductionsFen) });
    expect(at('labor_days')).toEqual({ num: '45.50' });
    expect(at('share_units')).toEqual({ num: '4.2500' });
    expect(at('name')).toBe('');
  });

  it('guards text cells against formula injection and quotes commas', () => {
    const { rules, data, dist } = makeRun();
    const csv = text(disclosureCsv(rules, data, dist, { lang: 'zh' }));
    expect(csv).toContain(`H5,"'=HYPERLINK(""x"")",三组`);
    expect(csv).toContain('"二组, 上寨"');
    expect(csv).toContain(',-6000.00\r\n'); // a negative number is never altered
  });

  it('writes UTF-8 with a BOM by default and GB18030 without one on request', () => {
    const { rules, data, dist } = makeRun();
    const utf8 = disclosureCsv(rules, data, dist, { lang: 'zh' });
    expect([...utf8.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const gb = disclosureCsv(rules, data, dist, { lang: 'zh', encoding: 'gb18030' });
    expect(gb[0]).not.toBe(0xef);
    expect(iconv.decode(gb, 'gb18030')).toBe(csvText(disclosureRows(rules, data, dist, 'zh')));
  });

  it('has English headers with lang en', () => {
    const { rules, data, dist } = makeRun();
    const l = lines(disclosureCsv(rules, data, dist, { lang: 'en' }));
    expect(l[0]).toBe(
      'household_id,name,village,category,id_number,bank_account,labor_days,wages,land_rent,share_units,guaranteed_dividend,performance_dividend,floor_topup,total,deductions,net_payable',
    );
    expect(l[1]).toContain(',****0011,');
  });
});
