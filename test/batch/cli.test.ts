/** End to end: `node bin/coop-payout.js batch …` on copies of fixtures/township, as cron runs it. */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { LOCK_NAME } from '../../src/batch/runBatch.js';
import { cli, tempDir } from '../helpers/cli.js';
import { BROKEN, csvRows, deadPid, fen, township, tree, VILLAGES } from './helpers.js';

const GOOD = VILLAGES.filter((v) => v !== BROKEN);
const MONEY_KEYS = [
  'pooled_income',
  'income',
  'expenses',
  'wages',
  'land_rent',
  'guaranteed_dividend',
  'surplus',
  'members_pool',
  'floor_topup',
  'total',
  'deductions',
  'net_payable',
];

interface VillageJson {
  folder: string;
  name: string | null;
  status: string;
  households: number | null;
  errors: { file: string; line: number; column: number; code: string; message: string }[];
  warnings: { code: string }[];
  inputs: { file: string; sha256: string; rows: number | null }[];
  rules_sha256: string | null;
  files: string[];
  [key: string]: unknown;
}
interface BatchJson {
  pool: { name: string; income: string; shares: { village: string; contribution: string; amount: string }[] } | null;
  counts: { villages: number; ok: number; failed: number };
  totals: Record<string, string | number>;
  villages: VillageJson[];
  skipped: { file: string; code: string }[];
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

/** SPEC §7's deep merge, on plain YAML data: maps key by key, lists and scalars replaced. */
function deepMerge(a: unknown, b: unknown): unknown {
  const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isMap(a) || !isMap(b)) return b;
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = k in a ? deepMerge(a[k], v) : v;
  return out;
}

