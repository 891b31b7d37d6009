import type { Dataset } from '../io/types.js';
import { pow10, roundHalfUp, unitsAt, type Exact } from '../money/exact.js';
import { InternalError } from '../problems.js';
import type { Rules } from '../rules/types.js';
import { big, maxScale, newColumn } from './columns.js';

/**
 * SPEC §5 steps 1–4: wages, land rent, time-weighted units, guaranteed dividend, per household.
 * Everything is an exact fraction until the one rounding per household and component.
 */
export interface Components {
  laborDays100: BigInt64Array;
  wagesFen: BigInt64Array;
  landRentFen: BigInt64Array;
  /** class → time-weighted units as numerators over `unitsDen` (exact). */
  unitsNum: Map<string, bigint[]>;
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
  const wagesDen = pow10(sw); // days×100 × rate(元) ÷ 10^sw = fen
  const wagesFen = newColumn(n);
  const wageNum = new Array<bigint>(n).fill(0n);
  for (const [job, days] of data.laborDaysByJob) {
    const rate = unitsAt(jobRate.get(job)!, sw);
    for (let h = 0; h < n; h++) if (days[h] !== 0) wageNum[h] += big(days[h]) * rate;
  }
  const laborDays100 = newColumn(n);
  for (let h = 0; h < n; h++) {
    wagesFen[h] = roundHalfUp(wageNum[h], wagesDen);
    laborDays100[h] = big(data.laborDays[h]);
  }

  // 2. land_rent_h = round(Σ area × rent_per_mu × months / 12); area is ×10^4.
  const sr = maxScale(rules.land.rentPerMu.values());
  const rentDen = 10_000n * 12n * pow10(sr);
  const rentNum = new Array<bigint>(n).fill(0n);
  for (const [type, areaMonths] of data.rentAreaMonths) {
    const rate = unitsAt(rateOf(rules.land.rentPerMu, type, 'land type'), sr);
    for (let h = 0; h < n; h++) if (areaMonths[h] !== 0) rentNum[h] += big(areaMonths[h]) * rate;
  }
  const landRentFen = newColumn(n);
  for (let h = 0; h < n; h++) landRentFen[h] = roundHalfUp(rentNum[h] * 100n, rentDen);

  // 3. time-weighted units per class, exact, over one denominator 12 × 10^4 × 10^su.
  const su = maxScale(rules.land.unitsPerMu.values());
  const unitsDen = 12n * 10_000n * pow10(su);
  const unitsNum = new Map<string, bigint[]>();
  const classCol = (cls: string): bigint[] => {
    let col = unitsNum.get(cls);
    if (!col) unitsNum.set(cls, (col = new Array<bigint>(n).fill(0n)));
    return col;
  };
  for (const [type, areaMonths] of data.shareAreaMonths) {
    const upm = unitsAt(rateOf(rules.land.unitsPerMu, type, 'land type'), su);
    const col = classCol('land');
    for (let h = 0; h < n; h++) if (areaMonths[h] !== 0) col[h] += big(areaMonths[h]) * upm;
  }
  const scaleUp = pow10(su);
  for (const [cls, unitsMonths] of data.unitsMonths) {
    const col = classCol(cls);
    for (let h = 0; h < n; h++) if (unitsMonths[h] !== 0) col[h] += big(unitsMonths[h]) * scaleUp;
  }

  // 4. guaranteed_h = round(Σ_class units × guaranteed_per_unit); share_units shown to 4 decimals.
  const classes = [...unitsNum.keys()].map((cls) => {
    const c = rules.shareClasses.get(cls);
    if (!c) throw new InternalError(`share class "${cls}" is not in the rules: the reader should have rejected it`);
    return { cls, gpu: c.guaranteedPerUnit };
  });
  const sg = maxScale(classes.map((c) => c.gpu));
  const gDen = unitsDen * pow10(sg);
  const guaranteedFen = newColumn(n);
  const shareUnits4 = newColumn(n);
  for (let h = 0; h < n; h++) {
    let g = 0n;
    let u = 0n;
    for (const { cls, gpu } of classes) {
      const units = unitsNum.get(cls)![h];
      if (units === 0n) continue;
      u += units;
      g += units * unitsAt(gpu, sg);
    }
    guaranteedFen[h] = roundHalfUp(g * 100n, gDen);
    shareUnits4[h] = roundHalfUp(u * 10_000n, unitsDen);
  }

  return { laborDays100, wagesFen, landRentFen, unitsNum, unitsDen, shareUnits4, guaranteedFen };
}
