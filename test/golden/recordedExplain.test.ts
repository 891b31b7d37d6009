/**
 * `explain` reads the same as before the registry redesign (issue 10): for every household of the
 * bundled fixtures and examples, in zh and en, the SHA-256 of its stdout (and the exit code) is
 * compared with `fixtures/recorded-explain.json`. Re-record a deliberate change with
 * `RECORD_OUTPUTS=1 npx vitest run test/golden/recordedExplain.test.ts` and review the JSON's diff.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, EXAMPLES, ROOT } from '../helpers/cli.js';

const RECORD = path.join(ROOT, 'fixtures', 'recorded-explain.json');
const recording = process.env.RECORD_OUTPUTS === '1';

const dirs = [path.join(ROOT, 'fixtures', 'demo'), path.join(ROOT, 'fixtures', 'mini'), ...readdirSync(EXAMPLES).map((n) => path.join(EXAMPLES, n))];

/** The household ids of a fixture (first column, UTF-8 fixtures only: these are ours). */
function ids(dir: string): string[] {
  const lines = readFileSync(path.join(dir, 'households.csv'), 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/).slice(1);
  return lines.filter((l) => l.trim() !== '').map((l) => l.split(',')[0]);
}

const recorded: Record<string, Record<string, string>> = !recording && existsSync(RECORD) ? JSON.parse(readFileSync(RECORD, 'utf8')) : {};
const fresh: typeof recorded = {};

describe('explain is byte-identical to the recording', () => {
  it.each(dirs.map((d) => ({ name: path.relative(ROOT, d), dir: d })))('$name', ({ name, dir }) => {
    const got: Record<string, string> = {};
    for (const id of ids(dir)) {
      for (const lang of ['zh', 'en']) {
        const r = cli(['explain', dir, id, '--lang', lang]);
        got[`${id} ${lang}`] = `${r.code} ${createHash('sha256').update(r.stdout).digest('hex')}`;
      }
    }
    expect(Object.keys(got).length).toBeGreaterThan(0);
    if (recording) {
      fresh[name] = got;
      return;
    }
    expect(got).toEqual(recorded[name]);
  });

  it.runIf(recording)('writes the recording', () => {
    writeFileSync(RECORD, JSON.stringify(fresh, null, 1) + '\n');
  });
});
