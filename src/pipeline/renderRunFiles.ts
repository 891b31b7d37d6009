import type { Distribution } from '../engine/types.js';
import type { Dataset } from '../io/types.js';
import { bankFile, bankPayableTotalFen } from '../render/bank.js';
import { publishRunFiles, WORKBOOK_SKIPPED_WARNING, workbookTooLarge } from '../render/publishRunFiles.js';
import { cashFigures, reconciliationChecks } from '../render/checks.js';
import { anyCash } from '../render/payments.js';
import { signoffCsv } from '../render/signoff.js';
import type { CsvEncoding } from '../render/csvWrite.js';
import { renderRunOutputs } from '../render/runOutputs.js';
import type { Lang } from '../render/payoutsSheet.js';
import { buildSummary, type Summary, type WarningLike } from '../render/summaryJson.js';
import type { OutputFile, WritableFile } from '../output/writeOutputDir.js';
import type { Rules } from '../rules/types.js';

/**
 * Every file of one run's output folder, in a fixed order, and the summary they agree with:
 * the three SPEC §6 sheets, then the publishing files (公示表, 代发文件, 领款签收表 when some
 * household is paid in cash, workbook, report).
 * `extraWarnings` are the rendering's own (e.g. no workbook for a county-sized run).
 * Pure: identical inputs give identical bytes. Used by `run` and by each village of `batch`.
 */
export async function renderRunFiles(
  rules: Rules,
  data: Dataset,
  dist: Distribution,
  runWarnings: readonly WarningLike[],
  opts: { lang: Lang; encoding: CsvEncoding; defer?: false },
): Promise<{ files: OutputFile[]; summary: Summary; extraWarnings: WarningLike[] }>;
/**
 * `defer` (`run`): the two county-sized sheets, payouts.csv and disclosure.csv, are rendered by
 * writeOutputDir one at a time as it writes them, so a million households' sheets are never all
 * in memory at once. The bank file and signoff.csv are made here: their totals are in summary.json.
 */
export async function renderRunFiles(
  rules: Rules,
  data: Dataset,
  dist: Distribution,
  runWarnings: readonly WarningLike[],
  opts: { lang: Lang; encoding: CsvEncoding; defer: true },
): Promise<{ files: WritableFile[]; summary: Summary; extraWarnings: WarningLike[] }>;
export async function renderRunFiles(
  rules: Rules,
  data: Dataset,
  dist: Distribution,
  runWarnings: readonly WarningLike[],
  opts: { lang: Lang; encoding: CsvEncoding; defer?: boolean },
): Promise<{ files: WritableFile[]; summary: Summary; extraWarnings: WarningLike[] }> {
  const extraWarnings = workbookTooLarge(dist.households) ? [WORKBOOK_SKIPPED_WARNING] : [];
  const warnings = [...runWarnings, ...extraWarnings];
  const bank = bankFile(rules, data, dist, opts.lang);
  // SPEC §9.8: with a household paid in cash, signoff.csv and the check that bank + cash add up.
  const signoff = anyCash(data) ? signoffCsv(data, dist, opts.lang, opts.encoding, rules.csvExcelText) : null;
  const cash = signoff ? cashFigures(bank, signoff.totalFen) : undefined;
  const checks = reconciliationChecks(dist, bank.totalFen, bankPayableTotalFen(data, dist), cash);
  const summary = buildSummary(rules, data, dist, warnings, checks);
  const publish = { lang: opts.lang, encoding: opts.encoding, warnings, bank, signoff: signoff?.data };
  const files: WritableFile[] = opts.defer
    ? [
        ...renderRunOutputs(rules, data, dist, warnings, { lang: opts.lang, encoding: opts.encoding, summary, defer: true }),
        ...(await publishRunFiles(rules, data, dist, { ...publish, defer: true })),
      ]
    : [...renderRunOutputs(rules, data, dist, warnings, { lang: opts.lang, encoding: opts.encoding, summary }), ...(await publishRunFiles(rules, data, dist, publish))];
  return { files, summary, extraWarnings };
}
