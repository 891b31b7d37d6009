import path from 'node:path';
import { formatFen } from '../../money/fen.js';
import { analyseRun } from '../../pipeline/analyseRun.js';
import { renderRunOutputs } from '../../report/index.js';
import { buildSummary } from '../../report/summaryJson.js';
import { OutputError, writeOutputDir } from '../../report/writeOutputDir.js';
import { EXIT } from '../exitCodes.js';
import type { Output } from '../output.js';
import { checkRunDir, printErrors, reportAnalysis, type CommonOptions } from './common.js';

export interface RunOptions extends CommonOptions {
  out?: string;
  lang: 'zh' | 'en';
}

export async function runCommand(dir: string, opts: RunOptions, out: Output): Promise<number> {
  if (!(await checkRunDir(dir, out, opts.json))) return EXIT.invalidInput;
  const encoding = opts.encoding ?? 'auto';
  const a = await analyseRun(dir, { encoding });
  const failed = reportAnalysis(a, out, opts);
  if (failed !== null) return failed;
  const { rules, data, dist } = a;
  if (!rules || !data || !dist) throw new Error('analysis passed without a result');

  const outDir = opts.out ?? path.join(dir, 'out');
  const warnings = a.warnings.map(({ code, message }) => ({ code, message }));
  const files = renderRunOutputs(rules, data, dist, warnings, {
    lang: opts.lang,
    encoding: encoding === 'gb18030' ? 'gb18030' : 'utf8',
  });
  try {
    await writeOutputDir(outDir, files);
  } catch (err) {
    if (!(err instanceof OutputError)) throw err;
    printErrors([{ file: outDir, line: 0, column: 0, code: 'E_OUTPUT', message: err.message }], out, opts.json);
    return EXIT.invalidInput;
  }

  if (opts.json) out.json(buildSummary(rules, data, dist, warnings));
  else if (!opts.quiet) {
    out.line(`${rules.name}: ${dist.households} 户 households`);
    out.line(`  收入 income ${formatFen(dist.incomeFen)}  支出 expenses ${formatFen(dist.expensesFen)}  可分配盈余 surplus ${formatFen(dist.surplusFen)}`);
    out.line(`  应分合计 total ${formatFen(dist.totalFen)}  扣减 deductions ${formatFen(dist.deductionsFen)}  实发合计 net payable ${formatFen(dist.netPayableFen)}`);
    out.line(`  已写出 written: ${outDir}${path.sep} ${files.map((f) => f.name).join(' ')}`);
  }
  return EXIT.ok;
}
