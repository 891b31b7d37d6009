#!/usr/bin/env node
// A/B timing of two builds of coop-payout on the same generated counties (issue 14 perf work).
//   node scripts/bench/ab.mjs --a TREE_A --b TREE_B [--households N] [--labor N] [--shapes a,b] [--runs N] [--dir D]
// Each TREE is a folder with bin/coop-payout.js and a built dist/. Runs alternate A B A B on each
// shape; prints wall seconds and CPU seconds (user+sys of the child) per run, the best of each, the
// phases (scripts/bench/phases.mjs) of the best run, and whether the two outputs are byte-identical.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCounty, SHAPES } from './shapes.mjs';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const args = process.argv.slice(2);
const opt = (n, d) => (args.includes(n) ? args[args.indexOf(n) + 1] : d);
const A = opt('--a'), B = opt('--b');
const H = Number(opt('--households', 200000)), L = Number(opt('--labor', 2000000));
const runs = Number(opt('--runs', 2));
const shapes = opt('--shapes', 'zh-sorted,gbk,no-job,plain').split(',');
const base = opt('--dir', '/tmp/coop-ab');

function run(tree, dir, tag) {
  const out = path.join(dir, 'out-' + tag);
  rmSync(out, { recursive: true, force: true });
  const pf = path.join(dir, 'phases-' + tag + '.json');
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S %M', process.execPath, '--import', path.join(HERE, 'phases.mjs'), path.join(tree, 'bin', 'coop-payout.js'), 'run', dir, '--out', out, '--quiet'],
    { env: { ...process.env, COOP_BENCH_PHASES: pf }, encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const last = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  if (r.status !== 0 && r.status !== 1) process.stderr.write(r.stderr);
  const phases = existsSync(pf) ? JSON.parse(readFileSync(pf, 'utf8')) : [];
  return { wall, cpu: last[0] + last[1], rss: last[2] / 1024, phases, out, status: r.status };
}

function summary(ph) {
  const by = new Map();
  for (const p of ph) by.set(p.name, (by.get(p.name) ?? 0) + (p.end - p.start));
  return [...by].map(([k, v]) => `${k} ${(v / 1000).toFixed(2)}`).join(', ');
}

for (const name of shapes) {
  const dir = path.join(base, `${name}-${H}-${L}`);
  if (!existsSync(path.join(dir, 'labor.csv'))) {
    mkdirSync(dir, { recursive: true });
    await generateCounty(dir, SHAPES.find((s) => s.name === name), H, L);
  }
  const res = { A: [], B: [] };
  for (let k = 0; k < runs; k++) for (const [tag, tree] of [['A', A], ['B', B]]) if (tree) res[tag].push(run(tree, dir, tag));
  console.log(`== ${name} (${H} households, ${L} labor)`);
  for (const tag of ['A', 'B']) {
    if (!res[tag].length) continue;
    const best = res[tag].reduce((x, y) => (y.cpu < x.cpu ? y : x));
    console.log(`  ${tag}: wall ${res[tag].map((r) => r.wall.toFixed(2)).join(' ')}  cpu ${res[tag].map((r) => r.cpu.toFixed(2)).join(' ')}  rss ${best.rss.toFixed(0)} MB  exit ${best.status}`);
    console.log(`     phases: ${summary(best.phases)}`);
  }
  if (A && B) {
    const oa = res.A[0].out, ob = res.B[0].out;
    const diff = readdirSync(oa).filter((f) => f !== 'report.html' && !readFileSync(path.join(oa, f)).equals(readFileSync(path.join(ob, f))));
    console.log(`  outputs: ${diff.length ? 'DIFFER: ' + diff.join(' ') : 'identical (report.html not compared)'}`);
  }
}
