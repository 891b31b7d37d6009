import { existsSync, readFileSync, writeFileSync, mkdirSync, cpSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT, tempDir } from '../helpers/cli.js';

const MINI = path.join(ROOT, 'fixtures', 'mini');
const DEMO = path.join(ROOT, 'fixtures', 'demo');

describe('exit codes (SPEC §7)', () => {
  it('exits 0 and writes the three sheets when the run is done', () => {
    const out = path.join(tempDir(), 'out');
    const r = cli(['run', MINI, '--out', out]);
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['.coop-payout-manifest.json', 'bank.csv', 'disclosure.csv', 'payouts.csv', 'payouts.xlsx', 'report.html', 'summary.json', 'waterfall.csv']);
    expect(r.stdout).toContain('实发合计');
  });

  it('exits 1 and names the problem when the input is wrong', () => {
    const r = cli(['run', path.join(ROOT, 'fixtures', 'errors', 'E_BAD_NUMBER'), '--out', path.join(tempDir(), 'out')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/E_BAD_NUMBER/);
  });

  it('exits 1 for a run directory that does not exist', () => {
    const r = cli(['run', path.join(tempDir(), 'nope')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/E_MISSING_FILE/);
  });

  it('exits 2 for a mistyped command, an unknown option or a bad choice', () => {
    expect(cli(['frobnicate']).code).toBe(2);
    expect(cli(['run', MINI, '--bogus']).code).toBe(2);
    expect(cli(['run', MINI, '--lang', 'fr']).code).toBe(2);
    expect(cli(['run']).code).toBe(2);
    expect(cli([]).code).toBe(2);
  });

  it('words usage errors in Chinese first with the fix, and as JSON with --json (nothing on stdout otherwise)', () => {
    const cases: [string[], RegExp][] = [
      [['frobnicate'], /^coop-payout: E_USAGE: 没有 frobnicate 命令, 可用的命令: run, validate, explain, init, batch \(unknown command 'frobnicate'\)$/m],
      [['run', MINI, '--bogus'], /^coop-payout: E_USAGE: 没有 --bogus 选项, 请检查拼写 .*\(unknown option '--bogus'\)$/m],
      [['run', MINI, '--lang', 'fr'], /^coop-payout: E_USAGE: 选项 --lang <lang> 的取值 "fr" 无效: 可选 zh, en /m],
      [['run'], /^coop-payout: E_USAGE: 缺少参数 dir: 请写上文件夹/m],
      [['explain', MINI], /^coop-payout: E_USAGE: 缺少参数 household: 请写上户号/m],
    ];
    for (const [args, want] of cases) {
      const r = cli(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(want);
      expect(r.stdout).toBe('');
    }
    const j = cli(['run', MINI, '--json', '--bogus']);
    expect(j.code).toBe(2);
    expect(JSON.parse(j.stdout)).toEqual({ errors: [{ file: '', line: 0, column: 0, code: 'E_USAGE', message: expect.stringMatching(/^没有 --bogus 选项/) }] });
  });

  it('exits 0 for --help and --version', () => {
    expect(cli(['--help']).code).toBe(0);
    const v = cli(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toBe(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
  });
});

describe('the run command', () => {
  it('prints summary.json on stdout with --json, and nothing else', () => {
    const r = cli(['run', MINI, '--out', path.join(tempDir(), 'out'), '--json']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.households).toBeGreaterThan(0);
    expect(typeof s.net_payable).toBe('string');
  });

  it('prints errors as JSON with --json', () => {
    const r = cli(['run', path.join(ROOT, 'fixtures', 'errors', 'multiple'), '--json', '--out', path.join(tempDir(), 'out')]);
    expect(r.code).toBe(1);
    const { errors } = JSON.parse(r.stdout);
    expect(errors).toHaveLength(3);
    for (const e of errors) expect(Object.keys(e).sort()).toEqual(['code', 'column', 'file', 'line', 'message']);
  });

  it('prints nothing on success with --quiet', () => {
    const r = cli(['run', MINI, '--out', path.join(tempDir(), 'out'), '--quiet']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('');
  });

  it('gives byte-identical sheets on a rerun', () => {
    const a = path.join(tempDir(), 'a');
    const b = path.join(tempDir(), 'b');
    expect(cli(['run', DEMO, '--out', a, '--quiet']).code).toBe(0);
    expect(cli(['run', DEMO, '--out', b, '--quiet']).code).toBe(0);
    for (const f of readdirSync(a)) expect(readFileSync(path.join(b, f)).equals(readFileSync(path.join(a, f))), f).toBe(true);
  });

  it('writes English headers with --lang en, and GB18030 without BOM with --output-encoding (inputs still read per file)', () => {
    const en = path.join(tempDir(), 'en');
    cli(['run', MINI, '--out', en, '--lang', 'en', '--quiet']);
    expect(readFileSync(path.join(en, 'payouts.csv'), 'utf8')).toMatch(/^\uFEFFhousehold_id,name,village,category,labor_days,wages,/);
    // fixtures/demo mixes a GBK land.csv with UTF-8 files: --output-encoding must not force how inputs are read.
    const demo = path.join(ROOT, 'fixtures', 'demo');
    const utf = path.join(tempDir(), 'utf');
    expect(cli(['run', demo, '--out', utf, '--quiet']).code).toBe(0);
    for (const enc of ['gb18030', 'gbk', 'GBK']) {
      const z = path.join(tempDir(), 'gb');
      const r = cli(['run', demo, '--out', z, '--quiet', '--output-encoding', enc]);
      expect(r.code, r.stderr).toBe(0);
      const bytes = readFileSync(path.join(z, 'payouts.csv'));
      expect(bytes[0]).not.toBe(0xef);
      expect(new TextDecoder('gb18030').decode(bytes)).toBe(readFileSync(path.join(utf, 'payouts.csv'), 'utf8').replace(/^\uFEFF/, ''));
    }
    const bad = cli(['run', demo, '--out', path.join(tempDir(), 'x'), '--output-encoding', 'utf16']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/可选 allowed: utf8, gb18030, gbk/);
  });

  it('leaves an existing output as it was when the new run fails', () => {
    const dir = tempDir();
    cpSync(MINI, dir, { recursive: true });
    const out = path.join(dir, 'out');
    expect(cli(['run', dir, '--quiet']).code).toBe(0);
    const before = readFileSync(path.join(out, 'payouts.csv'));
    writeFileSync(path.join(dir, 'revenue.csv'), readFileSync(path.join(dir, 'revenue.csv'), 'utf8') + 'income,abc\n');
    expect(cli(['run', dir, '--quiet']).code).toBe(1);
    expect(readFileSync(path.join(out, 'payouts.csv')).equals(before)).toBe(true);
  });

  it('reports an output path blocked by a file as E_OUTPUT, exit 1', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'blocker'), 'x');
    const r = cli(['run', MINI, '--out', path.join(dir, 'blocker', 'out')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/E_OUTPUT/);
  });
});

describe('init, validate and explain', () => {
  it('init writes a template that validate then explains how to fill', () => {
    const dir = path.join(tempDir(), 'new');
    const r = cli(['init', dir]);
    expect(r.code).toBe(0);
    for (const f of ['rules.yaml', 'households.csv', 'revenue.csv']) expect(existsSync(path.join(dir, f))).toBe(true);
    const v = cli(['validate', dir]);
    expect(v.code).toBe(1);
    expect(v.stderr).toMatch(/E_NO_HOUSEHOLDS/);
    expect(v.stderr).not.toMatch(/E_BAD_RULES/);
    // init never overwrites.
    expect(cli(['init', dir]).code).toBe(1);
  });

  it('validate writes nothing and exits 0 on a good folder', () => {
    const dir = tempDir();
    cpSync(MINI, dir, { recursive: true });
    const r = cli(['validate', dir]);
    expect(r.code).toBe(0);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('explain walks through one household with the figures of payouts.csv', () => {
    const out = path.join(tempDir(), 'out');
    cli(['run', DEMO, '--out', out, '--lang', 'en', '--quiet']);
    const row = readFileSync(path.join(out, 'payouts.csv'), 'utf8').split(/\r?\n/).find((l) => l.startsWith('LS006,'))!;
    const r = cli(['explain', DEMO, 'LS006']);
    expect(r.code).toBe(0);
    for (const label of ['务工工资', '土地租金', '保底分红', '效益分红', '兜底补差', '扣减', '实发金额']) expect(r.stdout).toContain(label);
    const fields = row.split(',');
    const net = fields[13];
    expect(net.startsWith('-')).toBe(true);
    expect(r.stdout).toContain(net);
    expect(r.stdout).toContain('负');
  });

  it('explain names an unknown household as E_UNKNOWN_HOUSEHOLD', () => {
    const r = cli(['explain', MINI, 'NOPE']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/E_UNKNOWN_HOUSEHOLD/);
  });
});

describe('a reader that goes away', () => {
  it('does not crash with EPIPE when stdout is closed early (explain … | head)', async () => {
    const { spawn } = await import('node:child_process');
    const { BIN } = await import('../helpers/cli.js');
    const child = spawn(process.execPath, [BIN, 'explain', DEMO, 'LS001'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(code).toBe(0);
  });
});

describe('--strict (cron)', () => {
  it('turns a warning into exit 1 with nothing written; without it the run goes through', () => {
    const dir = path.join(tempDir(), 'village');
    cpSync(MINI, dir, { recursive: true });
    const labor = readFileSync(path.join(dir, 'labor.csv'), 'utf8').split(/\r?\n/);
    writeFileSync(path.join(dir, 'labor.csv'), labor.map((l, i) => (l === '' ? l : l + (i === 0 ? ',备注2' : ',x'))).join('\n'));
    const strictOut = path.join(tempDir(), 'out');
    const s = cli(['run', dir, '--out', strictOut, '--strict']);
    expect(s.code, s.stderr).toBe(1);
    expect(s.stderr).toMatch(/labor\.csv:1:\d+: W_UNKNOWN_COLUMN/);
    expect(s.stderr).toContain('--strict');
    expect(existsSync(strictOut)).toBe(false);
    expect(cli(['validate', dir, '--strict']).code).toBe(1);
    const plain = cli(['run', dir, '--out', path.join(tempDir(), 'out')]);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stderr).toMatch(/W_UNKNOWN_COLUMN/);
  });
});
