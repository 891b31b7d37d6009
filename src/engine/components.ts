import type { Dataset } from '../io/types.js';
import { SafeColumn } from '../money/columnView.js';
import { pow10, unitsAt, type Exact } from '../money/exact.js';
import { InternalError } from '../problems.js';
import type { Rules } from '../rules/types.js';
import { maxScale, newColumn } from '../money/columns.js';
import { roundSums, sumsColumn, sumTerms, type Term } from '../money/sumTerms.js';

/**
 * SPEC §5 steps 1–4: wages, land rent, time-weighted units, guaranteed dividend, per household.
 * Everything is an exact fraction until the one rounding per household and component.
 * County scale: the sums go through money/sumTerms.ts (numbers while exact, bigint beyond).
 */
export interface Components {
  laborDays100: BigInt64Array;
  wagesFen: BigInt64Array;
  landRentFen: BigInt64Array;
  /** class → time-weighted units as numerators over `unitsDen` (exact). */
  unitsNum: Map<string, ArrayLike<bigint>>;
  /** class → the reader's sums and multipliers that unitsNum adds up (for the share_units basis). */
  unitsTerms: Map<string, readonly Term[]>;
  unitsDen: bigint;
  shareUnits4: BigInt64Array;
  guaranteedFen: BigInt64Array;
}

function rateOf(map: Map<string, Exact>, key: string, what: string): Exact {
  const r = map.get(key);
  if (!r) throw new InternalError(`${what} "${key}" has no rate: the reader should have rejected it`);
  return r;
}

export function computeComponents(rules: Rules, data: Dataset): Components {
  const n = data.households.length;

  // 1. wages_h = round(Σ days × rate(job)); days are ×100.
  const jobRate = new Map<string, Exact>();
  for (const job of data.laborDaysByJob.keys()) {
    const r = job === '' ? rules.wages.defaultPerDay : rules.wages.perDay.get(job);
    if (!r) throw new InternalError(`labor job "${job}" has no rate: the reader should have rejected it`);
    jobRate.set(job, r);
  }
  const sw = maxScale(jobRate.values());
  const wageTerms = [...data.laborDaysByJob].map(([job, days]) => ({ values: days, mult: unitsAt(jobRate.get(job)!, sw) }));
  const wagesFen = newColumn(n);
  roundSums(wagesFen, sumTerms(n, wageTerms), 1n, pow10(sw)); // days×100 × rate(元) ÷ 10^sw = fen
  const laborDays100 = newColumn(n);
  const days = new SafeColumn(laborDays100);
  for (let h = 0; h < n; h++) days.set(h, data.laborDays[h]);

  // 2. land_rent_h = round(Σ area × rent_per_mu × months / 12); area is ×10^4.
  const sr = maxScale(rules.land.rentPerMu.values());
  const rentTerms = [...data.rentAreaMonths].map(([type, areaMonths]) => ({
    values: areaMonths,
    mult: unitsAt(rateOf(rules.land.rentPerMu, type, 'land type'), sr),
  }));
  const landRentFen = newColumn(n);
  roundSums(landRentFen, sumTerms(n, rentTerms), 100n, 10_000n * 12n * pow10(sr));

  // 3. time-weighted units per class, exact, over one denominator 12 × 10^4 × 10^su.
  const su = maxScale(rules.land.unitsPerMu.values());
  const unitsDen = 12n * 10_000n * pow10(su);
  const classTerms = new Map<string, Term[]>();
  const termsOf = (cls: string): Term[] => {
    let t = classTerms.get(cls);
    if (!t) classTerms.set(cls, (t = []));
    return t;
  };
  for (const [type, areaMonths] of data.shareAreaMonths) {
    termsOf('land').push({ values: areaMonths, mult: unitsAt(rateOf(rules.land.unitsPerMu, type, 'land type'), su) });
  }
  for (const [cls, unitsMonths] of data.unitsMonths) termsOf(cls).push({ values: unitsMonths, mult: pow10(su) });

  // 4. guaranteed_h = round(Σ_class units × guaranteed_per_unit); share_units shown to 4 decimals.
  const classes = [...classTerms.keys()].map((cls) => {
    const c = rules.shareClasses.get(cls);
    if (!c) throw new InternalError(`share class "${cls}" is not in the rules: the reader should have rejected it`);
    return { cls, gpu: c.guaranteedPerUnit };
  });
  const sg = maxScale(classes.map((c) => c.gpu));
  const gDen = unitsDen * pow10(sg);
  const unitsNum = new Map<string, ArrayLike<bigint>>();
  const guaranteedTerms: Term[] = [];
  const unitTerms: Term[] = [];
  for (const { cls, gpu } of classes) {
    // Units and guaranteed dividends are linear in the same class terms: expand them.
    const terms = classTerms.get(cls)!;
    unitsNum.set(cls, sumsColumn(sumTerms(n, terms), n));
    const g = unitsAt(gpu, sg);
    for (const t of terms) {
      unitTerms.push(t);
      guaranteedTerms.push({ values: t.values, mult: t.mult * g });
    }
  }
  const guaranteedFen = newColumn(n);
  roundSums(guaranteedFen, sumTerms(n, guaranteedTerms), 100n, gDen);
  const shareUnits4 = newColumn(n);
  roundSums(shareUnits4, sumTerms(n, unitTerms), 10_000n, unitsDen);

  return { laborDays100, wagesFen, landRentFen, unitsNum, unitsTerms: classTerms, unitsDen, shareUnits4, guaranteedFen };
}
