import { exactToString, pow10, sumExact, type Exact } from '../../money/exact.js';
import { type Checker, pathKey } from '../check.js';
import type { PMap, PNode } from '../yamlTree.js';

// Helpers the section readers share.

export function entry(m: PMap | undefined, key: string): PNode | undefined {
  return m?.entries.get(key)?.value;
}

export { sumExact };

export function isHundred(x: Exact): boolean {
  return x.units === 100n * pow10(x.scale);
}

/** `name: rate` pairs; every rate checked, good ones put into `out` in the order written. */
export function readRates(c: Checker, n: PNode, path: string, min: 'ge0' | 'gt0', out: Map<string, Exact>): void {
  const m = c.namedMap(n, path);
  for (const e of m?.entries.values() ?? []) {
    const v = c.number(e.value, pathKey(path, e.key), min);
    if (v !== undefined) out.set(e.key, v);
  }
}

export function checkHundred(c: Checker, percents: readonly Exact[], at: PNode['at'], path: string): void {
  const sum = sumExact(percents);
  if (isHundred(sum)) return;
  const s = exactToString(sum);
  c.bad(at, path, `百分比合计为 ${s}, 必须恰好为 100`, `percents add up to ${s}, must be exactly 100`);
}
