/**
 * The county-scale renderers (payouts.csv, disclosure.csv and bank.csv written row by row from the
 * Distribution) against the cell-by-cell renderers they replace: the same bytes, in every language,
 * encoding and bank_file layout, also for amounts beyond 2^53 fen (the bigint fallback).
 */
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { bankFile, bankRows } from '../../src/render/bank.js';
import { bankFileOptions } from '../../src/render/options.js';
import { disclosureCsv, disclosureRows } from '../../src/render/disclosure.js';
import { maskAccount, maskIdNumber, maskName } from '../../src/privacy/mask.js';
import { csvBytes, csvField, type Cell, type CsvEncoding } from '../../src/render/csvWrite.js';
import { payoutsCsv, payoutsRows, type Lang } from '../../src/render/payoutsSheet.js';
import { makeRun, type Run } from './publishFixture.js';

/** bank.csv as bankFile wrote it before it wrote row by row. */
function bankBytesRef(run: Run, lang: Lang): Buffer {
  const opts = bankFileOptions(run.rules);
  const { rows } = bankRows(run.rules, run.data, run.dist, lang, opts);
  const field = (cell: Cell) => {
    const f = csvField(cell);
    if (opts.delimiter === ',' || f.startsWith('"') || !f.includes(opts.delimiter)) return f;
    return '"' + f + '"';
  };
  let text = '';
  for (const row of rows) text += row.map(field).join(opts.delimiter) + '\r\n';
  return opts.encoding === 'gb18030' ? iconv.encode(text, 'gb18030', { addBOM: false }) : Buffer.from(text, 'utf8');
}

/** Adds `delta` fen to household h's wages, total and net, and to the Distribution's totals. */
function bump(run: Run, h: number, delta: bigint): void {
  const d = run.dist;
  d.cols.wagesFen[h] += delta;
  d.cols.totalFen[h] += delta;
  d.cols.netFen[h] += delta;
  d.wagesFen += delta;
  d.totalFen += delta;
  d.netPayableFen += delta;
}

function sameBytes(run: Run, lang: Lang, encoding: CsvEncoding): void {
  const { rules, data, dist } = run;
  expect(payoutsCsv(rules, data, dist, lang, encoding).equals(csvBytes(payoutsRows(rules, data, dist, lang), encoding))).toBe(true);
  expect(disclosureCsv(rules, data, dist, { lang, encoding }).equals(csvBytes(disclosureRows(rules, data, dist, lang), encoding))).toBe(true);
  expect(bankFile(rules, data, dist, lang).data.equals(bankBytesRef(run, lang))).toBe(true);
}

const LAYOUTS: NonNullable<Parameters<typeof makeRun>[0]>['sections'][] = [
  {},
  { disclosure: { mask_names: true } },
  { bankFile: { columns: ['seq', 'name', 'account', 'amount', 'id_number', 'household_id', 'note'], delimiter: '|', header: false, encoding: 'utf8' } },
  { bankFile: { delimiter: '\t' } },
];

describe('row-by-row renderers', () => {
  it('write the bytes of the cell renderers, in both languages and encodings and every layout', () => {
    for (const sections of LAYOUTS)
      for (const lang of ['zh', 'en'] as const)
        for (const encoding of ['utf8', 'gb18030'] as const) {
          const run = makeRun({ sections });
          run.data.households[0].name = '欧阳\t春花|𠀀';
          run.data.households[4].village = ' 三组,"上寨" ';
          sameBytes(run, lang, encoding);
        }
  });

  it('write amounts beyond 2^53 fen (and negative ones) exactly as the bigint formatting does', () => {
    for (const delta of [2n ** 53n, 2n ** 53n - 1n, 2n ** 62n, -(2n ** 53n) - 123n, 10n ** 17n + 5n]) {
      const run = makeRun();
      bump(run, 1, delta);
      bump(run, 2, -delta);
      sameBytes(run, 'zh', 'utf8');
    }
  });

  it('write any amounts exactly as the bigint formatting does', () => {
    const amount = fc.oneof(fc.bigInt({ min: -(10n ** 6n), max: 10n ** 6n }), fc.bigInt({ min: -(2n ** 60n), max: 2n ** 60n }));
    fc.assert(
      fc.property(fc.array(amount, { minLength: 5, maxLength: 5 }), (deltas) => {
        const run = makeRun();
        deltas.forEach((d, h) => bump(run, h, d));
        sameBytes(run, 'zh', 'utf8');
      }),
      { numRuns: 60 },
    );
  });
});

describe('masking fast path', () => {
  const refName = (name: string) => {
    const ch = Array.from(name);
    if (ch.length <= 1) return name;
    if (ch.length === 2) return ch[0] + '*';
    return ch[0] + '*'.repeat(ch.length - 2) + ch[ch.length - 1];
  };
  const refId = (id: string) => {
    const ch = Array.from(id);
    if (ch.length === 0) return '';
    if (ch.length <= 10) return '*'.repeat(ch.length);
    return ch.slice(0, 6).join('') + '*'.repeat(ch.length - 10) + ch.slice(-4).join('');
  };
  const refAccount = (a: string, lang: Lang) => {
    const ch = Array.from(a);
    if (ch.length === 0) return '';
    return (lang === 'en' ? '****' : '尾号') + (ch.length <= 4 ? '****' : ch.slice(-4).join(''));
  };
  it('masks exactly as counting code points does, surrogates included', () => {
    const s = fc.array(fc.constantFrom('a', '1', '王', '𠀀', '\ud800', '\udc00', 'X'), { maxLength: 22 }).map((a) => a.join(''));
    fc.assert(
      fc.property(s, (x) => maskName(x) === refName(x) && maskIdNumber(x) === refId(x) && maskAccount(x, 'zh') === refAccount(x, 'zh') && maskAccount(x, 'en') === refAccount(x, 'en')),
      { numRuns: 3000 },
    );
  });
});
