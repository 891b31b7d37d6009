// Proves the oracle: it must reproduce every shared worked example exactly, key for key.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  computeReference,
  computeReferenceFull,
  Dec,
  largestRemainderSplit,
  OracleStop,
  parseDate,
  rmbUppercase,
  roundToFen,
} from './reference.js';

const examplesDir = fileURLToPath(new URL('../../fixtures/examples/', import.meta.url));
const examples = existsSync(examplesDir)
  ? readdirSync(examplesDir)
      .filter((d) => existsSync(join(examplesDir, d, 'expected.json')))
      .sort()
  : [];

describe('oracle reproduces fixtures/examples/*/expected.json', () => {
  it('finds the shared examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(2);
  });
  for (const ex of examples) {
    it(ex, () => {
      const dir = join(examplesDir, ex);
      const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));
      const got = computeReference(dir);
      expect(got).toStrictEqual(expected);
      // Same household order as the expected file (and so as households.csv).
      expect(Object.keys(got.payouts)).toEqual(Object.keys(expected.payouts));
    });
  }
});

describe('oracle building blocks', () => {
  it('人民币大写: the SPEC §6 examples', () => {
    const cases: [number, string][] = [
      [140950, '壹仟肆佰零玖元伍角'],
      [600714, '陆仟零柒元壹角肆分'],
      [1640902, '壹万陆仟肆佰零玖元零贰分'],
      [168032, '壹仟陆佰捌拾元叁角贰分'],
      [10700053, '壹拾万柒仟元伍角叁分'],
      [100500, '壹仟零伍元整'],
      [10001000000, '壹亿零壹万元整'],
      [5, '伍分'],
      [-50000, '负伍佰元整'],
      [0, '零元整'],
    ];
    for (const [fen, words] of cases) expect(rmbUppercase(fen), String(fen)).toBe(words);
  });

  it('人民币大写: more places', () => {
    const cases: [number, string][] = [
      [1000, '壹拾元整'],
      [1500, '壹拾伍元整'],
      [50, '伍角'],
      [55, '伍角伍分'],
      [1005, '壹拾元零伍分'],
      [1050, '壹拾元伍角'],
      [10000000, '壹拾万元整'],
      [10010000, '壹拾万零壹佰元整'],
      [100000100, '壹佰万零壹元整'],
      [200000000000, '贰拾亿元整'],
      [200000000100, '贰拾亿零壹元整'],
      [1100001000, '壹仟壹佰万零壹拾元整'],
      [1010101000, '壹仟零壹拾万壹仟零壹拾元整'],
      [1001000, '壹万零壹拾元整'],
      [1010000, '壹万零壹佰元整'],
      [-1, '负壹分'],
    ];
    for (const [fen, words] of cases) expect(rmbUppercase(fen), String(fen)).toBe(words);
  });

  it('split: largest remainder, ties to the earlier part, zero weight gets nothing', () => {
    const d = (xs: (number | string)[]) => xs.map((x) => new Dec(x));
    const s = (a: number, w: (number | string)[]) => largestRemainderSplit(new Dec(a), d(w)).map((x) => x.toNumber());
    expect(s(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(s(2, [1, 1, 1])).toEqual([1, 1, 0]);
    expect(s(10, [0, 1, 0, 1])).toEqual([0, 5, 0, 5]);
    expect(s(7, [1, 0, 2])).toEqual([2, 0, 5]);
    expect(s(1, [1, 2])).toEqual([0, 1]);
    expect(s(0, [0, 0])).toEqual([0, 0]);
    expect(s(3, ['0.5', '0.25', '0.25'])).toEqual([1, 1, 1]);
    expect(s(1, ['0.5', '0.25', '0.25'])).toEqual([1, 0, 0]);
    expect(s(2, ['0.5', '0.25', '0.25'])).toEqual([1, 1, 0]);
    expect(() => s(1, [0, 0])).toThrow();
  });

  it('round: half up to the fen', () => {
    expect(roundToFen(new Dec('0.005')).toNumber()).toBe(1);
    expect(roundToFen(new Dec('0.0049999')).toNumber()).toBe(0);
    expect(roundToFen(new Dec('12.345')).toNumber()).toBe(1235);
  });
});

// ---------------------------------------------------------------------------------------------
// SPEC §9, hand-computed. Each case is a tiny run folder written to a temp dir; the expected
// figures are worked out by hand in the comment above each expectation.

const tmpRoot = mkdtempSync(join(tmpdir(), 'oracle-s9-'));
afterAll(() => rmSync(tmpRoot, { recursive: true, force: true }));
let folderCount = 0;

/** Writes a run folder: `rules` is rules.yaml, every other key `<key>.csv`. */
function folder(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpRoot, `run${++folderCount}-`));
  for (const [k, text] of Object.entries(files)) {
    writeFileSync(join(d, k === 'rules' ? 'rules.yaml' : `${k}.csv`), text.replace(/^\n/, ''));
  }
  return d;
}

const rulesHead = (name: string) => `name: ${name}\nyear: 2025\n`;
const income = (yuan: string, expense?: string) =>
  `kind,amount\nincome,${yuan}\n` + (expense ? `expense,${expense}\n` : '');

