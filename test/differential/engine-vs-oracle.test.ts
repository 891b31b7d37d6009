// Differential test: the real CLI (bin/coop-payout.js → dist/) against the independent oracle
// (test/oracle/reference.ts) on random valid villages, fen for fen.
//
//   DIFF_RUNS=500 npx vitest run test/differential     more villages (default 60)
//   DIFF_SEED=12345 …                                  first seed (default 1; seeds are DIFF_SEED … DIFF_SEED+N−1)
//   DIFF_SEED=random …                                 a random first seed (printed)
//   DIFF_BIN=path/to/cli.js …                          another CLI entry (to test this harness itself)
//
// A failing village is kept in .tmp/differential/seed-<seed>/ (input in/, CLI output in out/).

import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { computeReferenceFull, type PayoutRow, type ReferenceResult } from '../oracle/reference.js';
import { MONEY_SUMMARY_KEYS, PAYOUT_COLUMNS } from './shape.js';
import { generateVillage, writeVillage } from '../oracle/randomVillage.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = process.env.DIFF_BIN ?? join(root, 'bin', 'coop-payout.js');
const distMain = process.env.DIFF_BIN ?? join(root, 'dist', 'cli', 'main.js');
const ready = existsSync(bin) && existsSync(distMain);

const runs = Math.max(1, Number(process.env.DIFF_RUNS ?? 60) || 60);
const firstSeed =
  process.env.DIFF_SEED === 'random'
    ? Math.floor(Math.random() * 1e9)
    : Number.isSafeInteger(Number(process.env.DIFF_SEED)) && process.env.DIFF_SEED !== ''
      ? Number(process.env.DIFF_SEED)
      : 1;

if (!ready) {
  console.warn(
    `[differential] SKIPPED: ${existsSync(bin) ? '' : 'bin/coop-payout.js is missing; '}` +
      `${existsSync(distMain) ? '' : 'dist/cli/main.js is missing (run `npm run build`); '}` +
      'the engine cannot be compared with the oracle until the CLI is built.',
  );
}


const show = (v: unknown) => JSON.stringify(v);

/** Every difference between the CLI's output directory and the oracle, as readable lines. */
function compare(outDir: string, ref: ReferenceResult): string[] {
  const diffs: string[] = [];
  const d = (where: string, engine: unknown, oracle: unknown) =>
    diffs.push(`${where}: engine ${show(engine)} ≠ oracle ${show(oracle)}`);

  // ---- payouts.csv
  const payoutsPath = join(outDir, 'payouts.csv');
  if (!existsSync(payoutsPath)) return ['payouts.csv was not written'];
  const buf = readFileSync(payoutsPath);
  if (!(buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf)) diffs.push('payouts.csv: no UTF-8 BOM');
  const text = new TextDecoder('utf-8', { ignoreBOM: false }).decode(buf);
  const records: string[][] = parseCsv(text, { cast: false, skip_empty_lines: true, relax_column_count: true });
  const header = records[0] ?? [];
  if (show(header) !== show(PAYOUT_COLUMNS)) d('payouts.csv header', header, PAYOUT_COLUMNS);
  const rows = records.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])) as Record<string, string>);
  if (rows.length !== ref.households.length) d('payouts.csv row count', rows.length, ref.households.length);
  ref.households.forEach((h, i) => {
    const row = rows[i];
    if (!row) return;
    const oracleRow: Record<string, string> = { ...h, ...(ref.expected.payouts[h.household_id] as PayoutRow) };
    for (const c of PAYOUT_COLUMNS) {
      if (row[c] !== oracleRow[c]) d(`payouts.csv row ${i + 1} (${h.household_id}) ${c}`, row[c], oracleRow[c]);
    }
  });

  // ---- summary.json
  const summaryPath = join(outDir, 'summary.json');
  if (!existsSync(summaryPath)) return [...diffs, 'summary.json was not written'];
  let s: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  try {
    s = JSON.parse(readFileSync(summaryPath, 'utf8'));
  } catch (e) {
    return [...diffs, `summary.json is not JSON: ${(e as Error).message}`];
  }
  const o = ref.expected.summary;
  if (s.name !== ref.name) d('summary.name', s.name, ref.name);
  if (String(s.year) !== ref.year) d('summary.year', s.year, ref.year);
  if (s.households !== o.households) d('summary.households', s.households, o.households);
  for (const k of MONEY_SUMMARY_KEYS) if (s[k] !== o[k]) d(`summary.${k}`, s[k], o[k]);
  if (s.guaranteed_scaled !== o.guaranteed_scaled) d('summary.guaranteed_scaled', s.guaranteed_scaled, o.guaranteed_scaled);
  const pick = (xs: unknown, keys: string[]) =>
    Array.isArray(xs) ? xs.map((x) => Object.fromEntries(keys.map((k) => [k, x?.[k]]))) : xs;
  const allocKeys = ['to', 'amount', 'floor_topups', 'retained'];
  if (show(pick(s.allocations, allocKeys)) !== show(o.allocations)) d('summary.allocations', s.allocations, o.allocations);
  if (show(pick(s.bases, ['basis', 'amount'])) !== show(o.bases)) d('summary.bases', s.bases, o.bases);

  // ---- warnings: §5's from the oracle; W_NEGATIVE_NET / W_NO_ACCOUNT as DESIGN.md describes them
  const codes = new Set<string>(Array.isArray(s.warnings) ? s.warnings.map((w: { code?: string }) => String(w?.code)) : []);
  const payouts = ref.households.map((h) => ref.expected.payouts[h.household_id]);
  const want = new Map<string, boolean>([
    ['W_DEFICIT', o.warnings.some((w) => w.code === 'W_DEFICIT')],
    ['W_FLOOR_SHORT', o.warnings.some((w) => w.code === 'W_FLOOR_SHORT')],
    ['W_UNKNOWN_CATEGORY', o.warnings.some((w) => w.code === 'W_UNKNOWN_CATEGORY')],
    ['W_NEGATIVE_NET', payouts.some((p) => p.net_payable.startsWith('-'))],
    [
      'W_NO_ACCOUNT',
      ref.households.some((h, i) => h.bank_account === '' && !payouts[i].net_payable.startsWith('-') && payouts[i].net_payable !== '0.00'),
    ],
  ]);
  for (const [code, expected] of want) {
    if (codes.has(code) !== expected) d(`summary.warnings has ${code}`, codes.has(code), expected);
  }
  for (const code of codes) {
    if (want.has(code)) continue;
    if (o.guaranteed_scaled && /SCALE/.test(code)) continue;
    diffs.push(`summary.warnings: unexpected ${code} (the village has no unknown columns or other oddities)`);
  }
  return diffs;
}

