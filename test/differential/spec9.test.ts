// Differential test of SPEC §9: the real CLI (bin/coop-payout.js → dist/) against the independent oracle
// (test/oracle/reference.ts) on random villages that mix the §9 features (generateVillage(seed, { spec9: true })).
//
//   npx vitest run test/differential/spec9.test.ts                    (part of npm test)
//   DIFF9_RUNS=200 …                                                   more villages (default 40)
//   DIFF9_SEED=12345 … / DIFF9_SEED=random …                           first seed (default 1)
//   DIFF_BIN=path/to/cli.js …                                          another CLI entry
//
// Where the oracle stops (OracleStop: E_RATE_TOO_HIGH, E_COOP_LAW, E_EMPTY_BASIS) the CLI must exit 1 with
// that code on stderr and write nothing. Otherwise payouts.csv (with the 人数 `persons` column when used),
// summary.json (money, bases with rates and remainders, allocations with members_remainder / from_shares,
// holders, coop_law, the opening keys, the warning codes as a multiset), bank.csv (cash households never
// in it) and signoff.csv must agree fen for fen. A failing village is kept in .tmp/differential-spec9/seed-<seed>/.

import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { computeReferenceFull, decodeText, OracleStop, type ReferenceResult } from '../oracle/reference.js';
import { MONEY_SUMMARY_KEYS, PAYOUT_COLUMNS } from './shape.js';
import { generateVillage, SPEC9_FEATURES, writeVillage } from '../oracle/randomVillage.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = process.env.DIFF_BIN ?? join(root, 'bin', 'coop-payout.js');
const distMain = process.env.DIFF_BIN ?? join(root, 'dist', 'cli', 'main.js');
const ready = existsSync(bin) && existsSync(distMain);

const runs = Math.max(1, Number(process.env.DIFF9_RUNS ?? 40) || 40);
const firstSeed =
  process.env.DIFF9_SEED === 'random'
    ? Math.floor(Math.random() * 1e9)
    : Number.isSafeInteger(Number(process.env.DIFF9_SEED)) && (process.env.DIFF9_SEED ?? '') !== ''
      ? Number(process.env.DIFF9_SEED)
      : 1;

/** The stops SPEC §9 defines that a generated village may hit. */
const ALLOWED_STOPS = new Set(['E_RATE_TOO_HIGH', 'E_COOP_LAW', 'E_EMPTY_BASIS']);

const stopCode = (e: unknown): string | null => (e instanceof OracleStop ? e.code : null);


const ALLOCATION_KEYS = ['to', 'amount', 'floor_topups', 'retained', 'members_remainder', 'from_shares'];
const BASIS_KEYS = ['basis', 'amount', 'rate', 'remainder_to', 'remainder'];
const HOLDER_KEYS = ['to', 'class', 'units', 'guaranteed_dividend', 'performance_dividend', 'total'];
const COOP_KEYS = ['distributable', 'transactions', 'percent'];
const OPENING_KEYS = ['opening_retained', 'opening_loss', 'loss_carried_forward'];

type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const show = (v: unknown) => JSON.stringify(v);
/** Only `keys`, in that order, leaving out those that are absent (so a key that should not appear shows). */
const pick = (x: Any, keys: string[]) =>
  x && typeof x === 'object' ? Object.fromEntries(keys.filter((k) => x[k] !== undefined).map((k) => [k, x[k]])) : x;
const pickAll = (xs: Any, keys: string[]) => (Array.isArray(xs) ? xs.map((x) => pick(x, keys)) : xs);

function readCsv(path: string): string[][] {
  return parseCsv(decodeText(readFileSync(path)), { cast: false, skip_empty_lines: true, relax_column_count: true });
}

