/** Hand-built Rules and Datasets for engine tests (no files involved). */
import { PLAIN_BASIS, NO_SECTION_9 } from './plainRules.js';
import type { Dataset, Household } from '../../src/io/types.js';
import { parseExact, type Exact } from '../../src/money/exact.js';
import type { Basis, Rules } from '../../src/rules/types.js';

export const x = (text: string): Exact => {
  const e = parseExact(text);
  if (!e) throw new Error(`bad exact ${text}`);
  return e;
};
const pos = { line: 1, column: 1 };

export interface RulesSpec {
  defaultPerDay?: string;
  perDay?: Record<string, string>;
  rentPerMu?: Record<string, string>;
  unitsPerMu?: Record<string, string>;
  classes?: Record<string, { g?: string; w?: string }>;
  shortfall?: 'pay' | 'scale';
  fixed?: [string, bigint][];
  shares: [string, string][];
  members?: [Basis, string, string[]?][];
  floors?: [string, bigint, string][];
}

export function rules(s: RulesSpec): Rules {
  const map = (o: Record<string, string> = {}) => new Map(Object.entries(o).map(([k, v]) => [k, x(v)]));
  return {
    name: 'test',
    year: 2025,
    preparedOn: null,
    wages: { defaultPerDay: s.defaultPerDay ? x(s.defaultPerDay) : null, perDay: map(s.perDay) },
    land: { rentPerMu: map(s.rentPerMu), unitsPerMu: map(s.unitsPerMu) },
    shareClasses: new Map(Object.entries(s.classes ?? {}).map(([k, v]) => [k, { guaranteedPerUnit: x(v.g ?? '0'), weight: x(v.w ?? '1'), pos }])),
    guaranteedShortfall: s.shortfall ?? 'pay',
    fixed: (s.fixed ?? []).map(([to, amountFen]) => ({ to, amountFen, percentOfIncome: null, reserve: false, pos })),
    shares: s.shares.map(([to, p]) => ({ to, percent: x(p), reserve: false, basis: null, pos })),
    members: (s.members ?? []).map(([basis, p, classes]) => ({ basis, percent: x(p), classes: classes ?? null, ...PLAIN_BASIS, pos })),
    floors: (s.floors ?? []).map(([category, minTotalFen, fundedBy]) => ({ category, minTotalFen, fundedBy, pos })),
    ...NO_SECTION_9,
    disclosure: {},
    bankFile: {},
    csvExcelText: false,
    file: 'rules.yaml',
    sha256: '',
  };
}

export interface HouseholdSpec {
  id: string;
  category?: string;
  account?: string;
  /** job → days (text, e.g. '15.5'); '' = default rate. */
  labor?: Record<string, string>;
  /** [land_type, area, months] rented. */
  rent?: [string, string, number][];
  /** [land_type, area, months] invested as shares. */
  landShares?: [string, string, number][];
  /** [class, units, months]. */
  units?: [string, string, number][];
  points?: string;
  deductionsFen?: number;
}

const scaled = (text: string, scale: number): number => {
  const e = x(text);
  return Number(e.units) * 10 ** (scale - e.scale);
};

export function dataset(hs: HouseholdSpec[], revenue: { income?: bigint; expense?: bigint } = {}): Dataset {
  const n = hs.length;
  const col = () => new Float64Array(n);
  const byKey = (m: Map<string, Float64Array>, k: string) => {
    let c = m.get(k);
    if (!c) m.set(k, (c = col()));
    return c;
  };
  const d: Dataset = {
    households: hs.map(
      (h, i): Household => ({ id: h.id, name: `户${i + 1}`, village: '', idNumber: '', bankAccount: h.account ?? '6200000000000000000', category: h.category ?? '', line: i + 2, persons: null, payment: 'bank' }),
    ),
    indexById: new Map(hs.map((h, i) => [h.id, i])),
    laborDaysByJob: new Map(),
    laborDays: col(),
    rentAreaMonths: new Map(),
    shareAreaMonths: new Map(),
    unitsMonths: new Map(),
    points: col(),
    deductionsFen: col(),
    persons: null,
    transactionsFen: null,
    transactionQuantity: new Map(),
    revenue: [],
    inputs: [],
    detail: [],
  };
  hs.forEach((h, i) => {
    for (const [job, days] of Object.entries(h.labor ?? {})) {
      byKey(d.laborDaysByJob, job)[i] += scaled(days, 2);
      d.laborDays[i] += scaled(days, 2);
    }
    for (const [t, area, m] of h.rent ?? []) byKey(d.rentAreaMonths, t)[i] += scaled(area, 4) * m;
    for (const [t, area, m] of h.landShares ?? []) byKey(d.shareAreaMonths, t)[i] += scaled(area, 4) * m;
    for (const [c, u, m] of h.units ?? []) byKey(d.unitsMonths, c)[i] += scaled(u, 4) * m;
    if (h.points) d.points[i] = scaled(h.points, 4);
    d.deductionsFen[i] = h.deductionsFen ?? 0;
  });
  if (revenue.income !== undefined) d.revenue.push({ kind: 'income', category: '销售', amountFen: revenue.income });
  if (revenue.expense !== undefined) d.revenue.push({ kind: 'expense', category: '成本', amountFen: revenue.expense });
  return d;
}
