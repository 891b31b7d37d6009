#!/usr/bin/env node
// County-scale benchmark (npm run bench, issue 14). For each shape of county (scripts/bench/shapes.mjs:
// column orders and optional columns, a date on every labor row or none, Chinese or no job names,
// quoted names with commas, CRLF, a GBK households.csv, every file as Excel saves it (GBK, CRLF,
// 2025/3/15 dates, empty columns after the table), labor sorted by household or random) it
// generates the files in a temporary folder, then measures side by side on the same files:
//   - csv-parse alone, its fastest streaming loop, over every CSV file (bytes as UTF-8: it has no
//     GB18030 decoder, so the GBK file's names come out garbled, at about the same cost);
//   - DuckDB doing the same job (scripts/bench/duckdb-job.sql: every file, wages, rent, guaranteed,
//     surplus, entries, the members' pool by largest remainder, one payouts CSV — all but floors;
//     a GBK file goes through iconv(1) first, inside its time);
//   - sqlite3 importing labor.csv and grouping it by household;
//   - `coop-payout run` end to end (its phases timed by scripts/bench/phases.mjs);
// with seconds, the ratio coop-payout ÷ tool, MB/s (MB = 10⁶ bytes) and peak RSS (/usr/bin/time -v);
// then the output writing: MB/s of the run's files vs a plain fs.writeSync of the same bytes; then
// DuckDB's payouts compared with ours to the fen, every household. Figures are printed, never asserted.
//
//   node scripts/bench.mjs [--small] [--households N] [--labor N] [--shapes a,b,…] [--threads N]
//                          [--runs N] [--no-phases] [--profile] [--keep]
//   defaults: 1,000,000 households and 10,000,000 labor rows; --small: 200,000 / 2,000,000.
//   --shapes: a subset (names: plain, zh-sorted, quoted-crlf, gbk, no-job, excel, few-labor).
//   --threads: DuckDB's threads (default: the machine's cores).
//   coop-payout runs twice: the headline run is the plain bin; the second has the phase timer
//   preloaded (read each table, compute, render, write) and gives the output-writing figures.
//   --no-phases: only the headline run (no phases, no render/write figures).
//   --profile: the second run is also under `node --cpu-prof` (profile kept in the temp folder,
//   reported by path) and its CPU time is summed per dist/ file and printed.
//   --runs N: each tool N times on each county, the fastest kept (default 1; on a busy machine).
//   --keep: keep each county's folder (and print where).
//   node scripts/bench.mjs --compare OUT/payouts.csv DUCKDB.csv: compare a kept county's payouts again.
import { spawnSync } from 'node:child_process';
import {
  closeSync, existsSync, fsyncSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, writeSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCounty, resolveShape, SHAPES } from './bench/shapes.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const small = args.includes('--small');
const households = Number(opt('--households', small ? 200_000 : 1_000_000));
const laborRows = Number(opt('--labor', small ? 2_000_000 : 10_000_000));
const threads = Number(opt('--threads', os.availableParallelism?.() ?? os.cpus().length));
const profile = args.includes('--profile');
const phasesToo = !args.includes('--no-phases');
const keep = args.includes('--keep');
const runs = Math.max(1, Number(opt('--runs', 1)));
const wanted = opt('--shapes', null)?.split(',');
const shapes = wanted ? wanted.map((n) => SHAPES.find((s) => s.name === n) ?? fail(`no shape ${n} (${SHAPES.map((s) => s.name).join(', ')})`)) : SHAPES;

function fail(msg) {
  process.stderr.write(`bench: ${msg}\n`);
  process.exit(2);
}

const MB = 1e6;
const fmt = (x, d = 2) => (x === null || x === undefined || Number.isNaN(x) ? '–' : x.toFixed(d));
const log = (s) => process.stderr.write(s + '\n');
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

