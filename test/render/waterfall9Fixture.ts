/**
 * Two SPEC §9 runs built by hand (rules, dataset and the distribution worked out on paper), for the
 * waterfall's and explain's tests. Every figure below is worked out in the comments; the tests
 * also check that the engine, given the same rules and dataset, reaches the same figures.
 *
 * ── village(): test/render/fixture.ts's run with opening, a share holder, a percent_of_income
 *    entry and a rated persons basis (每人 58 元) ──
 * I 105000.00, E 20000.00, opening retained 12000.00, loss 5000.00 (O = 7000.00)
 * W 4050.00, R 1500.00; G = households 1050.00 + 村集体 100 units × 300 = 30000.00 → 31050.00
 * S = 105000 − 20000 + 7000 − 4050 − 1500 − 31050 = 55400.00
 * fixed: 村集体 20000.00; 管理费 5% of income = 5250.00 → D = 30150.00
 * shares: 公积金 10% 3015.00 (reserve), 公益金 5% 1507.50, 企业 45% 13567.50, members 40% 12060.00
 * share_units 70% = 8442.00 over units 1 : 2 : 0.5 and the holder's 100 (Σ 103.5):
 *   81.5652… 163.1304… 40.7826… 8156.5217… → floors 81.56 163.13 40.78 8156.52, the odd fen to H1: 81.57
 * persons 30% = P_b 3618.00, rate 58: H1 7 persons (84/12), H2 4 persons of which 2 half the year
 *   (36/12 = 3), H3 2 (24/12): 406.00 + 174.00 + 116.00 = 696.00; remainder 2922.00 to 村集体
 * 村集体: 20000.00 + 2922.00 = 22922.00; holder total 30000.00 + 8156.52 = 38156.52 (from_shares)
 * performance: H1 81.57 + 406.00 = 487.57, H2 163.13 + 174.00 = 337.13, H3 40.78 + 116.00 = 156.78
 * totals: H1 3000 + 1000 + 300 + 487.57 = 4787.57, H2 1050 + 600 + 337.13 = 1987.13,
 *   H3 500 + 150 + 156.78 = 806.78 → 7581.48; deductions 2000 / 0 / 3500 → nets 2787.57, 1987.13, −2693.22
 *
 * ── cooperative(): a 农民专业合作社 in the §9.9 form ──
 * I 10000.00 → S 10000.00; shares: 公积金 10% (reserve) 1000.00, members transactions 63% 6300.00,
 * members per_household 27% 2700.00 with category_weights 脱贫户 2, 一般户 1 (H1 脱贫户, H2 一般户).
 * transactions 3000 元 : 1000 元 → 4725.00, 1575.00; per_household 2 : 1 → 1800.00, 900.00.
 * D = 10000 − 1000 = 9000.00; 6300 / 9000 = 70.00 % ≥ 60 %.
 */
import { PLAIN_BASIS } from '../helpers/plainRules.js';
import type { Distribution } from '../../src/engine/types.js';
import type { Dataset, DetailRow, Household, Person } from '../../src/io/types.js';
import type { MemberBasis, Rules } from '../../src/rules/types.js';
import { ex, makeDataset, makeDistribution, makeRules } from './fixture.js';

const pos = { line: 1, column: 1 };
const col = (...fen: bigint[]) => BigInt64Array.from(fen);

function person(household: number, line: number, name: string, age: number | null, months = 12, tags: string[] = []): Person {
  return { household, line, name, age, tags, months };
}

export function villageRules(): Rules {
  const r = makeRules();
  r.opening = { retainedFen: 1200000n, lossFen: 500000n };
  r.shareHolders = [{ to: '村集体', class: 'fund', units: ex('100'), months: 12, pos }];
  r.shareHoldersGiven = true;
  r.fixed = [
    { to: '村集体', amountFen: 2000000n, percentOfIncome: null, reserve: false, pos },
    { to: '管理费', amountFen: 0n, percentOfIncome: ex('5'), reserve: false, pos },
  ];
  r.shares = r.shares.map((s) => (s.to === '公积金' ? { ...s, reserve: true } : s));
  r.members = [
    { basis: 'share_units', percent: ex('70'), classes: null, ...PLAIN_BASIS, pos },
    { basis: 'persons', percent: ex('30'), classes: null, ...PLAIN_BASIS, rate: ex('58'), remainderTo: '村集体', pos },
  ];
  r.floors = [];
  return r;
}

