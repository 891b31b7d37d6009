import type { Distribution } from '../engine/types.js';
import type { Dataset } from '../io/types.js';
import { bankFile, bankPayableTotalFen, publishRunFiles, WORKBOOK_SKIPPED_WARNING, workbookTooLarge } from '../publish/index.js';
import { reconciliationChecks } from '../report/checks.js';
import type { CsvEncoding } from '../report/csvWrite.js';
import { renderRunOutputs } from '../report/index.js';
import type { Lang } from '../report/payoutsSheet.js';
import { buildSummary, type Summary, type WarningLike } from '../report/summaryJson.js';
import type { OutputFile } from '../report/writeOutputDir.js';
import type { Rules } from '../rules/types.js';

/**
 * Every file of one run's output folder, in a fixed order, and the summary they agree with:
 * the three SPEC §6 sheets, then the publishing files (公示表, 代发文件, workbook, report).
 * `extraWarnings` are the rendering's own (e.g. no workbook for a county-sized run).
 * Pure: identical inputs give identical bytes. Used by `run` and by each village of `batch`.
 */
export async function renderRunFiles(
  rules: Rules,
  data: Dataset,
  dist: Distribution,
  runWarnings: readonly WarningLike[],
  opts: { lang: Lang; encoding: CsvEncoding },
): Promise<{ files: OutputFile[]; summary: Summary; extraWarnings: WarningLike[] }> {
  const extraWarnings = workbookTooLarge(dist.households) ? [WORKBOOK_SKIPPED_WARNING] : [];
  const warnings = [...runWarnings, ...extraWarnings];
  const bank = bankFile(rules, data, dist, opts.lang);
  const checks = reconciliationChecks(dist, bank.totalFen, bankPayableTotalFen(data, dist));
  const summary = buildSummary(rules, data, dist, warnings, checks);
  const files: OutputFile[] = [
    ...renderRunOutputs(rules, data, dist, warnings, { ...opts, summary }),
    ...(await publishRunFiles(rules, data, dist, { lang: opts.lang, encoding: opts.encoding, warnings, bank })),
  ];
  return { files, summary, extraWarnings };
}
