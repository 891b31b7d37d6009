#!/usr/bin/env node
// County-scale benchmark (npm run bench): generates a synthetic county in a temporary folder, then
// measures csv-parse alone on the same files (its fastest streaming loop), `coop-payout run` end to
// end, their ratio, rows/s, MB/s and peak RSS; and the same run with 1/10 of the labor rows to show
// that memory does not grow with rows. Figures are printed, never asserted.
//
//   node scripts/bench.mjs [--households N] [--labor N] [--small] [--keep] [--sqlite] [--profile]
//   defaults: 1,000,000 households and 10,000,000 labor rows; --small: 200,000 / 2,000,000.
//   --profile: the runs are made with `node --cpu-prof` (profiles kept in the temp folder, reported
//   by path) and the CPU time is summed per dist/ file (self and inclusive) and printed.
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const small = args.includes('--small');
const households = opt('--households', small ? 200_000 : 1_000_000);
const laborRows = opt('--labor', small ? 2_000_000 : 10_000_000);

const JOBS = ['采摘', '管护', '加工', ''];
const TYPES = ['水田', '旱地', '林地'];

/** A tiny deterministic generator (xorshift), so every run benchmarks the same county. */
function rng(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

async function writeLines(file, header, count, line) {
  const out = createWriteStream(file, { highWaterMark: 1 << 20 });
  let buf = header + '\n';
  for (let i = 0; i < count; i++) {
    buf += line(i) + '\n';
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
}

const hid = (i) => 'H' + String(i + 1).padStart(7, '0');

async function generateCounty(dir, nHouseholds, nLabor) {
  const r = rng(20251231);
  writeFileSync(
    path.join(dir, 'rules.yaml'),
    `name: 县级三变收益分配基准 (synthetic county)
year: 2025
wages:
  default_per_day: 100
  per_day: { 采摘: 120, 管护: 90, 加工: 110.5 }
land:
  rent_per_mu: { 水田: 800, 旱地: 500, 林地: 120 }
  units_per_mu: { 水田: 1.2, 旱地: 1, 林地: 0.3 }
share_classes:
  land: { guaranteed_per_unit: 30, weight: 1 }
  fund: { guaranteed_per_unit: 6, weight: 1.5 }
distribution:
  fixed:
    - { to: 村集体, amount: 2000000 }
  shares:
    - { to: 公积金, percent: 10 }
    - { to: 公益金, percent: 5 }
    - { to: 企业, percent: 45 }
    - { to: members, percent: 40 }
members:
  - { basis: share_units, percent: 70 }
  - { basis: labor_days, percent: 30 }
floors:
  - { category: 脱贫户, min_total: 3000, funded_by: 公益金 }
`,
  );
  await writeLines(path.join(dir, 'households.csv'), '户号,户主,村组,银行账号,类别', nHouseholds, (i) => {
    const acct = '62305201' + String(i).padStart(11, '0');
    return `${hid(i)},户主${i % 9973},第${(i % 40) + 1}组,${acct},${i % 7 === 0 ? '脱贫户' : '一般户'}`;
  });
  await writeLines(path.join(dir, 'land.csv'), 'household_id,plot_id,land_type,area_mu,arrangement,months', nHouseholds, (i) => {
    const area = `${1 + (r() % 9)}.${String(r() % 10000).padStart(4, '0')}`;
    return `${hid(i)},P${i},${TYPES[r() % 3]},${area},${r() % 3 === 0 ? 'shares' : 'rent'},${1 + (r() % 12)}`;
  });
  await writeLines(path.join(dir, 'shares.csv'), 'household_id,class,units,months', Math.floor(nHouseholds / 2), (i) => {
    return `${hid(i * 2)},fund,${1 + (r() % 20)}.${r() % 10},12`;
  });
  await writeLines(path.join(dir, 'labor.csv'), 'household_id,date,worker,job,days', nLabor, () => {
    const h = r() % nHouseholds;
    const m = 1 + (r() % 12);
    return `${hid(h)},2025-${String(m).padStart(2, '0')}-${String(1 + (r() % 28)).padStart(2, '0')},工人${h % 1000},${JOBS[r() % 4]},${1 + (r() % 3)}.${r() % 2 ? 5 : 0}`;
  });
  // A profitable year: income well above the wages and rent the county owes.
  const income = BigInt(nLabor) * 400n + BigInt(nHouseholds) * 3000n;
  writeFileSync(path.join(dir, 'revenue.csv'), `kind,category,amount\nincome,销售,${income}\nexpense,成本,${income / 10n}\n`);
}

const FILES = ['households.csv', 'land.csv', 'shares.csv', 'labor.csv', 'revenue.csv'];

/** csv-parse alone, its fastest streaming loop ('readable' + read(), arrays, no info), in a child for a clean RSS. */
function csvParseAlone(dir) {
  const script = `
    import { createReadStream } from 'node:fs';
    import { parse } from 'csv-parse';
    let rows = 0;
    for (const f of ${JSON.stringify(FILES.map((f) => path.join(dir, f)))}) {
      const p = parse({ bom: true, relax_column_count: false });
      await new Promise((resolve, reject) => {
        p.on('readable', () => { while (p.read() !== null) rows++; });
        p.on('end', resolve);
        p.on('error', reject);
        createReadStream(f, { highWaterMark: 1 << 20 }).pipe(p);
      });
    }
    process.stdout.write(JSON.stringify({ rows, maxRssKb: process.resourceUsage().maxRSS }));
  `;
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 20 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`csv-parse run failed: ${r.stderr}`);
  return { seconds, ...JSON.parse(r.stdout) };
}

/** coop-payout run end to end, via a wrapper that reports the process's peak RSS. */
function coopPayoutRun(dir) {
  const out = path.join(dir, 'out');
  const script = `
    import { main } from ${JSON.stringify(path.join(ROOT, 'dist', 'cli', 'main.js'))};
    const code = await main(['run', ${JSON.stringify(dir)}, '--out', ${JSON.stringify(out)}, '--quiet']);
    process.stdout.write(JSON.stringify({ code, maxRssKb: process.resourceUsage().maxRSS }));
    process.exit(code);
  `;
  const prof = args.includes('--profile') ? ['--cpu-prof', `--cpu-prof-dir=${path.join(dir, 'profile')}`] : [];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [...prof, '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 20 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`coop-payout run failed (exit ${r.status}): ${r.stderr.slice(0, 2000)}`);
  if (prof.length) printProfile(path.join(dir, 'profile'));
  return { seconds, ...JSON.parse(r.stdout) };
}

/** CPU time per dist/ file (self, and inclusive: the file is anywhere on the stack), from a .cpuprofile. */
function printProfile(profDir) {
  const file = path.join(profDir, readdirSync(profDir).find((f) => f.endsWith('.cpuprofile')));
  const p = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const where = (n) => {
    const url = n.callFrame.url;
    const m = /\/dist\/(.*)$/.exec(url) ?? /node_modules\/([^/]+)/.exec(url);
    return m ? m[1] : url ? 'node' : n.callFrame.functionName || '(native)';
  };
  const self = new Map();
  const incl = new Map();
  const add = (m, k, v) => m.set(k, (m.get(k) ?? 0) + v);
  let total = 0;
  p.samples.forEach((id, i) => {
    const ms = (p.timeDeltas[i] ?? 0) / 1000;
    total += ms;
    add(self, where(byId.get(id)), ms);
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) seen.add(where(byId.get(at)));
    for (const k of seen) add(incl, k, ms);
  });
  process.stderr.write(`  profile ${file}: ${fmt(total / 1000)} s sampled\n  ${'self ms'.padStart(8)} ${'incl ms'.padStart(8)}  file\n`);
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 20)) {
    process.stderr.write(`  ${v.toFixed(0).padStart(8)} ${(incl.get(k) ?? 0).toFixed(0).padStart(8)}  ${k}\n`);
  }
}