/** Every difference between the CLI's output (directory and --json stdout) and the oracle, as readable lines. */
function compare(outDir: string, stdout: string, ref: ReferenceResult): string[] {
  const diffs: string[] = [];
  const d = (where: string, engine: unknown, expected: unknown) => diffs.push(`${where}: engine ${show(engine)} ≠ oracle ${show(expected)}`);
  const o = ref.expected.summary as Any;
  const payouts = ref.households.map((h) => ref.expected.payouts[h.household_id] as Any);
  const isCash = (i: number) => (ref.households[i] as Any).payment === 'cash';

  // ---- payouts.csv (the `persons` column right after `category` when persons are used)
  const payoutsPath = join(outDir, 'payouts.csv');
  if (!existsSync(payoutsPath)) return ['payouts.csv was not written'];
  const withPersons = payouts.some((p) => p.persons !== undefined);
  const columns = withPersons ? [...PAYOUT_COLUMNS.slice(0, 4), 'persons', ...PAYOUT_COLUMNS.slice(4)] : PAYOUT_COLUMNS;
  const records = readCsv(payoutsPath);
  const header = records[0] ?? [];
  if (show(header) !== show(columns)) d('payouts.csv header', header, columns);
  const rows = records.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])) as Record<string, string>);
  if (rows.length !== ref.households.length) d('payouts.csv row count', rows.length, ref.households.length);
  ref.households.forEach((h, i) => {
    const row = rows[i];
    if (!row) return;
    const want: Record<string, string> = { ...(h as Any), ...payouts[i] };
    for (const c of columns) if (row[c] !== want[c]) d(`payouts.csv row ${i + 1} (${h.household_id}) ${c}`, row[c], want[c]);
  });

  // ---- summary.json
  const summaryPath = join(outDir, 'summary.json');
  if (!existsSync(summaryPath)) return [...diffs, 'summary.json was not written'];
  let s: Any;
  try {
    s = JSON.parse(readFileSync(summaryPath, 'utf8'));
  } catch (e) {
    return [...diffs, `summary.json is not JSON: ${(e as Error).message}`];
  }
  try {
    if (show(JSON.parse(stdout)) !== show(s)) diffs.push('--json stdout differs from summary.json');
  } catch {
    diffs.push('--json stdout is not JSON');
  }
  if (s.name !== ref.name) d('summary.name', s.name, ref.name);
  if (String(s.year) !== ref.year) d('summary.year', s.year, ref.year);
  if (s.households !== o.households) d('summary.households', s.households, o.households);
  for (const k of MONEY_SUMMARY_KEYS) if (s[k] !== o[k]) d(`summary.${k}`, s[k], o[k]);
  if (s.guaranteed_scaled !== o.guaranteed_scaled) d('summary.guaranteed_scaled', s.guaranteed_scaled, o.guaranteed_scaled);
  for (const k of OPENING_KEYS) if (s[k] !== o[k]) d(`summary.${k}`, s[k], o[k]);
  if (show(pickAll(s.allocations, ALLOCATION_KEYS)) !== show(pickAll(o.allocations, ALLOCATION_KEYS)))
    d('summary.allocations', s.allocations, o.allocations);
  if (show(pickAll(s.bases, BASIS_KEYS)) !== show(pickAll(o.bases, BASIS_KEYS))) d('summary.bases', s.bases, o.bases);
  if (show(pickAll(s.holders, HOLDER_KEYS)) !== show(pickAll(o.holders, HOLDER_KEYS))) d('summary.holders', s.holders, o.holders);
  if (show(pick(s.coop_law, COOP_KEYS)) !== show(pick(o.coop_law, COOP_KEYS))) d('summary.coop_law', s.coop_law, o.coop_law);

  // key order (docs/RULES-9.md): opening keys right after `deficit`; holders, coop_law right after `bases`
  const keys = Object.keys(s);
  const after = (k: string, n: number) => keys.slice(keys.indexOf(k) + 1, keys.indexOf(k) + 1 + n);
  const openingWant = OPENING_KEYS.filter((k) => o[k] !== undefined);
  if (show(after('deficit', openingWant.length)) !== show(openingWant)) d('summary key order after deficit', after('deficit', openingWant.length), openingWant);
  const basesWant = ['holders', 'coop_law'].filter((k) => o[k] !== undefined);
  if (show(after('bases', basesWant.length)) !== show(basesWant)) d('summary key order after bases', after('bases', basesWant.length), basesWant);
  for (const b of Array.isArray(s.bases) ? s.bases : [])
    if (b && b.rate !== undefined && show(Object.keys(b).filter((k) => BASIS_KEYS.includes(k))) !== show(BASIS_KEYS))
      d(`summary.bases[${b.basis}] key order`, Object.keys(b), BASIS_KEYS);

  // ---- warnings, as a multiset of codes: the oracle's, plus the per-household ones DESIGN.md describes
  const count = (codes: string[]) => {
    const m = new Map<string, number>();
    for (const c of codes) m.set(c, (m.get(c) ?? 0) + 1);
    return m;
  };
  const want = count(o.warnings.map((w: { code: string }) => w.code));
  const derive = (code: string, n: number) => {
    if (!want.has(code) && n > 0) want.set(code, n);
  };
  derive('W_NEGATIVE_NET', payouts.filter((p) => p.net_payable.startsWith('-')).length);
  derive(
    'W_NO_ACCOUNT',
    ref.households.filter((h, i) => !isCash(i) && h.bank_account === '' && !payouts[i].net_payable.startsWith('-') && payouts[i].net_payable !== '0.00').length,
  );
  derive('W_GUARANTEED_SCALED', o.guaranteed_scaled ? 1 : 0);
  const got = count(Array.isArray(s.warnings) ? s.warnings.map((w: { code?: string }) => String(w?.code)) : []);
  for (const c of new Set([...want.keys(), ...got.keys()]))
    if ((got.get(c) ?? 0) !== (want.get(c) ?? 0)) d(`summary.warnings ${c} count`, got.get(c) ?? 0, want.get(c) ?? 0);

  // ---- checks: all pass; cash_total exactly when some household is paid in cash
  const checks: Any[] = Array.isArray(s.checks) ? s.checks : [];
  for (const c of checks) if (c?.ok !== true) diffs.push(`summary.checks ${c?.name}: not ok`);
  const anyCash = ref.households.some((_, i) => isCash(i));
  const hasCashCheck = checks.some((c) => c?.name === 'cash_total');
  if (hasCashCheck !== anyCash) d('summary.checks has cash_total', hasCashCheck, anyCash);

  // ---- bank.csv: exactly the bank households with a positive net and an account, in order; no cash household
  const wantBank = ref.households
    .map((h, i) => ({ h, i }))
    .filter(({ h, i }) => !isCash(i) && h.bank_account !== '' && !payouts[i].net_payable.startsWith('-') && payouts[i].net_payable !== '0.00')
    .map(({ h, i }) => `${h.bank_account} ${payouts[i].net_payable}`);
  const bankPath = join(outDir, 'bank.csv');
  if (existsSync(bankPath)) {
    const bank = readCsv(bankPath);
    const head = bank[0] ?? [];
    const hasHeader = !/^\d+$/.test(head[0] ?? '');
    const ai = hasHeader && head.includes('account') ? head.indexOf('account') : 2;
    const mi = hasHeader && head.includes('amount') ? head.indexOf('amount') : 3;
    const gotBank = bank.slice(hasHeader ? 1 : 0).map((r) => `${r[ai]} ${r[mi]}`);
    const accounts = new Set(gotBank.map((x) => x.split(' ')[0]));
    ref.households.forEach((h, i) => {
      if (isCash(i) && h.bank_account !== '' && accounts.has(h.bank_account)) diffs.push(`bank.csv: cash household ${h.household_id} is in it`);
    });
    if (show(gotBank) !== show(wantBank)) d('bank.csv rows (account amount)', gotBank, wantBank);
  } else if (wantBank.length > 0) diffs.push(`bank.csv was not written (${wantBank.length} bank payments expected)`);

  // ---- signoff.csv: whenever a household is paid in cash; its 合计 is the cash households' positive nets
  const signoffPath = join(outDir, 'signoff.csv');
  if (existsSync(signoffPath) !== anyCash) d('signoff.csv written', existsSync(signoffPath), anyCash);
  const cash = (ref as Any).cash as { count: number; total: string } | undefined;
  if (anyCash && cash && existsSync(signoffPath)) {
    const cells = readCsv(signoffPath).flat();
    if (!cells.includes(cash.total)) diffs.push(`signoff.csv: no cell holds the cash total ${cash.total}`);
  }
  return diffs;
}

