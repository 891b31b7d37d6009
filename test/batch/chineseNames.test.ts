/**
 * SPEC §10 in a township: a village whose households file is 成员名册.csv (or .xlsx, or a sheet of
 * 录入表.xlsx) is a village, and its sheets come out as those of its English-named twin.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverVillages } from '../../src/batch/discover.js';
import { cli, tempDir } from '../helpers/cli.js';
import { township } from './helpers.js';

function village(root: string, name: string, files: string[]): void {
  const dir = path.join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const f of files) writeFileSync(path.join(dir, f), 'x\n');
}

describe('batch and the Chinese file names', () => {
  it('finds a village by 成员名册.csv, 农户名册.xlsx or the one workbook, and notes one with only 收支.csv', async () => {
    const root = tempDir();
    village(root, 'a', ['成员名册.csv', '收支.csv']);
    village(root, 'b', ['农户名册.xlsx']);
    village(root, 'c', ['录入表.xlsx', 'rules.yaml']);
    village(root, 'd', ['inputs.xlsx']);
    village(root, 'e', ['收支.csv']);
    village(root, 'f', ['成员.csv']); // not a name of the households table
    const d = await discoverVillages(root, path.join(root, 'out'));
    expect(d.villages.map((v) => v.folder)).toEqual(['a', 'b', 'c', 'd']);
    expect(d.notes.map((n) => [path.basename(n.file), n.code])).toEqual([['e', 'W_NOT_A_VILLAGE']]);
    expect(d.notes[0].message).toContain('成员名册.csv');
  });

  it('runs a village whose files carry Chinese names to the same sheets as before', () => {
    const root = township();
    const out = path.join(path.dirname(root), 'out-en');
    expect(cli(['batch', root, '--out', out, '--quiet', '--jobs', '1']).code).not.toBe(3);
    const dir = path.join(root, 'zaopo');
    const renames: Record<string, string> = { 'households.csv': '成员名册.csv', 'labor.csv': '用工.csv', 'land.csv': '土地.csv', 'shares.csv': '股份.csv', 'revenue.csv': '收支.csv' };
    for (const [en, zh] of Object.entries(renames)) renameSync(path.join(dir, en), path.join(dir, zh));
    const out2 = path.join(path.dirname(root), 'out-zh');
    const r = cli(['batch', root, '--out', out2, '--quiet', '--jobs', '1']);
    expect(r.code).not.toBe(3);
    const files = readdirSync(path.join(out, 'zaopo')).filter((f) => !f.startsWith('.'));
    expect(files).toContain('payouts.csv');
    expect(readdirSync(path.join(out2, 'zaopo')).filter((f) => !f.startsWith('.')).sort()).toEqual([...files].sort());
    for (const f of files) {
      if (f === 'summary.json') continue;
      expect(readFileSync(path.join(out2, 'zaopo', f)).equals(readFileSync(path.join(out, 'zaopo', f))), f).toBe(true);
    }
    const inputs = JSON.parse(readFileSync(path.join(out2, 'zaopo', 'summary.json'), 'utf8')).inputs.map((i: { file: string }) => i.file);
    expect(inputs).toEqual(['成员名册.csv', '收支.csv', '土地.csv', '股份.csv', '用工.csv']);
    // The other villages are untouched.
    for (const v of readdirSync(out).filter((n) => n !== 'zaopo' && !n.startsWith('.') && !n.includes('.'))) {
      for (const f of readdirSync(path.join(out, v)).filter((n) => !n.startsWith('.'))) {
        expect(readFileSync(path.join(out2, v, f)).equals(readFileSync(path.join(out, v, f))), `${v}/${f}`).toBe(true);
      }
    }
  });
});