/** Runs a command under /usr/bin/time -v (--runs times, the fastest kept): wall seconds, peak RSS (MB), user+sys CPU seconds. */
function timed(cmd, argv, opts = {}) {
  let best = null;
  const { before, ...rest } = opts;
  for (let i = 0; i < runs; i++) {
    before?.();
    const r = timedOnce(cmd, argv, rest);
    if (r.error) return r;
    if (!best || r.seconds < best.seconds) best = r;
  }
  return best;
}

function timedOnce(cmd, argv, opts) {
  const tfile = path.join(os.tmpdir(), `coop-bench-time-${process.pid}.txt`);
  const [c, a] = TIME ? [TIME, ['-v', '-o', tfile, cmd, ...argv]] : [cmd, argv];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(c, a, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20, ...opts });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  let rssMb = null;
  let cpu = null;
  if (TIME && existsSync(tfile)) {
    const t = readFileSync(tfile, 'utf8');
    rmSync(tfile, { force: true });
    const num = (re) => Number(re.exec(t)?.[1] ?? NaN);
    rssMb = (num(/Maximum resident set size \(kbytes\): (\d+)/) * 1024) / MB;
    cpu = num(/User time \(seconds\): ([\d.]+)/) + num(/System time \(seconds\): ([\d.]+)/);
  }
  const error = r.status === 0 ? null : `exit ${r.status ?? r.signal}: ${(r.stderr || r.error?.message || '').trim().slice(0, 1500)}`;
  return { seconds, rssMb, cpu, stdout: r.stdout, stderr: r.stderr, error };
}

// ---------------------------------------------------------------------------------------------
// The tools.

/** csv-parse alone, its fastest streaming loop ('readable' + read(), arrays, no info), over every CSV file. */
function csvParseAlone(dir, files) {
  const script = `
    import { createReadStream } from 'node:fs';
    import { parse } from 'csv-parse';
    let rows = 0;
    for (const f of ${JSON.stringify(files.map((f) => path.join(dir, f)))}) {
      const p = parse({ bom: true, relax_column_count: false });
      await new Promise((resolve, reject) => {
        p.on('readable', () => { while (p.read() !== null) rows++; });
        p.on('end', resolve);
        p.on('error', reject);
        createReadStream(f, { highWaterMark: 1 << 20 }).pipe(p);
      });
    }
    process.stdout.write(JSON.stringify({ rows }));
  `;
  const r = timed(process.execPath, ['--input-type=module', '-e', script]);
  return { ...r, rows: r.error ? null : JSON.parse(r.stdout).rows };
}

/** The DuckDB job on the same files (scripts/bench/duckdb-job.sql via duckdb-job.mjs). */
function duckdbJob(dir, county) {
  const s = county.shape;
  const tables = {};
  for (const t of ['households', 'labor', 'land', 'shares', 'deductions', 'revenue']) {
    if (!s[t] || !county.files.includes(`${t}.csv`)) continue;
    tables[t] = { file: path.join(dir, `${t}.csv`), encoding: s[t].encoding ?? s.encoding ?? 'utf8', cols: Object.fromEntries(s[t].cols) };
  }
  const tmp = path.join(dir, 'duckdb-tmp');
  mkdirSync(tmp, { recursive: true });
  const out = path.join(dir, 'duckdb-payouts.csv');
  const jobFile = path.join(dir, 'duckdb-job.json');
  writeFileSync(jobFile, JSON.stringify({ threads, out, tmp, tables, rules: county.rules }));
  const r = timed(process.execPath, [path.join(ROOT, 'scripts', 'bench', 'duckdb-job.mjs'), jobFile]);
  return { ...r, out, info: r.error ? null : JSON.parse(r.stdout) };
}

