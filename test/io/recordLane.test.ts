/**
 * The record lane (recordLane.ts) against the tokenizer alone: households.csv and deductions.csv
 * files mixing plain lines with quoted fields, CR and CRLF, blank and ragged lines, title rows, a
 * BOM, non-ASCII text, GBK and bad values give the same Dataset, the same problems (codes, lines,
 * columns, messages, order) and the same row counts, across 1 MiB chunk borders.
 */
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { recordLaneSwitch } from '../../src/io/recordLane.js';
import { cleanupRuns, read, REVENUE, testRules } from './runDir.js';

afterAll(cleanupRuns);

const eol = fc.constantFrom('\n', '\r\n', '\r');
const ids = ['H1', 'H2', 'H3', 'H1', '户04', 'Ｈ5', '', ' H6', '"H7"', '"H,8"', '=1+1', '6.2305E+18'];
const names = ['张三', '李四', '', ' 王五 ', '"赵,六"', '"引""号"', 'a"b', '"多\n行"', 'Zoë', '𠀀'];
const accounts = ['6230520000000000001', '', '6.23052E+18', '6230 5200 0000', '"6230520000000000002"', '１２３'];
const categories = ['脱贫户', '一般户', '', '监测户 '];
const amounts = ['100', '-50.5', '1,000', '"1,000.00"', 'abc', '', '1e3', '¥20'];

/** Reads with the lane and with the tokenizer alone: the two must agree. */
async function both(files: Record<string, string | Buffer>) {
  recordLaneSwitch.enabled = true;
  const fast = await read(files, testRules());
  recordLaneSwitch.enabled = false;
  const slow = await read(files, testRules()).finally(() => (recordLaneSwitch.enabled = true));
  const strip = (r: typeof fast) => ({
    problems: [...r.errors, ...r.warnings].map((p) => ({ ...p, file: p.file.replace(r.dir, '') })),
    households: r.ds.households.map((h) => ({ ...h })),
    deductions: Array.from(r.ds.deductionsFen),
    inputs: r.ds.inputs.map((i) => ({ ...i })),
  });
  expect(strip(fast)).toEqual(strip(slow));
  return fast;
}

describe('record lane', () => {
  it('reads a plain roster as the tokenizer does', async () => {
    const r = await both({ 'households.csv': 'household_id,name,bank_account,category\nH1,张三,6230520000000000001,脱贫户\r\nH2,李四,,一般户\n', 'revenue.csv': REVENUE });
    expect(r.errors).toEqual([]);
    expect(r.ds.households.map((h) => [h.id, h.name, h.bankAccount, h.category, h.line])).toEqual([
      ['H1', '张三', '6230520000000000001', '脱贫户', 2],
      ['H2', '李四', '', '一般户', 3],
    ]);
  });

  it('agrees with the tokenizer on any mix of lines, line ends and headers', async () => {
    const row = fc.tuple(fc.constantFrom(...ids), fc.constantFrom(...names), fc.constantFrom(...accounts), fc.constantFrom(...categories)).map((f) => f.join(','));
    const odd = fc.constantFrom('', ',,,', 'H9,x', 'H9,x,1,一般户,extra', ' ', '"H10",名,,一般户');
    const header = fc.constantFrom('household_id,name,bank_account,category', '户号,户主姓名,银行账号,类别', '\ufeffhousehold_id,name,bank_account,category', '2025年成员名册\nhousehold_id,name,bank_account,category');
    const ded = fc.tuple(fc.constantFrom('H1', 'H2', 'HX', ''), fc.constantFrom(...amounts), fc.constantFrom('', '水费', '"a,b"')).map((f) => f.join(','));
    await fc.assert(
      fc.asyncProperty(header, fc.array(fc.tuple(fc.oneof({ weight: 8, arbitrary: row }, { weight: 1, arbitrary: odd }), eol), { maxLength: 30 }), fc.array(fc.tuple(ded, eol), { maxLength: 10 }), fc.boolean(), async (h, rows, deds, gbk) => {
        const households = h + '\n' + rows.map(([l, e]) => l + e).join('');
        const deductions = 'household_id,amount,note\n' + deds.map(([l, e]) => l + e).join('');
        // GBK (auto-detected): the decoded text reaches the lane as UTF-8 bytes.
        await both({ 'households.csv': gbk ? iconv.encode(households, 'gb18030') : households, 'revenue.csv': REVENUE, 'deductions.csv': deductions });
      }),
      { numRuns: 150 },
    );
  });

  it('agrees across 1 MiB chunk borders, with a last line without a line end', async () => {
    const plain = ['张三,6230520000000000001,脱贫户', '"李,四",,一般户', '王五,6.23052E+18,一般户', ',,', '赵六,1,监测户'];
    let body = '';
    for (let i = 0; body.length < 1_200_000; i++) body += `H${i},${plain[i % plain.length]}${i % 9 === 0 ? '\r\n' : '\n'}`;
    const r = await both({ 'households.csv': 'household_id,name,bank_account,category\n' + body + 'H1,重复,,一般户', 'revenue.csv': REVENUE });
    expect(r.ds.households.length).toBeGreaterThan(30_000);
    expect(r.errors.length).toBeGreaterThan(100);
    // In GBK the chunks end inside two-byte characters.
    const g = await both({ 'households.csv': iconv.encode('户号,户主姓名,银行账号,类别\r\n' + body, 'gb18030'), 'revenue.csv': REVENUE });
    expect(g.ds.inputs[0].encoding).toBe('gb18030');
    expect(g.ds.households.length).toBe(r.ds.households.length);
  });
});
