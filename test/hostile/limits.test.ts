// Limits (issue): oversized fields, headers and amounts are E_TOO_LARGE at their place; YAML alias
// bombs and deep nesting in rules.yaml are E_BAD_RULES, quickly (no expansion, no deep recursion).

import { cpSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseRun } from '../../src/pipeline/analyseRun.js';
import type { Problem } from '../../src/problems.js';
import { tempDir } from '../helpers/cli.js';
import { MINI, runCli } from './helpers.js';

let root: string;
let n = 0;
beforeAll(() => {
  root = tempDir('coop-limits-');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A copy of fixtures/mini with some files replaced. */
function folder(files: Record<string, string | Buffer>): string {
  const dir = path.join(root, `f${n++}`);
  cpSync(MINI, dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return dir;
}

async function errorsOf(dir: string): Promise<{ errors: Problem[]; ms: number }> {
  const t0 = performance.now();
  const a = await analyseRun(dir, { encoding: 'auto' });
  return { errors: a.problems.errors, ms: performance.now() - t0 };
}

const place = (e: Problem) => `${path.basename(e.file)}:${e.line}:${e.column}: ${e.code}`;

const HOUSEHOLDS = 'household_id,name,village,id_number,bank_account,category\n';
const REVENUE = 'date,kind,category,amount,note\n';

describe('limits on CSV input', () => {
  it('a field over 64 KiB is E_TOO_LARGE at its line and column (unquoted, quoted, quoted over many lines)', async () => {
    const big = 'x'.repeat(64 * 1024 + 1);
    const cases: [string, string][] = [
      [`${HOUSEHOLDS}XZ001,${big},小寨一组,,,\nXZ002,吴小花,,,,\nXZ003,龙老岩,,,,\n`, 'households.csv:2:2: E_TOO_LARGE'],
      [`${HOUSEHOLDS}XZ001,杨再兴,"${big}",,,\nXZ002,吴小花,,,,\nXZ003,龙老岩,,,,\n`, 'households.csv:2:3: E_TOO_LARGE'],
      [`${HOUSEHOLDS}XZ001,杨再兴,,,,\nXZ002,吴小花,,,,"${'备注\n'.repeat(30_000)}"\nXZ003,龙老岩,,,,\n`, 'households.csv:3:6: E_TOO_LARGE'],
    ];
    for (const [text, expected] of cases) {
      const { errors, ms } = await errorsOf(folder({ 'households.csv': text }));
      expect(errors.map(place)).toContain(expected);
      expect(errors.every((e) => ['E_TOO_LARGE', 'E_UNKNOWN_HOUSEHOLD'].includes(e.code)), JSON.stringify(errors)).toBe(true);
      expect(ms).toBeLessThan(3000);
    }
    // exactly 64 KiB is still fine
    const { errors } = await errorsOf(folder({ 'households.csv': `${HOUSEHOLDS}XZ001,杨再兴,${'y'.repeat(64 * 1024)},,,\nXZ002,吴小花,,,,\nXZ003,龙老岩,,,,\n` }));
    expect(errors).toEqual([]);
  });

  it('a quote that never closes is one error at its start, whatever follows', async () => {
    const text = `${REVENUE}2025-05-31,income,茶叶销售,"120000\n` + '2025-06-01,expense,x,1,\n'.repeat(100_000);
    const { errors, ms } = await errorsOf(folder({ 'revenue.csv': text }));
    // (E_BAD_QUOTE: the field is over 64 KiB too, but the quote that never closes is the cause)
    expect(errors.map(place)).toEqual(['revenue.csv:2:4: E_BAD_QUOTE']);
    expect(ms).toBeLessThan(3000);
  });

  it('a header of thousands of columns is E_TOO_LARGE at the header; a row that wide is E_RAGGED_ROW', async () => {
    for (const width of [1001, 5000, 50_000]) {
      const header = ['household_id', 'name', ...Array.from({ length: width - 2 }, (_, i) => `c${i}`)].join(',');
      const { errors, ms } = await errorsOf(folder({ 'households.csv': `${header}\nXZ001,杨再兴\n` }));
      expect(errors.map(place)).toContain('households.csv:1:1001: E_TOO_LARGE');
      expect(ms).toBeLessThan(3000);
    }
    const wide = `${HOUSEHOLDS}XZ001,杨再兴,,,,${',x'.repeat(5000)}\nXZ002,吴小花,,,,\nXZ003,龙老岩,,,,\n`;
    const { errors } = await errorsOf(folder({ 'households.csv': wide }));
    // (XZ001 is then not a household, so the other files' rows for it are E_UNKNOWN_HOUSEHOLD)
    expect(errors.map(place).filter((p) => p.startsWith('households.csv'))).toEqual(['households.csv:2:7: E_RAGGED_ROW']);
    // 1000 columns are allowed (unknown ones are warnings)
    const header1000 = ['household_id', 'name', ...Array.from({ length: 998 }, (_, i) => `c${i}`)].join(',');
    const ok = await errorsOf(folder({ 'households.csv': `${header1000}\nXZ001,杨再兴${','.repeat(998)}\nXZ002,吴小花${','.repeat(998)}\nXZ003,龙老岩${','.repeat(998)}\n` }));
    expect(ok.errors).toEqual([]);
  });

  it('money beyond 10^12 元, and area/units/days/points beyond 10^9, are E_TOO_LARGE at their place', async () => {
    const revenue = (amount: string) => `${REVENUE}2025-05-31,income,茶叶销售,${amount},\n2025-12-31,expense,肥料,18000,\n`;
    for (const [amount, code] of [
      ['999999999999.99', null],
      ['1000000000000', null],
      ['"1,000,000,000,000.00"', null],
      ['1000000000000.01', 'E_TOO_LARGE'],
      ['"¥1,000,000,000,000.01"', 'E_TOO_LARGE'],
      ['10000000000000', 'E_TOO_LARGE'],
      ['99999999999999999999999999', 'E_TOO_LARGE'],
      ['9'.repeat(5000), 'E_TOO_LARGE'],
    ] as const) {
      const { errors } = await errorsOf(folder({ 'revenue.csv': revenue(amount) }));
      expect(errors.map(place), amount.slice(0, 30)).toEqual(code ? [`revenue.csv:2:4: ${code}`] : []);
    }
    const others: [string, string, string][] = [
      ['deductions.csv', 'household_id,kind,amount,note\nXZ002,已预支工资,1000000000000.01,\n', 'deductions.csv:2:3: E_TOO_LARGE'],
      ['land.csv', 'household_id,plot_id,land_type,area_mu,arrangement,months\nXZ002,P02,旱地,1000000000.0001,rent,12\n', 'land.csv:2:4: E_TOO_LARGE'],
      ['shares.csv', 'household_id,class,units,months\nXZ001,fund,1000000001,12\n', 'shares.csv:2:3: E_TOO_LARGE'],
      ['labor.csv', 'household_id,date,worker,job,days\nXZ001,2025-04-02,杨再兴,采茶,1000000000.01\n', 'labor.csv:2:5: E_TOO_LARGE'],
      ['points.csv', 'household_id,points\nXZ001,1000000000.0001\n', 'points.csv:2:2: E_TOO_LARGE'],
    ];
    for (const [file, text, expected] of others) {
      const { errors } = await errorsOf(folder({ [file]: text }));
      expect(errors.map(place), file).toEqual([expected]);
    }
  });

  it('sums beyond the exact range are E_TOO_LARGE, and huge but exact totals still reconcile', async () => {
    // 100 deductions of just under 10^12 元 for one household: 10^16 fen > 2^53
    const rows = Array.from({ length: 100 }, () => 'XZ002,已预支工资,999999999999.99,').join('\n');
    const { errors } = await errorsOf(folder({ 'deductions.csv': `household_id,kind,amount,note\n${rows}\n` }));
    expect(errors.map(place)).toEqual(['deductions.csv:0:0: E_TOO_LARGE']);

    // 3000 income lines of just under 10^12 元: a surplus of 3·10^15 元, exact in bigint fen
    const income = Array.from({ length: 3000 }, () => '2025-05-31,income,茶叶销售,999999999999.99,').join('\n');
    const dir = folder({ 'revenue.csv': `${REVENUE}${income}\n` });
    const r = await runCli(['run', dir, '--out', path.join(root, 'huge-out'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as { income: string; checks: { ok: boolean }[] };
    expect(s.income).toBe('2999999999999970.00');
    expect(s.checks.every((c) => c.ok)).toBe(true);
  });
});

describe('limits on rules.yaml (timed)', () => {
  const base = (extra: string) =>
    [
      'name: 小寨村茶园 2025年度收益分配',
      'year: 2025',
      'wages:',
      '  default_per_day: 100',
      'share_classes:',
      '  land: { guaranteed_per_unit: 200 }',
      '  fund: { guaranteed_per_unit: 60, weight: 1.5 }',
      'land:',
      '  rent_per_mu: { 旱地: 600 }',
      '  units_per_mu: { 茶园: 1.5 }',
      'distribution:',
      '  shares:',
      '    - { to: 公积金, percent: 20 }',
      '    - { to: members, percent: 80 }',
      'members:',
      '  - { basis: share_units, percent: 100 }',
      extra,
    ].join('\n') + '\n';

  const laughs = (() => {
    const lines = ['x:', '  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i <= 12; i++) lines.push(`  a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    return lines.join('\n');
  })();
  const mergeBomb = (() => {
    const lines = ['x:', '  m0: &m0 { k: v }'];
    for (let i = 1; i <= 20; i++) lines.push(`  m${i}: &m${i} { <<: [${Array(8).fill(`*m${i - 1}`).join(', ')}], k${i}: v }`);
    return lines.join('\n');
  })();
  const cases: [string, string][] = [
    ['a billion-laughs alias bomb', laughs],
    ['a merge-key (<<) alias bomb', mergeBomb],
    ['the bomb inside a known key', laughs.replace('x:', 'floors:')],
    ['deep flow nesting', 'x: ' + '['.repeat(200_000) + ']'.repeat(200_000)],
    ['deep flow maps', 'x: ' + '{a: '.repeat(5000) + '1' + '}'.repeat(5000)],
    ['deep block nesting', 'x:\n' + Array.from({ length: 500 }, (_, i) => ' '.repeat(i + 1) + `k${i}:`).join('\n') + ' 1'],
    ['deep sequence nesting', 'x:\n' + '- '.repeat(50_000) + 'y'],
    ['a rules file over 1 MiB', '# ' + 'x'.repeat(2 * 1024 * 1024)],
    ['a number with 100000 digits', 'year: 2025' + '0'.repeat(100_000)],
  ];

  for (const [what, extra] of cases) {
    it(`${what} is E_BAD_RULES at a place in rules.yaml, within a second or two`, async () => {
      const { errors, ms } = await errorsOf(folder({ 'rules.yaml': base(extra) }));
      const rules = errors.filter((e) => e.file.endsWith('rules.yaml'));
      expect(rules.length, JSON.stringify(errors).slice(0, 2000)).toBeGreaterThan(0);
      for (const e of rules) {
        expect(e.code).toBe('E_BAD_RULES');
        expect(Number.isInteger(e.line) && e.line >= 0 && Number.isInteger(e.column) && e.column >= 0).toBe(true);
        expect(e.message.length).toBeLessThan(2000);
      }
      // the parser must not expand aliases or recurse per level
      expect(ms).toBeLessThan(2000);
    });
  }

  it('end to end: the alias bomb and the deep nesting exit 1 with E_BAD_RULES lines, quickly', async () => {
    for (const [what, extra] of [cases[0], cases[3]]) {
      const dir = folder({ 'rules.yaml': base(extra) });
      const r = await runCli(['validate', dir]);
      expect(r.code, `${what}: ${r.stderr.slice(0, 2000)}`).toBe(1);
      expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+|internal error|内部错误/);
      expect(r.stderr).toMatch(new RegExp(`^${path.join(dir, 'rules.yaml').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: E_BAD_RULES: `, 'm'));
      // node's start-up included
      expect(r.ms, what).toBeLessThan(4000);
    }
  });
});

describe('--max-rows', () => {
  it('refuses an input file with more data rows than asked, at the first row over, and writes nothing', async () => {
    const { cli, errorPlaces, ROOT, tempDir } = await import('../helpers/cli.js');
    const { join } = await import('node:path');
    const { existsSync } = await import('node:fs');
    const demo = join(ROOT, 'fixtures', 'demo');
    const out = join(tempDir(), 'out');
    // labor.csv of the demo has 44 data rows; the 11th data row is the first over a limit of 10.
    const r = cli(['run', demo, '--out', out, '--max-rows', '10']);
    expect(r.code).toBe(1);
    const places = errorPlaces(r.stderr, demo).filter((p) => p.endsWith('E_TOO_LARGE'));
    expect(places.length).toBeGreaterThan(0);
    expect(existsSync(out)).toBe(false);
    // Within the limit it runs as usual; a malformed limit is a usage error.
    expect(cli(['run', demo, '--out', out, '--max-rows', '1000', '--quiet']).code).toBe(0);
    expect(cli(['validate', demo, '--max-rows', 'lots']).code).toBe(2);
    expect(cli(['validate', demo, '--max-rows', '0']).code).toBe(2);
  });
});
