/**
 * Every output byte stays as it was: each case below is run and the SHA-256 of every file it writes is
 * compared with `fixtures/recorded-outputs.json`, recorded from main before the registry redesign
 * (issue 10). A refactor that changes one byte of one sheet fails here. A deliberate output change
 * re-records with `RECORD_OUTPUTS=1 npx vitest run test/golden/recordedOutputs.test.ts` and the diff
 * of that JSON shows exactly which files moved — review it before committing.
 */
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { generateVillage, writeVillage } from '../oracle/randomVillage.js';
import { cli, EXAMPLES, ROOT, tempDir } from '../helpers/cli.js';

const RECORD = path.join(ROOT, 'fixtures', 'recorded-outputs.json');
const recording = process.env.RECORD_OUTPUTS === '1';

/** Relative path → sha256 of every file below `dir`; the tool's own dot-files (manifest, lock) are not sheets. */
function digests(dir: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.')) continue;
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) Object.assign(out, digests(p, `${prefix}${name}/`));
    else out[prefix + name] = createHash('sha256').update(readFileSync(p)).digest('hex');
  }
  return out;
}

/** A copy of `dir` with every CSV and rules.yaml re-encoded as GB18030 (what Excel on Chinese Windows saves). */
function gbkCopy(dir: string): string {
  const copy = path.join(tempDir('coop-recorded-gbk-'), path.basename(dir));
  mkdirSync(copy);
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (!statSync(p).isFile() || !/\.(csv|yaml)$/.test(name)) continue;
    const bytes = readFileSync(p);
    const text = isUtf8(bytes) ? bytes.toString('utf8').replace(/^\uFEFF/, '') : iconv.decode(bytes, 'gb18030');
    writeFileSync(path.join(copy, name), iconv.encode(text, 'gb18030'));
  }
  return copy;
}

interface Case {
  name: string;
  args: (out: string) => string[];
}

const fixtureDirs = [
  path.join(ROOT, 'fixtures', 'demo'),
  path.join(ROOT, 'fixtures', 'mini'),
  ...readdirSync(EXAMPLES).map((n) => path.join(EXAMPLES, n)),
];

const cases: Case[] = [
  ...fixtureDirs.flatMap((dir): Case[] => {
    const rel = path.relative(ROOT, dir);
    return [
      { name: `${rel} zh`, args: (out) => ['run', dir, '--out', out, '--quiet'] },
      { name: `${rel} en`, args: (out) => ['run', dir, '--out', out, '--quiet', '--lang', 'en'] },
    ];
  }),
  // GB18030 sheets: the folder converted to GB18030 first (recorded when --encoding gb18030 also chose the output encoding).
  ...fixtureDirs.map((dir): Case => ({
    name: `${path.relative(ROOT, dir)} gb18030`,
    args: (out) => ['run', gbkCopy(dir), '--out', out, '--quiet', '--encoding', 'gbk', '--output-encoding', 'gb18030'],
  })),
  { name: 'fixtures/township batch', args: (out) => ['batch', path.join(ROOT, 'fixtures', 'township'), '--out', out, '--quiet', '--jobs', '1'] },
];

// Random villages from the oracle's generator: fixed seeds, so the same folders every run.
const villagesRoot = tempDir('coop-recorded-');
for (let seed = 1; seed <= 16; seed++) {
  const dir = path.join(villagesRoot, `v${seed}`);
  writeVillage(dir, generateVillage(seed * 7919));
  cases.push({ name: `random village seed ${seed * 7919}`, args: (out) => ['run', dir, '--out', out, '--quiet'] });
}

const recorded: Record<string, { code: number; files: Record<string, string> }> =
  !recording && existsSync(RECORD) ? JSON.parse(readFileSync(RECORD, 'utf8')) : {};
const fresh: typeof recorded = {};

describe('outputs are byte-identical to those recorded from main', () => {
  it.each(cases)('$name', ({ name, args }) => {
    const out = path.join(tempDir('coop-recorded-out-'), 'out');
    const r = cli(args(out));
    const got = { code: r.code, files: existsSync(out) ? digests(out) : {} };
    if (recording) {
      fresh[name] = got;
      return;
    }
    expect(recorded[name], `no recording for "${name}"`).toBeDefined();
    expect(got).toEqual(recorded[name]);
  });

  it.runIf(recording)('writes the recording', () => {
    writeFileSync(RECORD, JSON.stringify(fresh, null, 1) + '\n');
  });
});