/** The stop the CLI must fail with. */
function stopOf(dir: string): OracleStop {
  try {
    computeReferenceFull(dir);
  } catch (e) {
    if (e instanceof OracleStop) return e;
    throw e;
  }
  throw new Error('expected an OracleStop');
}

const perf = (r: ReturnType<typeof computeReferenceFull>) =>
  Object.fromEntries(Object.entries(r.expected.payouts).map(([id, p]) => [id, p.performance_dividend]));

describe('§9.3 declared rates', () => {
  // 每人 58 元: S = 796.01; 村集体 takes its fixed 100.00; D = 696.01 → members 100 % → M = P_b = 696.01.
  // pay = 7×58 = 406.00, 3×58 = 174.00, 2×58 = 116.00; Σ = 696.00; r = 0.01 → 村集体 100.01.
  const perPerson = (rate: string) =>
    folder({
      rules:
        rulesHead('每人58元') +
        `distribution:
  fixed:
    - { to: 村集体, amount: 100 }
  shares:
    - { to: members, percent: 100 }
members:
  - { basis: persons, percent: 100, rate: ${rate}, remainder_to: 村集体 }
`,
      households: 'household_id,name,人数\nH1,张三,7\nH2,李四,3\nH3,王五,2\n',
      revenue: income('796.01'),
    });

  it('每人 58 元: a 7-person household gets 406.00, the odd fen goes to the remainder entry', () => {
    const r = computeReferenceFull(perPerson('58'));
    const s = r.expected.summary;
    expect(perf(r)).toEqual({ H1: '406.00', H2: '174.00', H3: '116.00' });
    expect(r.expected.payouts.H1.persons).toBe('7');
    expect(r.expected.payouts.H3.persons).toBe('2');
    expect(s.members_pool).toBe('696.01');
    expect(s.bases).toStrictEqual([{ basis: 'persons', amount: '696.00', rate: '58', remainder_to: '村集体', remainder: '0.01' }]);
    expect(s.allocations).toStrictEqual([
      { to: '村集体', amount: '100.01', floor_topups: '0.00', retained: '100.01', members_remainder: '0.01' },
    ]);
    expect(s.performance_dividend).toBe('696.00');
    expect(s.total).toBe('696.00');
    expect(s.warnings).toEqual([]);
    expect('holders' in s || 'coop_law' in s || 'opening_retained' in s).toBe(false);
  });

  it('E_RATE_TOO_HIGH: 每人 100 元 needs 1200.00, the part and 村集体 hold 796.01; highest 0.01 rate is 66.33', () => {
    // 66.33: 464.31 + 198.99 + 132.66 = 795.96 ≤ 796.01; 66.34: 464.38 + 199.02 + 132.68 = 796.08 > 796.01.
    const e = stopOf(perPerson('100'));
    expect(e).toBeInstanceOf(Error);
    expect(e.code).toBe('E_RATE_TOO_HIGH');
    expect(e.message).toContain('66.33');
    // 66 元 still fits: 792.00 = 696.01 + 95.99 taken back from 村集体 (100.00 → 4.01).
    const ok = computeReferenceFull(perPerson('66')).expected.summary;
    expect(ok.bases[0]).toStrictEqual({ basis: 'persons', amount: '792.00', rate: '66', remainder_to: '村集体', remainder: '-95.99' });
    expect(ok.allocations[0]).toStrictEqual({
      to: '村集体',
      amount: '4.01',
      floor_topups: '0.00',
      retained: '4.01',
      members_remainder: '-95.99',
    });
  });

  it('每亩 30 元 on land invested as shares (1 股 per 亩), months counted', () => {
    // S = 1000.00 → 公积金 500.00, M = 500.00. Weights: H1 2.5 亩 × 12/12 = 2.5; H2 1.3 亩 × 7/12 = 0.758333…
    // pay: 30 × 2.5 = 75.00; 30 × 1.3 × 7 / 12 = 273/12 = 22.75. Σ 97.75; r = 402.25 → 公积金 902.25.
    const dir = folder({
      rules:
        rulesHead('每亩30元') +
        `land:
  units_per_mu: { 水田: 1 }
share_classes:
  land: { guaranteed_per_unit: 0, weight: 1 }
distribution:
  shares:
    - { to: 公积金, percent: 50 }
    - { to: members, percent: 50 }
members:
  - { basis: share_units, percent: 100, rate: 30, remainder_to: 公积金 }
`,
      households: 'household_id,name\nH1,张三\nH2,李四\n',
      land: 'household_id,land_type,area_mu,arrangement,months\nH1,水田,2.5,入股,\nH2,水田,1.3,入股,7\n',
      revenue: income('1000'),
    });
    const r = computeReferenceFull(dir);
    expect(perf(r)).toEqual({ H1: '75.00', H2: '22.75' });
    expect(r.expected.payouts.H2.share_units).toBe('0.7583');
    expect(r.expected.summary.bases).toStrictEqual([
      { basis: 'share_units', amount: '97.75', rate: '30', remainder_to: '公积金', remainder: '402.25' },
    ]);
    expect(r.expected.summary.allocations[0]).toMatchObject({ to: '公积金', amount: '902.25', members_remainder: '402.25' });
    expect('persons' in r.expected.payouts.H1).toBe(false);
  });

  // rate_step: 3 households per_household; M = 1000.80 → P_b / Σw = 333.6.
  const stepped = (fixed: string, step: string, inc: string) =>
    folder({
      rules:
        rulesHead('每户') +
        `distribution:
  fixed:
    - { to: 村集体, amount: ${fixed} }
  shares:
    - { to: members, percent: 100 }
members:
  - { basis: per_household, percent: 100, rate_step: ${step}, remainder_to: 村集体 }
`,
      households: 'household_id,name\nH1,甲\nH2,乙\nH3,丙\n',
      revenue: income(inc),
    });

  it('rate_step 1 rounds 333.6 up to 334; 村集体 (1.00) cannot cover 1.20, so 333 and W_RATE_ROUNDED_DOWN', () => {
    // S = 1001.80; 村集体 1.00; M = 1000.80. 334 × 3 = 1002.00 > 1000.80 + 1.00 → 333 × 3 = 999.00; r = 1.80.
    const s = computeReferenceFull(stepped('1', '1', '1001.80')).expected.summary;
    expect(s.bases).toStrictEqual([{ basis: 'per_household', amount: '999.00', rate: '333', remainder_to: '村集体', remainder: '1.80' }]);
    expect(s.allocations[0]).toMatchObject({ amount: '2.80', retained: '2.80', members_remainder: '1.80' });
    expect(s.warnings).toEqual([{ code: 'W_RATE_ROUNDED_DOWN' }]);
  });

  it('rate_step 1 rounds up to 334 when 村集体 (5.00) covers the 1.20', () => {
    // S = 1005.80; 村集体 5.00; M = 1000.80; 334 × 3 = 1002.00; r = −1.20 → 村集体 3.80.
    const s = computeReferenceFull(stepped('5', '1', '1005.80')).expected.summary;
    expect(s.bases).toStrictEqual([{ basis: 'per_household', amount: '1002.00', rate: '334', remainder_to: '村集体', remainder: '-1.20' }]);
    expect(s.allocations[0]).toStrictEqual({
      to: '村集体',
      amount: '3.80',
      floor_topups: '0.00',
      retained: '3.80',
      members_remainder: '-1.20',
    });
    expect(s.warnings).toEqual([]);
  });

  it('rate_step 0.1 finds 333.6 exactly: remainder 0.00, no members_remainder', () => {
    const s = computeReferenceFull(stepped('1', '0.1', '1001.80')).expected.summary;
    expect(s.bases).toStrictEqual([{ basis: 'per_household', amount: '1000.80', rate: '333.6', remainder_to: '村集体', remainder: '0.00' }]);
    expect(s.allocations[0]).toStrictEqual({ to: '村集体', amount: '1.00', floor_topups: '0.00', retained: '1.00' });
  });

  it('S ≤ 0: rated bases pay nothing, the declared rate is shown (rate_step: "0"), no error', () => {
    // income 100, expense 300 → S = −200.00, deficit 200.00.
    const dir = folder({
      rules:
        rulesHead('亏损') +
        `distribution:
  shares:
    - { to: 村集体, percent: 50 }
    - { to: members, percent: 50 }
members:
  - { basis: persons, percent: 50, rate: 58, remainder_to: 村集体 }
  - { basis: per_household, percent: 50, rate_step: 1, remainder_to: 村集体 }
`,
      households: 'household_id,name,persons\nH1,甲,3\n',
      revenue: income('100', '300'),
    });
    const s = computeReferenceFull(dir).expected.summary;
    expect(s.deficit).toBe('200.00');
    expect(s.bases).toStrictEqual([
      { basis: 'persons', amount: '0.00', rate: '58', remainder_to: '村集体', remainder: '0.00' },
      { basis: 'per_household', amount: '0.00', rate: '0', remainder_to: '村集体', remainder: '0.00' },
    ]);
    expect(s.allocations).toStrictEqual([{ to: '村集体', amount: '0.00', floor_topups: '0.00', retained: '0.00' }]);
    expect(s.warnings).toEqual([{ code: 'W_DEFICIT' }]);
  });

  it('shortest exact rate strings: "0.0315" per 元 of wages', () => {
    // Wages: H1 10 days × 100 = 1000.00, H2 3 days × 100 = 300.00. S = 2000.00 → 公积金 50 % 1000.00, M 1000.00.
    // pay = 0.0315 × 1000 = 31.50, 0.0315 × 300 = 9.45 → 40.95; r = 959.05.
    const dir = folder({
      rules:
        rulesHead('工资') +
        `wages: { default_per_day: 100 }
distribution:
  shares:
    - { to: 公积金, percent: 50 }
    - { to: members, percent: 50 }
members:
  - { basis: wages, percent: 100, rate: 0.0315, remainder_to: 公积金 }
`,
      households: 'household_id,name\nH1,甲\nH2,乙\n',
      labor: 'household_id,days\nH1,10\nH2,3\n',
      revenue: income('3300'),
    });
    const r = computeReferenceFull(dir);
    expect(perf(r)).toEqual({ H1: '31.50', H2: '9.45' });
    expect(r.expected.summary.bases[0]).toStrictEqual({
      basis: 'wages',
      amount: '40.95',
      rate: '0.0315',
      remainder_to: '公积金',
      remainder: '959.05',
    });
  });
});

