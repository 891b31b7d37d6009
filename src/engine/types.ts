import type { Exact } from '../money/exact.js';
import type { WarningCode } from '../problemCodes.js';
import type { Basis, RulePos } from '../rules/types.js';

/** One distribution entry (fixed first, then shares; `members` excluded). */
export interface AllocationResult {
  to: string;
  kind: 'fixed' | 'shares';
  amountFen: bigint; // the entry's part before floors, remainders of rated bases included
  floorTopupsFen: bigint; // paid out of it to floors
  retainedFen: bigint; // amount − floor top-ups
  /** SPEC §9.3: Σ remainders of rated bases received (negative: given); in amountFen. */
  membersRemainderFen: bigint;
  /** SPEC §9.5: a reserve entry; its §5.6 part is `amountFen − membersRemainderFen`. */
  reserve: boolean;
}

/** SPEC §9.4: a share holder that is not a household, as paid. */
export interface HolderResult {
  to: string;
  class: string;
  /** Time-weighted units × 10^4, rounded half up (summary.json shows 4 decimals). */
  units4: bigint;
  guaranteedFen: bigint;
  performanceFen: bigint;
  totalFen: bigint;
}

/** SPEC §9.5: the cooperative law's 60 % check (legal_form: farmers_cooperative). */
export interface CoopLawResult {
  distributableFen: bigint; // D = S − reserve parts (may be ≤ 0)
  transactionsFen: bigint; // Σ amounts of transactions bases
  /** 100 × transactions / D, × 100 and rounded half up (0 when D ≤ 0). */
  percent100: bigint;
}

export interface BasisResult {
  basis: Basis;
  classes: string[] | null;
  percentText: string;
  /** P_b: this basis's part of the members' pool (§9.9: of D). */
  partFen: bigint;
  /** What it paid to households and holders: P_b, or Σ pay_h for a rated basis. */
  amountFen: bigint;
  /** SPEC §9.3: the rate used and where the difference went; null for a split basis. */
  rated: { rate: Exact; remainderTo: string; remainderFen: bigint; declared: boolean } | null;
  /** Σ weights over households, as an exact fraction totalWeight / weightDen (for explain). */
  totalWeight: bigint;
  weightDen: bigint;
  /** Every household's weight over weightDen (explain reads its household's). */
  weights: ArrayLike<bigint>;
  pos: RulePos;
}

export interface FloorResult {
  category: string;
  minTotalFen: bigint;
  fundedBy: string;
  households: number; // households of that category
  shortfallFen: bigint; // Σ shortfall
  paidFen: bigint; // Σ top-ups paid
  short: boolean; // the entry could not cover every shortfall (W_FLOOR_SHORT)
}

/** Per-household columns, in households.csv order (index = household index). */
export interface HouseholdColumns {
  laborDays100: BigInt64Array; // Σ days × 100
  wagesFen: BigInt64Array;
  landRentFen: BigInt64Array;
  /** Time-weighted share units, all classes, unweighted, × 10^4 rounded half up. */
  shareUnits4: BigInt64Array;
  guaranteedFen: BigInt64Array; // after `scale`, if it applied
  performanceFen: BigInt64Array;
  /** One column per `members` basis, in rules order. */
  basisFen: BigInt64Array[];
  topupFen: BigInt64Array;
  /** One column per floor, in rules order (for explain). */
  floorTopupFen: BigInt64Array[];
  grossFen: BigInt64Array;
  totalFen: BigInt64Array;
  deductionsFen: BigInt64Array;
  netFen: BigInt64Array;
}

export interface EngineWarning {
  code: WarningCode; // W_DEFICIT, W_FLOOR_SHORT, …
  message: string;
  /** Where a person should look: a file name in the run directory and a line (0 = the file as a whole). */
  place?: { file: string; line: number; column: number };
}

export interface Distribution {
  households: number;
  incomeFen: bigint;
  expensesFen: bigint;
  wagesFen: bigint;
  landRentFen: bigint;
  /** G before any scaling (the sum of the rounded guaranteed dividends). */
  guaranteedDueFen: bigint;
  guaranteedFen: bigint; // G as paid, share holders included (§9.4)
  /** G paid to households (Σ of cols.guaranteedFen); = guaranteedFen without share holders. */
  householdGuaranteedFen: bigint;
  guaranteedScaled: boolean;
  /** SPEC §9.6: O = retained − loss, in S (0 without `opening:`). */
  openingFen: bigint;
  /** SPEC §9.4: share holders in rules order ([] without share_holders). */
  holders: HolderResult[];
  coopLaw: CoopLawResult | null;
  surplusFen: bigint; // S, may be negative
  deficitFen: bigint; // max(0, −S) after `pay`/`scale`
  allocations: AllocationResult[];
  membersPoolFen: bigint;
  bases: BasisResult[];
  floors: FloorResult[];
  performanceFen: bigint;
  floorTopupFen: bigint;
  totalFen: bigint;
  deductionsFen: bigint;
  netPayableFen: bigint; // Σ net (negative nets included)
  cols: HouseholdColumns;
  /** Time-weighted units per share class, numerators over unitsDen (explain shows them per class). */
  unitsByClass: Map<string, ArrayLike<bigint>>;
  unitsDen: bigint;
  warnings: EngineWarning[];
}
