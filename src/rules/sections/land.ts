import type { Exact } from '../../money/exact.js';
import type { Checker } from '../check.js';
import type { Rules } from '../types.js';
import type { PMap } from '../yamlTree.js';
import { entry, readRates } from './common.js';

/** `land`: rent per mu and share units per mu, by land type. */
export function readLand(c: Checker, root: PMap): Rules['land'] {
  const rentPerMu = new Map<string, Exact>();
  const unitsPerMu = new Map<string, Exact>();
  const landNode = entry(root, 'land');
  if (landNode) {
    const l = c.map(landNode, 'land', ['rent_per_mu', 'units_per_mu']);
    const r = entry(l, 'rent_per_mu');
    if (r) readRates(c, r, 'land.rent_per_mu', 'ge0', rentPerMu);
    const u = entry(l, 'units_per_mu');
    if (u) readRates(c, u, 'land.units_per_mu', 'gt0', unitsPerMu);
  }
  return { rentPerMu, unitsPerMu };
}
