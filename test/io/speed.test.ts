/**
 * Throughput check, skipped unless COOP_BENCH=1 (COOP_BENCH_ROWS rows, default 2 000 000):
 *   COOP_BENCH=1 npx vitest run test/io/speed.test.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CsvTokenizer } from '../../src/io/csvTokenizer.js';
import { readRunDir } from '../../src/io/readRunDir.js';
import { Problems } from '../../src/problems.js';
import { testRules } from './runDir.js';

const ROWS = Number(process.env.COOP_BENCH_ROWS ?? 2_000_000);
const HOUSEHOLDS = 5000;

function makeBenchRun(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coop-bench-'));
  let h = 'household_id,name,village,category,bank_account\n';
  for (let i = 0; i < HOUSEHOLDS; i++) h += `H${String(i).padStart(5, '0')},户主${i},一组,一般户,62284800${String(i).padStart(11, '0')}\n`;
  fs.writeFileSync(path.join(dir, 'households.csv'), h);
  fs.writeFileSync(path.join(dir, 'revenue.csv'), 'kind,amount\nincome,"1,000,000.00"\n');
  const fd = fs.openSync(path.join(dir, 'labor.csv'), 'w');
  const jobs = ['采摘', '管护', ''];
  let buf = 'household_id,date,job,days\n';
  for (let i = 0; i < ROWS; i++) {
    buf += `H${String(i % HOUSEHOLDS).padStart(5, '0')},2025-0${1 + (i % 9)}-1${i % 10},${jobs[i % 3]},${1 + (i % 7)}.5\n`;
    if (buf.length > 1 << 20) {
      fs.writeSync(fd, buf);
      buf = '';
    }
  }
  fs.writeSync(fd, buf);
  fs.closeSync(fd);
  return dir;
}

describe.skipIf(!process.env.COOP_BENCH)('reading speed', () => {
  it('tokenizes and reads millions of labor rows at millions of rows per second', async () => {
    const dir = makeBenchRun();
    const file = path.join(dir, 'labor.csv');
    const mb = fs.statSync(file).size / 1e6;

    let t0 = performance.now();
    let records = 0;
    const tok = new CsvTokenizer(() => records++);
    for await (const c of fs.createReadStream(file, { highWaterMark: 1 << 20 })) tok.push((c as Buffer).toString('utf8'));
    tok.end();
    let s = (performance.now() - t0) / 1000;
    console.log(`tokenizer: ${records} records, ${mb.toFixed(0)} MB in ${s.toFixed(2)} s = ${(records / s / 1e6).toFixed(2)} M rows/s`);

    t0 = performance.now();
    const problems = new Problems();
    const ds = await readRunDir(dir, testRules(), { encoding: 'auto' }, problems);
    s = (performance.now() - t0) / 1000;
    console.log(`readRunDir: ${ROWS} labor rows (detect + decode + hash + check + fold) in ${s.toFixed(2)} s = ${(ROWS / s / 1e6).toFixed(2)} M rows/s`);
    expect(problems.errors).toEqual([]);
    expect(ds.inputs.at(-1)?.rows).toBe(ROWS);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
