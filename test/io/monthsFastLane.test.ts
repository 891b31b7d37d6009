/**
 * The land.csv and shares.csv byte lane against the general reader: the same Dataset (every land
 * type's rented and invested columns, every class's units, in the same order), the same problems
 * (codes, lines, columns, messages, order) and the same row counts, for files mixing plain rows with
 * every kind of row the lane must leave to the tokenizer and the fold, across 1 MiB chunk borders.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { monthsFastLaneSwitch } from '../../src/io/monthsFastLane.js';
import { cleanupRuns, read, REVENUE, testRules } from './runDir.js';

afterAll(cleanupRuns);

const HH = 'household_id,name\nH1,甲\nH2,乙\nH0000003,丙\n户04,丁\nHé5,戊\nH 6,己\n上寨0000007,庚\n';

const ids = ['H1', 'H2', 'H0000003', '户04', '上寨0000007', 'Hé5', 'HX', '', ' H1', 'H1 ', 'h1', 'Ｈ1', '"H2"'];
const types = ['水田', '旱地', '林地', '', ' 水田', '水田 ', '"水田"', '水田\u3000'];
const areas = ['1', '2.5', '0.25', '6.9086', '1.23456', '0', '-1', '1e3', '', ' 2', '"1,000.5"', '007.5', '999999999.9999', '1000000000', '5.', '.5'];
const arrangements = ['rent', '流转', '出租', 'shares', '入股', 'Rent', 'SHARES', '', ' rent', '租', '"rent"'];
const months = ['', '1', '6', '12', '0', '13', '06', '6.0', ' 6', '１２', '"6"'];
const plots = ['P1', '', '"P,2"', '"多\n行"', 'a"b'];

const eol = fc.constantFrom('\n', '\r\n', '\r');

/** Mostly the first `plain` values (rows the lane takes), now and then any of them: most rows are plain, and every field is sometimes odd. */
const field = (values: string[], plain: number) => fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...values.slice(0, plain)) }, { weight: 1, arbitrary: fc.constantFrom(...values) });

/** Reads with the lane and without: the two must agree. */
async function both(files: Record<string, string | Buffer>, rules = testRules()) {
  monthsFastLaneSwitch.enabled = true;
  const fast = await read(files, rules);
  monthsFastLaneSwitch.enabled = false;
  const slow = await read(files, rules).finally(() => (monthsFastLaneSwitch.enabled = true));
  const strip = (r: typeof fast) => ({
    problems: [...r.errors, ...r.warnings].map((p) => ({ ...p, file: p.file.replace(r.dir, '') })),
    rent: [...r.ds.rentAreaMonths].map(([k, v]) => [k, Array.from(v)]),
    shares: [...r.ds.shareAreaMonths].map(([k, v]) => [k, Array.from(v)]),
    units: [...r.ds.unitsMonths].map(([k, v]) => [k, Array.from(v)]),
    inputs: r.ds.inputs.map((i) => ({ ...i })),
  });
  expect(strip(fast)).toEqual(strip(slow));
  return fast;
}

