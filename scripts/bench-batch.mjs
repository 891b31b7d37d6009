#!/usr/bin/env node
// Times `coop-payout batch` on a synthetic township: --jobs 1 against --jobs N (default 2).
//
//   npm run build && node scripts/bench-batch.mjs [--villages 200] [--households 300] [--jobs 2] [--runs 3] [--keep]
//
// The township is generated in a temporary folder (deterministic: same figures every time), each
// timing is the best of --runs, and the two OUT trees are checked to be byte-identical.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = path.join(here, '..', 'bin', 'coop-payout.js');

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const VILLAGES = opt('villages', 200);
const HOUSEHOLDS = opt('households', 300);
const JOBS = opt('jobs', 2);
const RUNS = opt('runs', 3);
const KEEP = args.includes('--keep');

// A small deterministic generator (mulberry32), so every bench run computes the same township.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES = '杨吴龙潘王李张侯唐余文梁石韦蒋刘陈黄赵周';
const GIVEN = ['光荣', '秀英', '金文', '正华', '春梅', '德明', '德贵', '玉芬', '文忠', '国强', '秀珍', '光辉'];

const ROOT_RULES = `name: 基准测试镇 2025年度收益分配
year: 2025
wages:
  default_per_day: 100
  per_day: { 采摘: 120, 管护: 90 }
land:
  rent_per_mu: { 水田: 800, 旱地: 500 }
  units_per_mu: { 水田: 1.2, 旱地: 1 }
share_classes:
  land: { guaranteed_per_unit: 300, weight: 1 }
  fund: { guaranteed_per_unit: 60, weight: 1.5 }
distribution:
  fixed:
    - { to: 村集体, amount: 20000 }
  shares:
    - { to: 公积金, percent: 10 }
    - { to: 公益金, percent: 10 }
    - { to: members, percent: 80 }
members:
  - { basis: share_units, percent: 60 }
  - { basis: labor_days, percent: 30 }
  - { basis: per_household, percent: 10 }
floors:
  - { category: 脱贫户, min_total: 3000, funded_by: 公益金 }
`;

function generate(root) {
  writeFileSync(path.join(root, 'rules.yaml'), ROOT_RULES);
  const pooled = [];
  for (let v = 1; v <= VILLAGES; v++) {
    const r = rng(v);
    const pick = (xs) => xs[Math.floor(r() * xs.length)];
    const folder = `village${String(v).padStart(3, '0')}`;
    const dir = path.join(root, folder);
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'rules.yaml'), `name: 第${v}村 2025年度收益分配\n`);
    const hh = ['户号,户主,村组,银行账号,类别'];
    const land = ['户号,地块编号,地类,面积,方式,月数'];
    const shares = ['household_id,class,units,months'];
    const labor = ['户号,日期,工种,工日'];
    const deductions = ['户号,类型,金额'];
    let laborFen = 0;
    for (let h = 1; h <= HOUSEHOLDS; h++) {
      const id = `V${v}H${String(h).padStart(4, '0')}`;
      const poor = r() < 0.25;
      const acct = `6217${String(Math.floor(r() * 1e15)).padStart(15, '0')}`;
      hh.push(`${id},${pick([...SURNAMES])}${pick(GIVEN)},${1 + Math.floor(r() * 5)}组,${acct},${poor ? '脱贫户' : '一般户'}`);
      for (let k = 0, n = Math.floor(r() * 3); k < n; k++) {
        land.push(`${id},${id}-${k},${pick(['水田', '旱地'])},${(0.5 + r() * 5).toFixed(2)},${r() < 0.6 ? '流转' : '入股'},${pick(['', '12', '6', '9'])}`);
      }
      if (poor) shares.push(`${id},fund,${pick(['3', '4', '5', '6'])},12`);
      for (let k = 0, n = Math.floor(r() * 6); k < n; k++) {
        const days = 1 + Math.floor(r() * 20);
        laborFen += days * 12000;
        labor.push(`${id},2025-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')},${pick(['采摘', '管护', ''])},${days}`);
      }
      if (r() < 0.1) deductions.push(`${id},已预支工资,${100 * (1 + Math.floor(r() * 20))}`);
    }
    const revenue = ['kind,category,amount'];
    const income = Math.round(laborFen / 100) * 3 + HOUSEHOLDS * 2000;
    for (let k = 0; k < 24; k++) revenue.push(`income,销售${k % 4},${(income / 24).toFixed(2)}`);
    for (let k = 0; k < 12; k++) revenue.push(`expense,成本${k % 3},${(income / 60).toFixed(2)}`);
    const w = (name, lines) => writeFileSync(path.join(dir, name), lines.join('\n') + '\n');
    w('households.csv', hh);
    w('land.csv', land);
    w('shares.csv', shares);
    w('labor.csv', labor);
    w('revenue.csv', revenue);
    w('deductions.csv', deductions);
    if (v % 10 === 0) pooled.push(folder);
  }
  writeFileSync(
    path.join(root, 'pool.yaml'),
    `name: 联建项目\nincome: 1000000.01\ncontributions:\n${pooled.map((f, i) => `  ${f}: ${10 + (i % 7)}`).join('\n')}\n`,
  );
}

