import { isUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import path from 'node:path';
import { computeDistribution } from '../engine/computeDistribution.js';
import type { Distribution } from '../engine/types.js';
import { readRunDir } from '../io/readRunDir.js';
import type { Dataset, ReadOptions } from '../io/types.js';
import { type Problem, Problems } from '../problems.js';
import { loadRules } from '../rules/loadRules.js';
import type { Rules } from '../rules/types.js';

export interface RunAnalysis {
  dir: string;
  problems: Problems;
  rules: Rules | null;
  data: Dataset | null;
  dist: Distribution | null;
  /** Every warning of the run (readers' and engine's), with a place. */
  warnings: Problem[];
}

export interface AnalyseOptions extends ReadOptions {
  /** rules.yaml files merged before the run's own (township ROOT/rules.yaml). */
  inheritedRules?: string[];
}

/** rules.yaml edited in Notepad on Chinese Windows may be GBK: the same detection as the CSV files (SPEC §3). */
function decodeRulesText(bytes: Buffer): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.toString('utf8');
  return isUtf8(bytes) ? bytes.toString('utf8') : iconv.decode(bytes, 'gb18030');
}

/** Reads the rules file(s); a missing run rules.yaml is E_MISSING_FILE unless rules are inherited. */
function readRulesSources(dir: string, inherited: string[], problems: Problems): { file: string; text: string }[] {
  const sources: { file: string; text: string }[] = [];
  const own = path.join(dir, 'rules.yaml');
  for (const file of [...inherited, own]) {
    try {
      sources.push({ file, text: decodeRulesText(readFileSync(file)) });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && file === own && inherited.length > 0) continue; // the village inherits all its rules
      const why = code === 'ENOENT' ? '缺少分配方案 rules.yaml (missing rules.yaml: run `coop-payout init` for a template)' : `无法读取 (cannot read): ${(err as Error).message}`;
      problems.error(file, 0, 0, 'E_MISSING_FILE', why);
    }
  }
  return sources;
}

/** `households.csv` as the engine names it, or `households.xlsx` when that is what was read. */
function inputName(data: Dataset, csvName: string): string {
  const stem = csvName.replace(/\.csv$/, '');
  return data.inputs.find((i) => i.file.replace(/\.(csv|xlsx)$/, '') === stem)?.file ?? csvName;
}

/**
 * The whole single-cooperative pipeline short of writing: rules → inputs → waterfall.
 * Every stage reports into one collector; later stages run only when earlier ones allow it.
 */
export async function analyseRun(dir: string, opts: AnalyseOptions): Promise<RunAnalysis> {
  const problems = new Problems();
  const sources = readRulesSources(dir, opts.inheritedRules ?? [], problems);
  const rules = sources.length && problems.ok ? loadRules(sources, problems) : null;
  // Inputs are read even when the rules are bad, so the user sees every problem at once.
  const data = await readRunDir(dir, rules, opts, problems);
  let dist: Distribution | null = null;
  if (rules && problems.ok) dist = computeDistribution(rules, data, problems);
  const warnings: Problem[] = [...problems.warnings];
  for (const w of dist?.warnings ?? []) {
    const place = w.place ?? { file: '', line: 0, column: 0 };
    const file = place.file === '' ? dir : place.file.includes(path.sep) || place.file.includes('/') ? place.file : path.join(dir, inputName(data, place.file));
    warnings.push({ file, line: place.line, column: place.column, code: w.code, message: w.message });
  }
  return { dir, problems, rules, data: problems.ok ? data : null, dist: problems.ok ? dist : null, warnings };
}