/** sqlite3 importing labor.csv (into a file database) and grouping it by household. */
function sqliteLabor(dir, county) {
  // The empty columns after the table (shape excel) are columns to sqlite3 too.
  const cols = [...county.shape.labor.cols.map(([f]) => f), ...[...(county.shape.trailing ?? '')].map((_, k) => `unnamed${k}`)];
  const db = path.join(dir, 'bench.db');
  const sql = [
    `CREATE TABLE labor(${cols.map((c) => `"${c}" TEXT`).join(', ')});`,
    `.import --csv --skip 1 ${path.join(dir, 'labor.csv')} labor`,
    'SELECT count(*), total(d) FROM (SELECT household_id, sum(days) AS d FROM labor GROUP BY household_id);',
    '',
  ].join('\n');
  const r = timed('sqlite3', [db], { input: sql, before: () => rmSync(db, { force: true }) });
  rmSync(db, { force: true });
  return { ...r, groups: r.error ? null : r.stdout.trim() };
}

/** Waits for dist/ (others may be rebuilding it: `npm run build` deletes it first). */
function waitForDist() {
  const main = path.join(ROOT, 'dist', 'cli', 'main.js');
  for (let i = 0; i < 240 && !existsSync(main); i++) spawnSync('sleep', ['0.5']);
  if (!existsSync(main)) fail('dist/ is missing: run `npm run build` first');
  // A build in progress: wait until dist/ has not changed for 2 s.
  const newest = () => {
    let m = 0;
    const walk = (d) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else m = Math.max(m, statSync(p).mtimeMs);
      }
    };
    try {
      walk(path.join(ROOT, 'dist'));
    } catch {
      return Date.now();
    }
    return m;
  };
  for (let i = 0; i < 120 && Date.now() - newest() < 2000; i++) spawnSync('sleep', ['0.5']);
}

/**
 * `coop-payout run` end to end, the real bin (again if dist/ was being rebuilt under it).
 * With `phases`, a second run for the phase timer (scripts/bench/phases.mjs: its module hooks cost
 * 0.1–0.3 s of loading, so that run is never the headline figure) and --cpu-prof with --profile.
 */
function coopPayoutRun(dir, phases = false) {
  for (let attempt = 1; ; attempt++) {
    const r = coopPayoutRunOnce(dir, phases);
    if (!r.error || attempt === 3 || !/ERR_MODULE_NOT_FOUND|Cannot find module .*dist/.test(r.error)) return r;
    log(`  dist/ changed under the run (a build?): again`);
  }
}

function coopPayoutRunOnce(dir, phases) {
  waitForDist();
  const out = path.join(dir, phases ? 'out-phases' : 'out');
  const phasesFile = path.join(dir, 'phases.json');
  rmSync(phasesFile, { force: true });
  const profDir = path.join(dir, 'profile');
  const pre = phases ? [...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : []), '--import', path.join(ROOT, 'scripts', 'bench', 'phases.mjs')] : [];
  const r = (phases ? timedOnce : timed)(process.execPath, [...pre, path.join(ROOT, 'bin', 'coop-payout.js'), 'run', dir, '--out', out, '--quiet'], {
    env: { ...process.env, COOP_BENCH_PHASES: phases ? phasesFile : '' },
  });
  const list = phases && existsSync(phasesFile) ? JSON.parse(readFileSync(phasesFile, 'utf8')) : [];
  const prof = phases && profile && !r.error ? profileLines(profDir) : null;
  return { ...r, out, phases: list, profile: prof };
}

/** CPU time per dist/ file (self, and inclusive: the file is anywhere on the stack), from a .cpuprofile. */
function profileLines(profDir) {
  const lines = [];
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
  lines.push(`profile ${file}: ${fmt(total / 1000)} s sampled`, `${'self ms'.padStart(8)} ${'incl ms'.padStart(8)}  file`);
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
    lines.push(`${v.toFixed(0).padStart(8)} ${(incl.get(k) ?? 0).toFixed(0).padStart(8)}  ${k}`);
  }
  return lines;
}

/** Every file under dir, as [relative name, bytes]. */
function filesUnder(dir, rel = '') {
  const out = [];
  for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const name = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...filesUnder(dir, name));
    else if (e.isFile()) out.push([name, readFileSync(path.join(dir, name))]);
  }
  return out;
}

