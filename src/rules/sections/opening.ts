import { type Checker, pathKey } from '../check.js';
import type { PMap } from '../yamlTree.js';
import { entry } from './common.js';

/** `opening` (SPEC §9.6): last year's retained surplus and the loss still to make good; null when absent. */
export function readOpening(c: Checker, root: PMap): { retainedFen: bigint; lossFen: bigint } | null {
  const node = entry(root, 'opening');
  if (!node) return null;
  const m = c.map(node, 'opening', ['retained', 'loss']);
  if (!m) return null;
  const money = (key: string): bigint => {
    const n = entry(m, key);
    return (n ? c.moneyFen(n, pathKey('opening', key)) : 0n) ?? 0n;
  };
  return { retainedFen: money('retained'), lossFen: money('loss') };
}