/** sqlite3 importing labor.csv and grouping by household (only with --sqlite and the sqlite3 CLI). */
function sqliteLabor(dir) {
  const db = path.join(dir, 'bench.db');
  const sql = `.mode csv\n.import ${path.join(dir, 'labor.csv')} labor\nSELECT count(*) FROM (SELECT household_id, sum(days) FROM labor GROUP BY household_id);\n`;
  const t0 = process.hrtime.bigint();
  const r = spawnSync('sqlite3', [db], { input: sql, encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  rmSync(db, { force: true });
  return r.status === 0 ? seconds : null;
}

const mb = (bytes) => bytes / (1 << 20);
const fmt = (x, d = 2) => x.toFixed(d);

async function measure(label, nHouseholds, nLabor) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'coop-bench-'));
  try {
    process.stderr.write(`[${label}] generating ${nHouseholds.toLocaleString()} households, ${nLabor.toLocaleString()} labor rows in ${dir} …\n`);
    const tg = Date.now();
    await generateCounty(dir, nHouseholds, nLabor);
    const bytes = FILES.reduce((s, f) => s + statSync(path.join(dir, f)).size, 0);
    process.stderr.write(`[${label}] generated ${fmt(mb(bytes), 0)} MB in ${fmt((Date.now() - tg) / 1000, 1)} s; csv-parse alone …\n`);
    const base = csvParseAlone(dir);
    process.stderr.write(`[${label}] csv-parse ${fmt(base.seconds)} s; coop-payout run …\n`);
    const run = coopPayoutRun(dir);
    const sqlite = args.includes('--sqlite') ? sqliteLabor(dir) : null;
    return { label, nHouseholds, nLabor, rows: base.rows, bytes, base, run, sqlite };
  } finally {
    if (!args.includes('--keep')) rmSync(dir, { recursive: true, force: true });
  }
}

