import type { Components } from '../engine/components.js';
import type { Dataset } from '../io/types.js';
import type { MemberBasis, Rules, ShareHolder } from '../rules/types.js';

/** A basis's household weights as integers, with the denominator that makes them exact. */
export interface BasisWeights {
  weights: ArrayLike<bigint>;
  den: bigint;
}

/** What a basis's weights are computed from: the rules, the inputs and the components of SPEC §5 steps 1–4. */
export interface BasisInput {
  rules: Rules;
  data: Dataset;
  comp: Components;
  /** share_units: the classes chosen in rules.yaml (null = all). */
  classes: readonly string[] | null;
  /** The basis as written (its §9 keys: filters, `by`, product weights). */
  rule: MemberBasis;
}

/**
 * One basis of the members' performance dividend (SPEC §4 `distribution.members`): everything every
 * layer needs to know of it, so that adding a basis is one entry in registry.ts.
 */
export interface BasisDef<K extends string = string> {
  /** The name written in rules.yaml (`basis: share_units`). */
  key: K;
  /** The waterfall's and report's line label. */
  label: { zh: string; en: string };
  /** How `explain` names it when reading a household's part aloud. */
  explain: { zh: string; en: string };
  /** One unit of its weight, as a declared rate is read aloud: 每人 58 元, 每股 30 元 (SPEC §9.3). */
  unit: UnitWords;
  /** The unit for this basis as written (transactions by quantity is not per 元). */
  unitOf(rule: MemberBasis): UnitWords;
  /** The input table its weights come from (for messages and docs). */
  table: string;
  /** Whether `classes:` may restrict it (share classes). */
  classes: boolean;
  /** Its own keys in rules.yaml besides the common ones (persons: min_age, max_age, tags). */
  keys: readonly string[];
  /** Every household's weight. */
  weights(input: BasisInput): BasisWeights;
  /** SPEC §9.4: the weight of each `share_holders` entry, over the same `den` (none: 0 for all). */
  holderWeights?(input: BasisInput, den: bigint): bigint[];
}

export type { ShareHolder };

/** What one unit of a basis's weight is: `per` after 每 / "per", `unit` after a number. */
export interface UnitWords {
  zh: { per: string; unit: string };
  en: { per: string; unit: string; units: string };
}

/** Keeps the literal key type of an entry (so the registry yields the `Basis` union). */
export function defineBasis<K extends string>(def: Omit<BasisDef<K>, 'unitOf'> & { unitOf?: BasisDef<K>['unitOf'] }): BasisDef<K> {
  return { ...def, unitOf: def.unitOf ?? (() => def.unit) };
}

/** Unit words where the zh word is the same after 每 and after a number. */
export function unitWords(zh: string, en: string, enPlural: string): UnitWords {
  return { zh: { per: zh, unit: zh }, en: { per: en, unit: en, units: enPlural } };
}
