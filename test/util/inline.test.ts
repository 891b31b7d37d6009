import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inline } from '../../src/util/inline.js';
import { cli, ROOT, tempDir } from '../helpers/cli.js';

describe('inline', () => {
  it('turns each run of line breaks into one space, and leaves other text alone', () => {
    expect(inline('李\r\n\n德明')).toBe('李 德明');
    expect(inline('a\u2028b\u2029c')).toBe('a b c');
    expect(inline('杨光荣 LS001')).toBe('杨光荣 LS001');
  });

  it('a household name on two lines (a quoted cell) keeps W_NEGATIVE_NET on one line (fuzz seed 318516387)', () => {
    const dir = path.join(tempDir(), 'v');
    cpSync(path.join(ROOT, 'fixtures', 'demo'), dir, { recursive: true, filter: (s) => !s.includes(`${path.sep}out`) });
    const f = path.join(dir, 'households.csv');
    writeFileSync(f, readFileSync(f, 'utf8').replace('LS006,李德明,', 'LS006,"李\n德明",'));
    const r = cli(['validate', dir, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const w = (JSON.parse(r.stdout).warnings as { code: string; message: string }[]).find((x) => x.code === 'W_NEGATIVE_NET')!;
    expect(w.message).toMatch(/^LS006 李 德明: 扣减超过应分/);
  });
});
