import type { Person } from '../io/types.js';
import type { MemberBasis } from '../rules/types.js';
import { defineBasis, unitWords } from './types.js';

/** Whether a person counts under a basis's filters (SPEC §9.1: AND of min_age, max_age, any of tags). */
export function personMatches(p: Person, rule: MemberBasis): boolean {
  if (rule.minAge !== null && (p.age === null || p.age < rule.minAge)) return false;
  if (rule.maxAge !== null && (p.age === null || p.age > rule.maxAge)) return false;
  if (rule.tags !== null && !p.tags.some((t) => rule.tags!.includes(t))) return false;
  return true;
}

export function hasPersonFilter(rule: MemberBasis): boolean {
  return rule.minAge !== null || rule.maxAge !== null || rule.tags !== null;
}

/** 人口股: Σ months / 12 over the household's persons (persons.csv), else the `persons` column. */
export const persons = defineBasis({
  key: 'persons',
  label: { zh: '按人口', en: 'per person' },
  explain: { zh: '按人口', en: 'per person' },
  unit: unitWords('人', 'person', 'persons'),
  table: 'persons.csv',
  classes: false,
  keys: ['min_age', 'max_age', 'tags'],
  weights: ({ data, rule }) => {
    const weights = new BigInt64Array(data.households.length);
    if (data.persons !== null) {
      for (const p of data.persons) if (personMatches(p, rule)) weights[p.household] += BigInt(p.months);
    } else {
      data.households.forEach((h, i) => (weights[i] = BigInt(h.persons ?? 0) * 12n));
    }
    return { weights, den: 12n };
  },
});
