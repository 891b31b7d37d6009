/**
 * What the readers hand to the engine: households in file order, and every other file folded into
 * per-household totals as it streams by (memory grows with households, not rows).
 *
 * All per-household sums are exact integers held in Float64Array (safe below 2^53; the readers
 * report E_TOO_LARGE beyond that). Scales: days ×100, area_mu / units / points ×10^4, money in fen.
 * "× months" sums are Σ(value × months), to be divided by 12 by the engine (time weighting).
 */
export interface Household {
  id: string;
  name: string;
  village: string;
  idNumber: string; // '' when absent
  bankAccount: string; // spaces removed; '' when absent
  category: string;
  line: number; // physical line in households.csv
  /** SPEC §9.1: the `persons` column (empty cell = 0); null when households.csv has no such column. */
  persons: number | null;
  /** SPEC §9.8: the `payment` column, an empty cell resolved by rules.payment_default. */
  payment: 'bank' | 'cash';
}

/** One row of persons.csv (SPEC §9.1, 成员名册). */
export interface Person {
  household: number; // index in Dataset.households
  line: number;
  name: string;
  /** Age on 31 December of the rules' year; null when birth_date is empty. */
  age: number | null;
  tags: readonly string[];
  months: number; // 1–12
}

export interface RevenueLine {
  kind: 'income' | 'expense';
  category: string;
  amountFen: bigint;
}

export interface InputFileInfo {
  file: string; // base name as in the run directory, e.g. "labor.csv"
  sha256: string;
  rows: number; // data rows (blank lines and header excluded)
  encoding: 'utf8' | 'gb18030';
}

/** One household's raw rows, kept only for `explain`. */
export interface DetailRow {
  file: string;
  line: number;
  fields: Record<string, string>; // canonical English column name → trimmed text
}

export interface Dataset {
  households: Household[];
  /** household_id → index in `households` (a HouseholdIndex when read from files). */
  indexById: ReadonlyMap<string, number>;
  /** job ('' = no job, i.e. wages.default_per_day) → Σ days×100 per household. */
  laborDaysByJob: Map<string, Float64Array>;
  /** Σ days×100 per household, all jobs. */
  laborDays: Float64Array;
  /** land_type → Σ area×10^4 × months, arrangement = rent. */
  rentAreaMonths: Map<string, Float64Array>;
  /** land_type → Σ area×10^4 × months, arrangement = shares (class `land`). */
  shareAreaMonths: Map<string, Float64Array>;
  /** class → Σ units×10^4 × months (shares.csv). */
  unitsMonths: Map<string, Float64Array>;
  /** Σ points×10^4; all zero when points.csv is absent. */
  points: Float64Array;
  /** Σ deductions in fen. */
  deductionsFen: Float64Array;
  /** SPEC §9.1: persons.csv rows in file order; null when there is no persons.csv. */
  persons: Person[] | null;
  /** SPEC §9.5: transactions.csv Σ amount in fen per household; null when there is no transactions.csv. */
  transactionsFen: Float64Array | null;
  /** product ('' = none) → Σ quantity×10^4 per household, rows that give a quantity. */
  transactionQuantity: Map<string, Float64Array>;
  /** Revenue lines in file order (small: the operation's books). */
  revenue: RevenueLine[];
  /** Every input file read (rules.yaml excluded), in SPEC §2 order. */
  inputs: InputFileInfo[];
  /** Rows of the household named in ReadOptions.detailFor, in file order. */
  detail: DetailRow[];
}

export interface ReadOptions {
  encoding: 'auto' | 'utf8' | 'gb18030';
  /** Keep the raw rows of this household id (for `explain`). */
  detailFor?: string;
  /** Refuse an input file with more data rows than this (E_TOO_LARGE); unlimited when absent. */
  maxRows?: number;
  /** Extra income lines injected before the calculation (pooled projects, SPEC §8). */
  extraRevenue?: RevenueLine[];
  /** `--follow-symlinks`: input links may point outside the run folder (issue 12). */
  followSymlinks?: boolean;
  /** The folder input links must stay inside (batch: ROOT); default the run folder. */
  root?: string;
}