describe('§9.4 share holders', () => {
  // 村集体 holds 982 of 1782 股 (H1 500, H2 300); guaranteed 2 元/股: H1 1000, H2 600, 村集体 1964 → G = 3564.
  // income 22384 → S = 18820; 村集体's fixed 1000; M = 17820 = 10 元 × 1782 → H1 5000, H2 3000, 村集体 9820.
  const holderDir = (members: string, shortfall = 'pay', inc = '22384') =>
    folder({
      rules:
        rulesHead('集体股') +
        `guaranteed_shortfall: ${shortfall}
share_classes:
  share: { guaranteed_per_unit: 2 }
share_holders:
  - { to: 村集体, class: share, units: 982 }
distribution:
  fixed:
    - { to: 村集体, amount: 1000 }
  shares:
    - { to: members, percent: 100 }
members:
  - ${members}
`,
      households: 'household_id,name\nH1,甲\nH2,乙\n',
      shares: 'household_id,class,units\nH1,share,500\nH2,share,300\n',
      revenue: income(inc),
    });

  it('村集体 982 of 1782 股 takes its guaranteed dividend and its part of the per-share pool', () => {
    const r = computeReferenceFull(holderDir('{ basis: share_units, percent: 100 }'));
    const s = r.expected.summary;
    expect(s.guaranteed_dividend).toBe('3564.00'); // G includes the holder
    expect(s.surplus).toBe('18820.00');
    expect(perf(r)).toEqual({ H1: '5000.00', H2: '3000.00' });
    expect(s.performance_dividend).toBe('8000.00'); // households only
    expect(s.total).toBe('9600.00'); // 1000 + 600 + 5000 + 3000
    expect(s.members_pool).toBe('17820.00');
    expect(s.bases).toStrictEqual([{ basis: 'share_units', amount: '17820.00' }]);
    expect(s.holders).toStrictEqual([
      { to: '村集体', class: 'share', units: '982.0000', guaranteed_dividend: '1964.00', performance_dividend: '9820.00', total: '11784.00' },
    ]);
    // from_shares = 1964 + 9820, shown beside the entry, not in its amount.
    expect(s.allocations).toStrictEqual([
      { to: '村集体', amount: '1000.00', floor_topups: '0.00', retained: '1000.00', from_shares: '11784.00' },
    ]);
  });

  it('a declared rate applies to the holder too', () => {
    // 9.99 元/股: 4995.00, 2997.00, 村集体 9810.18 → 17802.18; r = 17.82 → 村集体 1017.82; from_shares 1964 + 9810.18.
    const s = computeReferenceFull(holderDir('{ basis: share_units, percent: 100, rate: 9.99, remainder_to: 村集体 }')).expected.summary;
    expect(s.holders![0]).toMatchObject({ performance_dividend: '9810.18', total: '11774.18' });
    expect(s.bases[0]).toStrictEqual({ basis: 'share_units', amount: '17802.18', rate: '9.99', remainder_to: '村集体', remainder: '17.82' });
    expect(s.allocations[0]).toStrictEqual({
      to: '村集体',
      amount: '1017.82',
      floor_topups: '0.00',
      retained: '1017.82',
      members_remainder: '17.82',
      from_shares: '11774.18',
    });
  });

  it('two holders under one `to`, holder months, classes filter; a holder naming no entry has no from_shares', () => {
    // Holders: 村集体 share 982; 村集体 fund 100 × 6/12 = 50; 宏财公司 fund 200. fund: no guarantee, weight 1.5.
    // G = 1000 + 600 + 1964 = 3564; S = 18820; 村集体 fixed 1000; M = 17820 → 8910 | 8910.
    // classes [share]: 8910 / 1782 = 5 元/股 → H1 2500, H2 1500, 村集体 4910.
    // classes [fund]: weights 50 × 1.5 = 75 and 200 × 1.5 = 300 (Σ 375) → 1782.00 and 7128.00.
    // from_shares(村集体) = (1964 + 4910) + 1782 = 8656.00.
    const dir = folder({
      rules:
        rulesHead('两个持股者') +
        `share_classes:
  share: { guaranteed_per_unit: 2 }
  fund: { weight: 1.5 }
share_holders:
  - { to: 村集体, class: share, units: 982 }
  - { to: 村集体, class: fund, units: 100, months: 6 }
  - { to: 宏财公司, class: fund, units: 200 }
distribution:
  fixed:
    - { to: 村集体, amount: 1000 }
  shares:
    - { to: members, percent: 100 }
members:
  - { basis: share_units, percent: 50, classes: [share] }
  - { basis: share_units, percent: 50, classes: [fund] }
`,
      households: 'household_id,name\nH1,甲\nH2,乙\n',
      shares: 'household_id,class,units\nH1,share,500\nH2,share,300\n',
      revenue: income('22384'),
    });
    const r = computeReferenceFull(dir);
    const s = r.expected.summary;
    expect(perf(r)).toEqual({ H1: '2500.00', H2: '1500.00' });
    expect(s.holders!.map((h) => [h.to, h.class, h.units, h.total])).toEqual([
      ['村集体', 'share', '982.0000', '6874.00'],
      ['村集体', 'fund', '50.0000', '1782.00'],
      ['宏财公司', 'fund', '200.0000', '7128.00'],
    ]);
    expect(s.bases).toStrictEqual([
      { basis: 'share_units', amount: '8910.00' },
      { basis: 'share_units', amount: '8910.00' },
    ]);
    expect(s.allocations).toStrictEqual([
      { to: '村集体', amount: '1000.00', floor_topups: '0.00', retained: '1000.00', from_shares: '8656.00' },
    ]);
  });

  it('an empty share_holders list still gives holders: []', () => {
    const dir = folder({
      rules: rulesHead('无') + 'share_holders: []\ndistribution:\n  shares:\n    - { to: 公积金, percent: 100 }\n',
      households: 'household_id,name\nH1,甲\n',
      revenue: income('10'),
    });
    expect(computeReferenceFull(dir).expected.summary.holders).toEqual([]);
  });

  it('per_household gives the holder nothing', () => {
    const s = computeReferenceFull(holderDir('{ basis: per_household, percent: 100 }')).expected.summary;
    expect(s.holders![0]).toMatchObject({ performance_dividend: '0.00', total: '1964.00' });
  });

  it('scale: the guaranteed dividends are split over the households, then the holder', () => {
    // A = 1000.01 < G = 3564 → split(100001 fen, [100000, 60000, 196400]) (Σ 356400):
    // 28058.64…, 16835.18…, 55107.17… → floors 28058 + 16835 + 55107 = 100000 fen; the 1 fen left to H1 (.64).
    const r = computeReferenceFull(holderDir('{ basis: share_units, percent: 100 }', 'scale', '1000.01'));
    const s = r.expected.summary;
    expect(s.guaranteed_scaled).toBe(true);
    expect(r.expected.payouts.H1.guaranteed_dividend).toBe('280.59');
    expect(r.expected.payouts.H2.guaranteed_dividend).toBe('168.35');
    expect(s.holders![0].guaranteed_dividend).toBe('551.07');
    expect(s.guaranteed_dividend).toBe('1000.01');
    expect(s.surplus).toBe('0.00');
  });
});

