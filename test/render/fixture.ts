/**
 * A small run built by hand: rules, dataset and the distribution SPEC §5 gives for them.
 *
 * I 105000.00 − E 20000.00 − W 4050.00 − R 1500.00 − G 1050.00 = S 78400.00
 * 村集体 20000 fixed; D 58400.00: 公积金 10% 5840.00, 公益金 5% 2920.00, 企业 45% 26280.00, members 40% 23360.00
 * share_units 70% 16352.00 (units 1 : 2 : 0.5), labor_days 30% 7008.00 (days 30 : 10.5 : 0)
 * 脱贫户 floor 3000 from 公益金: H3 gross 2986.00 gets 14.00.
 */
import { PLAIN_BASIS, NO_SECTION_9 } from '../helpers/plainRules.js';
import type { Distribution } from '../../src/engine/types.js';
import type { Dataset, Household, RevenueLine } from '../../src/io/types.js';
import { parseExact, type Exact } from '../../src/money/exact.js';
import type { Rules } from '../../src/rules/types.js';

export const ex = (s: string): Exact => {
  const e = parseExact(s);
  if (!e) throw new Error(s);
  return e;
};
const pos = { line: 1, column: 1 };
const col = (...fen: bigint[]) => BigInt64Array.from(fen);

export function makeRules(): Rules {
  return {
    name: '测试村食用菌基地 2025年度收益分配',
    year: 2025,
    preparedOn: null,
    wages: { defaultPerDay: ex('100'), perDay: new Map() },
    land: { rentPerMu: new Map([['水田', ex('500')]]), unitsPerMu: new Map() },
    shareClasses: new Map([['fund', { guaranteedPerUnit: ex('300'), weight: ex('1'), pos }]]),
    guaranteedShortfall: 'pay',
    fixed: [{ to: '村集体', amountFen: 2000000n, percentOfIncome: null, reserve: false, pos }],
    shares: [
      { to: '公积金', percent: ex('10'), reserve: false, basis: null, pos },
      { to: '公益金', percent: ex('5'), reserve: false, basis: null, pos },
      { to: '企业', percent: ex('45'), reserve: false, basis: null, pos },
      { to: 'members', percent: ex('40'), reserve: false, basis: null, pos },
    ],
    members: [
      { basis: 'share_units', percent: ex('70'), classes: null, ...PLAIN_BASIS, pos },
      { basis: 'labor_days', percent: ex('30'), classes: null, ...PLAIN_BASIS, pos },
    ],
    floors: [{ category: '脱贫户', minTotalFen: 300000n, fundedBy: '公益金', pos }],
    ...NO_SECTION_9,
    disclosure: {},
    bankFile: {},
    csvExcelText: false,
    file: 'run/rules.yaml',
    sha256: 'r'.repeat(64),
  };
}

export function makeDataset(): Dataset {
  const households: Household[] = [
    { id: 'H1', name: '张三', village: '一组', idNumber: '', bankAccount: '6228480012345678', category: '脱贫户', line: 2, persons: null, payment: 'bank' },
    { id: 'H2', name: '=SUM(A1)', village: '二组, 上寨', idNumber: '', bankAccount: '', category: '一般户', line: 3, persons: null, payment: 'bank' },
    { id: 'H3', name: '李四', village: '一组', idNumber: '', bankAccount: '', category: '脱贫户', line: 4, persons: null, payment: 'bank' },
  ];
  const revenue: RevenueLine[] = [
    { kind: 'income', category: '销售', amountFen: 6000000n },
    { kind: 'expense', category: '菌种', amountFen: 2000000n },
    { kind: 'income', category: '', amountFen: 500000n },
    { kind: 'income', category: '销售', amountFen: 4000000n },
  ];
  const f64 = (...v: number[]) => Float64Array.from(v);
  return {
    households,
    indexById: new Map(households.map((h, i) => [h.id, i])),
    laborDaysByJob: new Map([['', f64(3000, 1050, 0)]]),
    laborDays: f64(3000, 1050, 0),
    rentAreaMonths: new Map(),
    shareAreaMonths: new Map(),
    unitsMonths: new Map([['fund', f64(120000, 240000, 60000)]]),
    points: f64(0, 0, 0),
    deductionsFen: f64(200000, 0, 350000),
    persons: null,
    transactionsFen: null,
    transactionQuantity: new Map(),
    revenue,
    inputs: [
      { file: 'households.csv', sha256: 'a'.repeat(64), rows: 3, encoding: 'utf8' },
      { file: 'revenue.csv', sha256: 'b'.repeat(64), rows: 4, encoding: 'gb18030' },
    ],
    detail: [],
  };
}

