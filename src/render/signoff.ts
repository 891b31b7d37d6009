import type { Distribution } from '../engine/types.js';
import type { Dataset } from '../io/types.js';
import type { Lang } from '../lang.js';
import { SafeColumn } from '../money/columnView.js';
import { formatFen } from '../money/fen.js';
import { maskName } from '../privacy/mask.js';
import { InternalError } from '../problems.js';
import type { Rules } from '../rules/types.js';
import { amountInWords, amountInWordsNum } from './amountInWords.js';
import { ExactSum } from './bank.js';
import { CsvBuilder, type CsvEncoding, type Row } from './csvWrite.js';
import { TOTAL_LABEL } from './householdColumns.js';
import { RowCollector, type CellSink } from './householdRows.js';

/**
 * signoff.csv, the 领款签收表 (SPEC §9.8): the list a village pays cash from at its meeting, each
 * household signing or putting its thumbprint against its amount. Every household paid in cash
 * (`payment: cash`) with a positive net, in households.csv order: 序号, 户号, 户主, 村组, 实发金额,
 * 实发金额大写 and two empty columns to sign and date; a 合计 row in figures and in 大写; below it
 * the lines for who paid out (发放人), who witnessed (监督人) and the date. No ID number, no account.
 * The same cells make the workbook's 领款签收表 sheet and report.html's sign-off page.
 */

/** The columns: English header (`--lang en`), Chinese header. */
export const SIGNOFF_COLUMNS: readonly (readonly [string, string])[] = [
  ['seq', '序号'],
  ['household_id', '户号'],
  ['name', '户主'],
  ['village', '村组'],
  ['net_payable', '实发金额'],
  ['net_payable_words', '实发金额大写'],
  ['signature', '领款人签名(手印)'],
  ['date', '日期'],
];

/** Where the amount, its words and the signature go (0-based columns). */
export const SIGNOFF_AMOUNT_COLUMN = 4;
export const SIGNOFF_WORDS_COLUMN = 5;

/** The lines below the table, each label at its column (0-based): 发放人 under 序号, 监督人 under 村组, 日期 under the signatures. */
export const SIGNOFF_LINES: readonly { column: number; zh: string; en: string }[] = [
  { column: 0, zh: '发放人：', en: 'Paid out by:' },
  { column: 3, zh: '监督人：', en: 'Witnessed by:' },
  { column: 6, zh: '日期：', en: 'Date:' },
];

export const SIGNOFF_SHEET_NAME = { zh: '领款签收表', en: 'Sign-off' } as const;

/** The sheet's and the page's title: the run's name (with the year, when the name does not say it) and 领款签收表. */
export function signoffTitle(rules: Rules, lang: Lang): string {
  const year = String(rules.year);
  const named = rules.name.includes(year);
  if (lang === 'en') return `${rules.name}: cash sign-off sheet${named ? '' : ` ${year}`}`;
  return named ? `${rules.name} 领款签收表` : `${rules.name} ${year}年度领款签收表`;
}

export interface SignoffOptions {
  lang: Lang;
  /** report.html follows the report's own policy (`disclosure.mask_names`); the files show names whole, as payouts.csv. */
  maskNames?: boolean;
}

export interface SignoffResult {
  /** Indexes (households.csv order) of the households on the sheet. */
  households: number[];
  /** Σ their nets: the 合计, what is handed out in cash against signatures. */
  totalFen: bigint;
}

/** The households on the sheet: paid in cash, with a positive net. */
export function signoffHouseholds(data: Dataset, dist: Distribution): SignoffResult {
  if (data.households.length !== dist.households || dist.cols.netFen.length !== dist.households) {
    throw new InternalError(`signoff: ${data.households.length} households but a distribution of ${dist.households}`);
  }
  const net = new SafeColumn(dist.cols.netFen);
  const households: number[] = [];
  const total = new ExactSum();
  data.households.forEach((h, i) => {
    if (h.payment !== 'cash') return;
    const v = net.at(i);
    if (v === v) {
      if (v <= 0) return;
      total.add(v);
    } else {
      if (net.col[i] <= 0n) return;
      total.addBig(net.col[i]);
    }
    households.push(i);
  });
  return { households, totalFen: total.value() };
}

/**
 * The sheet's cells, to any sink: the header, one row per household, the 合计 row, an empty row and
 * the 发放人 / 监督人 / 日期 row. Every row has the header's eight fields.
 */
function emitSignoff(out: CellSink, data: Dataset, dist: Distribution, opts: SignoffOptions, r: SignoffResult): SignoffResult {
  const en = opts.lang === 'en';
  for (const [k, zh] of SIGNOFF_COLUMNS) out.cell(en ? k : zh);
  out.endRow();
  const net = new SafeColumn(dist.cols.netFen);
  r.households.forEach((i, k) => {
    const h = data.households[i];
    out.fixed(k + 1, 0);
    out.id(h.id);
    out.cell(opts.maskNames ? maskName(h.name) : h.name);
    out.cell(h.village);
    const v = net.at(i);
    if (v === v) {
      out.fixed(v, 2);
      out.cell(amountInWordsNum(v));
    } else {
      out.num(formatFen(net.col[i]));
      out.cell(amountInWords(net.col[i]));
    }
    out.cell('');
    out.cell('');
    out.endRow();
  });
  out.cell(TOTAL_LABEL[opts.lang]);
  out.cell('');
  out.cell('');
  out.cell('');
  out.num(formatFen(r.totalFen));
  out.cell(amountInWords(r.totalFen));
  out.cell('');
  out.cell('');
  out.endRow();
  for (let j = 0; j < SIGNOFF_COLUMNS.length; j++) out.cell('');
  out.endRow();
  const at = new Map(SIGNOFF_LINES.map((l) => [l.column, en ? l.en : l.zh]));
  for (let j = 0; j < SIGNOFF_COLUMNS.length; j++) out.cell(at.get(j) ?? '');
  out.endRow();
  return r;
}

/** The sheet as cells, for the workbook and the report. */
export interface SignoffTable extends SignoffResult {
  header: string[];
  body: Row[];
  total: Row;
  /** The 发放人 / 监督人 / 日期 row (labels at their columns, the rest empty). */
  lines: Row;
}

export function signoffTable(data: Dataset, dist: Distribution, opts: SignoffOptions): SignoffTable {
  const c = new RowCollector();
  const r = emitSignoff(c, data, dist, opts, signoffHouseholds(data, dist));
  const [header, ...rest] = c.rows;
  const lines = rest.pop()!;
  rest.pop(); // the empty row between the 合计 and the lines
  const total = rest.pop()!;
  return { ...r, header: header as string[], body: rest, total, lines };
}

/**
 * signoff.csv's bytes, encoded like payouts.csv (UTF-8 with BOM, or GB18030 without), names whole
 * as in payouts.csv (it is handed around at the meeting, not posted), text cells guarded against
 * formulas (SPEC §6).
 */
export function signoffCsv(data: Dataset, dist: Distribution, lang: Lang, encoding: CsvEncoding, excelText = false): { data: Buffer } & SignoffResult {
  const list = signoffHouseholds(data, dist);
  const out = new CsvBuilder(encoding, { bom: true, sizeHint: 128 * (list.households.length + 4), excelText });
  const r = emitSignoff(out, data, dist, { lang }, list);
  return { data: out.bytes(), ...r };
}