describe.skipIf(!ready)('engine vs oracle on random villages', () => {
  it(
    `${runs} random villages from seed ${firstSeed} agree fen for fen`,
    () => {
      const work = mkdtempSync(join(tmpdir(), 'coop-diff-'));
      const failures: string[] = [];
      let failed = 0;
      try {
        for (let seed = firstSeed; seed < firstSeed + runs; seed++) {
          const village = generateVillage(seed);
          const inDir = join(work, `v${seed}`, 'in');
          const outDir = join(work, `v${seed}`, 'out');
          writeVillage(inDir, village);
          const ref = computeReferenceFull(inDir);
          const res = spawnSync(process.execPath, [bin, 'run', inDir, '--out', outDir, '--lang', 'en'], {
            cwd: root,
            stdio: ['ignore', 'pipe', 'pipe'],
            encoding: 'utf8',
            timeout: 30_000,
            env: { ...process.env, NO_COLOR: '1' },
          });
          let diffs: string[];
          if (res.error) diffs = [`could not run the CLI: ${res.error.message}`];
          else if (res.status !== 0)
            diffs = [`exit status ${res.status}${res.signal ? ` (${res.signal})` : ''}; stderr:`, ...res.stderr.split('\n').slice(0, 8)];
          else diffs = compare(outDir, ref);
          if (diffs.length > 0) {
            failed++;
            const keep = join(root, '.tmp', 'differential', `seed-${seed}`);
            rmSync(keep, { recursive: true, force: true });
            mkdirSync(keep, { recursive: true });
            cpSync(join(work, `v${seed}`), keep, { recursive: true });
            if (failures.length < 5) {
              failures.push(
                [
                  `seed ${seed}: ${diffs.length} difference(s) — kept in .tmp/differential/seed-${seed}/`,
                  `  ${village.description}`,
                  ...diffs.slice(0, 12).map((x) => `  ${x}`),
                  ...(diffs.length > 12 ? [`  … and ${diffs.length - 12} more`] : []),
                ].join('\n'),
              );
            }
          }
          rmSync(join(work, `v${seed}`), { recursive: true, force: true });
        }
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
      const message =
        failed === 0
          ? ''
          : `${failed} of ${runs} villages differ (reproduce one with DIFF_SEED=<seed> DIFF_RUNS=1):\n\n${failures.join('\n\n')}`;
      expect(failed, message).toBe(0);
    },
    Math.max(60_000, runs * 3_000),
  );
});

if (!ready) {
  describe('engine vs oracle on random villages', () => {
    it.skip('SKIPPED: bin/coop-payout.js or dist/cli/main.js is missing — build the CLI first (npm run build)', () => {});
  });
}