/** What the oracle's results show a village exercised (beyond the generator's feature tags). */
function observed(ref: ReferenceResult): string[] {
  const o = ref.expected.summary as Any;
  const seen: string[] = [];
  const bases: Any[] = o.bases ?? [];
  if (bases.some((b) => b.rate !== undefined)) seen.push('rated_basis');
  if (bases.some((b) => typeof b.remainder === 'string' && b.remainder.startsWith('-'))) seen.push('negative_remainder');
  if ((o.allocations ?? []).some((a: Any) => a.members_remainder !== undefined)) seen.push('members_remainder');
  if ((o.allocations ?? []).some((a: Any) => a.from_shares !== undefined)) seen.push('from_shares');
  if ((o.holders ?? []).length > 0) seen.push('holders_paid');
  if (o.coop_law) seen.push('coop_law_passed');
  if (o.loss_carried_forward !== undefined && o.loss_carried_forward !== '0.00') seen.push('loss_carried_forward');
  for (const code of ['W_RATE_ROUNDED_DOWN', 'W_NO_BIRTH_DATE', 'W_DEFICIT', 'W_FLOOR_SHORT'])
    if (o.warnings.some((w: Any) => w.code === code)) seen.push(code);
  if (ref.households.some((h) => (h as Any).payment === 'cash')) seen.push('cash_households');
  if (Object.values(ref.expected.payouts).some((p) => (p as Any).persons !== undefined)) seen.push('persons_column_out');
  return seen;
}

