import { allocate } from '../money/allocate.js';
import { unitsAt, type Exact } from '../money/exact.js';
import type { Pool } from '../rules/loadPool.js';

export interface PoolShare {
  village: string;
  contribution: Exact;
  amountFen: bigint;
}

/**
 * SPEC §8: the project's income split over the listed villages by contribution, with THE
 * allocator (largest remainder; ties to the village listed first). The parts add up to the income.
 */
export function splitPool(pool: Pick<Pool, 'incomeFen' | 'contributions'>): PoolShare[] {
  const scale = pool.contributions.reduce((m, c) => Math.max(m, c.weight.scale), 0);
  const parts = allocate(
    pool.incomeFen,
    pool.contributions.map((c) => unitsAt(c.weight, scale)),
  );
  return pool.contributions.map((c, i) => ({ village: c.village, contribution: c.weight, amountFen: parts[i] }));
}