describe('§9.5 transactions and the cooperative law', () => {
  // S = 10000 (no costs). 公积金 10 % is a reserve: D = 10000 − 1000 = 9000.
  // Weights by quantity × product weight: H1 100 × 1 + 20 × 3 = 160; H2 140 × 1 = 140 (Σ 300).
  const coop = (shares: string, members: string, tx?: string) =>
    folder({
      rules:
        rulesHead('合作社') +
        `legal_form: farmers_cooperative
distribution:
  shares:
${shares}
members:
${members}
`,
      households: 'household_id,name\nH1,甲\nH2,乙\n',
      transactions: tx ?? '户号,交易额,交易量,品种\nH1,300,100,鲜椒\nH1,500,20,干椒\nH2,400,140,鲜椒\n',
      revenue: income('10000'),
    });
  const byQty = 'by: quantity, product_weights: { 鲜椒: 1, 干椒: 3 }';

  it('returns 70 % by transaction volume (by: quantity): passes, coop_law shows it', () => {
    // members 70 % = 7000 → transactions 90 % = 6300, per_household 10 % = 700.
    // 6300 × 160/300 = 3360.00, × 140/300 = 2940.00; per household 350 each. 100 × 6300 ≥ 60 × 9000.
    const r = computeReferenceFull(
      coop(
        '    - { to: 公积金, percent: 10, reserve: true }\n    - { to: 公益金, percent: 20 }\n    - { to: members, percent: 70 }',
        `  - { basis: transactions, percent: 90, ${byQty} }\n  - { basis: per_household, percent: 10 }`,
      ),
    );
    expect(perf(r)).toEqual({ H1: '3710.00', H2: '3290.00' });
    expect(r.expected.summary.coop_law).toStrictEqual({ distributable: '9000.00', transactions: '6300.00', percent: '70.00' });
  });

  it('exactly 60 % passes', () => {
    // members 54 % = 5400 = 60 % of 9000.
    const r = computeReferenceFull(
      coop(
        '    - { to: 公积金, percent: 10, reserve: true }\n    - { to: 公益金, percent: 36 }\n    - { to: members, percent: 54 }',
        `  - { basis: transactions, percent: 100 }`,
      ),
    );
    // By amount: H1 800, H2 400 → 3600.00, 1800.00.
    expect(perf(r)).toEqual({ H1: '3600.00', H2: '1800.00' });
    expect(r.expected.summary.coop_law).toStrictEqual({ distributable: '9000.00', transactions: '5400.00', percent: '60.00' });
  });

  it('returns 50 %: E_COOP_LAW', () => {
    // members 45 % = 4500, all by transactions: 4500 / 9000 = 50 % < 60 %.
    const e = stopOf(
      coop(
        '    - { to: 公积金, percent: 10, reserve: true }\n    - { to: 公益金, percent: 45 }\n    - { to: members, percent: 45 }',
        `  - { basis: transactions, percent: 100, ${byQty} }`,
      ),
    );
    expect(e.code).toBe('E_COOP_LAW');
    expect(e.message).toContain('9000.00');
    expect(e.message).toContain('4500.00');
  });

  it('a product not in product_weights: E_UNKNOWN_PRODUCT', () => {
    const e = stopOf(
      coop(
        '    - { to: 公积金, percent: 30, reserve: true }\n    - { to: members, percent: 70 }',
        `  - { basis: transactions, percent: 100, ${byQty} }`,
        'household_id,amount,quantity,product\nH1,300,100,鲜椒\nH2,400,140,花椒\n',
      ),
    );
    expect(e.code).toBe('E_UNKNOWN_PRODUCT');
  });
});