function treeHash(dir) {
  const h = createHash('sha256');
  const walk = (d, rel) => {
    for (const name of readdirSync(d).sort()) {
      if (name.startsWith('.')) continue;
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p, `${rel}${name}/`);
      else h.update(`${rel}${name}\0`).update(readFileSync(p));
    }
  };
  walk(dir, '');
  return h.digest('hex');
}

/**
 * A module loaded before the CLI (`--import`) that records the process's CPU time at exit:
 * getrusage covers every thread (workers, V8's GC and compiler threads, libuv's I/O threads).
 */
function writeCpuProbe(dir) {
  const file = path.join(dir, 'cpu-probe.mjs');
  writeFileSync(
    file,
    `import { writeFileSync } from 'node:fs';\n` +
      `process.on('exit', () => { const u = process.resourceUsage(); ` +
      `writeFileSync(process.env.BENCH_CPU_FILE, JSON.stringify({ user: u.userCPUTime, system: u.systemCPUTime })); });\n`,
  );
  return pathToFileURL(file).href;
}

/**
 * One timed `batch` into a fresh OUT. Nothing is deleted while the timings run: on a file system
 * without a journal (ext4 as this machine has it) creating files just after thousands were deleted
 * costs kernel time that has nothing to do with the tool. The OUT trees are removed at the end.
 */
function timeBatch(root, jobs, probe, run) {
  const out = path.join(root, '..', `out-jobs${jobs}-run${run}`);
  const cpuFile = path.join(root, '..', `cpu-jobs${jobs}.json`);
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', probe, bin, 'batch', root, '--out', out, '--jobs', String(jobs), '--quiet'], {
    encoding: 'utf8',
    env: { ...process.env, BENCH_CPU_FILE: cpuFile },
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) {
    console.error(r.stderr);
    throw new Error(`batch --jobs ${jobs} exited with ${r.status}`);
  }
  const cpu = JSON.parse(readFileSync(cpuFile, 'utf8'));
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, sysMs: cpu.system / 1000, out };
}

/** --jobs 1 and --jobs N taken in turns (the machine's load drifts), best of RUNS each. */
function timeBoth(root, probe) {
  const best = { 1: null, [JOBS]: null };
  for (let run = 0; run < RUNS; run++) {
    for (const jobs of [1, JOBS]) {
      const t = timeBatch(root, jobs, probe, run);
      if (best[jobs] === null || t.ms < best[jobs].ms) best[jobs] = t;
    }
  }
  return [best[1], best[JOBS]].map((t) => ({ ...t, hash: treeHash(t.out) }));
}

/** "4.29 s (CPU 5.60 s, of which system 0.90 s: 1.31 cores busy)" */
function shown(t) {
  return `${(t.ms / 1000).toFixed(2)} s (CPU ${(t.cpuMs / 1000).toFixed(2)} s, of which system ${(t.sysMs / 1000).toFixed(2)} s: ${(t.cpuMs / t.ms).toFixed(2)} cores busy)`;
}

const base = mkdtempSync(path.join(tmpdir(), 'coop-bench-'));
const root = path.join(base, 'township');
mkdirSync(root);
try {
  const t0 = Date.now();
  generate(root);
  console.log(`township: ${VILLAGES} villages × ${HOUSEHOLDS} households (generated in ${Date.now() - t0} ms) at ${root}`);
  console.log(`machine: ${availableParallelism()} CPUs available (${cpus()[0]?.model ?? 'unknown'}), node ${process.version}; best of ${RUNS}, taken in turns`);
  const probe = writeCpuProbe(base);
  const [one, many] = timeBoth(root, probe);
  console.log(`--jobs 1: ${shown(one)}`);
  console.log(`--jobs ${JOBS}: ${shown(many)}`);
  console.log(`speed-up: ${(one.ms / many.ms).toFixed(2)}×`);
  // --jobs 1 already keeps more than one core busy (V8's garbage collector and compiler threads,
  // libuv's file threads): N cores can at best give N / (cores busy at --jobs 1).
  const usable = Math.min(JOBS, availableParallelism());
  console.log(
    `ceiling: ${usable} CPUs / ${(one.cpuMs / one.ms).toFixed(2)} cores busy at --jobs 1 = ${((usable * one.ms) / one.cpuMs).toFixed(2)}× at most; ` +
      `CPU time grew ${((many.cpuMs / one.cpuMs - 1) * 100).toFixed(0)}% for the same work (cores contending)`,
  );
  console.log(`outputs identical: ${one.hash === many.hash ? 'yes' : 'NO'}`);
  const load = loadavg()[0];
  if (load > 0.5) console.log(`note: 1-minute load average ${load.toFixed(2)} — other processes share the CPUs; the speed-up is only meaningful on an idle machine`);
  if (one.hash !== many.hash) process.exitCode = 1;
} finally {
  if (KEEP) console.log(`kept ${base}`);
  else rmSync(base, { recursive: true, force: true });
}
