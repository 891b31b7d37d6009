import path from 'node:path';
import { computeDistribution } from '../engine/computeDistribution.js';
import type { Distribution } from '../engine/types.js';
import { inputTable } from '../io/columns.js';
import { readRunDir } from '../io/readRunDir.js';
import { checkBankFields } from './checkBankFields.js';
import { checkFloorCategories } from './checkFloorCategories.js';
import { readYamlInput } from '../io/readYamlText.js';
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
  /** `--date`: the 制表日期 printed on the sheets, instead of the rules' `prepared_on` (YYYY-MM-DD). */
  date?: string;
  /**
   * batch: the village's folder name, used as its title when its own rules.yaml gives no `name`
   * (else every village's sheets would carry the township's title) — with W_NAME_FROM_FOLDER.
   */
  folderName?: string;
}

/** Reads the rules file(s); a missing run rules.yaml is E_MISSING_FILE unless rules are inherited. */
function readRulesSources(dir: string, inherited: string[], opts: ReadOptions, problems: Problems): { file: string; text: string }[] {
  const sources: { file: string; text: string }[] = [];
  const own = path.join(dir, 'rules.yaml');
  const policy = { root: opts.root ?? dir, followSymlinks: opts.followSymlinks };
  for (const file of [...inherited, own]) {
    const r = readYamlInput(file, 'rules.yaml', file === own ? policy : { root: path.dirname(file), followSymlinks: opts.followSymlinks });
    if (r === 'absent') {
      if (file === own && inherited.length > 0) continue; // the village inherits all its rules
      problems.error(file, 0, 0, 'E_MISSING_FILE', '缺少分配方案 rules.yaml (missing rules.yaml: run `coop-payout init` for a template)');
    } else if ('code' in r) problems.error(file, 0, 0, r.code, r.message);
    else sources.push({ file, text: r.text });
  }
  return sources;
}

/** `households.csv` as the engine names it, or what was read for that table: `households.xlsx`, `成员名册.csv`, `录入表.xlsx[成员名册]`. */
function inputName(data: Dataset, csvName: string): string {
  const spec = inputTable(csvName);
  return (spec && data.inputs.find((i) => inputTable(i.file) === spec)?.file) ?? csvName;
}

/**
 * The whole single-cooperative pipeline short of writing: rules → inputs → waterfall.
 * Every stage reports into one collector; later stages run only when earlier ones allow it.
 */
export async function analyseRun(dir: string, opts: AnalyseOptions): Promise<RunAnalysis> {
  const problems = new Problems();
  const sources = readRulesSources(dir, opts.inheritedRules ?? [], opts, problems);
  const rules = sources.length && problems.ok ? loadRules(sources, problems) : null;
  if (rules && opts.date) rules.preparedOn = opts.date;
  if (rules && opts.folderName !== undefined && (opts.inheritedRules ?? []).length > 0) {
    const own = sources.find((s) => s.file === path.join(dir, 'rules.yaml'));
    if (!own || !/^name[ \t]*:/m.test(own.text)) {
      const inherited = rules.name;
      rules.name = `${opts.folderName} ${rules.year}年度收益分配`;
      problems.warn(
        own ? own.file : dir,
        0,
        0,
        'W_NAME_FROM_FOLDER',
        `本村的 rules.yaml 没有写 name, 表头用文件夹名 "${rules.name}" 而不是乡镇的 "${inherited}"; 请在本村 rules.yaml 写上 name: 村名 (no name in the village's own rules: titled by its folder)`,
      );
    }
  }
  // Inputs are read even when the rules are bad, so the user sees every problem at once.
  const data = await readRunDir(dir, rules, opts, problems);
  if (rules && problems.ok) checkFloorCategories(rules, data, problems);
  let dist: Distribution | null = null;
  if (rules && problems.ok) dist = computeDistribution(rules, data, problems);
  if (rules && dist) checkBankFields(rules, data, dist, path.join(dir, inputName(data, 'households.csv')), problems);
  const warnings: Problem[] = [...problems.warnings];
  // Each engine warning's file as a path, once per file named (a W_NO_ACCOUNT per household in a county without accounts).
  const paths = new Map<string, string>();
  const pathOf = (f: string) => (f === '' ? dir : f.includes(path.sep) || f.includes('/') ? f : path.join(dir, inputName(data, f)));
  for (const w of dist?.warnings ?? []) {
    const place = w.place ?? { file: '', line: 0, column: 0 };
    let file = paths.get(place.file);
    if (file === undefined) paths.set(place.file, (file = pathOf(place.file)));
    warnings.push({ file, line: place.line, column: place.column, code: w.code, message: w.message });
  }
  return { dir, problems, rules, data: problems.ok ? data : null, dist: problems.ok ? dist : null, warnings };
}