describe('§9.6 opening balance, §9.7 percent of income', () => {
  const opening = (o: string, inc: string, exp: string) =>
    folder({
      rules: rulesHead('上年结余') + `opening: ${o}\ndistribution:\n  shares:\n    - { to: 公积金, percent: 100 }\n`,
      households: 'household_id,name\nH1,甲\n',
      revenue: income(inc, exp),
    });

  it('last year’s loss reduces S', () => {
    // S = 10000 − 1000 + (2000 − 5000) = 6000.00.
    const s = computeReferenceFull(opening('{ retained: 2000, loss: 5000 }', '10000', '1000')).expected.summary;
    expect(s.income).toBe('10000.00');
    expect(s.surplus).toBe('6000.00');
    expect([s.opening_retained, s.opening_loss, s.loss_carried_forward]).toEqual(['2000.00', '5000.00', '0.00']);
    expect(s.allocations[0]).toMatchObject({ to: '公积金', amount: '6000.00' });
  });

  it('a loss bigger than this year’s surplus is carried forward', () => {
    // S = 10000 − 1000 − 12000 = −3000.00.
    const s = computeReferenceFull(opening('{ loss: 12000 }', '10000', '1000')).expected.summary;
    expect(s.surplus).toBe('-3000.00');
    expect([s.deficit, s.opening_retained, s.opening_loss, s.loss_carried_forward]).toEqual(['3000.00', '0.00', '12000.00', '3000.00']);
    expect(s.warnings).toEqual([{ code: 'W_DEFICIT' }]);
  });

  const poi = (inc: string, exp: string) =>
    folder({
      rules:
        rulesHead('管理费') +
        `distribution:
  fixed:
    - { to: 管理费, percent_of_income: 5 }
  shares:
    - { to: 公积金, percent: 40 }
    - { to: members, percent: 60 }
members:
  - { basis: per_household, percent: 100 }
`,
      households: 'household_id,name\nH1,甲\nH2,乙\n',
      revenue: income(inc, exp),
    });

  it('管理费 5 % of income', () => {
    // I = 12345.67; 5 % = 617.2835 → 617.28. S = 12000.00; left 11382.72 → 40/60: 4553.088 | 6829.632
    // → 4553.08 + 6829.63 = 11382.71, 1 fen to the larger remainder (.8): 公积金 4553.09, members 6829.63.
    // per household: 6829.63 / 2 = 3414.815 → 3414.82 (tie to the first), 3414.81.
    const r = computeReferenceFull(poi('12345.67', '345.67'));
    const s = r.expected.summary;
    expect(s.allocations.map((a) => [a.to, a.amount])).toEqual([
      ['管理费', '617.28'],
      ['公积金', '4553.09'],
    ]);
    expect(s.members_pool).toBe('6829.63');
    expect(perf(r)).toEqual({ H1: '3414.82', H2: '3414.81' });
  });

  it('percent_of_income is capped at what is left', () => {
    // I = 100, S = 1.00; 5 % = 5.00 → takes 1.00, nothing left.
    const s = computeReferenceFull(poi('100', '99')).expected.summary;
    expect(s.allocations.map((a) => a.amount)).toEqual(['1.00', '0.00']);
    expect(s.members_pool).toBe('0.00');
  });
});

