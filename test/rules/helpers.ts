import { Problems, type Problem } from '../../src/problems.js';
import { loadRules } from '../../src/rules/loadRules.js';
import type { Rules } from '../../src/rules/types.js';

/** 1-based line and column of the `nth` (0-based) occurrence of `needle` in `text`. */
export function where(text: string, needle: string, nth = 0): { line: number; column: number } {
  let idx = -1;
  for (let k = 0; k <= nth; k++) {
    idx = text.indexOf(needle, idx + 1);
    if (idx < 0) throw new Error(`needle not found: ${needle}`);
  }
  const before = text.slice(0, idx);
  const line = before.split('\n').length;
  const column = idx - (before.lastIndexOf('\n') + 1) + 1;
  return { line, column };
}

export function load(text: string, file = 'run/rules.yaml'): { rules: Rules | null; errors: Problem[] } {
  const p = new Problems();
  const rules = loadRules([{ file, text }], p);
  return { rules, errors: p.errors };
}

export function loadMany(sources: { file: string; text: string }[]): { rules: Rules | null; errors: Problem[] } {
  const p = new Problems();
  const rules = loadRules(sources, p);
  return { rules, errors: p.errors };
}

/** A small valid rules file to start error cases from. */
export const BASE = `name: 测试合作社 2025
year: 2025
share_classes:
  fund: { guaranteed_per_unit: 60 }
distribution:
  fixed:
    - { to: 村集体, amount: 1000 }
  shares:
    - { to: 公益金, percent: 40 }
    - { to: members, percent: 60 }
members:
  - { basis: share_units, percent: 100 }
`;
