// The generator makes VALID villages that the oracle can compute, and covers what it claims to.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { Dec, decodeText, readTable } from './reference.js';
import { computeReferenceFull } from './reference.js';
import { gb11643Check, generateVillage, percentsTo100, Rng, villageArbitrary, writeVillage } from './randomVillage.js';

const tmp = mkdtempSync(join(tmpdir(), 'coop-oracle-gen-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const sum = (xs: string[]) => xs.reduce((s, x) => s.plus(x), new Dec(0));

describe('randomVillage', () => {
  it('is deterministic per seed', () => {
    const a = generateVillage(42);
    const b = generateVillage(42);
    expect(a.description).toBe(b.description);
    expect(a.files.map((f) => f.content.toString('base64'))).toEqual(b.files.map((f) => f.content.toString('base64')));
  });

  it('percents add up to exactly 100; GB 11643 check digit', () => {
    const rng = new Rng(7);
    for (let i = 0; i < 200; i++) {
      const ps = percentsTo100(rng, rng.int(1, 6));
      expect(sum(ps).eq(100)).toBe(true);
      expect(ps.every((p) => new Dec(p).gt(0))).toBe(true);
    }
    expect(gb11643Check('11010519491231002')).toBe('X');
    expect(gb11643Check('52262819700312001')).toBe('1');
  });

  it('200 seeded villages are computed by the oracle, and cover the interesting cases', () => {
    const seen = {
      deficit: 0,
      scaled: 0,
      floorPaid: 0,
      floorShort: 0,
      negativeNet: 0,
      gb18030: 0,
      bom: 0,
      big: 0,
      single: 0,
      allocationsWithTopups: 0,
    };
    for (let seed = 1; seed <= 200; seed++) {
      const v = generateVillage(seed);
      const dir = join(tmp, `s${seed}`);
      writeVillage(dir, v);
      const r = computeReferenceFull(dir);
      const s = r.expected.summary;
      const rows = Object.values(r.expected.payouts);
      expect(s.households, v.description).toBe(r.households.length);
      expect(rows.length).toBe(r.households.length);
      // Σ net = Σ total − Σ deductions; Σ total = W + R + G + M + topups
      expect(sum(rows.map((p) => p.net_payable)).eq(s.net_payable)).toBe(true);
      expect(
        new Dec(s.wages).plus(s.land_rent).plus(s.guaranteed_dividend).plus(s.members_pool).plus(s.floor_topup).eq(s.total),
      ).toBe(true);
      if (new Dec(s.surplus).gt(0)) {
        expect(sum(s.allocations.map((a) => a.amount)).plus(s.members_pool).eq(s.surplus), v.description).toBe(true);
      }
      if (s.deficit !== '0.00') seen.deficit++;
      if (s.guaranteed_scaled) seen.scaled++;
      if (s.floor_topup !== '0.00') seen.floorPaid++;
      if (s.warnings.some((w) => w.code === 'W_FLOOR_SHORT')) seen.floorShort++;
      if (rows.some((p) => p.net_payable.startsWith('-'))) seen.negativeNet++;
      if (v.files.some((f) => f.encoding === 'gb18030')) seen.gb18030++;
      if (v.files.some((f) => f.encoding === 'utf8-bom')) seen.bom++;
      if (r.households.length >= 21) seen.big++;
      if (r.households.length === 1) seen.single++;
      if (s.allocations.some((a) => a.floor_topups !== '0.00')) seen.allocationsWithTopups++;
      // GB18030 files decode to the same households as intended (names are Chinese, ids survive).
      const hh = readTable(dir, 'households')!;
      expect(hh.every((h) => /\p{Script=Han}/u.test(h.name ?? ''))).toBe(true);
    }
    for (const [k, count] of Object.entries(seen)) expect(count, `${k}: ${JSON.stringify(seen)}`).toBeGreaterThan(2);
  });

  it('GB18030 files are not valid UTF-8 (so detection reads them as GB18030)', () => {
    for (let seed = 1; seed <= 60; seed++) {
      for (const f of generateVillage(seed).files) {
        if (f.encoding !== 'gb18030') continue;
        const text = decodeText(f.content);
        expect(text.includes('\uFFFD')).toBe(false);
      }
    }
  });

  it('fast-check arbitrary: every village is valid for the oracle', () => {
    let i = 0;
    fc.assert(
      fc.property(villageArbitrary({ maxHouseholds: 12 }), (v) => {
        const dir = join(tmp, `fc${i++}`);
        writeVillage(dir, v);
        const r = computeReferenceFull(dir);
        return r.households.length >= 1 && r.households.length <= 12;
      }),
      { numRuns: 40 },
    );
  });
});
