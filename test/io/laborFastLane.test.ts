/**
 * The labor fast lane against the general reader: the same Dataset, the same problems (codes,
 * lines, columns, messages, order) and the same row counts, for files mixing plain rows with every
 * kind of row the lane must leave to the tokenizer, across 1 MiB chunk borders.
 */
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { laborFastLaneSwitch } from '../../src/io/laborFastLane.js';
import { laborPrefetchStats, laborPrefetchSwitch } from '../../src/io/laborPrefetch.js';
import { cleanupRuns, read, REVENUE, testRules } from './runDir.js';

afterAll(cleanupRuns);

const HH = 'household_id,name\nH1,甲\nH2,乙\nH0000003,丙\n户04,丁\nHé5,戊\nH 6,己\n上寨0000007,庚\n\uf9008,辛\n';

// CJK ids are taken by the lane; fullwidth forms, compatibility ideographs (NFKC changes them) and
// 4-byte characters are left to the general reader.
const ids = ['H1', 'H2', '"H2"', '"H 6"', '""', 'H0000003', '户04', 'Hé5', 'HX', '', ' H1', 'H1 ', 'h1', '上寨0000007', '上寨000000', '上寨0000007 ', 'Ｈ1', '户０4', '\uf9008', '\u8c488', '𠀀1', '户0', '户04\u3000'];
const days = ['1', '2.5', '"2.5"', '""', '"1"""', '0.25', '10', '0', '1.234', '-1', '1e3', '', ' 2', '"1,000.5"', '007.5', '999999999.99', '1000000000', '5.'];
const dates = ['', '2025-01-31', '"2025/3/15"', '""', '2025-02-29', '2024-06-01', '2025/01/01', ' 2025-03-01', '2025-13-01', '20250101', '2025/3/15', '2025.3.1', '2025-3-9', '2025年3月15日', '2025年2月29日', '2025/3/1 ', '２025/3/1', '2025/3-1'];
const jobs = ['', '采摘', '""', '"管护"', '"采""摘"', '管护', '挖地', ' 采摘', '采摘 ', '"采摘"'];
// Quoted workers are taken by the lane when the quotes enclose the whole field on one line.
const workers = ['张三', '', 'a"b', '"x,y"', '"多\n行"', '"引""号"', '""', '"尾"x', '"x" ', ' "x"', '"a\rb"', '"', '"x,""y"""'];

const row = fc
  .tuple(fc.constantFrom(...ids), fc.constantFrom(...dates), fc.constantFrom(...workers), fc.constantFrom(...jobs), fc.constantFrom(...days))
  .map((f) => f.join(','));
const line = fc.oneof(
  { weight: 12, arbitrary: row },
  { weight: 1, arbitrary: fc.constantFrom('', ',,,,', 'H1,2025-01-01,x,采摘', 'H1,2025-01-01,x,采摘,1,extra', ' ', '"H1",2025-01-01,x,,1') },
);
const eol = fc.constantFrom('\n', '\r\n', '\r');

/** The built worker (npm test builds first): the lane on a worker thread, replayed here (laborPrefetch.ts). */
const WORKER = new URL('../../dist/io/laborWorker.js', import.meta.url);

/** Reads with the lane on this thread, on the worker (any size of file), and off: the three must agree. */
async function both(files: Record<string, string | Buffer>, rules = testRules()) {
  laborFastLaneSwitch.enabled = true;
  const fast = await read(files, rules);
  const { minBytes, url } = laborPrefetchSwitch;
  Object.assign(laborPrefetchSwitch, { minBytes: 0, url: WORKER });
  const onWorker = await read(files, rules).finally(() => Object.assign(laborPrefetchSwitch, { minBytes, url }));
  laborFastLaneSwitch.enabled = false;
  const slow = await read(files, rules);
  laborFastLaneSwitch.enabled = true;
  const strip = (r: typeof fast) => ({
    problems: [...r.errors, ...r.warnings].map((p) => ({ ...p, file: p.file.replace(r.dir, '') })),
    laborDays: Array.from(r.ds.laborDays),
    byJob: [...r.ds.laborDaysByJob].map(([k, v]) => [k, Array.from(v)]),
    inputs: r.ds.inputs.map((i) => ({ ...i })),
  });
  expect(strip(fast)).toEqual(strip(slow));
  expect(strip(onWorker)).toEqual(strip(slow));
  return fast;
}

