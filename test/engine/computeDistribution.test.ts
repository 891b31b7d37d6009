import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeDistribution } from '../../src/engine/computeDistribution.js';
import type { Distribution } from '../../src/engine/types.js';
import { formatScaled } from '../../src/money/fen.js';
import { Problems } from '../../src/problems.js';
import { dataset, rules, type HouseholdSpec, type RulesSpec } from '../helpers/build.js';

function run(r: RulesSpec, hs: HouseholdSpec[], rev: { income?: bigint; expense?: bigint }): Distribution {
  const problems = new Problems();
  const d = computeDistribution(rules(r), dataset(hs, rev), problems);
  expect(problems.errors).toEqual([]);
  return d!;
}
const col = (c: BigInt64Array) => Array.from(c);

describe('the waterfall (SPEC §5)', () => {
  it('pays wages by job rate and rounds each household once, half up', () => {
    // 15.5 days × 90.05 = 1395.775 → 1395.78; 3 days × 100 default = 300.
    const d = run({ defaultPerDay: '100', perDay: { 管护: '90.05' }, shares: [['企业', '100']] }, [{ id: 'A', labor: { 管护: '15.5', '': '3' } }], { income: 10_000_00n });
    expect(col(d.cols.wagesFen)).toEqual([169578n]);
    expect(col(d.cols.laborDays100)).toEqual([1850n]);
  });

  it('prorates land rent and share units by the months held', () => {
    // 1.75 mu × 800 × 6/12 = 700; 5 fund units × 7/12 = 2.91666… → 2.9167 units, × 60 = 175.00.
    const d = run(
      { rentPerMu: { 水田: '800' }, classes: { fund: { g: '60' } }, shares: [['企业', '100']] },
      [{ id: 'A', rent: [['水田', '1.75', 6]], units: [['fund', '5', 7]] }],
      { income: 100_000_00n },
    );
    expect(col(d.cols.landRentFen)).toEqual([70000n]);
    expect(col(d.cols.shareUnits4)).toEqual([29167n]);
    expect(col(d.cols.guaranteedFen)).toEqual([17500n]);
  });

  it('turns land invested as shares into class `land` units by units_per_mu', () => {
    // 2 mu 水田 × 1.2 units/mu × 9/12 = 1.8 units × 300 = 540.00 (jinping TG004).
    const d = run(
      { unitsPerMu: { 水田: '1.2' }, classes: { land: { g: '300' } }, shares: [['企业', '100']] },
      [{ id: 'A', landShares: [['水田', '2', 9]] }],
      { income: 100_000_00n },
    );
    expect(col(d.cols.shareUnits4)).toEqual([18000n]);
    expect(col(d.cols.guaranteedFen)).toEqual([54000n]);
  });

  it('lets fixed entries take what they can, in order, before the percent split', () => {
    const d = run(
      { fixed: [['村集体', 300_00n], ['修路', 500_00n]], shares: [['公积金', '50'], ['企业', '50']] },
      [{ id: 'A' }],
      { income: 600_00n },
    );
    expect(d.allocations.map((a) => [a.to, a.amountFen])).toEqual([
      ['村集体', 30000n],
      ['修路', 30000n],
      ['公积金', 0n],
      ['企业', 0n],
    ]);
  });

  it('splits the members’ pool by basis percent, then over households by weight', () => {
    // Pool 100.00: per_household 50% → 50.00 / 3 = 16.67, 16.67, 16.66; labor 50% → 1:3 → 12.50, 37.50, 0.
    const d = run(
      { defaultPerDay: '0', shares: [['members', '100']], members: [['per_household', '50'], ['labor_days', '50']] },
      [{ id: 'A', labor: { '': '1' } }, { id: 'B', labor: { '': '3' } }, { id: 'C' }],
      { income: 100_00n },
    );
    expect(d.membersPoolFen).toBe(10000n);
    expect(col(d.cols.basisFen[0])).toEqual([1667n, 1667n, 1666n]);
    expect(col(d.cols.basisFen[1])).toEqual([1250n, 3750n, 0n]);
    expect(col(d.cols.performanceFen)).toEqual([2917n, 5417n, 1666n]);
  });

  it('weights share units by class weight and honours `classes`', () => {
    const d = run(
      { classes: { fund: { w: '1.5' }, cash: {} }, shares: [['members', '100']], members: [['share_units', '100', ['fund']]] },
      [{ id: 'A', units: [['fund', '2', 12]] }, { id: 'B', units: [['cash', '10', 12]] }, { id: 'C', units: [['fund', '1', 12]] }],
      { income: 90_00n },
    );
    expect(col(d.cols.performanceFen)).toEqual([6000n, 0n, 3000n]);
  });

  it('tops a 脱贫户 below the floor up from 公益金', () => {
    const d = run(
      { shares: [['公益金', '50'], ['members', '50']], members: [['per_household', '100']], floors: [['脱贫户', 100_00n, '公益金']] },
      [{ id: 'A', category: '脱贫户' }, { id: 'B', category: '一般户' }],
      { income: 200_00n },
    );
    // Pool 100 → 50 each; A is 50 short; 公益金 has 100 → pays 50, keeps 50.
    expect(col(d.cols.topupFen)).toEqual([5000n, 0n]);
    expect(col(d.cols.totalFen)).toEqual([10000n, 5000n]);
    expect(d.allocations[0]).toMatchObject({ to: '公益金', amountFen: 10000n, floorTopupsFen: 5000n, retainedFen: 5000n });
    expect(d.warnings.map((w) => w.code)).not.toContain('W_FLOOR_SHORT');
  });

  it('splits a floor fund that runs short by shortfall and warns W_FLOOR_SHORT', () => {
    const d = run(
      { shares: [['公益金', '10'], ['企业', '90']], floors: [['脱贫户', 100_00n, '公益金']] },
      [{ id: 'A', category: '脱贫户' }, { id: 'B', category: '脱贫户' }, { id: 'C' }],
      { income: 100_01n },
    );
    // 公益金 = 10.00 (10% of 100.01 = 10.001 → 10.00); both short 100 → 5.00 each.
    expect(col(d.cols.topupFen)).toEqual([500n, 500n, 0n]);
    expect(d.floors[0]).toMatchObject({ shortfallFen: 20000n, paidFen: 1000n, short: true });
    expect(d.warnings.map((w) => w.code)).toContain('W_FLOOR_SHORT');
  });

  it('applies floors in order, counting earlier top-ups', () => {
    const d = run(
      { shares: [['公益金', '50'], ['村集体', '50']], floors: [['脱贫户', 60_00n, '公益金'], ['脱贫户', 100_00n, '村集体']] },
      [{ id: 'A', category: '脱贫户' }],
      { income: 1000_00n },
    );
    expect(col(d.cols.floorTopupFen[0])).toEqual([6000n]);
    expect(col(d.cols.floorTopupFen[1])).toEqual([4000n]);
  });

  it('in a loss year under `pay` pays guaranteed dividends in full and reports the deficit', () => {
    const d = run(
      { classes: { fund: { g: '100' } }, shortfall: 'pay', shares: [['企业', '60'], ['members', '40']], members: [['per_household', '100']] },
      [{ id: 'A', units: [['fund', '10', 12]] }],
      { income: 500_00n, expense: 200_00n },
    );
    expect(d.guaranteedFen).toBe(100000n);
    expect(d.surplusFen).toBe(-70000n);
    expect(d.deficitFen).toBe(70000n);
    expect(d.membersPoolFen).toBe(0n);
    expect(d.allocations[0].amountFen).toBe(0n);
    expect(d.warnings.map((w) => w.code)).toContain('W_DEFICIT');
  });

  it('in a loss year under `scale` shares what is left over the guaranteed dividends', () => {
    const d = run(
      { classes: { fund: { g: '100' } }, shortfall: 'scale', shares: [['企业', '100']] },
      [{ id: 'A', units: [['fund', '1', 12]] }, { id: 'B', units: [['fund', '2', 12]] }],
      { income: 100_00n },
    );
    // Due 100 + 200, available 100 → 33.33 + 66.67.
    expect(d.guaranteedScaled).toBe(true);
    expect(col(d.cols.guaranteedFen)).toEqual([3333n, 6667n]);
    expect(d.guaranteedDueFen).toBe(30000n);
    expect(d.surplusFen).toBe(0n);
    expect(d.deficitFen).toBe(0n);
  });

  it('under `scale` with costs above income pays no guaranteed dividend and reports the rest as deficit', () => {
    const d = run({ classes: { fund: { g: '100' } }, shortfall: 'scale', shares: [['企业', '100']] }, [{ id: 'A', units: [['fund', '1', 12]] }], {
      income: 100_00n,
      expense: 150_00n,
    });
    expect(col(d.cols.guaranteedFen)).toEqual([0n]);
    expect(d.surplusFen).toBe(-5000n);
    expect(d.deficitFen).toBe(5000n);
  });

  it('keeps a negative net when deductions exceed the total, and flags it', () => {
    const d = run({ shares: [['members', '100']], members: [['per_household', '100']] }, [{ id: 'A', deductionsFen: 150_00 }], { income: 100_00n });
    expect(col(d.cols.netFen)).toEqual([-5000n]);
    expect(d.warnings.map((w) => w.code)).toContain('W_NEGATIVE_NET');
  });

  it('reports a basis with a part but no weight as E_EMPTY_BASIS', () => {
    const problems = new Problems();
    const d = computeDistribution(
      rules({ shares: [['members', '100']], members: [['points', '100']] }),
      dataset([{ id: 'A' }], { income: 100_00n }),
      problems,
    );
    expect(d).toBeNull();
    expect(problems.errors.map((e) => e.code)).toEqual(['E_EMPTY_BASIS']);
  });

  it('accounts for every fen of the surplus, whatever the rules and households', () => {
    const household = fc.record({
      days: fc.integer({ min: 0, max: 50_000 }),
      units: fc.integer({ min: 0, max: 200_000 }),
      months: fc.integer({ min: 1, max: 12 }),
      poor: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(household, { minLength: 1, maxLength: 25 }),
        fc.bigInt({ min: 0n, max: 10n ** 10n }),
        fc.bigInt({ min: 0n, max: 10n ** 9n }),
        fc.integer({ min: 1, max: 99 }),
        (hs, income, fixedFen, pct) => {
          const spec: HouseholdSpec[] = hs.map((h, i) => ({
            id: `H${i}`,
            category: h.poor ? '脱贫户' : '',
            labor: (h.days ? { '': formatScaled(BigInt(h.days), 2) } : {}) as Record<string, string>,
            units: h.units ? [['fund', formatScaled(BigInt(h.units), 4), h.months]] : [],
          }));
          spec[0].labor = { '': '1' };
          spec[0].units = [['fund', '1', 12]];
          const d = run(
            {
              defaultPerDay: '100',
              classes: { fund: { g: '7.5', w: '1.5' } },
              fixed: [['村集体', fixedFen]],
              shares: [['公益金', `${pct}`], ['members', `${100 - pct}`]],
              members: [['share_units', '60'], ['labor_days', '40']],
              floors: [['脱贫户', 5000_00n, '公益金']],
            },
            spec,
            { income },
          );
          const s = d.surplusFen > 0n ? d.surplusFen : 0n;
          const entries = d.allocations.reduce((t, a) => t + a.amountFen, 0n);
          const perf = d.cols.performanceFen.reduce((t, p) => t + p, 0n);
          expect(entries + perf).toBe(s);
          expect(d.totalFen).toBe(d.wagesFen + d.landRentFen + d.guaranteedFen + d.membersPoolFen + d.floorTopupFen);
          expect(Array.from(d.cols.totalFen).every((t) => t >= 0n)).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });
});
