// The worked §9 villages (fixtures/villages/*): each folder's expected.json holds the figures worked
// out by hand in its README.md; the CLI's payouts.csv and summary.json must hold exactly those
// (every key listed; keys not listed are not compared), and so must the independent oracle.

import { readdirSync, readFileSync, existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { computeReferenceFull } from '../oracle/reference.js';
import { cli, ROOT, tempDir } from '../helpers/cli.js';

const VILLAGES = path.join(ROOT, 'fixtures', 'villages');
const names = readdirSync(VILLAGES).filter((n) => existsSync(path.join(VILLAGES, n, 'expected.json')));
const tmp = tempDir('coop-villages-');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** `want` with only the keys it lists taken from `got` (arrays element by element). */
function pick(got: unknown, want: unknown): unknown {
  if (Array.isArray(want)) return Array.isArray(got) ? want.map((w, i) => pick(got[i], w)) : got;
  if (want && typeof want === 'object') {
    if (!got || typeof got !== 'object') return got;
    return Object.fromEntries(Object.keys(want).map((k) => [k, pick((got as Record<string, unknown>)[k], (want as Record<string, unknown>)[k])]));
  }
  return got;
}

describe('worked §9 villages', () => {
  it('there are villages to check', () => expect(names.length).toBeGreaterThanOrEqual(3));
  for (const name of names) {
    it(name, () => {
      const dir = path.join(VILLAGES, name);
      const expected = JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8'));
      const out = path.join(tmp, name);
      const r = cli(['run', dir, '--out', out, '--lang', 'en', '--quiet']);
      expect(r.code, r.stderr).toBe(0);
      const rows = parseCsv(readFileSync(path.join(out, 'payouts.csv'), 'utf8').replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];
      const payouts = Object.fromEntries(rows.map((row) => [row.household_id, row]));
      const summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8'));
      const { files, ...figures } = expected;
      expect(pick({ payouts, summary }, figures)).toEqual(figures);
      for (const extra of files ?? []) expect(existsSync(path.join(out, extra)), extra).toBe(true);

      const oracle = computeReferenceFull(dir).expected;
      expect(pick(oracle, figures)).toEqual(figures);
    });
  }
});
