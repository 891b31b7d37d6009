/** Temp run directories and a minimal Rules object for the reader tests. */
import { PLAIN_BASIS, NO_SECTION_9 } from '../helpers/plainRules.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readRunDir } from '../../src/io/readRunDir.js';
import type { Dataset, ReadOptions } from '../../src/io/types.js';
import { parseExact, type Exact } from '../../src/money/exact.js';
import { Problems, type Problem } from '../../src/problems.js';
import type { Rules } from '../../src/rules/types.js';

export const HOUSEHOLDS = 'household_id,name,category\nH1,张三,脱贫户\nH2,李四,一般户\nH3,王五,一般户\n';
export const REVENUE = 'kind,amount\nincome,1000\n';

const made: string[] = [];

/** Removes the temp directories made so far (call from afterAll). */
export function cleanupRuns(): void {
  for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true });
}

/** Writes the files into a fresh temp directory (strings as UTF-8). */
export function makeRun(files: Record<string, string | Buffer>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coop-io-'));
  made.push(dir);
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
  return dir;
}

const x = (s: string): Exact => parseExact(s) as Exact;
const pos = { line: 1, column: 1 };

export function testRules(over: { defaultPerDay?: string | null; year?: number; landClass?: boolean } = {}): Rules {
  const classes = new Map([
    ['fund', { guaranteedPerUnit: x('60'), weight: x('1.5'), pos }],
    ['cash', { guaranteedPerUnit: x('0'), weight: x('1'), pos }],
  ]);
  if (over.landClass !== false) classes.set('land', { guaranteedPerUnit: x('300'), weight: x('1'), pos });
  return {
    name: '测试',
    year: over.year ?? 2025,
    preparedOn: null,
    wages: {
      defaultPerDay: over.defaultPerDay === null ? null : x(over.defaultPerDay ?? '100'),
      perDay: new Map([
        ['采摘', x('120')],
        ['管护', x('90')],
      ]),
    },
    land: {
      rentPerMu: new Map([
        ['水田', x('800')],
        ['旱地', x('500')],
      ]),
      unitsPerMu: new Map([
        ['水田', x('1.2')],
        ['旱地', x('1')],
      ]),
    },
    shareClasses: classes,
    guaranteedShortfall: 'pay',
    fixed: [],
    shares: [{ to: 'members', percent: x('100'), reserve: false, basis: null, pos }],
    members: [{ basis: 'per_household', percent: x('100'), classes: null, ...PLAIN_BASIS, pos }],
    floors: [],
    ...NO_SECTION_9,
    disclosure: {},
    bankFile: {},
    csvExcelText: false,
    file: 'rules.yaml',
    sha256: '',
  };
}

export interface ReadResult {
  dir: string;
  ds: Dataset;
  problems: Problems;
  errors: Problem[];
  warnings: Problem[];
  /** `file:line:column code` of each error, file as base name. */
  codes: string[];
}

export async function read(
  files: Record<string, string | Buffer>,
  rules: Rules | null = testRules(),
  opts: Partial<ReadOptions> = {},
): Promise<ReadResult> {
  const dir = makeRun(files);
  const problems = new Problems();
  const ds = await readRunDir(dir, rules, { encoding: 'auto', ...opts }, problems);
  return {
    dir,
    ds,
    problems,
    errors: problems.errors,
    warnings: problems.warnings,
    codes: problems.errors.map((p) => `${path.basename(p.file)}:${p.line}:${p.column} ${p.code}`),
  };
}

/** A run with the default households and revenue plus the given files. */
export function readWith(files: Record<string, string | Buffer>, rules: Rules | null = testRules(), opts: Partial<ReadOptions> = {}) {
  return read({ 'households.csv': HOUSEHOLDS, 'revenue.csv': REVENUE, ...files }, rules, opts);
}