describe('land and shares fast lane', () => {
  it('reads plain rows as the land fold does', async () => {
    const r = await both({ 'households.csv': HH, 'revenue.csv': REVENUE, 'land.csv': 'household_id,plot_id,land_type,area_mu,arrangement,months\nH1,P0,水田,6.9086,rent,8\nH2,P1,旱地,2,入股,\n户04,,水田,0.5,流转,12\n' });
    expect(r.errors).toEqual([]);
    expect([...r.ds.rentAreaMonths.keys()]).toEqual(['水田']);
    expect(Array.from(r.ds.rentAreaMonths.get('水田')!).slice(0, 4)).toEqual([69086 * 8, 0, 0, 5000 * 12]);
    expect(Array.from(r.ds.shareAreaMonths.get('旱地')!).slice(0, 2)).toEqual([0, 20000 * 12]);
  });

  it('agrees with the land fold on any mix of rows, line ends, headers and rules', async () => {
    const header = fc.constantFrom(
      'household_id,plot_id,land_type,area_mu,arrangement,months',
      '户号,地块编号,地类,面积(亩),方式,月数',
      'months,arrangement,area_mu,land_type,plot_id,household_id',
      'household_id,plot_id,land_type,area_mu,arrangement',
      'household_id,plot_id,land_type,area_mu,arrangement,months,',
      'household_id,,plot_id,land_type,area_mu,arrangement,months,,',
      '\ufeff土地流转明细\nhousehold_id,plot_id,land_type,area_mu,arrangement,months',
    );
    const row = fc.tuple(field(ids, 5), field(plots, 3), field(types, 2), field(areas, 4), field(arrangements, 5), field(months, 4));
    const line = fc.oneof({ weight: 12, arbitrary: row.map((f) => f) }, { weight: 1, arbitrary: fc.constantFrom(['', '', '', '', '', ''], ['H1', 'P', '水田', '1', 'rent', '6', 'extra']) });
    await fc.assert(
      fc.asyncProperty(header, fc.array(fc.tuple(line, eol, fc.constantFrom('', '', ' ', 'x')), { maxLength: 40 }), fc.boolean(), fc.boolean(), async (h, rows, finalEol, landClass) => {
        const names = h.replace(/^.*\n/, '').replace(/^\ufeff/, '').split(',');
        const order = names.map((n) => ['household_id', 'plot_id', 'land_type', 'area_mu', 'arrangement', 'months'].indexOf(n));
        const zh = names[0] === '户号';
        const body = rows
          // Under a header cell left empty (Excel's trailing `,`): nothing, a blank or data.
          .map(([f, e, unnamed]) => (f.length === 6 ? (zh ? f : order.map((k) => (k < 0 ? unnamed : f[k]))).slice(0, names.length).join(',') : f.join(',')) + e)
          .join('');
        const text = h + '\n' + (finalEol ? body : body.replace(/(\r\n|\n|\r)$/, ''));
        await both({ 'households.csv': HH, 'revenue.csv': REVENUE, 'land.csv': text }, testRules({ landClass }));
      }),
      { numRuns: 200 },
    );
  });

  it('reads plain share rows as the shares fold does, and agrees with it on any mix of rows', async () => {
    const r = await both({ 'households.csv': HH, 'revenue.csv': REVENUE, 'shares.csv': 'household_id,class,units,months\nH1,fund,9.3,12\nH2,cash,1,\nH1,fund,0.5,6\n' });
    expect(r.errors).toEqual([]);
    expect([...r.ds.unitsMonths.keys()]).toEqual(['fund', 'cash']);
    expect(Array.from(r.ds.unitsMonths.get('fund')!).slice(0, 2)).toEqual([93000 * 12 + 5000 * 6, 0]);
    const classes = ['fund', 'cash', 'land', '', ' fund', 'Fund', 'stock', '"fund"', 'fund\u3000'];
    const header = fc.constantFrom('household_id,class,units,months', '户号,股份类别,股数,月数', 'household_id,class,units', 'units,months,class,household_id');
    const row = fc.tuple(field(ids, 5), field(classes, 3), field(areas, 4), field(months, 4));
    await fc.assert(
      fc.asyncProperty(header, fc.array(fc.tuple(row, eol), { maxLength: 40 }), fc.boolean(), async (h, rows, landClass) => {
        const names = h.split(',');
        const order = names.map((n) => ['household_id', 'class', 'units', 'months'].indexOf(n));
        const body = rows.map(([f, e]) => (names[0] === '户号' ? f : order.map((k) => f[k])).slice(0, names.length).join(',') + e).join('');
        await both({ 'households.csv': HH, 'revenue.csv': REVENUE, 'shares.csv': h + '\n' + body }, testRules({ landClass }));
      }),
      { numRuns: 150 },
    );
  });

  it('agrees across 1 MiB chunk borders, with CRLF, and a column made by the fold before the lane meets it', async () => {
    const plain = ['H1,P,旱地,2.5,出租,', 'H0000003,"P,1",水田,1,rent,6', '户04,,水田,0.25,入股,12', 'H2,,水田 ,1,rent,6', 'HX,,水田,1,rent,6', 'H2,,旱地,1,shares,0', 'Hé5,,旱地,3,shares,3'];
    let body = '';
    for (let i = 0; body.length < 2_500_000; i++) body += plain[i % plain.length] + (i % 7 === 0 ? '\r\n' : '\n');
    const r = await both({ 'households.csv': HH, 'revenue.csv': REVENUE, 'land.csv': 'household_id,plot_id,land_type,area_mu,arrangement,months\r\n' + body + 'H1,,水田,1,rent,1' });
    expect(r.errors.length).toBeGreaterThan(1000); // capped per code, the summaries included
    expect([...r.ds.rentAreaMonths.keys()]).toEqual(['旱地', '水田']);
  });
});