/** The run's output bytes written again with plain fs.writeSync, without and with an fsync per file (as the run does). */
function plainWrites(outDir, scratch) {
  const files = filesUnder(outDir);
  const bytes = files.reduce((s, [, b]) => s + b.length, 0);
  const once = (sub, sync) => {
    const d = path.join(scratch, sub);
    mkdirSync(d, { recursive: true });
    const t0 = process.hrtime.bigint();
    for (const [name, b] of files) {
      const fd = openSync(path.join(d, name.replace(/\//g, '_')), 'w');
      for (let off = 0; off < b.length; ) off += writeSync(fd, b, off, b.length - off);
      if (sync) fsyncSync(fd);
      closeSync(fd);
    }
    return Number(process.hrtime.bigint() - t0) / 1e9;
  };
  const plain = once('plain', false);
  const synced = once('fsync', true);
  rmSync(scratch, { recursive: true, force: true });
  return { files: files.map(([n, b]) => [n, b.length]), bytes, plain, synced };
}

// ---------------------------------------------------------------------------------------------
// DuckDB's payouts against ours, every household, to the fen (floors taken out of ours).

const OUR_COLS = {
  household_id: ['户号', 'household_id'],
  labor_days: ['工日', 'labor_days'],
  wages: ['务工工资', 'wages'],
  land_rent: ['土地租金', 'land_rent'],
  share_units: ['股数', 'share_units'],
  guaranteed_dividend: ['保底分红', 'guaranteed_dividend'],
  performance_dividend: ['效益分红', 'performance_dividend'],
  floor_topup: ['兜底补差', 'floor_topup'],
  total: ['应分合计', 'total'],
  deductions: ['扣减', 'deductions'],
  net_payable: ['实发金额', 'net_payable'],
};

async function comparePayouts(ours, theirs) {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  const lit = (s) => `'${s.replace(/'/g, "''")}'`;
  const read = (f) => `read_csv(${lit(f)}, header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')`;
  await con.run(`CREATE TABLE o0 AS SELECT * FROM ${read(ours)}`);
  await con.run(`CREATE TABLE o AS SELECT rowid AS ord, * FROM o0`);
  await con.run(`CREATE TABLE t0 AS SELECT * FROM ${read(theirs)}`);
  await con.run(`CREATE TABLE t AS SELECT rowid AS ord, * FROM t0`);
  const header = (await con.runAndReadAll('DESCRIBE o')).getRows().map((r) => r[0]);
  const c = {};
  for (const [k, names] of Object.entries(OUR_COLS)) {
    const n = names.find((x) => header.includes(x));
    if (!n) return { error: `payouts.csv has no column ${names.join(' / ')}` };
    c[k] = `o."${n}"`;
  }
  const d = (x) => `CAST(${x} AS DECIMAL(18, 4))`;
  // [ours, DuckDB's]: equal in every household.
  const pairs = {
    order: ['o.ord', 't.ord'],
    labor_days: [d(c.labor_days), d('t.labor_days')],
    wages: [d(c.wages), d('t.wages')],
    land_rent: [d(c.land_rent), d('t.land_rent')],
    share_units: [d(c.share_units), d('t.share_units')],
    guaranteed: [d(c.guaranteed_dividend), d('t.guaranteed_dividend')],
    performance: [d(c.performance_dividend), d('t.performance_dividend')],
    total: [`${d(c.total)} - ${d(c.floor_topup)}`, d('t.total_before_floors')],
    deductions: [d(c.deductions), d('t.deductions')],
    net: [`${d(c.net_payable)} - ${d(c.floor_topup)}`, d('t.net_before_floors')],
  };
  const differs = (k) => `(${pairs[k][0]}) IS DISTINCT FROM (${pairs[k][1]})`;
  const sel = Object.keys(pairs).map((k) => `count(*) FILTER (WHERE ${differs(k)}) AS "${k}"`).join(', ');
  const from = `FROM o FULL JOIN t ON ${c.household_id} = t.household_id`;
  const reader = await con.runAndReadAll(
    `SELECT count(*) AS n, count(*) FILTER (WHERE o.ord IS NULL OR t.ord IS NULL) AS unmatched, count(*) FILTER (WHERE ${c.floor_topup} <> '0.00') AS topped, ${sel} ${from}`,
  );
  const names = reader.columnNames();
  const row = reader.getRows()[0].map(Number);
  const res = Object.fromEntries(names.map((n, i) => [n, row[i]]));
  const bad = Object.keys(pairs).filter((k) => res[k] > 0);
  let example = null;
  if (bad.length) {
    const cols = bad.map((k) => `'${k} ' || coalesce(CAST(${pairs[k][0]} AS VARCHAR), '∅') || ' vs DuckDB ' || coalesce(CAST(${pairs[k][1]} AS VARCHAR), '∅')`);
    const ex = await con.runAndReadAll(
      `SELECT coalesce(${c.household_id}, t.household_id) || ': ' || concat_ws('; ', ${cols.join(', ')}) ${from} WHERE ${bad.map(differs).join(' OR ')} LIMIT 3`,
    );
    example = ex.getRows().map((r) => String(r[0]));
  }
  return { ...res, bad, example };
}

// ---------------------------------------------------------------------------------------------

function phaseLine(phases, total) {
  const get = (n) => phases.filter((p) => p.name === n);
  const dur = (p) => (p.end - p.start) / 1000;
  const main = get('main')[0];
  const parts = [];
  if (main) parts.push(`start ${fmt(main.start / 1000)}`);
  const analyse = get('analyse')[0];
  const read = get('read')[0];
  const compute = get('compute')[0];
  if (analyse && read) parts.push(`rules ${fmt((read.start - analyse.start) / 1000)}`);
  for (const p of phases.filter((x) => x.name.startsWith('read ') && x.end - x.start >= 5)) parts.push(`${p.name} ${fmt(dur(p))}`);
  if (compute) parts.push(`compute ${fmt(dur(compute))}`);
  if (analyse && read && compute) parts.push(`other checks ${fmt(dur(analyse) - dur(read) - dur(compute))}`);
  for (const n of ['render', 'write']) if (get(n)[0]) parts.push(`${n} ${fmt(dur(get(n)[0]))}`);
  if (main) parts.push(`exit ${fmt(total - main.end / 1000)}`);
  return parts.join(' · ');
}

async function measure(shape0) {
  const shape = resolveShape(shape0);
  const nLabor = shape.laborFactor === 'households' ? households : laborRows;
  const dir = mkdtempSync(path.join(os.tmpdir(), `coop-bench-${shape.name}-`));
  const res = { shape: shape.name, what: shape.what, households, nLabor, load: os.loadavg()[0] };
  try {
    log(`\n[${shape.name}] generating ${households.toLocaleString()} households, ${nLabor.toLocaleString()} labor rows in ${dir} …`);
    const tg = Date.now();
    const county = await generateCounty(dir, shape, households, nLabor);
    res.bytes = county.files.reduce((s, f) => s + statSync(path.join(dir, f)).size, 0);
    res.laborBytes = statSync(path.join(dir, 'labor.csv')).size;
    log(`[${shape.name}] ${fmt(res.bytes / MB, 0)} MB (${county.files.join(', ')}) in ${fmt((Date.now() - tg) / 1000, 1)} s; csv-parse alone …`);
    res.csv = csvParseAlone(dir, county.files);
    log(`[${shape.name}] csv-parse ${fmt(res.csv.seconds)} s; DuckDB job …`);
    res.duck = duckdbJob(dir, county);
    log(`[${shape.name}] DuckDB ${fmt(res.duck.seconds)} s${res.duck.error ? ' FAILED ' + res.duck.error : ''}; sqlite3 labor …`);
    res.sqlite = sqliteLabor(dir, county);
    log(`[${shape.name}] sqlite3 ${fmt(res.sqlite.seconds)} s${res.sqlite.error ? ' FAILED ' + res.sqlite.error : ''}; coop-payout run …`);
    res.coop = coopPayoutRun(dir);
    log(`[${shape.name}] coop-payout ${fmt(res.coop.seconds)} s${res.coop.error ? ' FAILED ' + res.coop.error : ''}`);
    if (!res.coop.error && phasesToo) {
      res.timedRun = coopPayoutRun(dir, true);
      log(`[${shape.name}] coop-payout with the phase timer${profile ? ' and --cpu-prof' : ''} ${fmt(res.timedRun.seconds)} s${res.timedRun.error ? ' FAILED ' + res.timedRun.error : ''}`);
      if (res.timedRun.error) res.timedRun = null;
    }
    if (!res.coop.error) {
      res.writes = plainWrites(res.coop.out, path.join(dir, 'plain-writes'));
      if (!res.duck.error) res.cmp = await comparePayouts(path.join(res.coop.out, 'payouts.csv'), res.duck.out);
    }
    if (keep) log(`[${shape.name}] kept ${dir}`);
  } catch (e) {
    res.error = String(e?.stack ?? e);
    log(`[${shape.name}] FAILED: ${res.error}`);
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
  report(res);
  return res;
}

function report(r) {
  const out = [];
  out.push(`\n### ${r.shape} — ${r.households.toLocaleString()} households, ${r.nLabor.toLocaleString()} labor rows, ${fmt((r.bytes ?? 0) / MB, 0)} MB`);
  out.push(`${r.what} (load average ${fmt(r.load, 1)} when it started${runs > 1 ? `; best of ${runs} runs` : ''})\n`);
  if (r.error) out.push(`failed: ${r.error}`);
  const coop = r.coop && !r.coop.error ? r.coop.seconds : null;
  out.push('| tool | seconds | coop-payout ÷ tool | MB/s | peak RSS MB | CPU s |');
  out.push('|---|---|---|---|---|---|');
  const row = (name, t, bytes) => {
    if (!t) return;
    if (t.error) return out.push(`| ${name} | failed | | | | |`);
    out.push(`| ${name} | ${fmt(t.seconds)} | ${coop ? fmt(coop / t.seconds) + '×' : '–'} | ${fmt(bytes / MB / t.seconds, 1)} | ${fmt(t.rssMb, 0)} | ${fmt(t.cpu, 1)} |`);
  };
  row('csv-parse alone (every file)', r.csv, r.bytes);
  row(`DuckDB job (${threads} threads)`, r.duck, r.bytes);
  row('sqlite3 import + GROUP BY labor.csv', r.sqlite, r.laborBytes);
  row('**coop-payout run**', r.coop, r.bytes);
  if (r.coop?.error) out.push(`\ncoop-payout run failed: ${r.coop.error}`);
  if (r.duck?.error) out.push(`\nDuckDB job failed: ${r.duck.error}`);
  if (r.sqlite?.error) out.push(`\nsqlite3 failed: ${r.sqlite.error}`);
  if (r.timedRun) {
    out.push('');
    out.push(`coop-payout phases (s; a second run, ${fmt(r.timedRun.seconds)} s with the phase timer${profile ? ' and --cpu-prof' : ''}): ${phaseLine(r.timedRun.phases, r.timedRun.seconds)}`);
  }
  if (r.duck?.info) out.push(`DuckDB steps (s): ${r.duck.info.steps.filter(([, ms]) => ms >= 5).map(([n, ms]) => `${n} ${fmt(ms / 1000)}`).join(' · ')}`);
  if (r.writes) {
    const w = r.writes;
    const ph = (n) => r.timedRun?.phases.find((p) => p.name === n);
    const render = ph('render') ? (ph('render').end - ph('render').start) / 1000 : null;
    const write = ph('write') ? (ph('write').end - ph('write').start) / 1000 : null;
    const mbs = (s) => (s ? fmt(w.bytes / MB / s, 0) : '–');
    r.writeFigures = { render, write, bytes: w.bytes, plain: w.plain, synced: w.synced };
    out.push(
      `output ${fmt(w.bytes / MB, 1)} MB in ${w.files.length} files (${w.files.map(([n, b]) => `${n} ${fmt(b / MB, 1)}`).join(', ')}): ` +
        `render ${fmt(render)} s + write ${fmt(write)} s = ${mbs(render !== null && write !== null ? render + write : null)} MB/s; the write alone ${mbs(write)} MB/s; ` +
        `plain writeSync ${mbs(w.plain)} MB/s (${fmt(w.plain, 3)} s), writeSync + fsync ${mbs(w.synced)} MB/s (${fmt(w.synced, 3)} s); ` +
        `render + write = ${render !== null && write !== null ? fmt((render + write) / w.synced, 1) : '–'}× writeSync + fsync`,
    );
  }
  if (r.cmp) {
    const c = r.cmp;
    if (c.error) out.push(`payouts vs DuckDB: ${c.error}`);
    else
      out.push(
        `payouts vs DuckDB, every household to the fen (floors taken out of ours: ${c.topped.toLocaleString()} topped up): ${c.n.toLocaleString()} rows, ` +
          (c.bad.length
            ? `DIFFER in ${c.bad.map((k) => `${k} ${c[k]}`).join(', ')} (${c.unmatched} households in one file only); e.g. ${c.example?.join(' | ')}`
            : 'all equal (order, labor days, wages, rent, share units, guaranteed, performance, total, deductions, net)'),
      );
  }
  if (r.timedRun?.profile) out.push('', '```', ...r.timedRun.profile, '```');
  if (r.duck?.info) out.push(`DuckDB: surplus ${r.duck.info.surplus} fen, members' pool ${r.duck.info.members} fen; sqlite3 groups, Σdays: ${r.sqlite?.groups ?? '–'}`);
  console.log(out.join('\n'));
}

if (args[0] === '--compare') {
  // node scripts/bench.mjs --compare OUT/payouts.csv duckdb-payouts.csv: the comparison alone (a kept county).
  console.log(JSON.stringify(await comparePayouts(args[1], args[2]), null, 1));
  process.exit(0);
}

const cores = os.availableParallelism?.() ?? os.cpus().length;
console.log(
  `coop-payout bench — node ${process.version}, ${cores} cores, ${fmt(os.totalmem() / 2 ** 30, 0)} GiB, load ${os.loadavg().map((x) => fmt(x, 1)).join(' ')}; ` +
    `DuckDB ${JSON.parse(readFileSync(path.join(ROOT, 'node_modules', '@duckdb', 'node-api', 'package.json'), 'utf8')).version}; ` +
    `${spawnSync('sqlite3', ['--version'], { encoding: 'utf8' }).stdout?.split(' ')[0] ? 'sqlite3 ' + spawnSync('sqlite3', ['--version'], { encoding: 'utf8' }).stdout.split(' ')[0] : 'no sqlite3'}` +
    (profile ? ' — --profile: the phase run is profiled (the headline run is not)' : ''),
);
const results = [];
for (const s of shapes) results.push(await measure(s));

// The summary: one line per shape (README's table), then the acceptance verdicts (printed, never asserted).
const ok = (b) => (b === null ? '–' : b ? 'yes' : '**no**');
console.log(`\n## Summary — ${households.toLocaleString()} households, ${laborRows.toLocaleString()} labor rows (few-labor: as many as households)\n`);
console.log('| shape | input MB | csv-parse s | DuckDB s | sqlite3 labor s | coop-payout s | ÷ DuckDB | ÷ csv-parse | ÷ sqlite3 | coop MB/s | coop RSS MB | coop CPU ÷ wall | DuckDB RSS MB | payouts = DuckDB |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
const s = (t) => (t && !t.error ? t.seconds : null);
const rss = (t) => (t && !t.error ? t.rssMb : null);
for (const r of results) {
  const coop = s(r.coop);
  const ratio = (t) => (coop && s(t) ? fmt(coop / s(t)) + '×' : '–');
  const same = r.cmp ? (r.cmp.error ? '?' : r.cmp.bad.length ? '**no**' : 'yes') : '–';
  console.log(
    `| ${r.shape} | ${fmt((r.bytes ?? 0) / MB, 0)} | ${fmt(s(r.csv))} | ${fmt(s(r.duck))} | ${fmt(s(r.sqlite))} | ${fmt(coop)} | ${ratio(r.duck)} | ${ratio(r.csv)} | ${ratio(r.sqlite)} | ` +
      `${coop ? fmt(r.bytes / MB / coop, 1) : '–'} | ${fmt(rss(r.coop), 0)} | ${coop && r.coop.cpu ? fmt(r.coop.cpu / coop) : '–'} | ${fmt(rss(r.duck), 0)} | ${same} |`,
  );
}
console.log('\n| shape | output MB | render s | write s | render + write MB/s | writeSync MB/s | writeSync + fsync MB/s | (render + write) ÷ (writeSync + fsync) |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of results) {
  const w = r.writeFigures;
  if (!w) continue;
  const mbs = (x) => (x ? fmt(w.bytes / MB / x, 0) : '–');
  const rw = w.render !== null && w.write !== null ? w.render + w.write : null;
  console.log(`| ${r.shape} | ${fmt(w.bytes / MB, 1)} | ${fmt(w.render)} | ${fmt(w.write)} | ${mbs(rw)} | ${mbs(w.plain)} | ${mbs(w.synced)} | ${rw ? fmt(rw / w.synced, 1) + '×' : '–'} |`);
}

console.log('\n### Verdicts (issue 14 acceptance; at 1M / 10M they count, smaller runs only indicate)\n');
for (const r of results) {
  const coop = s(r.coop);
  const v = (t, limit) => (coop && s(t) ? coop / s(t) <= limit : null);
  console.log(
    `- ${r.shape}: ≤ 1.5× DuckDB ${ok(v(r.duck, 1.5))} (${coop && s(r.duck) ? fmt(coop / s(r.duck)) : '–'}×) · ≤ 0.75× csv-parse ${ok(v(r.csv, 0.75))} (${coop && s(r.csv) ? fmt(coop / s(r.csv)) : '–'}×) · ` +
      `faster than sqlite3 labor ${ok(coop && s(r.sqlite) ? coop < s(r.sqlite) : null)} · peak RSS ≤ 1.2 GB ${ok(rss(r.coop) ? rss(r.coop) <= 1200 : null)} (${fmt(rss(r.coop), 0)} MB) · ` +
      `payouts = DuckDB's ${r.cmp && !r.cmp.error ? ok(!r.cmp.bad.length) : '–'}`,
  );
}
const full = results.find((r) => r.shape === 'plain');
const few = results.find((r) => r.shape === 'few-labor');
if (rss(full?.coop) && rss(few?.coop)) {
  const grow = (100 * (full.coop.rssMb - few.coop.rssMb)) / few.coop.rssMb;
  console.log(
    `- peak RSS with ${full.nLabor.toLocaleString()} labor rows (plain) ${fmt(full.coop.rssMb, 0)} MB vs ${few.nLabor.toLocaleString()} (few-labor) ${fmt(few.coop.rssMb, 0)} MB: ` +
      `${grow >= 0 ? '+' : ''}${fmt(grow, 1)}% — < 10% ${ok(grow < 10)}`,
  );
}