describe('§9.9 bases listed with the entries', () => {
  // S = 10000 → 公积金 35 % 3500, 人头股 30 % 3000, 发展股 35 % 3500.
  // persons 4 / 3 / 1 (Σ 8): 375 each → 1500, 1125, 375.
  // 发展股 1 股 each: 3500 / 3 = 1166.666… → 1166.67, 1166.67, 1166.66 (the 2 fen to the first two).
  const listed = (personsKeys: string) =>
    folder({
      rules:
        rulesHead('人头股发展股') +
        `share_classes:
  发展股: {}
distribution:
  shares:
    - { to: 公积金, percent: 35 }
    - { to: members, basis: persons, percent: 30${personsKeys} }
    - { to: members, basis: share_units, percent: 35 }
`,
      households: 'household_id,name,家庭人口\nH1,甲,4\nH2,乙,3\nH3,丙,1\n',
      shares: 'household_id,class,units\nH1,发展股,1\nH2,发展股,1\nH3,发展股,1\n',
      revenue: income('10000'),
    });

  it('人头股 30 % / 发展股 35 %', () => {
    const r = computeReferenceFull(listed(''));
    const s = r.expected.summary;
    expect(s.members_pool).toBe('6500.00');
    expect(s.bases).toStrictEqual([
      { basis: 'persons', amount: '3000.00' },
      { basis: 'share_units', amount: '3500.00' },
    ]);
    expect(s.allocations).toStrictEqual([{ to: '公积金', amount: '3500.00', floor_topups: '0.00', retained: '3500.00' }]);
    expect(Object.values(r.expected.payouts).map((p) => p.total)).toEqual(['2666.67', '2291.67', '1541.66']);
  });

  it('a basis entry with a rate: 每人 370 元, the 40.00 left to 公积金', () => {
    // 370 × 4, × 3, × 1 = 1480, 1110, 370 → 2960; r = 40.00 → 公积金 3540.00.
    const s = computeReferenceFull(listed(', rate: 370, remainder_to: 公积金')).expected.summary;
    expect(s.members_pool).toBe('6500.00');
    expect(s.bases[0]).toStrictEqual({ basis: 'persons', amount: '2960.00', rate: '370', remainder_to: '公积金', remainder: '40.00' });
    expect(s.allocations[0]).toMatchObject({ amount: '3540.00', retained: '3540.00', members_remainder: '40.00' });
  });
});