describe('a township batch (fixtures/township: 8 villages, one broken, one pool)', () => {
  let root: string;
  let out1: string;
  let out2: string;
  let r1: ReturnType<typeof cli>;
  let r2: ReturnType<typeof cli>;
  let report: BatchJson;

  beforeAll(() => {
    root = township();
    out1 = path.join(root, 'out');
    out2 = path.join(path.dirname(root), 'out-jobs2');
    r1 = cli(['batch', root, '--jobs', '1']);
    r2 = cli(['batch', root, '--out', out2, '--jobs', '2']);
    report = readJson<BatchJson>(path.join(out1, 'batch.json'));
  });

  it('exits 4, writes every good village as `run` would, and skips the broken one', () => {
    expect(r1.code, r1.stderr).toBe(4);
    expect(r2.code, r2.stderr).toBe(4);
    for (const v of GOOD) {
      for (const f of ['payouts.csv', 'summary.json', 'waterfall.csv']) expect(existsSync(path.join(out1, v, f)), `${v}/${f}`).toBe(true);
    }
    expect(existsSync(path.join(out1, BROKEN))).toBe(false);
    // No lock, no temporary folder left behind; the batch's manifest (issue 12).
    expect(readdirSync(out1).filter((n) => n.startsWith('.'))).toEqual(['.coop-payout-manifest.json']);
    expect(readdirSync(out1).filter((n) => !n.startsWith('.') && !GOOD.includes(n)).sort()).toEqual(['batch.json', 'township-report.html', 'township-summary.csv']);
  });

  it('reports the broken village’s error with its folder in the path, and names it at the end', () => {
    const lines = r1.stderr.split('\n');
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${path.join(root, BROKEN, 'land.csv').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4:4: E_BAD_NUMBER: `)));
    expect(r1.stderr).toMatch(/1 village\(s\) failed, not written\): huangnitang/);
    expect(r1.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
  });

  it('gives byte-identical OUT trees with --jobs 1 and --jobs 2', () => {
    const a = tree(out1);
    const b = tree(out2);
    expect([...a.keys()]).toEqual([...b.keys()]);
    for (const [name, bytes] of a) expect(b.get(name)?.equals(bytes), name).toBe(true);
    expect(a.size).toBeGreaterThanOrEqual(GOOD.length * 3 + 3);
  });

  it('prints one plain line per village in folder order when not on a terminal', () => {
    const lines = r1.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(VILLAGES.length + 1);
    expect(lines.slice(0, -1).map((l) => l.split(':')[0])).toEqual(VILLAGES);
    expect(lines[VILLAGES.indexOf(BROKEN)]).toMatch(/FAILED/);
    expect(lines.at(-1)).toMatch(/8 个村 villages: 7 完成 ok, 1 失败 failed/);
    expect(r1.stdout).not.toMatch(/\r|\x1b/); // no progress line, no colour
  });

  it('writes township-summary.csv with a row per village, the failed one empty, and a 合计 row that is the sum to the fen', () => {
    const bytes = readFileSync(path.join(out1, 'township-summary.csv'));
    expect(bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(true);
    const rows = csvRows(bytes);
    // 失败原因 appears because a village failed (issue 13: the office must see why)
    expect(rows[0]).toEqual(['村文件夹', '名称', '状态', '户数', '统筹项目收益', '收入', '支出', '务工工资', '土地租金', '保底分红', '可分配盈余', '成员效益分红', '兜底补差', '应分合计', '扣减', '实发金额', '失败原因']);
    const body = rows.slice(1, -1);
    expect(body.map((r) => r[0])).toEqual(VILLAGES);
    const broken = body.find((r) => r[0] === BROKEN)!;
    expect(broken[2]).toBe('失败');
    expect(broken.slice(3, -1).every((c) => c === '')).toBe(true);
    expect(broken.at(-1)).toMatch(/^land\.csv:4:4 E_BAD_NUMBER 面积不是有效的数字/);
    expect(body.filter((r) => r[0] !== BROKEN).every((r) => r.at(-1) === '')).toBe(true);
    const total = rows.at(-1)!;
    expect(total[0]).toBe('合计');
    const ok = body.filter((r) => r[2] === '完成');
    expect(ok).toHaveLength(GOOD.length);
    expect(Number(total[3])).toBe(ok.reduce((s, r) => s + Number(r[3]), 0));
    for (let c = 4; c < rows[0].length - 1; c++) {
      expect(fen(total[c]), rows[0][c]).toBe(ok.reduce((s, r) => s + fen(r[c]), 0n));
    }
  });

  it('writes batch.json that agrees with township-summary.csv and with each village’s summary.json', () => {
    expect(report.counts).toEqual({ villages: 8, ok: 7, failed: 1 });
    const rows = csvRows(readFileSync(path.join(out1, 'township-summary.csv')));
    expect(report.villages.map((v) => v.folder)).toEqual(VILLAGES);
    for (const [i, v] of report.villages.entries()) {
      const row = rows[i + 1];
      if (v.status !== 'ok') {
        expect(v.folder).toBe(BROKEN);
        expect(v.errors.map((e) => `${e.file}:${e.line}:${e.column}: ${e.code}`)).toEqual([`${BROKEN}/land.csv:4:4: E_BAD_NUMBER`]);
        for (const k of MONEY_KEYS) expect(v[k]).toBeNull();
        expect(v.inputs.map((x) => x.file)).toContain('land.csv');
        expect(v.files).toEqual([]);
        continue;
      }
      expect(row.slice(4, -1)).toEqual(MONEY_KEYS.map((k) => v[k]));
      expect(v.households).toBe(Number(row[3]));
      const s = readJson<Record<string, unknown>>(path.join(out1, v.folder, 'summary.json'));
      for (const k of MONEY_KEYS.filter((k) => k !== 'pooled_income')) expect(v[k], `${v.folder} ${k}`).toBe(s[k]);
      expect(v.name).toBe(s.name);
      expect(v.households).toBe(s.households);
      expect(v.inputs).toEqual(s.inputs);
      expect(v.rules_sha256).toBe(s.rules_sha256);
      expect([...v.files].sort()).toEqual(readdirSync(path.join(out1, v.folder)).filter((n) => n !== '.coop-payout-manifest.json').sort());
      expect(v.files).toEqual(expect.arrayContaining(['payouts.csv', 'summary.json', 'waterfall.csv']));
    }
    const totalRow = rows.at(-1)!;
    expect(MONEY_KEYS.map((k) => report.totals[k])).toEqual(totalRow.slice(4, -1));
    expect(report.totals.households).toBe(Number(totalRow[3]));
  });

  it('splits the pooled income by contribution, adds each share to that village’s income and waterfall, and loses no fen', () => {
    const pool = report.pool!;
    expect(pool.name).toBe('古城营镇红薯联建项目');
    expect(pool.shares.map((s) => s.village)).toEqual(['zaopo', 'dongdulintuan', '杨省庄']);
    // 48000.01 over 120 : 80 : 50 — the one fen left over goes to the largest remainder (zaopo, .48).
    expect(pool.shares.map((s) => s.amount)).toEqual(['23040.01', '15360.00', '9600.00']);
    expect(pool.shares.reduce((s, x) => s + fen(x.amount), 0n)).toBe(fen(pool.income));
    for (const s of pool.shares) {
      const v = report.villages.find((x) => x.folder === s.village)!;
      expect(v.pooled_income).toBe(s.amount);
      const waterfall = csvRows(readFileSync(path.join(out1, s.village, 'waterfall.csv')));
      expect(waterfall).toContainEqual(['\u3000\u3000古城营镇红薯联建项目', s.amount, '1笔']);
    }
    for (const v of report.villages.filter((x) => x.status === 'ok' && !pool.shares.some((s) => s.village === x.folder))) {
      expect(v.pooled_income).toBe('0.00');
    }
  });

  it('writes for each village exactly what `run` writes for it with the merged rules and its pooled income line', () => {
    const rootRules = parse(readFileSync(path.join(root, 'rules.yaml'), 'utf8')) as unknown;
    for (const v of report.villages.filter((x) => x.status === 'ok')) {
      const copy = path.join(tempDir('coop-run-'), v.folder);
      cpSync(path.join(root, v.folder), copy, { recursive: true });
      const ownFile = path.join(copy, 'rules.yaml');
      const own = (existsSync(ownFile) ? parse(readFileSync(ownFile, 'utf8')) : {}) as Record<string, unknown>;
      const merged = deepMerge(rootRules, own) as Record<string, unknown>;
      // A village without a name of its own is titled by its folder (W_NAME_FROM_FOLDER), not the township.
      const unnamed = own.name === undefined;
      if (unnamed) merged.name = `${v.folder} ${merged.year}年度收益分配`;
      writeFileSync(ownFile, stringify(merged));
      const share = report.pool!.shares.find((s) => s.village === v.folder);
      if (share) writeFileSync(path.join(copy, 'revenue.csv'), `,收入,${report.pool!.name},${share.amount},\n`, { flag: 'a' });
      const runOut = path.join(copy, 'out');
      const r = cli(['run', copy, '--out', runOut]);
      expect(r.code, `${v.folder}: ${r.stderr}`).toBe(0);
      // Every file `run` writes, byte for byte (summary.json below).
      expect(readdirSync(path.join(out1, v.folder)).sort()).toEqual(readdirSync(runOut).sort());
      // (report.html lists the run's warnings: one more, W_NAME_FROM_FOLDER, for an unnamed village)
      for (const f of readdirSync(runOut).filter((n) => n !== 'summary.json' && !(unnamed && n === 'report.html'))) {
        expect(readFileSync(path.join(runOut, f)).equals(readFileSync(path.join(out1, v.folder, f))), `${v.folder}/${f}`).toBe(true);
      }
      const fromRun = readJson<Record<string, unknown>>(path.join(runOut, 'summary.json'));
      const fromBatch = readJson<Record<string, unknown>>(path.join(out1, v.folder, 'summary.json'));
      // The rules hash differs by construction (one merged file vs ROOT's and the village's);
      // a pooled village's revenue.csv got one more line here instead of the injected one.
      for (const s of [fromRun, fromBatch]) {
        delete s.rules_sha256;
        if (share) delete s.inputs;
      }
      if (unnamed) {
        const ws = fromBatch.warnings as { code: string }[];
        expect(ws[0].code).toBe('W_NAME_FROM_FOLDER');
        fromBatch.warnings = ws.slice(1);
      }
      expect(fromBatch, v.folder).toEqual(fromRun);
      if (!share && !unnamed) {
        expect(readFileSync(path.join(runOut, 'summary.json'), 'utf8').replace(/"rules_sha256": "\w+"/, ''), v.folder).toBe(
          readFileSync(path.join(out1, v.folder, 'summary.json'), 'utf8').replace(/"rules_sha256": "\w+"/, ''),
        );
      }
    }
  });

  it('reads the GBK-encoded village like any other', () => {
    const v = report.villages.find((x) => x.folder === '古城营')!;
    expect(v.status).toBe('ok');
    expect(v.households).toBe(10);
    const payouts = csvRows(readFileSync(path.join(out1, '古城营', 'payouts.csv')));
    expect(payouts[1][0]).toBe('GC001');
    expect(payouts[1][2]).toBe('古城营');
  });

  it('replaces an existing OUT with the same bytes on a second run', () => {
    const again = cli(['batch', root, '--jobs', '2', '--quiet']);
    expect(again.code, again.stderr).toBe(4);
    expect(again.stdout).toBe('');
    expect(tree(out1)).toEqual(tree(out2));
  });
});

describe('a village that fails on a later run', () => {
  it('keeps its previous output folder as it was, and the batch files say it failed', () => {
    const root = township();
    const land = path.join(root, BROKEN, 'land.csv');
    const bad = readFileSync(land, 'utf8');
    writeFileSync(land, bad.replace('3.5亩', '3.5'));
    expect(cli(['batch', root, '--quiet']).code).toBe(0);
    const before = tree(path.join(root, 'out', BROKEN));
    expect(before.size).toBe(tree(path.join(root, 'out', 'zaopo')).size);
    writeFileSync(land, bad);
    expect(cli(['batch', root, '--quiet']).code).toBe(4);
    expect(tree(path.join(root, 'out', BROKEN))).toEqual(before);
    const j = readJson<BatchJson>(path.join(root, 'out', 'batch.json'));
    expect(j.villages.find((v) => v.folder === BROKEN)!.status).toBe('failed');
  });
});

describe('rules inheritance', () => {
  it('applies a village’s override to that village only', () => {
    const root = township();
    const plain = path.join(path.dirname(root), 'plain');
    // The same township without 杨省庄's overrides (its name kept).
    const other = path.join(path.dirname(root), 'township-plain');
    cpSync(root, other, { recursive: true });
    writeFileSync(path.join(other, '杨省庄', 'rules.yaml'), 'name: 杨省庄股份经济合作社 2025年度收益分配\n');
    const ra = cli(['batch', root, '--quiet']);
    expect(ra.code, ra.stderr).toBe(4);
    const rb = cli(['batch', other, '--out', plain, '--quiet']);
    expect(rb.code, rb.stderr).toBe(4);
    const a = tree(path.join(root, 'out'));
    const b = tree(plain);
    expect([...a.keys()]).toEqual([...b.keys()]);
    const changed = [...a.keys()].filter((k) => !a.get(k)!.equals(b.get(k)!)).sort();
    expect(changed.filter((k) => !k.startsWith('杨省庄/'))).toEqual(['batch.json', 'township-report.html', 'township-summary.csv']);
    expect(changed).toEqual(expect.arrayContaining(['杨省庄/payouts.csv', '杨省庄/summary.json', '杨省庄/waterfall.csv']));
    const withOverride = readJson<Record<string, string>>(path.join(root, 'out', '杨省庄', 'summary.json'));
    const without = readJson<Record<string, string>>(path.join(plain, '杨省庄', 'summary.json'));
    expect(fen(withOverride.land_rent)).toBeGreaterThan(fen(without.land_rent)); // 水田 900 instead of 800
  });

  it('points an error at the village’s rules.yaml when the bad key is there', () => {
    const root = township();
    writeFileSync(path.join(root, 'zaopo', 'rules.yaml'), 'name: 枣坡村\nfloor:\n  - { category: 脱贫户, min_total: 1, funded_by: 公益金 }\n');
    const r = cli(['batch', root, '--json']);
    expect(r.code, r.stderr).toBe(4);
    const j = JSON.parse(r.stdout) as BatchJson;
    const z = j.villages.find((v) => v.folder === 'zaopo')!;
    expect(z.status).toBe('failed');
    expect(z.errors.map((e) => `${e.file}:${e.line}:${e.column}: ${e.code}`)).toEqual(['zaopo/rules.yaml:2:1: E_BAD_RULES']);
    expect(r.stderr).toContain(`${path.join(root, 'zaopo', 'rules.yaml')}:2:1: E_BAD_RULES: `);
  });

  it('points an error at ROOT/rules.yaml once, naming every village, when the bad key is there (all fail: exit 1)', () => {
    const root = township();
    const file = path.join(root, 'rules.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('  default_per_day: 100', '  default_per_dya: 100'));
    const r = cli(['batch', root]);
    expect(r.code, r.stderr).toBe(1);
    const lines = r.stderr.split('\n').filter((l) => l.includes(': E_BAD_RULES: '));
    const rootLines = lines.filter((l) => l.startsWith(`${file}:7:3: E_BAD_RULES: [`));
    expect(rootLines).toHaveLength(1);
    expect(/\[([^\]]+)\]/.exec(rootLines[0])![1]).toBe(`所有 ${VILLAGES.length} 个村 all ${VILLAGES.length} villages: ${VILLAGES.join(', ')}`);
    expect(existsSync(path.join(root, 'out', 'zaopo'))).toBe(false);
    const j = readJson<BatchJson>(path.join(root, 'out', 'batch.json'));
    expect(j.villages.find((v) => v.folder === 'zaopo')!.errors[0]).toMatchObject({ file: 'rules.yaml', line: 7, column: 3, code: 'E_BAD_RULES' });
  });

  it('points an engine error about an inherited rule (E_EMPTY_BASIS) at ROOT/rules.yaml, naming the village', () => {
    const root = township();
    rmSync(path.join(root, 'zaopo', 'labor.csv')); // ROOT's labor_days basis now has no weight in zaopo
    const r = cli(['batch', root, '--json']);
    expect(r.code, r.stderr).toBe(4);
    const z = (JSON.parse(r.stdout) as BatchJson).villages.find((v) => v.folder === 'zaopo')!;
    expect(z.errors.map((e) => `${e.file}:${e.line}:${e.column}: ${e.code}`)).toEqual(['rules.yaml:36:5: E_EMPTY_BASIS']);
    expect(r.stderr).toContain(`${path.join(root, 'rules.yaml')}:36:5: E_EMPTY_BASIS: [zaopo] `);
  });

  it('stops before anything is written when ROOT/rules.yaml is not valid YAML (exit 1)', () => {
    const root = township();
    writeFileSync(path.join(root, 'rules.yaml'), 'name: [unclosed\nyear: 2025\n');
    const r = cli(['batch', root]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/rules\.yaml:\d+:\d+: E_BAD_RULES: /);
    expect(existsSync(path.join(root, 'out'))).toBe(false);
  });
});

describe('--strict (cron)', () => {
  it('fails every village that has a warning, writes the others, and says why in batch.json', () => {
    const root = township();
    rmSync(path.join(root, BROKEN), { recursive: true });
    const plain = cli(['batch', root, '--quiet']);
    expect(plain.code, plain.stderr).toBe(0);
    const warned = readJson<BatchJson>(path.join(root, 'out', 'batch.json')).villages.filter((v) => v.warnings.length > 0).map((v) => v.folder);
    expect(warned.length).toBeGreaterThan(0);
    const r = cli(['batch', root, '--strict', '--out', path.join(root, 'strict')]);
    const j = readJson<BatchJson>(path.join(root, 'strict', 'batch.json'));
    expect(j.villages.filter((v) => v.status === 'failed').map((v) => v.folder)).toEqual(warned);
    for (const v of j.villages.filter((x) => x.status === 'failed')) expect(v.errors.every((e) => e.code.startsWith('W_'))).toBe(true);
    expect(r.code).toBe(warned.length === j.villages.length ? 1 : 4);
    for (const f of warned) expect(existsSync(path.join(root, 'strict', f))).toBe(false);
  });
});

describe('exit codes for scripts', () => {
  it('is 0 when every village is written', () => {
    const root = township();
    rmSync(path.join(root, BROKEN), { recursive: true });
    const r = cli(['batch', root, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('');
  });

  it('is 1 when every village fails', () => {
    const root = township();
    for (const v of GOOD) rmSync(path.join(root, v), { recursive: true });
    rmSync(path.join(root, 'pool.yaml')); // it names villages that are gone now
    const r = cli(['batch', root]);
    expect(r.code, r.stderr).toBe(1);
    expect(readJson<BatchJson>(path.join(root, 'out', 'batch.json')).counts).toEqual({ villages: 1, ok: 0, failed: 1 });
  });

  it('is 1 when ROOT is not a directory or holds no village', () => {
    const base = tempDir();
    expect(cli(['batch', path.join(base, 'missing')]).code).toBe(1);
    writeFileSync(path.join(base, 'file.txt'), 'x');
    expect(cli(['batch', path.join(base, 'file.txt')]).stderr).toMatch(/E_MISSING_FILE/);
    mkdirSync(path.join(base, 'empty', 'notes'), { recursive: true });
    const r = cli(['batch', path.join(base, 'empty'), '--json']);
    expect(r.code, r.stderr).toBe(1);
    expect(JSON.parse(r.stdout).errors[0].code).toBe('E_NO_VILLAGES');
    expect(existsSync(path.join(base, 'empty', 'out'))).toBe(false);
  });

  it('is 1 with nothing written when pool.yaml is bad', () => {
    const root = township();
    writeFileSync(path.join(root, 'pool.yaml'), 'name: 联建\nincome: 100\ncontributions:\n  zaopo: 1\n  zaopoo: 2\n');
    const r = cli(['batch', root]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain(`${path.join(root, 'pool.yaml')}:5:3: E_BAD_RULES: `);
    expect(existsSync(path.join(root, 'out'))).toBe(false);
  });

  it('is 2 for a bad --jobs', () => {
    const root = township();
    expect(cli(['batch', root, '--jobs', '0']).code).toBe(2);
    expect(cli(['batch', root, '--jobs', 'many']).code).toBe(2);
    expect(existsSync(path.join(root, 'out'))).toBe(false);
  });
});

describe('the lock on OUT', () => {
  it('makes a second batch on the same OUT fail at once with E_LOCKED (exit 1), writing nothing', () => {
    const root = township();
    const out = path.join(root, 'out');
    mkdirSync(out);
    writeFileSync(path.join(out, LOCK_NAME), `${hostname()} ${process.pid}\n`);
    const t0 = Date.now();
    const r = cli(['batch', root]);
    expect(r.code, r.stderr).toBe(1);
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(r.stderr).toContain(`${path.join(out, LOCK_NAME)}:0:0: E_LOCKED: `);
    expect(r.stderr).toContain(`${hostname()} ${process.pid}`);
    expect(tree(out).size).toBe(0);
    expect(existsSync(path.join(out, LOCK_NAME))).toBe(true); // someone else's: left alone
  });

  it('takes over a stale lock whose process is gone, and removes it when done', () => {
    const root = township();
    const out = path.join(root, 'out');
    mkdirSync(out);
    writeFileSync(path.join(out, LOCK_NAME), `${hostname()} ${deadPid()}\n`);
    const r = cli(['batch', root, '--quiet']);
    expect(r.code, r.stderr).toBe(4);
    expect(existsSync(path.join(out, 'batch.json'))).toBe(true);
    expect(existsSync(path.join(out, LOCK_NAME))).toBe(false);
  });
});

describe('output modes', () => {
  it('prints batch.json with --json, the same bytes as the file', () => {
    const root = township();
    const r = cli(['batch', root, '--json']);
    expect(r.code, r.stderr).toBe(4);
    expect(r.stdout).toBe(readFileSync(path.join(root, 'out', 'batch.json'), 'utf8'));
  });

  it('writes English headers with --lang en', () => {
    const root = township();
    expect(cli(['batch', root, '--lang', 'en', '--quiet']).code).toBe(4);
    const rows = csvRows(readFileSync(path.join(root, 'out', 'township-summary.csv')));
    expect(rows[0].slice(0, 5)).toEqual(['folder', 'name', 'status', 'households', 'pooled_income']);
    expect(rows.at(-1)![0]).toBe('total');
    expect(rows.find((r) => r[0] === BROKEN)![2]).toBe('failed');
    expect(csvRows(readFileSync(path.join(root, 'out', 'zaopo', 'payouts.csv')))[0][0]).toBe('household_id');
  });

  it('reports a village symlink leading outside ROOT and leaves it out', () => {
    const root = township();
    const elsewhere = path.join(path.dirname(root), 'elsewhere');
    cpSync(path.join(root, 'zaopo'), elsewhere, { recursive: true });
    symlinkSync(elsewhere, path.join(root, 'linked'), 'dir');
    const r = cli(['batch', root, '--json']);
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toContain(`${path.join(root, 'linked')}:0:0: W_SYMLINK_OUTSIDE: `);
    const j = JSON.parse(r.stdout) as BatchJson;
    expect(j.villages.map((v) => v.folder)).toEqual(VILLAGES);
    expect(j.skipped).toEqual([expect.objectContaining({ file: 'linked', code: 'W_SYMLINK_OUTSIDE' })]);
  });
});
