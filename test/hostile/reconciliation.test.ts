// Reconciliation (issue): summary.json carries `checks` — surplus_fully_allocated,
// households_equal_components, net_equals_total_less_deductions, bank_total_equals_positive_nets —
// all ok, and their figures re-add here, in integer fen, against summary.json itself and against the
// per-household payouts.csv and the bank file.

import { isUtf8 } from 'node:buffer';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseRun } from '../../src/pipeline/analyseRun.js';
import { renderRunFiles } from '../../src/pipeline/renderRunFiles.js';
import { generateVillage, writeVillage } from '../oracle/randomVillage.js';
import { ROOT, EXAMPLES, tempDir } from '../helpers/cli.js';
import { fen, runCli } from './helpers.js';

let root: string;
beforeAll(() => {
  root = tempDir('coop-reconcile-');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Check {
  name: string;
  ok: boolean;
  figures: Record<string, string>;
}
interface Summary {
  surplus: string;
  wages: string;
  land_rent: string;
  guaranteed_dividend: string;
  performance_dividend: string;
  floor_topup: string;
  total: string;
  deductions: string;
  net_payable: string;
  members_pool: string;
  households: number;
  allocations: { to: string; amount: string; floor_topups: string; retained: string }[];
  bases: { basis: string; amount: string }[];
  checks: Check[];
}

const CHECKS = ['surplus_fully_allocated', 'households_equal_components', 'net_equals_total_less_deductions', 'bank_total_equals_positive_nets'];
const sum = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n);

function readCsv(file: string): Record<string, string>[] {
  const buf = readFileSync(file);
  const text = (isUtf8(buf) ? buf.toString('utf8') : iconv.decode(buf, 'gb18030')).replace(/^\uFEFF/, '');
  return parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
}

/** Everything the checks claim, re-added from summary.json, payouts.csv and bank.csv. */
function reconcile(out: string, s: Summary): void {
  expect(s.checks.map((c) => c.name)).toEqual(CHECKS);
  for (const c of s.checks) expect(c.ok, `${c.name}: ${JSON.stringify(c.figures)}`).toBe(true);
  const fig = (name: string) => Object.fromEntries(Object.entries(s.checks.find((c) => c.name === name)!.figures).map(([k, v]) => [k, fen(v)]));

  // every fen of the surplus lands in one entry or the members' pool
  const a = fig('surplus_fully_allocated');
  const surplus = fen(s.surplus);
  expect(a.surplus).toBe(surplus > 0n ? surplus : 0n);
  expect(a.entries).toBe(sum(s.allocations.map((x) => fen(x.amount))));
  expect(a.members_pool).toBe(fen(s.members_pool));
  expect(a.surplus).toBe(a.entries + a.members_pool);
  expect(sum(s.bases.map((b) => fen(b.amount)))).toBe(fen(s.members_pool));
  for (const x of s.allocations) expect(fen(x.retained), x.to).toBe(fen(x.amount) - fen(x.floor_topups));
  expect(sum(s.allocations.map((x) => fen(x.floor_topups)))).toBe(fen(s.floor_topup));

  // households' totals = the components, in the summary and household by household
  const b = fig('households_equal_components');
  const top = { households_total: s.total, wages: s.wages, land_rent: s.land_rent, guaranteed_dividend: s.guaranteed_dividend, performance_dividend: s.performance_dividend, floor_topup: s.floor_topup };
  for (const [k, v] of Object.entries(top)) expect(b[k], k).toBe(fen(v));
  expect(b.households_total).toBe(b.wages + b.land_rent + b.guaranteed_dividend + b.performance_dividend + b.floor_topup);
  expect(b.performance_dividend).toBe(fen(s.members_pool));

  const rows = readCsv(path.join(out, 'payouts.csv'));
  expect(rows).toHaveLength(s.households);
  const col = (k: string) => rows.map((r) => fen(r[k]));
  for (const r of rows) {
    const total = fen(r.total);
    expect(total, r.household_id).toBe(fen(r.wages) + fen(r.land_rent) + fen(r.guaranteed_dividend) + fen(r.performance_dividend) + fen(r.floor_topup));
    expect(fen(r.net_payable), r.household_id).toBe(total - fen(r.deductions));
  }
  expect(sum(col('total'))).toBe(b.households_total);
  expect(sum(col('wages'))).toBe(b.wages);
  expect(sum(col('land_rent'))).toBe(b.land_rent);
  expect(sum(col('guaranteed_dividend'))).toBe(b.guaranteed_dividend);
  expect(sum(col('performance_dividend'))).toBe(b.performance_dividend);
  expect(sum(col('floor_topup'))).toBe(b.floor_topup);

  // net = total − deductions
  const c = fig('net_equals_total_less_deductions');
  expect(c.net_payable).toBe(fen(s.net_payable));
  expect(c.total).toBe(fen(s.total));
  expect(c.deductions).toBe(fen(s.deductions));
  expect(c.net_payable).toBe(c.total - c.deductions);
  expect(sum(col('net_payable'))).toBe(c.net_payable);
  expect(sum(col('deductions'))).toBe(c.deductions);

  // the bank file pays exactly the households owed money that have an account
  const d = fig('bank_total_equals_positive_nets');
  const payable = rows.filter((r) => fen(r.net_payable) > 0n && r.bank_account.trim() !== '');
  const bank = readCsv(path.join(out, 'bank.csv'));
  expect(bank).toHaveLength(payable.length);
  expect(d.bank_file_total).toBe(sum(bank.map((r) => fen(r.amount))));
  expect(d.positive_nets_with_account).toBe(sum(payable.map((r) => fen(r.net_payable))));
  expect(d.bank_file_total).toBe(d.positive_nets_with_account);
  expect(bank.map((r) => r.account)).toEqual(payable.map((r) => r.bank_account));
}

async function runAndReconcile(dir: string, name: string): Promise<Summary> {
  const out = path.join(root, name);
  const r = await runCli(['run', dir, '--out', out, '--lang', 'en', '--json']);
  expect(r.code, r.stderr).toBe(0);
  const s = JSON.parse(r.stdout) as Summary;
  expect(JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8'))).toEqual(s);
  reconcile(out, s);
  return s;
}

/** The same in-process (faster): analyse, render, write the files, reconcile. */
async function renderAndReconcile(dir: string, name: string): Promise<Summary> {
  const a = await analyseRun(dir, { encoding: 'auto' });
  expect(a.problems.errors).toEqual([]);
  const { files, summary } = await renderRunFiles(a.rules!, a.data!, a.dist!, a.warnings.map(({ code, message }) => ({ code, message })), { lang: 'en', encoding: 'utf8' });
  const out = path.join(root, name);
  mkdirSync(out);
  for (const f of files) writeFileSync(path.join(out, f.name), f.data);
  const s = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8')) as Summary;
  expect(s).toEqual(JSON.parse(JSON.stringify(summary)));
  reconcile(out, s);
  return s;
}

describe('reconciliation checks in summary.json', () => {
  it('fixtures/demo end to end: all four checks ok, and their figures re-add', async () => {
    const s = await runAndReconcile(path.join(ROOT, 'fixtures', 'demo'), 'demo');
    // the demo has a household that owes (left out of the bank file) and one without an account
    expect(fen(s.checks[3].figures.bank_file_total)).toBeLessThan(fen(s.net_payable));
  });

  it('fixtures/mini and the shared examples (in-process)', async () => {
    for (const dir of [path.join(ROOT, 'fixtures', 'mini'), path.join(EXAMPLES, 'baizhai-2025'), path.join(EXAMPLES, 'jinping-2025')]) {
      if (!existsSync(dir)) continue;
      await renderAndReconcile(dir, path.basename(dir));
    }
  });

  it('random villages: profit, tight and loss years, guarantees paid in full or scaled (in-process)', async () => {
    // the first village of each kind (test/oracle/randomVillage.ts describes what it generated)
    const wanted = ['scenario=profit shortfall=pay', 'scenario=profit shortfall=scale', 'scenario=tight shortfall=scale', 'scenario=loss shortfall=pay', 'scenario=loss shortfall=scale', 'scenario=small'];
    const seeds = wanted.map((w) => {
      for (let seed = 1; seed < 2000; seed++) if (generateVillage(seed).description.includes(w)) return seed;
      throw new Error(`no village with ${w}`);
    });
    const summaries: Summary[] = [];
    for (const seed of seeds) {
      const dir = path.join(root, `village-${seed}`);
      writeVillage(dir, generateVillage(seed));
      summaries.push(await renderAndReconcile(dir, `village-${seed}-out`));
    }
    // the loss years did reach the deficit and scaling paths
    const loss = summaries.slice(3, 5) as unknown as { deficit: string; guaranteed_scaled: boolean; surplus: string }[];
    expect(loss.every((x) => fen(x.surplus) <= 0n)).toBe(true);
    expect(loss[0].deficit).not.toBe('0.00');
    expect(loss[1].guaranteed_scaled).toBe(true);
  });
});
