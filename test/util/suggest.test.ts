import { describe, expect, it } from 'vitest';
import { suggest } from '../../src/util/suggest.js';

describe('suggest (src/util/suggest.ts, shared by rules and io messages)', () => {
  it('gives the close candidate of a slip: a character wrong, missing or extra, another case, - or blanks for _', () => {
    expect(suggest('per_houshold', ['per_household', 'labor_days'])).toBe('per_household');
    expect(suggest('LABOR_DAYS', ['per_household', 'labor_days'])).toBe('labor_days');
    expect(suggest('labor-days', ['per_household', 'labor_days'])).toBe('labor_days');
    expect(suggest('夏秋荼', ['夏秋茶', '春茶'])).toBe('夏秋茶');
  });

  it('gives the one candidate a cut-off word starts', () => {
    expect(suggest('mask', ['mask_names', 'show_ids'])).toBe('mask_names');
  });

  it('gives nothing for a word of a kilobyte, and is not slowed by a huge candidate', () => {
    expect(suggest('z'.repeat(1000), ['z'.repeat(999), 'zz'])).toBeNull();
    expect(suggest('采茶叶', ['x'.repeat(100_000), '采茶'])).toBe('采茶');
  });

  it('gives nothing when no candidate is close, or there is none', () => {
    expect(suggest('gold', ['per_household', 'labor_days'])).toBeNull();
    expect(suggest('anything', [])).toBeNull();
  });
});
