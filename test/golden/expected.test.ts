import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT, EXAMPLES, tempDir } from '../helpers/cli.js';

/**
 * Golden cases: a run folder with an expected.json (the shared examples' format), compared to the fen
 * on every figure of payouts.csv and summary.json. The expected figures of our own fixtures were
 * computed by an independent model of SPEC §5 and checked by hand, not copied from this tool.
 */
const MONEY = ['labor_days', 'wages', 'land_rent', 'share_units', 'guaranteed_dividend', 'performance_dividend', 'floor_topup', 'total', 'deductions', 'net_payable', 'net_payable_words'];
const SUMMARY = ['households', 'income', 'expenses', 'wages', 'land_rent', 'guaranteed_dividend', 'surplus', 'deficit', 'members_pool', 'performance_dividend', 'floor_topup', 'total', 'deductions', 'net_payable', 'guaranteed_scaled'];

function parseCsv(text: string): Record<string, string>[] {
  // Golden files hold no quoted commas in the compared columns except names; a tiny splitter suffices.
  const [head, ...rows] = text.replace(/^\uFEFF/, '').trim().split(/\r?\n/).map((l) => l.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((f) => f.replace(/,$/, '').replace(/^"|"$/g, '').replace(/""/g, '"')));
  return rows.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i]])));
}

const cases = [
  ...['demo', 'mini'].map((n) => path.join(ROOT, 'fixtures', n)),
  ...readdirSync(EXAMPLES).map((n) => path.join(EXAMPLES, n)),
].filter((d) => existsSync(path.join(d, 'expected.json')));

describe('golden run folders agree with their expected.json to the fen', () => {
  it.each(cases)('%s', (dir) => {
    const expected = JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8'));
    const out = path.join(tempDir(), 'out');
    const r = cli(['run', dir, '--out', out, '--lang', 'en', '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const raw = readFileSync(path.join(out, 'payouts.csv'));
    expect(raw.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = new Map(parseCsv(raw.toString('utf8')).map((r) => [r.household_id, r]));
    expect(rows.size).toBe(Object.keys(expected.payouts).length);
    for (const [id, e] of Object.entries<Record<string, string>>(expected.payouts)) {
      const got = rows.get(id)!;
      expect(Object.fromEntries(MONEY.map((k) => [k, got[k]])), id).toEqual(Object.fromEntries(MONEY.map((k) => [k, e[k]])));
    }
    const s = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8'));
    for (const k of SUMMARY) expect(s[k], k).toEqual(expected.summary[k]);
    expect(s.allocations).toEqual(expected.summary.allocations);
    expect(s.bases).toEqual(expected.summary.bases);
    // Our own fixtures list the warning codes they must raise.
    const wantCodes = (expected.summary.warnings ?? []).map((w: { code: string }) => w.code).sort();
    if (!dir.startsWith(EXAMPLES)) expect(s.warnings.map((w: { code: string }) => w.code).sort()).toEqual(wantCodes);
  });
});