describe('labor fast lane', () => {
  it('reads plain rows as the general reader does', async () => {
    const r = await both({ 'households.csv': HH, 'revenue.csv': REVENUE, 'labor.csv': 'household_id,date,worker,job,days\nH1,2025-01-02,张三,采摘,2.5\nH2,,李四,,1\nH1,2025-03-04,,管护,0.25\n' });
    expect(r.errors).toEqual([]);
    expect(Array.from(r.ds.laborDays)).toEqual([275, 100, 0, 0, 0, 0, 0, 0]);
    expect([...r.ds.laborDaysByJob.keys()]).toEqual(['采摘', '', '管护']);
  });

  it('agrees with the general reader on any mix of rows, line ends and headers', async () => {
    const header = fc.constantFrom('household_id,date,worker,job,days', '户号,日期,务工人员,工种,天数', 'days,job,household_id,date,worker', 'household_id,date,worker,job,days,', 'household_id,date,worker,job,days,,', '\ufeffhousehold_id,date,worker,job,days');
    await fc.assert(
      fc.asyncProperty(header, fc.array(fc.tuple(line, eol, fc.constantFrom('', '', ',', ', ', ',x', ',,', ',,x')), { maxLength: 40 }), fc.boolean(), fc.boolean(), async (h, rows, finalEol, noDefault) => {
        const reorder = h.startsWith('days');
        // After a header ending in an empty cell (Excel's trailing `,`), rows with that column empty, blank or holding data.
        const body = rows.map(([l, e, tail]) => (reorder ? reorderRow(l) : l) + (h.endsWith(',') ? tail : '') + e).join('');
        const text = h + '\n' + (finalEol ? body : body.replace(/(\r\n|\n|\r)$/, ''));
        await both({ 'households.csv': HH, 'revenue.csv': REVENUE, 'labor.csv': text }, testRules({ defaultPerDay: noDefault ? null : '100' }));
      }),
      { numRuns: 150 },
    );
  });

  it('on a worker thread, replays its read exactly when every id it took is a household', async () => {
    // Only ids that are listed or that the lane leaves to the general reader: the worker's read is used.
    const known = ['H1', 'H2', '"H2"', '"户04"', 'H0000003', '户04', 'Hé5', '', ' H1', 'H1 ', '上寨0000007', 'Ｈ1', '\uf9008', '𠀀1', '户04\u3000'];
    const knownRow = fc
      .tuple(fc.constantFrom(...known), fc.constantFrom(...dates), fc.constantFrom(...workers), fc.constantFrom(...jobs), fc.constantFrom(...days))
      .map((f) => f.join(','));
    const before = laborPrefetchStats.replayed;
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(knownRow, eol), { maxLength: 40 }), fc.boolean(), fc.boolean(), async (rows, noDefault, gbk) => {
        runs++;
        const text = '务工记录\n户号,日期,务工人员,工种,天数\n' + rows.map(([l, e]) => l + e).join('');
        // In GBK (Excel's 「CSV (逗号分隔)」) too: auto detection reads it as GB18030, and so does the worker.
        await both({ 'households.csv': HH, 'revenue.csv': REVENUE, 'labor.csv': gbk ? iconv.encode(text, 'gb18030') : text }, testRules({ defaultPerDay: noDefault ? null : '100' }));
      }),
      { numRuns: 60 },
    );
    expect(laborPrefetchStats.replayed - before).toBe(runs);
    // An id the lane took that is not listed: the file is read here, and E_UNKNOWN_HOUSEHOLD is at its line.
    const fellBack = laborPrefetchStats.readHere;
    const r = await both({ 'households.csv': HH, 'revenue.csv': REVENUE, 'labor.csv': 'household_id,days\nH1,1\nHX,2\n' });
    expect(laborPrefetchStats.readHere - fellBack).toBe(1);
    expect(r.errors.map((p) => [p.line, p.code])).toEqual([[3, 'E_UNKNOWN_HOUSEHOLD']]);
    // A GBK file (auto-detected) is the worker's, read again as GB18030 after its first byte that is not UTF-8.
    const replayed = laborPrefetchStats.replayed;
    const gbk = iconv.encode('户号,工种,天数\n户04,采摘,1\nH1,管护,2\n', 'gb18030');
    const g = await both({ 'households.csv': HH, 'revenue.csv': REVENUE, 'labor.csv': gbk });
    expect(g.errors).toEqual([]);
    expect(g.ds.inputs.find((i) => i.file === 'labor.csv')?.encoding).toBe('gb18030');
    expect(laborPrefetchStats.replayed - replayed).toBe(1);
    // Forced to UTF-8, the same file's problem is this thread's to report; so is a BOM with bytes that are not UTF-8 after it.
    // A file with a broken UTF-8 tail is GB18030 to auto detection, and so to the worker.
    const { minBytes, url } = laborPrefetchSwitch;
    Object.assign(laborPrefetchSwitch, { minBytes: 0, url: WORKER });
    const forced = await read({ 'households.csv': HH, 'revenue.csv': REVENUE, 'labor.csv': gbk }, testRules(), { encoding: 'utf8' }).finally(() =>
      Object.assign(laborPrefetchSwitch, { minBytes, url }),
    );
    expect(forced.errors.map((p) => [p.line, p.code])).toEqual([[1, 'E_BAD_ENCODING']]);
    await both({ 'households.csv': HH, 'revenue.csv': REVENUE, 'labor.csv': Buffer.concat([Buffer.from('household_id,days\nH1,1\nH2,2\n'), Buffer.from([0xe6, 0x88])]) });
    await both({ 'households.csv': HH, 'revenue.csv': REVENUE, 'labor.csv': Buffer.concat([Buffer.from('\ufeffhousehold_id,days\nH1,1\n'), gbk]) });
    expect(laborPrefetchStats.readHere - fellBack).toBe(3);
    expect(laborPrefetchStats.replayed - replayed).toBe(2);
  });

  it('agrees across 1 MiB chunk borders, with CRLF and a last line without a line end', async () => {
    const plain = ['H1,2025-01-02,张三,采摘,2.5', 'H0000003,,李四,,1', '户04,2025-05-05,x,管护,3', 'H2,2025-01-02,"引号,逗号",采摘,1', 'HX,2025-01-02,y,采摘,1', 'H2,2025-02-30,z,,1'];
    let body = '';
    for (let i = 0; body.length < 2_500_000; i++) body += plain[i % plain.length] + (i % 7 === 0 ? '\r\n' : '\n');
    const r = await both({ 'households.csv': HH, 'revenue.csv': REVENUE, 'labor.csv': 'household_id,date,worker,job,days\r\n' + body + 'H1,,w,,1' });
    expect(r.errors.length).toBeGreaterThan(1000); // capped per code, the summaries included
  });

  it('leaves a labor file without a job column (and no default rate) to the general reader', async () => {
    await both({ 'households.csv': HH, 'revenue.csv': REVENUE, 'labor.csv': 'household_id,days\nH1,1\nH2,2\n' }, testRules({ defaultPerDay: null }));
    await both({ 'households.csv': HH, 'revenue.csv': REVENUE, 'labor.csv': 'household_id,days\nH1,1\nH2,2\n' });
  });

  it('agrees on a header with an empty cell, a GBK file and a file with a NUL', async () => {
    await both({ 'households.csv': HH, 'revenue.csv': REVENUE, 'labor.csv': 'household_id,,days,job\nH1,,1,采摘\nH2,x,2,\n' });
    const gbk = Buffer.from([...Buffer.from('household_id,days,job\nH1,1,'), 0xb2, 0xc9, 0xd5, 0xaa, 0x0a]); // 采摘 in GBK
    await both({ 'households.csv': HH, 'revenue.csv': REVENUE, 'labor.csv': gbk });
    await both({ 'households.csv': HH, 'revenue.csv': REVENUE, 'labor.csv': 'household_id,days,job\nH1,1,\nH2,\u0000,\n' });
  });

  it('reads a quoted job by what it says, not by its bytes, when a rate’s name has quotes', async () => {
    const rules = testRules();
    rules.wages.perDay.set('a""b', rules.wages.perDay.get('采摘')!);
    rules.wages.perDay.set('a"b', rules.wages.perDay.get('管护')!);
    const r = await both({ 'households.csv': HH, 'revenue.csv': REVENUE, 'labor.csv': 'household_id,job,days\n"H1","a""b",1\nH2,"a""""b",2\n' }, rules);
    expect([...r.ds.laborDaysByJob].map(([k, v]) => [k, v[0], v[1]])).toEqual([['a"b', 100, 0], ['a""b', 0, 200]]);
  });
});

/** A row written for the header `days,job,household_id,date,worker`. */
function reorderRow(l: string): string {
  const f = l.split(',');
  if (f.length !== 5) return l;
  const [id, date, worker, job, d] = f;
  return [d, job, id, date, worker].join(',');
}
