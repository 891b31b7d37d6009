// Inputs that are not regular files (issue 12): a FIFO would block a cron job forever, a device
// never ends, a folder or a dangling link is not "no such file". Every one must be refused at once
// with E_BAD_INPUT_FILE naming the file, never waited on and never taken as absent; nothing written.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, tempDir, type CliResult } from '../helpers/cli.js';

const MINI = path.join(ROOT, 'fixtures', 'mini');
const TOWNSHIP = path.join(ROOT, 'fixtures', 'township');

/** The CLI with a short deadline: a run that waits on a FIFO is killed and fails the test. */
function run(args: string[]): CliResult & { ms: number } {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' }, timeout: 30_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - t0 };
}

function mkfifo(p: string): void {
  const r = spawnSync('mkfifo', [p]);
  if (r.status !== 0) throw new Error(`mkfifo failed: ${r.stderr}`);
}

function copy(src: string): string {
  const dir = path.join(tempDir('coop-special-'), path.basename(src));
  cpSync(src, dir, { recursive: true });
  return dir;
}

type Make = (file: string, dir: string) => void;
const SHAPES: [string, Make, RegExp][] = [
  ['a FIFO', (f) => mkfifo(f), /命名管道 FIFO/],
  ['a folder', (f) => mkdirSync(f), /文件夹/],
  ['a dangling symbolic link', (f) => symlinkSync(path.join(path.dirname(f), 'nowhere.csv'), f), /失效的符号链接/],
  ['a link leading outside the run folder', (f) => symlinkSync('/etc/hostname', f), /之外的符号链接/],
  ['a link to a character device', (f) => symlinkSync('/dev/zero', f), /之外的符号链接/],
];

describe('a run folder input that is not a regular file', () => {
  for (const name of ['households.csv', 'labor.csv', 'rules.yaml']) {
    for (const [what, make, says] of SHAPES) {
      it(`${name} as ${what}: E_BAD_INPUT_FILE at once, nothing written`, () => {
        const dir = copy(MINI);
        const file = path.join(dir, name);
        rmSync(file, { force: true });
        make(file, dir);
        const out = path.join(path.dirname(dir), 'out');
        const r = run(['run', dir, '--out', out]);
        expect(r.code, r.stderr).toBe(1);
        const line = r.stderr.split('\n').find((l) => l.includes(`${file}:0:0: E_BAD_INPUT_FILE:`));
        expect(line, r.stderr).toBeDefined();
        expect(line).toMatch(says);
        expect(existsSync(out)).toBe(false);
      });
    }
  }

  it('a link to a regular file inside the run folder is read like the file', () => {
    const dir = copy(MINI);
    const real = path.join(dir, 'inputs-labor.csv');
    cpSync(path.join(dir, 'labor.csv'), real);
    rmSync(path.join(dir, 'labor.csv'));
    symlinkSync('inputs-labor.csv', path.join(dir, 'labor.csv'));
    const viaLink = run(['run', dir, '--out', path.join(path.dirname(dir), 'a'), '--json']);
    const plain = run(['run', MINI, '--out', path.join(path.dirname(dir), 'b'), '--json']);
    expect(viaLink.code, viaLink.stderr).toBe(0);
    expect(JSON.parse(viaLink.stdout).totals).toEqual(JSON.parse(plain.stdout).totals);
  });
});

describe('--follow-symlinks', () => {
  it('reads an input linked from outside the run folder, but still refuses a device behind a link', () => {
    const dir = copy(MINI);
    const outside = path.join(path.dirname(dir), 'elsewhere-labor.csv');
    cpSync(path.join(dir, 'labor.csv'), outside);
    rmSync(path.join(dir, 'labor.csv'));
    symlinkSync(outside, path.join(dir, 'labor.csv'));
    const refused = run(['validate', dir]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--follow-symlinks');
    const followed = run(['validate', dir, '--follow-symlinks']);
    expect(followed.code, followed.stderr).toBe(0);

    rmSync(path.join(dir, 'households.csv'));
    symlinkSync('/dev/zero', path.join(dir, 'households.csv'));
    const device = run(['validate', dir, '--follow-symlinks']);
    expect(device.code).toBe(1);
    expect(device.stderr).toMatch(/households\.csv:0:0: E_BAD_INPUT_FILE: .*字符设备/);
  });
});

describe('a township ROOT file that is not a regular file', () => {
  for (const name of ['rules.yaml', 'pool.yaml']) {
    it(`ROOT/${name} as a FIFO stops the batch with E_BAD_INPUT_FILE, not ignored and not waited on`, () => {
      const root = copy(TOWNSHIP);
      rmSync(path.join(root, name));
      mkfifo(path.join(root, name));
      const out = path.join(path.dirname(root), 'out');
      const r = run(['batch', root, '--out', out]);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toContain(`${path.join(root, name)}:0:0: E_BAD_INPUT_FILE:`);
      expect(existsSync(path.join(out, 'batch.json'))).toBe(false);
    });
  }
});

describe('a village input that is a FIFO', () => {
  it('fails that village with E_BAD_INPUT_FILE (its inputs are hashed without waiting on the pipe); the others are written', () => {
    const root = copy(TOWNSHIP);
    rmSync(path.join(root, 'shiqiao', 'labor.csv'));
    mkfifo(path.join(root, 'shiqiao', 'labor.csv'));
    const out = path.join(path.dirname(root), 'out');
    const r = run(['batch', root, '--out', out, '--json', '--jobs', '1']);
    expect(r.code, r.stderr).toBe(4);
    const j = JSON.parse(r.stdout) as { villages: { folder: string; status: string; errors: { code: string }[] }[] };
    const shiqiao = j.villages.find((v) => v.folder === 'shiqiao')!;
    expect(shiqiao.status).toBe('failed');
    expect(shiqiao.errors.map((e) => e.code)).toContain('E_BAD_INPUT_FILE');
    expect(j.villages.filter((v) => v.status === 'ok').length).toBeGreaterThan(0);
    expect(existsSync(path.join(out, 'zaopo', 'payouts.csv'))).toBe(true);
  });
});

describe('ROOT/pool.yaml and rules.yaml are decoded like every rules file', () => {
  it('a GBK pool.yaml (Notepad on Chinese Windows) gives the same batch as the UTF-8 one', () => {
    const utf8 = copy(TOWNSHIP);
    const gbk = copy(TOWNSHIP);
    writeFileSync(path.join(gbk, 'pool.yaml'), iconv.encode(readFileSync(path.join(utf8, 'pool.yaml'), 'utf8'), 'gbk'));
    const a = run(['batch', utf8, '--out', path.join(path.dirname(utf8), 'out'), '--json']);
    const b = run(['batch', gbk, '--out', path.join(path.dirname(gbk), 'out'), '--json']);
    expect(b.code, b.stderr).toBe(a.code);
    type Batch = { pool: { name: string; shares: unknown[] }; villages: { folder: string; status: string; pooled_income: string; net_payable: string }[] };
    const [ja, jb] = [a, b].map((r) => JSON.parse(r.stdout) as Batch);
    expect(jb.pool.name).toBe('古城营镇红薯联建项目');
    expect(jb.pool.shares).toEqual(ja.pool.shares);
    const figures = (j: Batch) => j.villages.map((v) => [v.folder, v.status, v.pooled_income, v.net_payable]);
    expect(figures(jb)).toEqual(figures(ja));
    expect(figures(ja).some((v) => v[2] === '9600.00')).toBe(true);
  });
});