export function villageDataset(): Dataset {
  const d = makeDataset();
  d.persons = [
    person(0, 2, '张三', 58),
    person(0, 3, '王芳', 56),
    person(0, 4, '张大爷', 83),
    person(0, 5, '张明', 30),
    person(0, 6, '张丽', 21, 12, ['在校大学生']),
    person(0, 7, '张小军', 10),
    person(0, 8, '张小梅', 7),
    person(1, 9, '赵一', 40),
    person(1, 10, '钱二', 38),
    person(1, 11, '赵三', null, 6),
    person(1, 12, '赵四', 0, 6),
    person(2, 13, '李四', 81),
    person(2, 14, '李婆婆', 85),
  ];
  d.rentAreaMonths = new Map([['水田', Float64Array.from([2 * 10000 * 12, 0, 1 * 10000 * 12])]]); // 2 亩 and 1 亩 × 500 元
  d.inputs.push({ file: 'persons.csv', sha256: 'c'.repeat(64), rows: 13, encoding: 'utf8' });
  return d;
}

export function villageDistribution(): Distribution {
  const base = makeDistribution();
  return {
    ...base,
    guaranteedDueFen: 3105000n,
    guaranteedFen: 3105000n,
    householdGuaranteedFen: 105000n,
    openingFen: 700000n,
    holders: [{ to: '村集体', class: 'fund', units4: 1000000n, guaranteedFen: 3000000n, performanceFen: 815652n, totalFen: 3815652n }],
    surplusFen: 5540000n,
    allocations: [
      { to: '村集体', kind: 'fixed', amountFen: 2292200n, floorTopupsFen: 0n, retainedFen: 2292200n, membersRemainderFen: 292200n, reserve: false },
      { to: '管理费', kind: 'fixed', amountFen: 525000n, floorTopupsFen: 0n, retainedFen: 525000n, membersRemainderFen: 0n, reserve: false },
      { to: '公积金', kind: 'shares', amountFen: 301500n, floorTopupsFen: 0n, retainedFen: 301500n, membersRemainderFen: 0n, reserve: true },
      { to: '公益金', kind: 'shares', amountFen: 150750n, floorTopupsFen: 0n, retainedFen: 150750n, membersRemainderFen: 0n, reserve: false },
      { to: '企业', kind: 'shares', amountFen: 1356750n, floorTopupsFen: 0n, retainedFen: 1356750n, membersRemainderFen: 0n, reserve: false },
    ],
    membersPoolFen: 1206000n,
    bases: [
      { basis: 'share_units', classes: null, percentText: '70', partFen: 844200n, amountFen: 844200n, rated: null, totalWeight: 1035000n, weightDen: 10000n, weights: col(10000n, 20000n, 5000n), pos },
      {
        basis: 'persons',
        classes: null,
        percentText: '30',
        partFen: 361800n,
        amountFen: 69600n,
        rated: { rate: ex('58'), remainderTo: '村集体', remainderFen: 292200n, declared: true },
        totalWeight: 144n,
        weightDen: 12n,
        weights: col(84n, 36n, 24n),
        pos,
      },
    ],
    floors: [],
    performanceFen: 98148n,
    floorTopupFen: 0n,
    totalFen: 758148n,
    deductionsFen: 550000n,
    netPayableFen: 208148n,
    cols: {
      ...base.cols,
      performanceFen: col(48757n, 33713n, 15678n),
      basisFen: [col(8157n, 16313n, 4078n), col(40600n, 17400n, 11600n)],
      topupFen: col(0n, 0n, 0n),
      floorTopupFen: [],
      grossFen: col(478757n, 198713n, 80678n),
      totalFen: col(478757n, 198713n, 80678n),
      netFen: col(278757n, 198713n, -269322n),
    },
  };
}

export function cooperativeRules(): Rules {
  const r = makeRules();
  r.name = '丰收粮食种植专业合作社 2025年度盈余分配';
  r.legalForm = 'farmers_cooperative';
  r.shareClasses = new Map();
  r.fixed = [];
  const tx: MemberBasis = { basis: 'transactions', percent: ex('63'), classes: null, ...PLAIN_BASIS, pos };
  const ph: MemberBasis = { basis: 'per_household', percent: ex('27'), classes: null, ...PLAIN_BASIS, categoryWeights: new Map([['脱贫户', ex('2')], ['一般户', ex('1')]]), pos };
  r.shares = [
    { to: '公积金', percent: ex('10'), reserve: true, basis: null, pos },
    { to: 'members', percent: ex('63'), reserve: false, basis: tx, pos },
    { to: 'members', percent: ex('27'), reserve: false, basis: ph, pos },
  ];
  r.members = [tx, ph];
  r.floors = [];
  r.coopLawPos = pos;
  return r;
}

