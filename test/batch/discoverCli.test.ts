/**
 * Issue 12 through the spawned CLI: discovery's warnings (a link to a village already counted, a
 * link that cannot be followed, a GBK folder name) are printed, listed in batch.json's `skipped`,
 * and the township total counts each village once.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, EXAMPLES, tempDir } from '../helpers/cli.js';

const DAPING_GBK = Buffer.from([0xb4, 0xf3, 0xc6, 0xba]); // 大坪 in GBK
const DAPING_SHOWN = '\\xB4\\xF3\\xC6\\xBA';

interface BatchJson {
  counts: { villages: number; ok: number; failed: number };
  totals: Record<string, string | number | null>;
  villages: { folder: string }[];
  skipped: { file: string; line: number; column: number; code: string; message: string }[];
}

/** A township with one clean village `a` (no warnings of its own). */
function township(): string {
  const root = path.join(tempDir('coop-discover-'), 'township');
  mkdirSync(root);
  cpSync(path.join(EXAMPLES, 'baizhai-2025'), path.join(root, 'a'), { recursive: true });
  rmSync(path.join(root, 'a', 'expected.json'));
  return root;
}

/** A copy of village `from` under a GBK folder name (Buffer paths: the only way to make one). */
function gbkCopy(root: string, from: string): void {
  const raw = Buffer.concat([Buffer.from(root + path.sep), DAPING_GBK]);
  mkdirSync(raw);
  for (const f of readdirSync(path.join(root, from))) writeFileSync(Buffer.concat([raw, Buffer.from(path.sep + f)]), readFileSync(path.join(root, from, f)));
}

/** `a`, and beside it: a link to `a`, a loop of links, a copy of `a` under a GBK name. */
function troubled(): string {
  const root = township();
  symlinkSync('a', path.join(root, 'b'), 'dir');
  symlinkSync('loop', path.join(root, 'loop'), 'dir');
  gbkCopy(root, 'a');
  return root;
}

const readJson = (file: string): BatchJson => JSON.parse(readFileSync(file, 'utf8')) as BatchJson;

describe('discovery warnings in a batch', () => {
  it('are printed and listed in batch.json; the linked village counts once in the township total', () => {
    const clean = township();
    expect(cli(['batch', clean, '--quiet']).code).toBe(0);
    const single = readJson(path.join(clean, 'out', 'batch.json'));

    const root = troubled();
    const r = cli(['batch', root]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`${path.join(root, 'b')}:0:0: W_DUPLICATE_VILLAGE: `);
    expect(r.stderr).toContain(`${path.join(root, 'loop')}:0:0: W_UNREADABLE_FOLDER: `);
    expect(r.stderr).toContain(`${path.join(root, DAPING_SHOWN)}:0:0: W_NOT_UTF8_NAME: `);
    expect(r.stderr).toContain('"大坪"');
    const j = readJson(path.join(root, 'out', 'batch.json'));
    expect(j.villages.map((v) => v.folder)).toEqual(['a']);
    expect(j.counts).toEqual({ villages: 1, ok: 1, failed: 0 });
    expect(j.totals).toEqual(single.totals); // not twice a's money
    expect(j.skipped.map((s) => [s.file, s.code])).toEqual([
      [DAPING_SHOWN, 'W_NOT_UTF8_NAME'], // `\` sorts before letters
      ['b', 'W_DUPLICATE_VILLAGE'],
      ['loop', 'W_UNREADABLE_FOLDER'],
    ]);
    expect(j.skipped[1].message).toContain('"a"');
  });

  it('are printed when they leave no village at all (a whole zip unpacked with GBK names)', () => {
    const root = township();
    gbkCopy(root, 'a');
    rmSync(path.join(root, 'a'), { recursive: true });
    const r = cli(['batch', root]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain(`${path.join(root, DAPING_SHOWN)}:0:0: W_NOT_UTF8_NAME: `);
    expect(r.stderr).toContain('convmv');
    expect(r.stderr).toContain('E_NO_VILLAGES');
  });

  // SPEC/README: `--strict` turns every warning into an error, discovery's too: nothing is written.
  it('fail a --strict batch (cron must not miss them), nothing written', () => {
    for (const make of [
      (root: string) => symlinkSync('a', path.join(root, 'b'), 'dir'),
      (root: string) => symlinkSync('loop', path.join(root, 'loop'), 'dir'),
      (root: string) => gbkCopy(root, 'a'),
    ]) {
      const root = township();
      make(root);
      const r = cli(['batch', root, '--strict', '--quiet']);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toMatch(/W_(DUPLICATE_VILLAGE|UNREADABLE_FOLDER|NOT_UTF8_NAME)/);
      expect(existsSync(path.join(root, 'out')), r.stderr).toBe(false);
    }
  });
});
