import type { Exact } from '../../money/exact.js';
import type { Checker } from '../check.js';
import type { Rules } from '../types.js';
import type { PMap } from '../yamlTree.js';
import { entry, readRates } from './common.js';

/** `wages`: a default day rate and/or one per job. */
export function readWages(c: Checker, root: PMap): Rules['wages'] {
  let defaultPerDay: Exact | null = null;
  const perDay = new Map<string, Exact>();
  const wagesNode = entry(root, 'wages');
  if (wagesNode) {
    const w = c.map(wagesNode, 'wages', ['default_per_day', 'per_day']);
    const d = entry(w, 'default_per_day');
    if (d) defaultPerDay = c.number(d, 'wages.default_per_day', 'ge0') ?? null;
    const pd = entry(w, 'per_day');
    if (pd) readRates(c, pd, 'wages.per_day', 'ge0', perDay);
  }
  return { defaultPerDay, perDay };
}