describe('§9.2 categories and category_weights', () => {
  // S = 2000 → 公积金 800, M 1200 → 600 | 600.
  // 脱贫户股: only H4 → 600. 困难股 3/2/1/unlisted 0 → 300, 200, 100, 0.
  const cats = (extra: string) =>
    folder({
      rules:
        rulesHead('类别') +
        `distribution:
  shares:
    - { to: 公积金, percent: 40 }
    - { to: members, percent: 60 }
members:
  - { basis: per_household, percent: 50, categories: [脱贫户] }
  - { basis: per_household, percent: 50, category_weights: { 五保户: 3, 低保户: 2, 一般户: 1 }${extra} }
`,
      households: 'household_id,name,category\nH1,甲,五保户\nH2,乙,低保户\nH3,丙,一般户\nH4,丁,脱贫户\n',
      revenue: income('2000'),
    });

  it('categories keeps the listed categories; category_weights multiplies, unlisted 0', () => {
    expect(perf(computeReferenceFull(cats('')))).toEqual({ H1: '300.00', H2: '200.00', H3: '100.00', H4: '600.00' });
  });

  it('a rate applies to the weight times the category factor', () => {
    // 50 元 × 3 / 2 / 1 / 0 = 150, 100, 50, 0 → 300.00; r = 300.00 → 公积金 1100.00.
    const r = computeReferenceFull(cats(', rate: 50, remainder_to: 公积金'));
    expect(perf(r)).toEqual({ H1: '150.00', H2: '100.00', H3: '50.00', H4: '600.00' });
    expect(r.expected.summary.allocations[0]).toMatchObject({ amount: '1100.00', members_remainder: '300.00' });
  });
});