export function makeDistribution(): Distribution {
  return {
    households: 3,
    incomeFen: 10500000n,
    expensesFen: 2000000n,
    wagesFen: 405000n,
    landRentFen: 150000n,
    guaranteedDueFen: 105000n,
    guaranteedFen: 105000n,
    householdGuaranteedFen: 105000n,
    guaranteedScaled: false,
    openingFen: 0n,
    holders: [],
    coopLaw: null,
    surplusFen: 7840000n,
    deficitFen: 0n,
    allocations: [
      { to: '村集体', kind: 'fixed', amountFen: 2000000n, floorTopupsFen: 0n, retainedFen: 2000000n, membersRemainderFen: 0n, reserve: false },
      { to: '公积金', kind: 'shares', amountFen: 584000n, floorTopupsFen: 0n, retainedFen: 584000n, membersRemainderFen: 0n, reserve: false },
      { to: '公益金', kind: 'shares', amountFen: 292000n, floorTopupsFen: 1400n, retainedFen: 290600n, membersRemainderFen: 0n, reserve: false },
      { to: '企业', kind: 'shares', amountFen: 2628000n, floorTopupsFen: 0n, retainedFen: 2628000n, membersRemainderFen: 0n, reserve: false },
    ],
    membersPoolFen: 2336000n,
    bases: [
      { basis: 'share_units', classes: null, percentText: '70', partFen: 1635200n, amountFen: 1635200n, rated: null, totalWeight: 35000n, weightDen: 10000n, weights: col(10000n, 20000n, 5000n), pos },
      { basis: 'labor_days', classes: null, percentText: '30', partFen: 700800n, amountFen: 700800n, rated: null, totalWeight: 4050n, weightDen: 100n, weights: col(3000n, 1050n, 0n), pos },
    ],
    floors: [
      { category: '脱贫户', minTotalFen: 300000n, fundedBy: '公益金', households: 2, shortfallFen: 1400n, paidFen: 1400n, short: false },
    ],
    performanceFen: 2336000n,
    floorTopupFen: 1400n,
    totalFen: 2997400n,
    deductionsFen: 550000n,
    netPayableFen: 2447400n,
    cols: {
      laborDays100: col(3000n, 1050n, 0n),
      wagesFen: col(300000n, 105000n, 0n),
      landRentFen: col(100000n, 0n, 50000n),
      shareUnits4: col(10000n, 20000n, 5000n),
      guaranteedFen: col(30000n, 60000n, 15000n),
      performanceFen: col(986311n, 1116089n, 233600n),
      basisFen: [col(467200n, 934400n, 233600n), col(519111n, 181689n, 0n)],
      topupFen: col(0n, 0n, 1400n),
      floorTopupFen: [col(0n, 0n, 1400n)],
      grossFen: col(1416311n, 1281089n, 298600n),
      totalFen: col(1416311n, 1281089n, 300000n),
      deductionsFen: col(200000n, 0n, 350000n),
      netFen: col(1216311n, 1281089n, -50000n),
    },
    // 1, 2 and 0.5 units of class fund over 12 months (numerators over 12 × 10^4).
    unitsByClass: new Map([['fund', col(120000n, 240000n, 60000n)]]),
    unitsDen: 120000n,
    warnings: [],
  };
}

/** A loss year under `pay`: S = 30000 − 35000 − 0 − 0 − 1050 < 0, nothing distributed. */
export function makeDeficit(): { rules: Rules; dataset: Dataset; dist: Distribution } {
  const rules = makeRules();
  const dataset = makeDataset();
  dataset.revenue = [
    { kind: 'income', category: '销售', amountFen: 3000000n },
    { kind: 'expense', category: '菌种', amountFen: 3500000n },
  ];
  const base = makeDistribution();
  const z = () => col(0n, 0n, 0n);
  const dist: Distribution = {
    ...base,
    incomeFen: 3000000n,
    expensesFen: 3500000n,
    wagesFen: 0n,
    landRentFen: 0n,
    surplusFen: -605000n,
    deficitFen: 605000n,
    allocations: base.allocations.map((a) => ({ ...a, amountFen: 0n, floorTopupsFen: 0n, retainedFen: 0n, membersRemainderFen: 0n, reserve: false })),
    membersPoolFen: 0n,
    bases: base.bases.map((b) => ({ ...b, amountFen: 0n })),
    floors: [{ ...base.floors[0], shortfallFen: 555000n, paidFen: 0n, short: true }],
    performanceFen: 0n,
    floorTopupFen: 0n,
    totalFen: 105000n,
    deductionsFen: 0n,
    netPayableFen: 105000n,
    cols: {
      ...base.cols,
      laborDays100: z(),
      wagesFen: z(),
      landRentFen: z(),
      performanceFen: z(),
      basisFen: [z(), z()],
      topupFen: z(),
      floorTopupFen: [z()],
      grossFen: col(30000n, 60000n, 15000n),
      totalFen: col(30000n, 60000n, 15000n),
      deductionsFen: z(),
      netFen: col(30000n, 60000n, 15000n),
    },
  };
  return { rules, dataset, dist };
}
