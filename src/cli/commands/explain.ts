import { explainHousehold } from '../../explain/explainHousehold.js';
import { analyseRun } from '../../pipeline/analyseRun.js';
import { EXIT } from '../exitCodes.js';
import type { Output } from '../output.js';
import { checkRunDir, printErrors, reportAnalysis } from './common.js';
import type { Lang } from '../../lang.js';

export async function explainCommand(
  dir: string,
  household: string,
  opts: { lang: Lang; encoding?: 'auto' | 'utf8' | 'gb18030'; followSymlinks?: boolean },
  out: Output,
): Promise<number> {
  if (!(await checkRunDir(dir, out, false))) return EXIT.invalidInput;
  const id = household.trim();
  const a = await analyseRun(dir, { encoding: opts.encoding ?? 'auto', followSymlinks: opts.followSymlinks, detailFor: id });
  const failed = reportAnalysis(a, out, { quiet: true });
  if (failed !== null) return failed;
  const { rules, data, dist } = a;
  if (!rules || !data || !dist) throw new Error('analysis passed without a result');
  const h = data.indexById.get(id);
  if (h === undefined) {
    printErrors(
      [{ file: `${dir}/households.csv`, line: 0, column: 0, code: 'E_UNKNOWN_HOUSEHOLD', message: `成员名册中没有户号 "${id}" (no such household)` }],
      out,
      false,
    );
    return EXIT.invalidInput;
  }
  for (const line of explainHousehold(rules, data, dist, h, opts.lang)) out.line(line);
  return EXIT.ok;
}
