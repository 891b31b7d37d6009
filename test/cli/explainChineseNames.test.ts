// explain lists a household's rows whatever name its tables were saved under (SPEC §10): the demo
// with 土地.csv and 务工.csv explains exactly as with land.csv and labor.csv, the file names aside.
import { cpSync, renameSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT, tempDir } from '../helpers/cli.js';

describe('explain with Chinese file names', () => {
  it('shows the same rows and figures as with the English names', () => {
    const en = path.join(ROOT, 'fixtures', 'demo');
    const zh = path.join(tempDir('coop-explain-zh-'), 'demo');
    cpSync(en, zh, { recursive: true });
    renameSync(path.join(zh, 'land.csv'), path.join(zh, '土地.csv'));
    renameSync(path.join(zh, 'labor.csv'), path.join(zh, '务工.csv'));
    const a = cli(['explain', en, 'LS003']);
    const b = cli(['explain', zh, 'LS003']);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(b.stdout).toContain('务工.csv');
    expect(b.stdout).toContain('土地.csv');
    const plain = (s: string, dir: string) => s.split(dir).join('DIR').replace(/土地\.csv/g, 'land.csv').replace(/务工\.csv/g, 'labor.csv');
    expect(plain(b.stdout, zh)).toBe(plain(a.stdout, en));
  });
});
