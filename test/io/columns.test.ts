import { describe, expect, it } from 'vitest';
import { FILE_SPECS, headerLookup, normalizeHeader } from '../../src/io/columns.js';

describe('the input tables (FILE_SPECS)', () => {
  it('households.csv is read first (it defines the household indexes) and file names are unique', () => {
    expect(FILE_SPECS[0].kind).toBe('households');
    expect(new Set(FILE_SPECS.map((s) => s.file)).size).toBe(FILE_SPECS.length);
  });

  for (const spec of FILE_SPECS.filter((s) => s.template)) {
    it(`${spec.file}: init's template header names every required column, each cell a known column, none twice`, () => {
      const lookup = headerLookup(spec);
      const named = spec.template!.map((cell) => lookup.get(normalizeHeader(cell))?.name);
      expect(named).not.toContain(undefined);
      expect(new Set(named).size).toBe(named.length);
      for (const c of spec.columns.filter((c) => c.required)) expect(named, c.name).toContain(c.name);
    });
  }

  it('no alias names two columns of one table', () => {
    for (const spec of FILE_SPECS) {
      const seen = new Map<string, string>();
      for (const c of spec.columns) {
        for (const a of [c.name, ...c.aliases].map(normalizeHeader)) {
          expect(seen.get(a) ?? c.name, `${spec.file}: ${a}`).toBe(c.name);
          seen.set(a, c.name);
        }
      }
    }
  });
});
