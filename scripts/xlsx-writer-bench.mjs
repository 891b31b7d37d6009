#!/usr/bin/env node
// Does src/render/xlsxDirect.ts earn its lines? (issue 10) The same payouts.xlsx sheet — the
// workbook's 分配明细 cells, from the one row emitter — written by the project's own writer and by
// exceljs's streaming WorkbookWriter, for villages of several sizes. Time and peak heap of each,
// printed, never asserted. Needs a build (dist/).
//
//   node scripts/xlsx-writer-bench.mjs [--households 5000,20000,50000] [--runs 3]
import { mkdtempSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const sizes = opt('--households', '5000,20000,50000').split(',').map(Number);
const runs = Number(opt('--runs', '3'));

const { analyseRun } = await import(path.join(ROOT, 'dist/pipeline/analyseRun.js'));
const { payoutsXlsxDirect } = await import(path.join(ROOT, 'dist/render/xlsxDirect.js'));
const { payoutsTable, NUM_FORMAT } = await import(path.join(ROOT, 'dist/render/xlsxCommon.js'));
const { kindOf } = await import(path.join(ROOT, 'dist/render/columns.js'));

/** A village of n households: the demo's rules, households with shares and labor. */
function village(n) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'coop-xlsxbench-'));
  cpSync(path.join(ROOT, 'fixtures/demo/rules.yaml'), path.join(dir, 'rules.yaml'));
  const hh = ['户号,户主,村组,银行账号,类别'];
  const shares = ['户号,股份类别,股数'];
  const labor = ['户号,天数,工种'];
  for (let i = 0; i < n; i++) {
    const id = `H${String(i).padStart(7, '0')}`;
    hh.push(`${id},户主${i},第${i % 12}组,62177901${String(i).padStart(11, '0')},${i % 5 === 0 ? '脱贫户' : '一般户'}`);
    shares.push(`${id},cash,${1 + (i % 7)}`);
    labor.push(`${id},${(i % 40) + 0.5},采茶`);
  }
  writeFileSync(path.join(dir, 'households.csv'), hh.join('\n') + '\n');
  writeFileSync(path.join(dir, 'shares.csv'), shares.join('\n') + '\n');
  writeFileSync(path.join(dir, 'labor.csv'), labor.join('\n') + '\n');
  writeFileSync(path.join(dir, 'revenue.csv'), `收支,科目,金额\n收入,销售,${n * 3000}\n支出,成本,${n * 500}\n`);
  return dir;
}

/** The same cells through exceljs's streaming writer (text as text, numbers with their format). */
async function exceljsStream(rules, data, dist, file) {
  const t = payoutsTable(rules, data, dist, 'zh');
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: true });
  const ws = wb.addWorksheet('分配明细');
  ws.columns = t.keys.map((k) => ({ key: k, width: 14, style: { numFmt: NUM_FORMAT[kindOf(k)] } }));
  ws.addRow(t.header).commit();
  for (const row of [...t.body, t.total]) {
    ws.addRow(row.map((c, j) => (typeof c === 'object' && c !== null && 'num' in c ? Number(c.num) : kindOf(t.keys[j]) === 'text' ? String(c) : Number(c)))).commit();
  }
  await wb.commit();
}

function heapPeak(fn) {
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 5);
  return { stop: () => (clearInterval(timer), Math.max(peak, process.memoryUsage().heapUsed) - before), fn };
}

console.log('households  writer               best s   MB/s   heap MB   file MB');
for (const n of sizes) {
  const dir = village(n);
  const a = await analyseRun(dir, { encoding: 'auto' });
  if (!a.dist) throw new Error(a.problems.errors.map((e) => e.message).join('\n'));
  const out = path.join(dir, 'x.xlsx');
  for (const [name, write] of [
    ['xlsxDirect (own)', async () => writeFileSync(out, payoutsXlsxDirect(a.rules, a.data, a.dist, 'zh'))],
    ['exceljs stream', async () => exceljsStream(a.rules, a.data, a.dist, out)],
  ]) {
    let best = Infinity;
    let heap = 0;
    for (let r = 0; r < runs; r++) {
      const h = heapPeak();
      const t0 = process.hrtime.bigint();
      await write();
      best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
      heap = Math.max(heap, h.stop());
    }
    const size = (await import('node:fs')).statSync(out).size;
    console.log(
      `${String(n).padStart(10)}  ${name.padEnd(19)} ${best.toFixed(3).padStart(7)} ${(size / 1e6 / best).toFixed(1).padStart(6)} ${(heap / 1e6).toFixed(0).padStart(8)} ${(size / 1e6).toFixed(2).padStart(9)}`,
    );
  }
  rmSync(dir, { recursive: true, force: true });
}
console.log('(xlsxDirect writes the whole workbook: 收益分配表, 分配明细 and, with cash, 领款签收表; exceljs only 分配明细 — so the comparison favours exceljs)');
