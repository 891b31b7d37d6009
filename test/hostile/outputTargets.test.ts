// Never destroy what the tool did not write (issue 12): each careless --out of the list is
// E_OUTPUT with what to do instead, exit 1, and every byte that was there is still there.
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT, tempDir } from '../helpers/cli.js';
import { readTree, sameTree } from './helpers.js';

const MINI = path.join(ROOT, 'fixtures', 'mini');

function place(): { base: string; village: string } {
  const base = tempDir('coop-targets-');
  const village = path.join(base, 'v');
  cpSync(MINI, village, { recursive: true });
  return { base, village };
}

function refused(args: string[], cwd: string, env: Record<string, string> = {}, what: RegExp = /E_OUTPUT/): void {
  const before = readTree(cwd);
  const r = cli(['run', ...args, '--quiet'], env);
  expect(r.code, r.stderr).toBe(1);
  expect(r.stderr).toMatch(what);
  expect(r.stderr).toMatch(/[\u4e00-\u9fff]/); // Chinese first, with what to do
  expect(sameTree(readTree(cwd), before), 'nothing touched').toBe(true);
}

describe('output folders this tool did not make are never replaced', () => {
  it('the home folder, "" (an unset variable in cron), / and an unrelated non-empty folder', () => {
    const { base, village } = place();
    const home = path.join(base, 'home');
    mkdirSync(home);
    writeFileSync(path.join(home, '.bashrc'), 'keep me');
    refused([village, '--out', home], base, { HOME: home }, /主目录/);
    refused([village, '--out', ''], base, {}, /输出目录为空/);
    refused([village, '--out', '/'], base, {}, /根目录/);
    const docs = path.join(base, 'userdocs');
    mkdirSync(docs);
    writeFileSync(path.join(docs, '合同.docx'), 'a contract');
    refused([village, '--out', docs], base, {}, /没有 \.coop-payout-manifest\.json/);
  });

  it('a folder that is or contains an input folder, CSV or xlsx', () => {
    const { base, village } = place();
    refused([village, '--out', village], base, {}, /输入目录/);
    refused([village, '--out', base], base, {}, /输入目录/);
    // a village kept as workbooks is an input folder too
    const xv = path.join(base, 'xv');
    mkdirSync(xv);
    writeFileSync(path.join(xv, 'households.xlsx'), readFileSync(path.join(ROOT, 'fixtures', 'mini', 'households.csv')));
    refused([village, '--out', xv], base, {}, /E_OUTPUT/);
  });

  it('a file the accountant saved into OUT after a run is kept: the next run refuses, naming it', () => {
    const { base, village } = place();
    const out = path.join(base, 'out');
    expect(cli(['run', village, '--out', out, '--quiet']).code).toBe(0);
    writeFileSync(path.join(out, '签字扫描件.pdf'), 'signatures');
    refused([village, '--out', out], base, {}, /签字扫描件\.pdf/);
    expect(readFileSync(path.join(out, '签字扫描件.pdf'), 'utf8')).toBe('signatures');
  });

  it('folders and files beside OUT that only look like its temporaries are left alone', () => {
    const { base, village } = place();
    const out = path.join(base, 'out');
    expect(cli(['run', village, '--out', out, '--quiet']).code).toBe(0);
    for (const d of ['.out.old-2024', '.out.tmp-notes']) {
      mkdirSync(path.join(base, d));
      writeFileSync(path.join(base, d, 'mine.txt'), d);
    }
    writeFileSync(path.join(base, '.out.lock.txt'), 'mine');
    expect(cli(['run', village, '--out', out, '--quiet']).code).toBe(0);
    for (const d of ['.out.old-2024', '.out.tmp-notes']) expect(readFileSync(path.join(base, d, 'mine.txt'), 'utf8')).toBe(d);
    expect(readFileSync(path.join(base, '.out.lock.txt'), 'utf8')).toBe('mine');
    expect(existsSync(path.join(base, '.out.lock'))).toBe(false);
  });
});