const results = [await measure('full', households, laborRows), await measure('1/10 labor', households, Math.floor(laborRows / 10))];

console.log(`\ncoop-payout bench — node ${process.version}, ${os.cpus().length} cores, ${fmt(os.totalmem() / 2 ** 30, 0)} GiB`);
console.log('| case | households | labor rows | input MB | csv-parse alone s | coop-payout run s | ratio | rows/s | MB/s | peak RSS MB (run) | peak RSS MB (csv-parse) |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of results) {
  console.log(
    `| ${r.label} | ${r.nHouseholds.toLocaleString()} | ${r.nLabor.toLocaleString()} | ${fmt(mb(r.bytes), 0)} | ${fmt(r.base.seconds)} | ${fmt(r.run.seconds)} | ` +
      `${fmt(r.run.seconds / r.base.seconds)} | ${Math.round(r.rows / r.run.seconds).toLocaleString()} | ${fmt(mb(r.bytes) / r.run.seconds, 1)} | ` +
      `${fmt(r.run.maxRssKb / 1024, 0)} | ${fmt(r.base.maxRssKb / 1024, 0)} |`,
  );
}
const [full, tenth] = results;
console.log(`\nend-to-end / csv-parse alone: ${fmt(full.run.seconds / full.base.seconds)}× (target ≤ 1.25×)`);
console.log(`peak RSS ${fmt(full.run.maxRssKb / 1024, 0)} MB with ${full.nLabor.toLocaleString()} labor rows vs ${fmt(tenth.run.maxRssKb / 1024, 0)} MB with ${tenth.nLabor.toLocaleString()}: +${fmt((100 * (full.run.maxRssKb - tenth.run.maxRssKb)) / tenth.run.maxRssKb, 1)}% (target < 10%)`);
if (full.sqlite !== null) console.log(`sqlite3 import + GROUP BY of labor.csv alone: ${fmt(full.sqlite)} s (coop-payout whole run: ${fmt(full.run.seconds)} s)`);