const tally = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
const line = (m: Map<string, number>, order?: readonly string[]) =>
  (order ?? [...m.keys()].sort()).map((k) => `${k}=${m.get(k) ?? 0}`).join(' ');

describe.skipIf(!ready)('engine vs oracle on random §9 villages', () => {
  it(
    `${runs} random §9 villages from seed ${firstSeed} agree fen for fen (or stop alike)`,
    () => {
      const work = mkdtempSync(join(tmpdir(), 'coop-diff9-'));
      const failures: string[] = [];
      let failed = 0;
      const features = new Map<string, number>();
      const outcomes = new Map<string, number>();
      const seen = new Map<string, number>();
      try {
        for (let seed = firstSeed; seed < firstSeed + runs; seed++) {
          const village = generateVillage(seed, { spec9: true });
          for (const f of village.features ?? []) tally(features, f);
          const inDir = join(work, `v${seed}`, 'in');
          const outDir = join(work, `v${seed}`, 'out');
          writeVillage(inDir, village);
          let ref: ReferenceResult | null = null;
          let stop: string | null = null;
          let diffs: string[] = [];
          try {
            ref = computeReferenceFull(inDir);
          } catch (e) {
            stop = stopCode(e);
            if (stop === null) diffs = [`the oracle cannot compute this village (a generator or oracle bug): ${(e as Error).message}`];
            else if (!ALLOWED_STOPS.has(stop)) diffs = [`the generator made a village that stops with ${stop}, which it must avoid`];
          }
          tally(outcomes, ref ? 'computed' : (stop ?? 'oracle_error'));
          if (ref) for (const x of observed(ref)) tally(seen, x);
          const res = spawnSync(process.execPath, [bin, 'run', inDir, '--out', outDir, '--lang', 'en', '--json'], {
            cwd: root,
            stdio: ['ignore', 'pipe', 'pipe'],
            encoding: 'utf8',
            timeout: 30_000,
            env: { ...process.env, NO_COLOR: '1' },
          });
          const stderr = () => res.stderr.split('\n').slice(0, 8).map((l) => `  | ${l}`);
          if (diffs.length > 0) {
            /* reported as it is */
          } else if (res.error) diffs = [`could not run the CLI: ${res.error.message}`];
          else if (stop !== null) {
            if (res.status !== 1) diffs.push(`the oracle stops with ${stop}: exit status should be 1, is ${res.status}`, ...stderr());
            else if (!res.stderr.includes(stop)) diffs.push(`the oracle stops with ${stop}: stderr does not name it`, ...stderr());
            if (existsSync(outDir)) diffs.push(`the oracle stops with ${stop}, yet ${outDir} was written`);
          } else if (res.status !== 0)
            diffs = [`exit status ${res.status}${res.signal ? ` (${res.signal})` : ''}; stderr:`, ...stderr()];
          else diffs = compare(outDir, res.stdout, ref!);
          if (diffs.length > 0) {
            failed++;
            const keep = join(root, '.tmp', 'differential-spec9', `seed-${seed}`);
            rmSync(keep, { recursive: true, force: true });
            mkdirSync(keep, { recursive: true });
            cpSync(join(work, `v${seed}`), keep, { recursive: true });
            if (failures.length < 5)
              failures.push(
                [
                  `seed ${seed}: ${diffs.length} difference(s) — kept in .tmp/differential-spec9/seed-${seed}/`,
                  `  ${village.description}`,
                  ...diffs.slice(0, 14).map((x) => `  ${x}`),
                  ...(diffs.length > 14 ? [`  … and ${diffs.length - 14} more`] : []),
                ].join('\n'),
              );
          }
          rmSync(join(work, `v${seed}`), { recursive: true, force: true });
        }
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
      console.log(
        `[spec9 differential] ${runs} villages from seed ${firstSeed}: ${line(outcomes)} | features: ${line(features, SPEC9_FEATURES)} | oracle saw: ${line(seen)}`,
      );
      const message =
        failed === 0
          ? ''
          : `${failed} of ${runs} §9 villages differ (reproduce one with DIFF9_SEED=<seed> DIFF9_RUNS=1):\n\n${failures.join('\n\n')}`;
      expect(failed, message).toBe(0);
    },
    Math.max(60_000, runs * 3_000),
  );
});

if (!ready) {
  describe('engine vs oracle on random §9 villages', () => {
    it.skip('SKIPPED: bin/coop-payout.js or dist/cli/main.js is missing — build the CLI first (npm run build)', () => {});
  });
}
