import type { Distribution } from '../engine/types.js';
import type { Dataset } from '../io/types.js';
import type { CsvEncoding } from './csvWrite.js';
import type { Lang } from './payoutsSheet.js';
import type { WarningLike } from './summaryJson.js';
import type { Rules } from '../rules/types.js';
import { bankFile, type BankFile } from './bank.js';
import { disclosureCsv, writeDisclosureCsv } from './disclosure.js';
import { reportHtml } from './html.js';
import { payoutsXlsx } from './xlsx.js';
import { anyCash } from './payments.js';
import { signoffCsv } from './signoff.js';
import type { DeferredRender } from './runOutputs.js';

export interface PublishOptions {
  lang: Lang;
  /** disclosure.csv only (bank.csv follows the rules' `bank_file.encoding`); default utf8 with BOM. */
  encoding?: CsvEncoding;
  /** Every warning of the run, for report.html; default `dist.warnings`. */
  warnings?: readonly WarningLike[];
  /** The bank file when the caller has already built it (for the reconciliation checks). */
  bank?: BankFile;
  /** signoff.csv's bytes when the caller has already built them (runs with a household paid in cash). */
  signoff?: Buffer;
  /** disclosure.csv rendered when it is written (a county's second-biggest file): see renderRunOutputs. */
  defer?: boolean;
}

export interface PublishedFile {
  name: string;
  data: Buffer;
  /** 0o600 for files holding whole bank accounts (bank.csv, payouts.xlsx). */
  mode?: number;
}

/**
 * The publishing files of one run, in a fixed order: disclosure.csv, bank.csv, signoff.csv (only
 * when some household is paid in cash, SPEC §9.8), payouts.xlsx, report.html. Pure (nothing is
 * written); identical inputs give identical bytes.
 * bank.csv's warnings are the engine's W_NO_ACCOUNT / W_NEGATIVE_NET, already in dist.warnings.
 */
export async function publishRunFiles(rules: Rules, data: Dataset, dist: Distribution, opts: PublishOptions & { defer?: false }): Promise<PublishedFile[]>;
export async function publishRunFiles(rules: Rules, data: Dataset, dist: Distribution, opts: PublishOptions & { defer: true }): Promise<(PublishedFile | DeferredRender)[]>;
export async function publishRunFiles(rules: Rules, data: Dataset, dist: Distribution, opts: PublishOptions): Promise<(PublishedFile | DeferredRender)[]> {
  const bank = opts.bank ?? bankFile(rules, data, dist, opts.lang);
  const sheet = { lang: opts.lang, encoding: opts.encoding };
  const files: (PublishedFile | DeferredRender)[] = [
    opts.defer
      ? { name: 'disclosure.csv', render: (write) => writeDisclosureCsv(rules, data, dist, sheet, write) }
      : { name: 'disclosure.csv', data: disclosureCsv(rules, data, dist, sheet) },
    { name: bank.name, data: bank.data, mode: 0o600 },
  ];
  // The 领款签收表: names whole (as payouts.csv) but no ID or account, encoded like payouts.csv.
  if (opts.signoff) files.push({ name: 'signoff.csv', data: opts.signoff });
  else if (anyCash(data)) files.push({ name: 'signoff.csv', data: signoffCsv(data, dist, opts.lang, opts.encoding ?? 'utf8', rules.csvExcelText).data });
  if (!workbookTooLarge(dist.households)) {
    files.push(
      { name: 'payouts.xlsx', data: await payoutsXlsx(rules, data, dist, opts.lang), mode: 0o600 },
      { name: 'report.html', data: Buffer.from(reportHtml(rules, data, dist, { lang: opts.lang, warnings: opts.warnings }), 'utf8') },
    );
  }
  return files;
}

/**
 * A workbook or a printable page of more households than this is neither opened nor read by
 * anyone (and would cost minutes and gigabytes at county scale): the CSV sheets carry such runs.
 */
export const WORKBOOK_MAX_HOUSEHOLDS = 50_000;

export function workbookTooLarge(households: number): boolean {
  return households > WORKBOOK_MAX_HOUSEHOLDS;
}

export const WORKBOOK_SKIPPED_WARNING: WarningLike = {
  code: 'W_WORKBOOK_SKIPPED',
  message: `超过 ${WORKBOOK_MAX_HOUSEHOLDS} 户, 不生成 payouts.xlsx 和 report.html, 请使用 payouts.csv (more than ${WORKBOOK_MAX_HOUSEHOLDS} households: no workbook or HTML report; use the CSV sheets)`,
};