export function cooperativeDataset(): Dataset {
  const households: Household[] = [
    { id: 'C1', name: '赵国强', village: '东村', idNumber: '', bankAccount: '6217790110000000045', category: '脱贫户', line: 2, persons: null, payment: 'bank' },
    { id: 'C2', name: '钱玉梅', village: '东村', idNumber: '', bankAccount: '', category: '一般户', line: 3, persons: null, payment: 'cash' },
  ];
  const f64 = (...v: number[]) => Float64Array.from(v);
  const detail: DetailRow[] = [
    { file: 'transactions.csv', line: 2, fields: { household_id: 'C1', date: '2025-09-20', product: '玉米', amount: '2000', quantity: '' } },
    { file: 'transactions.csv', line: 4, fields: { household_id: 'C1', date: '2025-10-03', product: '大豆', amount: '1000', quantity: '' } },
  ];
  return {
    households,
    indexById: new Map(households.map((h, i) => [h.id, i])),
    laborDaysByJob: new Map(),
    laborDays: f64(0, 0),
    rentAreaMonths: new Map(),
    shareAreaMonths: new Map(),
    unitsMonths: new Map(),
    points: f64(0, 0),
    deductionsFen: f64(0, 0),
    persons: null,
    transactionsFen: f64(300000, 100000),
    transactionQuantity: new Map(),
    revenue: [{ kind: 'income', category: '粮食销售', amountFen: 1000000n }],
    inputs: [
      { file: 'households.csv', sha256: 'a'.repeat(64), rows: 2, encoding: 'utf8' },
      { file: 'revenue.csv', sha256: 'b'.repeat(64), rows: 1, encoding: 'utf8' },
      { file: 'transactions.csv', sha256: 'd'.repeat(64), rows: 3, encoding: 'utf8' },
    ],
    detail,
  };
}

export function cooperativeDistribution(): Distribution {
  const z = () => col(0n, 0n);
  return {
    households: 2,
    incomeFen: 1000000n,
    expensesFen: 0n,
    wagesFen: 0n,
    landRentFen: 0n,
    guaranteedDueFen: 0n,
    guaranteedFen: 0n,
    householdGuaranteedFen: 0n,
    guaranteedScaled: false,
    openingFen: 0n,
    holders: [],
    coopLaw: { distributableFen: 900000n, transactionsFen: 630000n, percent100: 7000n },
    surplusFen: 1000000n,
    deficitFen: 0n,
    allocations: [{ to: '公积金', kind: 'shares', amountFen: 100000n, floorTopupsFen: 0n, retainedFen: 100000n, membersRemainderFen: 0n, reserve: true }],
    membersPoolFen: 900000n,
    bases: [
      { basis: 'transactions', classes: null, percentText: '63', partFen: 630000n, amountFen: 630000n, rated: null, totalWeight: 400000n, weightDen: 100n, weights: col(300000n, 100000n), pos },
      { basis: 'per_household', classes: null, percentText: '27', partFen: 270000n, amountFen: 270000n, rated: null, totalWeight: 3n, weightDen: 1n, weights: col(2n, 1n), pos },
    ],
    floors: [],
    performanceFen: 900000n,
    floorTopupFen: 0n,
    totalFen: 900000n,
    deductionsFen: 0n,
    netPayableFen: 900000n,
    cols: {
      laborDays100: z(),
      wagesFen: z(),
      landRentFen: z(),
      shareUnits4: z(),
      guaranteedFen: z(),
      performanceFen: col(652500n, 247500n),
      basisFen: [col(472500n, 157500n), col(180000n, 90000n)],
      topupFen: z(),
      floorTopupFen: [],
      grossFen: col(652500n, 247500n),
      totalFen: col(652500n, 247500n),
      deductionsFen: z(),
      netFen: col(652500n, 247500n),
    },
    unitsByClass: new Map(),
    unitsDen: 12n,
    warnings: [],
  };
}
