#!/usr/bin/env node
// A long fuzzing campaign over every input file and rules.yaml, through the built dist/ modules
// (run `npm run build` first). Each case is one fast-check sample of seed S+i, so a failing case
// is reproduced with `node scripts/fuzz.mjs --seed <its seed> --cases 1`.
//
//   node scripts/fuzz.mjs [--cases N (default 5000)] [--seed S (default: time)] [--slow-ms MS]
//
// Prints how many cases ran, how many were rejected with exit-1-style errors, how many were
// accepted, and every failure (a throw past the analysis, a malformed problem, a render or
// reconciliation failure, a case slower than --slow-ms) with its seed. The inputs of a failing
// case are saved under .tmp/fuzz/<seed>/ (gitignored). Exit code 1 when any case failed.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import fc from 'fast-check';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const args = process.argv.slice(2);
function opt(name, dflt) {
  const i = args.indexOf(name);
  if (i < 0) return dflt;
  const v = Number(args[i + 1]);
  if (!Number.isInteger(v) || v < 0) {
    console.error(`${name} needs a whole number`);
    process.exit(2);
  }
  return v;
}
const cases = opt('--cases', 5000);
const seed = opt('--seed', Date.now() % 2_000_000_000);
const slowMs = opt('--slow-ms', 10_000);

const dist = (p) => pathToFileURL(path.join(ROOT, 'dist', p)).href;
if (!existsSync(path.join(ROOT, 'dist', 'pipeline', 'analyseRun.js'))) {
  console.error('dist/ is missing: run `npm run build` first');
  process.exit(2);
}
const { analyseRun } = await import(dist('pipeline/analyseRun.js'));
const { renderRunFiles } = await import(dist('pipeline/renderRunFiles.js'));
const core = await import(pathToFileURL(path.join(ROOT, 'test', 'hostile', 'fuzzCore.mjs')).href);

// The random-village generator is TypeScript (test/oracle/randomVillage.ts): strip its types with the
// transformer vite (a dev dependency) ships, into .tmp/fuzz/, and import that.
const tmpRoot = path.join(ROOT, '.tmp', 'fuzz');
mkdirSync(tmpRoot, { recursive: true });
const { transformWithOxc } = await import('vite');
const rvSource = readFileSync(path.join(ROOT, 'test', 'oracle', 'randomVillage.ts'), 'utf8');
const rvFile = path.join(tmpRoot, 'randomVillage.mjs');
writeFileSync(rvFile, (await transformWithOxc(rvSource, 'randomVillage.ts', { lang: 'ts' })).code);
const { generateVillage } = await import(pathToFileURL(rvFile).href);

const fixedDirs = [
  path.join(ROOT, 'fixtures', 'mini'),
  path.join(ROOT, 'fixtures', 'demo'),
  path.join(ROOT, 'fixtures', 'examples', 'baizhai-2025'),
  path.join(ROOT, 'fixtures', 'examples', 'jinping-2025'),
].filter((d) => existsSync(path.join(d, 'rules.yaml')));
const bases = fixedDirs.map(core.loadRunFolder);
const arb = core.caseArbitrary(bases.length);

const work = mkdtempSync(path.join(os.tmpdir(), 'coop-fuzz-'));
const dir = path.join(work, 'run');
let rejected = 0;
let accepted = 0;
const failures = [];
const codes = new Map();
const t0 = Date.now();
console.log(`fuzz: ${cases} cases from seed ${seed} (bases: ${fixedDirs.map((d) => path.basename(d)).join(', ')} + random villages)`);

for (let i = 0; i < cases; i++) {
  const s = seed + i;
  const [c] = fc.sample(arb, { seed: s, numRuns: 1 });
  let files;
  try {
    files = core.caseFiles(c, bases, (v) => generateVillage(v));
  } catch (e) {
    console.error(`seed ${s}: the case generator itself failed: ${e?.stack ?? e}`);
    process.exit(2);
  }
  core.writeRunFolder(dir, files);
  try {
    const r = await core.checkFolder(dir, c.encoding, { analyseRun, renderRunFiles }, slowMs);
    if (r.outcome === 'rejected') rejected++;
    else accepted++;
    for (const code of r.codes) codes.set(code, (codes.get(code) ?? 0) + 1);
  } catch (e) {
    const message = e instanceof core.FuzzFailure ? e.message : `check itself threw: ${e?.stack ?? e}`;
    const saved = path.join(tmpRoot, String(s));
    rmSync(saved, { recursive: true, force: true });
    core.writeRunFolder(saved, files);
    writeFileSync(path.join(saved, 'case.json'), JSON.stringify({ seed: s, encoding: c.encoding, case: core.describeCase(c), message }, null, 2) + '\n');
    failures.push({ seed: s, message, saved });
    console.log(`FAIL seed ${s} (${core.describeCase(c)}): ${message.split('\n').slice(0, 6).join('\n    ')}\n    inputs saved in ${path.relative(process.cwd(), saved)}`);
  }
  if ((i + 1) % 500 === 0) console.log(`  … ${i + 1} cases, ${failures.length} failures, ${Math.round((Date.now() - t0) / 1000)} s`);
}
rmSync(work, { recursive: true, force: true });

const secs = ((Date.now() - t0) / 1000).toFixed(1);
console.log(`\nfuzz: ${cases} cases in ${secs} s (seeds ${seed}…${seed + cases - 1})`);
console.log(`  rejected with errors (exit 1): ${rejected}`);
console.log(`  accepted (exit 0):             ${accepted}`);
console.log(`  failures (crashes):            ${failures.length}${failures.length ? '  seeds: ' + failures.map((f) => f.seed).join(' ') : ''}`);
console.log(`  error codes seen (cases): ${[...codes].sort((x, y) => y[1] - x[1]).map(([k, v]) => `${k} ${v}`).join(', ')}`);
process.exit(failures.length ? 1 : 0);
