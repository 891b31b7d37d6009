#!/usr/bin/env node
// Runs scripts/bench/duckdb-job.sql on one county (a child of scripts/bench.mjs, timed from outside
// with its peak RSS):   node scripts/bench/duckdb-job.mjs JOB.json
//
// JOB.json: { threads, out, tmp, tables: { households: { file, encoding, cols: { field: header } }, … },
// rules } — written by bench.mjs from the shape. A GB18030/GBK file is first converted to UTF-8 with
// iconv(1), inside the timing, as an analyst would: DuckDB's CSV reader knows only UTF-8, UTF-16
// and Latin-1 without the `encodings` extension (which would have to be downloaded).
// Prints JSON: { steps: [[name, ms]], surplus, members, rows }.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';

const here = path.dirname(fileURLToPath(import.meta.url));
const job = JSON.parse(readFileSync(process.argv[2], 'utf8'));

/** The fields the SQL uses from each table. */
const FIELDS = {
  households: ['household_id', 'name', 'village', 'category', 'bank_account'],
  labor: ['household_id', 'job', 'days'],
  land: ['household_id', 'land_type', 'arrangement', 'area_mu', 'months'],
  shares: ['household_id', 'class', 'units', 'months'],
  deductions: ['household_id', 'amount'],
  revenue: ['kind', 'amount'],
};

const lit = (s) => `'${String(s).replace(/'/g, "''")}'`;
const ident = (s) => `"${String(s).replace(/"/g, '""')}"`;

/** A decimal written in the rules, times 10^places, exactly (no binary float on the way). */
export function scaled(text, places) {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(String(text).trim());
  if (!m) throw new Error(`not a plain decimal: ${text}`);
  const frac = (m[2] ?? '').padEnd(places, '0');
  if (frac.length > places) throw new Error(`${text} has more than ${places} decimals`);
  return BigInt(m[1] + frac);
}

const steps = [];
const t0 = performance.now();
let tStep = t0;
let stepName = 'start';
const mark = (next) => {
  const now = performance.now();
  if (now - tStep > 0.05 || steps.length === 0) steps.push([stepName, Math.round(now - tStep)]);
  stepName = next;
  tStep = now;
};

// Convert what is not UTF-8.
mark('iconv');
for (const [table, t] of Object.entries(job.tables)) {
  if (t.encoding && t.encoding !== 'utf8') {
    const out = path.join(job.tmp, `${table}.utf8.csv`);
    const r = spawnSync('iconv', ['-f', 'GB18030', '-t', 'UTF-8', '-o', out, t.file], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`iconv ${t.file}: ${r.stderr}`);
    t.file = out;
  }
}

function source(table) {
  const t = job.tables[table];
  const fields = FIELDS[table];
  if (!t) return `(SELECT ${fields.map((f) => `NULL::VARCHAR AS ${f}`).join(', ')} WHERE false)`;
  const cols = fields.map((f) => (t.cols[f] ? `${ident(t.cols[f])} AS ${f}` : `NULL::VARCHAR AS ${f}`));
  return `(SELECT ${cols.join(', ')} FROM read_csv(${lit(t.file)}, header = true, all_varchar = true, delim = ',', quote = '"', escape = '"'))`;
}

const r = job.rules;
const values = (rows) => rows.map((row) => `(${row.join(', ')})`).join(', ');
const fill = {
  threads: String(job.threads),
  out: job.out.replace(/'/g, "''"),
  households: source('households'),
  labor: source('labor'),
  land: source('land'),
  shares: source('shares'),
  deductions: source('deductions'),
  revenue: source('revenue'),
  job_rates: values([
    [lit(''), scaled(r.defaultPerDay, 2)],
    ...Object.entries(r.perDay).map(([k, v]) => [lit(k), scaled(v, 2)]),
  ]),
  land_rates: values(
    [...new Set([...Object.keys(r.rentPerMu), ...Object.keys(r.unitsPerMu)])].map((k) => [
      lit(k),
      r.rentPerMu[k] ? scaled(r.rentPerMu[k], 2) : 'NULL',
      r.unitsPerMu[k] ? scaled(r.unitsPerMu[k], 4) : 'NULL',
    ]),
  ),
  classes: values(Object.entries(r.classes).map(([k, c]) => [lit(k), scaled(c.gpu, 2), scaled(c.weight ?? '1', 4)])),
  fixed: values(r.fixed.map((f, i) => [i, lit(f.to), scaled(f.amount, 2)])),
  entries: values(r.shares.map((s, i) => [i, lit(s.to), scaled(s.percent, 4)])),
  bases: values(r.members.map((m, i) => [i, lit(m.basis), scaled(m.percent, 4)])),
};

const sqlText = readFileSync(path.join(here, 'duckdb-job.sql'), 'utf8').replace(/\{\{(\w+)\}\}/g, (_, k) => {
  if (!(k in fill)) throw new Error(`duckdb-job.sql: no value for {{${k}}}`);
  return fill[k];
});

// Statements end with ';' at a line's end; '-- step: NAME' names the ones after it.
const statements = [];
let cur = [];
for (const line of sqlText.split('\n')) {
  const step = /^-- step: (.*)$/.exec(line);
  if (step && cur.every((l) => l.trim() === '' || l.startsWith('--'))) {
    statements.push({ step: step[1].trim() });
    cur = [];
    continue;
  }
  cur.push(line);
  if (/;\s*$/.test(line)) {
    statements.push({ sql: cur.join('\n') });
    cur = [];
  }
}

mark('open');
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
for (const s of statements) {
  if (s.step) mark(s.step);
  else await con.run(s.sql);
}
mark('end');
const one = async (sql) => (await con.runAndReadAll(sql)).getRows()[0];
const [surplus] = await one('SELECT CAST(s AS VARCHAR) FROM surplus');
const [members] = await one("SELECT CAST(coalesce(sum(fen), 0) AS VARCHAR) FROM entry_part WHERE name = 'members'");
const [rows] = await one('SELECT CAST(count(*) AS VARCHAR) FROM per');
process.stdout.write(JSON.stringify({ steps: steps.filter(([n]) => n !== 'start' && n !== 'end'), surplus, members, rows }));
