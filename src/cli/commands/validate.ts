import { formatFen } from '../../money/fen.js';
import { analyseRun } from '../../pipeline/analyseRun.js';
import { buildSummary } from '../../render/summaryJson.js';
import { EXIT } from '../exitCodes.js';
import type { Output } from '../output.js';
import { checkRunDir, reportAnalysis, type CommonOptions } from './common.js';

/** Everything `run` checks and computes, nothing written. */
export async function validateCommand(dir: string, opts: CommonOptions, out: Output): Promise<number> {
  if (!(await checkRunDir(dir, out, opts.json))) return EXIT.invalidInput;
  const a = await analyseRun(dir, { encoding: opts.encoding ?? 'auto', maxRows: opts.maxRows, followSymlinks: opts.followSymlinks });
  const failed = reportAnalysis(a, out, opts);
  if (failed !== null) return failed;
  const { rules, data, dist } = a;
  if (!rules || !data || !dist) throw new Error('analysis passed without a result');
  const warnings = a.warnings.map(({ code, message }) => ({ code, message }));
  if (opts.json) out.json(buildSummary(rules, data, dist, warnings));
  else if (!opts.quiet) {
    out.line(`检查通过 OK: ${rules.name}: ${dist.households} 户, 实发合计 ${formatFen(dist.netPayableFen)} 元, ${warnings.length} 个提醒 warnings`);
  }
  return EXIT.ok;
}
