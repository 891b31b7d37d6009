import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareNames, discoverVillages } from '../../src/batch/discover.js';
import { tempDir } from '../helpers/cli.js';
import { TOWNSHIP, VILLAGES } from './helpers.js';

function village(root: string, name: string, files: string[] = ['households.csv']): string {
  const dir = path.join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const f of files) writeFileSync(path.join(dir, f), 'x\n');
  return dir;
}

describe('village discovery', () => {
  it('finds every village of the township fixture, in code-point order of the folder names', async () => {
    const d = await discoverVillages(TOWNSHIP, path.join(TOWNSHIP, 'out'));
    expect(d.villages.map((v) => v.folder)).toEqual(VILLAGES);
    expect(d.villages.map((v) => v.dir)).toEqual(VILLAGES.map((v) => path.join(TOWNSHIP, v)));
    expect(d.notes).toEqual([]);
  });

  it('orders by code point, not by locale: upper case before lower case, pinyin before Chinese, astral characters last', async () => {
    const root = tempDir();
    for (const n of ['zaopo', 'Zhang', '大坪', '杨省庄', 'a-10', 'a-9', '𠀋村', 'ｆｕｌｌ']) village(root, n);
    const d = await discoverVillages(root, path.join(root, 'out'));
    const names = d.villages.map((v) => v.folder);
    expect(names).toEqual(['Zhang', 'a-10', 'a-9', 'zaopo', '大坪', '杨省庄', 'ｆｕｌｌ', '𠀋村']);
    // UTF-16 order would put U+FF46 (ｆ) after the surrogate pair of U+2000B (𠀋); code points do not.
    expect(compareNames('ｆ', '𠀋')).toBeLessThan(0);
    expect(['ｆ', '𠀋'].sort()).toEqual(['𠀋', 'ｆ']);
  });

  it('skips hidden folders, the output folder, plain files and folders without a households.csv', async () => {
    const root = tempDir();
    village(root, 'a');
    village(root, '.backup');
    village(root, 'out'); // the default OUT: never a village, even with a households.csv in it
    village(root, '资料', ['说明.txt']);
    writeFileSync(path.join(root, 'households.csv'), 'x\n');
    const d = await discoverVillages(root, path.join(root, 'out'));
    expect(d.villages.map((v) => v.folder)).toEqual(['a']);
    expect(d.notes).toEqual([]);
  });

  it('skips a custom output folder inside ROOT', async () => {
    const root = tempDir();
    village(root, 'a');
    village(root, 'results');
    const d = await discoverVillages(root, path.join(root, 'results'));
    expect(d.villages.map((v) => v.folder)).toEqual(['a']);
  });

  it('notes a folder that has village files but no households.csv', async () => {
    const root = tempDir();
    village(root, 'a');
    village(root, 'b', ['rules.yaml', 'revenue.csv']);
    const d = await discoverVillages(root, path.join(root, 'out'));
    expect(d.villages.map((v) => v.folder)).toEqual(['a']);
    expect(d.notes.map((n) => [n.file, n.code])).toEqual([[path.join(root, 'b'), 'W_NOT_A_VILLAGE']]);
  });

  it('does not follow a symlink leading outside ROOT, and reports it', async () => {
    const base = tempDir();
    const root = path.join(base, 'township');
    mkdirSync(root);
    village(root, 'a');
    const elsewhere = village(base, 'elsewhere');
    symlinkSync(elsewhere, path.join(root, 'linked'), 'dir');
    const d = await discoverVillages(root, path.join(root, 'out'));
    expect(d.villages.map((v) => v.folder)).toEqual(['a']);
    expect(d.notes).toHaveLength(1);
    expect(d.notes[0]).toMatchObject({ file: path.join(root, 'linked'), code: 'W_SYMLINK_OUTSIDE' });
  });

  it('follows a symlink that stays inside ROOT', async () => {
    const root = tempDir();
    village(root, '.archive/2025');
    symlinkSync(path.join(root, '.archive', '2025'), path.join(root, 'current'), 'dir');
    const d = await discoverVillages(root, path.join(root, 'out'));
    expect(d.villages.map((v) => v.folder)).toEqual(['current']);
    expect(d.notes).toEqual([]);
  });
});
