import { mkdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { Distribution } from '../../src/engine/types.js';
import { analyseRun } from '../../src/pipeline/analyseRun.js';
import { tempDir } from '../helpers/cli.js';
import { generateVillage, Rng, writeVillage, type Village } from '../oracle/randomVillage.js';

/** Rows of land, labor, shares, points and deductions may come in any order: only households.csv order matters (ties). */
const SHUFFLED = new Set(['land.csv', 'labor.csv', 'shares.csv', 'points.csv', 'deductions.csv']);

function shuffleRows(v: Village, seed: number): Village {
  const rng = new Rng(seed);
  return {
    ...v,
    files: v.files.map((f) => {
      if (!SHUFFLED.has(f.name)) return f;
      const gb = f.encoding === 'gb18030';
      const text = gb ? iconv.decode(f.content, 'gb18030') : f.content.toString('utf8');
      const eol = text.includes('\r\n') ? '\r\n' : '\n';
      const lines = text.split(eol);
      const trailing = lines[lines.length - 1] === '' ? lines.pop() : undefined;
      const h = lines.findIndex((l) => l.trim() !== ''); // the header is the first non-blank line
      const out = [...lines.slice(0, h + 1), ...rng.shuffle(lines.slice(h + 1))].join(eol) + (trailing === undefined ? '' : eol);
      return { ...f, content: gb ? iconv.encode(out, 'gb18030') : Buffer.from(out, 'utf8') };
    }),
  };
}

function money(d: Distribution): Record<string, string[]> {
  const c = d.cols;
  const cols: Record<string, BigInt64Array> = {
    laborDays100: c.laborDays100, wages: c.wagesFen, landRent: c.landRentFen, shareUnits4: c.shareUnits4, guaranteed: c.guaranteedFen,
    performance: c.performanceFen, topup: c.topupFen, total: c.totalFen, deductions: c.deductionsFen, net: c.netFen,
  };
  return Object.fromEntries(Object.entries(cols).map(([k, v]) => [k, Array.from(v, String)]));
}

async function distribute(v: Village): Promise<Distribution> {
  const dir = path.join(tempDir('coop-shuffle-'), 'run');
  mkdirSync(dir);
  writeVillage(dir, v);
  const a = await analyseRun(dir, { encoding: 'auto' });
  expect(a.problems.errors).toEqual([]);
  return a.dist!;
}

describe('row order', () => {
  it('shuffling land, labor, shares, points and deduction rows changes no amount', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 30 }), fc.integer(), async (seed, shuffleSeed) => {
        const village = generateVillage(seed, { maxHouseholds: 20 });
        const a = await distribute(village);
        const b = await distribute(shuffleRows(village, shuffleSeed));
        expect(money(b)).toEqual(money(a));
        expect(b.allocations).toEqual(a.allocations);
        expect(b.surplusFen).toBe(a.surplusFen);
      }),
      { numRuns: 25 },
    );
  });
});
