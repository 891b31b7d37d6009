/**
 * Every basis of the members' performance dividend, in the order the docs list them. The one list
 * the rules reader (which names are allowed), the engine (weights), the waterfall, the report and
 * explain (labels) read: adding a basis is one file here and one entry below.
 */
import { laborDays } from './laborDays.js';
import { perHousehold } from './perHousehold.js';
import { persons } from './persons.js';
import { points } from './points.js';
import { shareUnits } from './shareUnits.js';
import { InternalError } from '../problems.js';
import type { BasisDef } from './types.js';
import { transactions } from './transactions.js';
import { wages } from './wages.js';

export const BASIS_DEFS = [shareUnits, laborDays, perHousehold, wages, points, persons, transactions] as const;

/** A basis name as written in rules.yaml. */
export type Basis = (typeof BASIS_DEFS)[number]['key'];

export const BASES: readonly Basis[] = BASIS_DEFS.map((d) => d.key);

const BY_KEY = new Map<string, BasisDef<Basis>>(BASIS_DEFS.map((d) => [d.key, d]));

/** The registry entry of a basis the rules reader accepted. */
export function basisDef(key: Basis): BasisDef<Basis> {
  const d = BY_KEY.get(key);
  if (!d) throw new InternalError(`basis ${key} is not in the registry: the rules reader should have rejected it`);
  return d;
}

export function isBasis(key: string): key is Basis {
  return BY_KEY.has(key);
}
