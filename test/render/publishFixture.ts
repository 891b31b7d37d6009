/**
 * A small run for the publishing tests, computed by the real engine from hand-built inputs
 * (test/helpers/build.ts), so every total is consistent. Households:
 *
 *   H1 欧阳春花      脱贫户  ID + account          positive net
 *   H2 <script>…     一般户  ID ending X + account  positive net (a name that must be escaped)
 *   H3 李四          脱贫户  no account            negative net (deductions) → W_NEGATIVE_NET
 *   H4 王明          监测户  no account            positive net → W_NO_ACCOUNT
 *   H5 =HYPERLINK…   一般户  account               positive net (formula injection in CSV)
 */
import { computeDistribution } from '../../src/engine/computeDistribution.js';
import type { Distribution } from '../../src/engine/types.js';
import type { Dataset } from '../../src/io/types.js';
import { Problems } from '../../src/problems.js';
import type { Rules } from '../../src/rules/types.js';
import { dataset, rules, type HouseholdSpec } from '../helpers/build.js';

export interface Run {
  rules: Rules;
  data: Dataset;
  dist: Distribution;
}

export const PEOPLE = [
  { id: 'H1', name: '欧阳春花', village: '一组', idNumber: '522628197003120011', bankAccount: '6230520110001000011' },
  { id: 'H2', name: '<script>alert(1)</script>', village: '二组, 上寨', idNumber: '52262819850621002X', bankAccount: '6230520110001000029' },
  { id: 'H3', name: '李四', village: '一组', idNumber: '522628196001010015', bankAccount: '' },
  { id: 'H4', name: '王明', village: '三组', idNumber: '', bankAccount: '' },
  { id: 'H5', name: '=HYPERLINK("x")', village: '三组', idNumber: '', bankAccount: '6228480012345678' },
] as const;

const SPECS: HouseholdSpec[] = [
  { id: 'H1', category: '脱贫户', labor: { '': '30' }, units: [['fund', '1', 12]], deductionsFen: 2000_00 },
  { id: 'H2', category: '一般户', labor: { '': '10.5' }, units: [['fund', '2', 12]] },
  { id: 'H3', category: '脱贫户', units: [['fund', '0.5', 12]], deductionsFen: 9000_00 },
  { id: 'H4', category: '监测户', labor: { '': '5' } },
  { id: 'H5', category: '一般户', units: [['fund', '1.5', 6]] },
];

export interface RunOptions {
  income?: bigint;
  sections?: Pick<Partial<Rules>, 'disclosure' | 'bankFile'>;
  name?: string;
  /** SPEC §9.8: households paid in cash, by id (the others by bank). */
  cash?: readonly string[];
  /** SPEC §9.1: the households.csv `persons` column, one value per household (H1…H5). */
  personsColumn?: readonly number[];
  /** SPEC §9.1: persons.csv, as the number of rows per household (H1…H5). */
  personsRows?: readonly number[];
}

export function makeRun(opts: RunOptions = {}): Run {
  const r = rules({
    defaultPerDay: '100',
    classes: { fund: { g: '300' } },
    fixed: [['村集体', 20000_00n]],
    shares: [
      ['公积金', '10'],
      ['公益金', '5'],
      ['企业', '45'],
      ['members', '40'],
    ],
    members: [
      ['share_units', '70'],
      ['labor_days', '30'],
    ],
    floors: [['脱贫户', 3000_00n, '公益金']],
  });
  r.name = opts.name ?? '测试村食用菌基地 2025年度收益分配';
  r.disclosure = opts.sections?.disclosure ?? {};
  r.bankFile = opts.sections?.bankFile ?? {};
  const data = dataset(SPECS, { income: opts.income ?? 105000_00n, expense: 20000_00n });
  data.households = data.households.map((h, i) => ({
    ...h,
    ...PEOPLE[i],
    payment: opts.cash?.includes(PEOPLE[i].id) ? 'cash' : 'bank',
    persons: opts.personsColumn ? opts.personsColumn[i] : null,
  }));
  if (opts.personsRows) {
    data.persons = opts.personsRows.flatMap((n, h) =>
      Array.from({ length: n }, (_, k) => ({ household: h, line: 2 + k, name: `${PEOPLE[h].id}-${k + 1}`, age: null, tags: [], months: 6 })),
    );
  }
  const problems = new Problems();
  const dist = computeDistribution(r, data, problems);
  if (!dist || !problems.ok) throw new Error('fixture: ' + JSON.stringify(problems.errors));
  return { rules: r, data, dist };
}

export const col = (c: BigInt64Array): bigint[] => Array.from(c);
