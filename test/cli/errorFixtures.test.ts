import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, errorLines, ROOT, tempDir } from '../helpers/cli.js';

/** hledger-style: one folder per error code, each with the expected lines in full: `FILE:LINE:COLUMN: CODE: message`. */
const ERRORS = path.join(ROOT, 'fixtures', 'errors');
const folders = readdirSync(ERRORS).filter((n) => existsSync(path.join(ERRORS, n, 'expected.txt')));

describe('every broken folder stops the run with its code at its place, and writes nothing', () => {
  it('has a folder for every error code SPEC §7 names', () => {
    const spec = ['E_MISSING_FILE', 'E_MISSING_COLUMN', 'E_RAGGED_ROW', 'E_BAD_ENCODING', 'E_BAD_NUMBER', 'E_BAD_VALUE', 'E_BAD_MONTHS', 'E_BAD_DATE', 'E_BAD_ARRANGEMENT', 'E_BAD_KIND', 'E_DUPLICATE_HOUSEHOLD', 'E_UNKNOWN_HOUSEHOLD', 'E_UNKNOWN_JOB', 'E_UNKNOWN_LAND_TYPE', 'E_UNKNOWN_CLASS', 'E_BAD_ID_NUMBER', 'E_EXCEL_MANGLED', 'E_BAD_RULES', 'E_EMPTY_BASIS'];
    for (const code of spec) expect(folders, code).toContain(code);
  });

  it.each(folders)('%s', (name) => {
    const dir = path.join(ERRORS, name);
    const want = readFileSync(path.join(dir, 'expected.txt'), 'utf8').split('\n').map((l) => l.trim()).filter(Boolean).sort();
    const out = path.join(tempDir(), 'out');
    const r = cli(['run', dir, '--out', out]);
    expect(r.code).toBe(1);
    expect(errorLines(r.stderr, dir)).toEqual(want);
    expect(r.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/); // no stack trace
    expect(existsSync(out)).toBe(false);
    // validate finds the same problems and also writes nothing.
    const v = cli(['validate', dir, '--json']);
    expect(v.code).toBe(1);
    const json = JSON.parse(v.stdout);
    const jsonLines = json.errors.map((e: { file: string; line: number; column: number; code: string; message: string }) => `${path.relative(dir, e.file)}:${e.line}:${e.column}: ${e.code}: ${e.message}`);
    expect(jsonLines.sort()).toEqual(want);
  });
});