describe('§9.1 persons', () => {
  // year 2025; age = 2025 − birth year.
  // H1: 张老太 1945-12-31 (80 ✓), 张一 1980-1-1 (45)
  // H2: 李爷爷 1930年5月6日 (95 ✓) 6 months, 李二 no birth_date
  // H3: 王奶奶 1946/1/1 (79 ✗), 王小 2004.9.1 (21)
  const personsCsv =
    '户号,姓名,出生日期,标签,月数\n' +
    'H1,张老太,1945-12-31,,\nH1,张一,1980-1-1,,\n' +
    'H2,李爷爷,1930年5月6日,,6\nH2,李二,,,\n' +
    'H3,王奶奶,1946/1/1,,\nH3,王小,2004.9.1,团员；在校大学生,\n';
  const persons = (members: string, households = 'household_id,name\nH1,张\nH2,李\nH3,王\n', csv: string | null = personsCsv) =>
    folder({
      rules: rulesHead('人口股') + `distribution:\n  shares:\n    - { to: members, percent: 100 }\nmembers:\n${members}\n`,
      households,
      ...(csv === null ? {} : { persons: csv }),
      revenue: income('1500'),
    });

  it('min_age 80 with a person lacking birth_date: W_NO_BIRTH_DATE; months count', () => {
    // M = 1500 → 750 | 750.
    // 80+: H1 1, H2 0.5 (6 months), H3 0 → 750 × 2/3 = 500.00, × 1/3 = 250.00.
    // everyone: H1 2, H2 1.5, H3 2 (Σ 5.5): 272.727…, 204.545…, 272.727… → floors 74998 fen, 2 fen to H1, H3:
    // 272.73, 204.54, 272.73.
    const r = computeReferenceFull(persons('  - { basis: persons, percent: 50, min_age: 80 }\n  - { basis: persons, percent: 50 }'));
    expect(perf(r)).toEqual({ H1: '772.73', H2: '454.54', H3: '272.73' });
    expect(Object.values(r.expected.payouts).map((p) => p.persons)).toEqual(['2', '2', '2']);
    expect(r.expected.summary.warnings).toEqual([{ code: 'W_NO_BIRTH_DATE' }]);
  });

  it('max_age 22 and tags [在校大学生] combine (AND); tags split on ；', () => {
    // Only 王小 (21, tagged 团员；在校大学生) → H3 gets all 1500.00. W_NO_BIRTH_DATE applies to max_age too.
    const r = computeReferenceFull(persons('  - { basis: persons, percent: 100, max_age: 22, tags: [在校大学生] }'));
    expect(perf(r)).toEqual({ H1: '0.00', H2: '0.00', H3: '1500.00' });
    expect(r.expected.summary.warnings).toEqual([{ code: 'W_NO_BIRTH_DATE' }]);
  });

  it('tags alone: no W_NO_BIRTH_DATE', () => {
    const r = computeReferenceFull(persons('  - { basis: persons, percent: 100, tags: [团员, 党员] }'));
    expect(perf(r)).toEqual({ H1: '0.00', H2: '0.00', H3: '1500.00' });
    expect(r.expected.summary.warnings).toEqual([]);
  });

  it('column and persons.csv agree: persons from the file (months), 人数 from its row count', () => {
    // M = 1500; weights 2, 1.5, 2 (Σ 5.5): 545.4545…, 409.0909…, 545.4545… → 54545 + 40909 + 54545 = 149999 fen;
    // 1 fen to the largest remainder, H1 and H3 tie (.45…) → the earlier: 545.46, 409.09, 545.45.
    const r = computeReferenceFull(persons('  - { basis: persons, percent: 100 }', 'household_id,name,人口\nH1,张,2\nH2,李,2\nH3,王,2\n'));
    expect(perf(r)).toEqual({ H1: '545.46', H2: '409.09', H3: '545.45' });
    expect(Object.values(r.expected.payouts).map((p) => p.persons)).toEqual(['2', '2', '2']);
  });

  it('column and persons.csv differ: E_PERSONS_MISMATCH', () => {
    expect(stopOf(persons('  - { basis: per_household, percent: 100 }', 'household_id,name,persons\nH1,张,2\nH2,李,3\nH3,王,2\n')).code).toBe(
      'E_PERSONS_MISMATCH',
    );
    // An empty cell is 0.
    expect(stopOf(persons('  - { basis: per_household, percent: 100 }', 'household_id,name,persons\nH1,张,2\nH2,李,\nH3,王,2\n')).code).toBe(
      'E_PERSONS_MISMATCH',
    );
  });

  it('a filtered persons basis without persons.csv: E_MISSING_FILE', () => {
    const e = stopOf(persons('  - { basis: persons, percent: 100, min_age: 60 }', 'household_id,name,persons\nH1,张,2\n', null));
    expect(e.code).toBe('E_MISSING_FILE');
  });

  it('a persons basis with no person data: E_EMPTY_BASIS; an empty persons cell is 0', () => {
    expect(stopOf(persons('  - { basis: persons, percent: 100 }', 'household_id,name\nH1,张\n', null)).code).toBe('E_EMPTY_BASIS');
    const r = computeReferenceFull(persons('  - { basis: persons, percent: 100 }', 'household_id,name,人数\nH1,张,\nH2,李,3\n', null));
    expect(perf(r)).toEqual({ H1: '0.00', H2: '1500.00' });
    expect(r.expected.payouts.H1.persons).toBe('0');
  });

  it('dates in the §10 forms', () => {
    expect(parseDate('2004.9.1')).toEqual([2004, 9, 1]);
    expect(parseDate('1930年5月6日')).toEqual([1930, 5, 6]);
    expect(parseDate('１９４６/1/1')).toEqual([1946, 1, 1]);
    expect(() => parseDate('2025-02-29')).toThrow();
    expect(() => parseDate('2025-1/1')).toThrow();
  });
});

describe('§9.8 payment', () => {
  it('cash households with a positive net make the sign-off total; empty means payment_default', () => {
    // M = 400 → 100 each. H2 (empty → cash by default) has a 150.00 deduction: net −50.00, not on the sheet.
    // Cash owed: H1 100.00 only.
    const dir = folder({
      rules:
        rulesHead('现金') +
        `payment_default: cash
distribution:
  shares:
    - { to: members, percent: 100 }
members:
  - { basis: per_household, percent: 100 }
`,
      households: 'household_id,name,发放方式\nH1,甲,现金\nH2,乙,\nH3,丙,BANK\nH4,丁,银行代发\n',
      deductions: 'household_id,amount\nH2,150\n',
      revenue: income('400'),
    });
    const r = computeReferenceFull(dir);
    expect(r.households.map((h) => h.payment)).toEqual(['cash', 'cash', 'bank', 'bank']);
    expect(r.cash).toEqual({ count: 1, total: '100.00' });
    expect(r.expected.payouts.H2.net_payable).toBe('-50.00');
  });

  it('no column and no payment_default: everyone by bank; a bad value is refused', () => {
    const base = {
      rules: rulesHead('银行') + 'distribution:\n  shares:\n    - { to: 公积金, percent: 100 }\n',
      revenue: income('1'),
    };
    const r = computeReferenceFull(folder({ ...base, households: 'household_id,name\nH1,甲\n' }));
    expect(r.households[0].payment).toBe('bank');
    expect(r.cash).toEqual({ count: 0, total: '0.00' });
    expect(() => computeReferenceFull(folder({ ...base, households: 'household_id,name,payment\nH1,甲,支付宝\n' }))).toThrow(/E_BAD_VALUE/);
  });
});
