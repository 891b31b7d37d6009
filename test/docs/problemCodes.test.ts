// docs/DESIGN.md's table of problem codes is generated from src/problemCodes.ts: this test fails when
// they differ (UPDATE_DOCS=1 rewrites the table), and when a code is listed that src/ never reports.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROBLEM_CODES } from '../../src/problemCodes.js';
import { ROOT } from '../helpers/cli.js';

const DESIGN = path.join(ROOT, 'docs', 'DESIGN.md');
const BEGIN = '<!-- problem codes: generated from src/problemCodes.ts -->';
const END = '<!-- end of problem codes -->';

function table(): string {
  const rows = Object.entries(PROBLEM_CODES).map(([code, when]) => `| ${code} | ${when} |`);
  return [BEGIN, '', '| code | when |', '|---|---|', ...rows, '', END].join('\n');
}

function sourceText(dir: string): string {
  return readdirSync(dir)
    .map((n) => path.join(dir, n))
    .map((p) => (statSync(p).isDirectory() ? sourceText(p) : p.endsWith('.ts') && !p.endsWith('problemCodes.ts') ? readFileSync(p, 'utf8') : ''))
    .join('\n');
}

describe('the problem codes', () => {
  it('docs/DESIGN.md lists exactly the registry, in its order and words', () => {
    const doc = readFileSync(DESIGN, 'utf8');
    const i = doc.indexOf(BEGIN);
    const j = doc.indexOf(END);
    expect(i, 'DESIGN.md lacks the generated table markers').toBeGreaterThanOrEqual(0);
    const current = doc.slice(i, j + END.length);
    if (process.env.UPDATE_DOCS === '1') writeFileSync(DESIGN, doc.slice(0, i) + table() + doc.slice(j + END.length));
    else expect(current).toBe(table());
  });

  it('every listed code is reported somewhere in src/, and src/ reports no code outside the list', () => {
    const src = sourceText(path.join(ROOT, 'src'));
    const used = new Set(src.match(/\b[EW]_[A-Z][A-Z0-9_]+\b/g));
    for (const code of Object.keys(PROBLEM_CODES)) expect(used.has(code), code).toBe(true);
    // Quoted codes (what the tool reports) must all be in the registry.
    const quoted = new Set([...src.matchAll(/'([EW]_[A-Z][A-Z0-9_]+)'/g)].map((m) => m[1]));
    expect([...quoted].filter((c) => !(c in PROBLEM_CODES))).toEqual([]);
  });
});
