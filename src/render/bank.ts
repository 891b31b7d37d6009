import type { Distribution, EngineWarning } from '../engine/types.js';
import { inline } from '../util/inline.js';
import type { Dataset } from '../io/types.js';
import { SafeColumn } from '../money/columnView.js';
import { formatFen } from '../money/fen.js';
import { InternalError } from '../problems.js';
import { CsvBuilder, type Row } from './csvWrite.js';
import { RowCollector, type CellSink } from './householdRows.js';
import type { Lang } from './payoutsSheet.js';
import type { Rules } from '../rules/types.js';
import { BankXlsxSheet } from './bankXlsx.js';
import { bankFileOptions, type BankColumn, type BankFileOptions, type BankSummaryLine } from './options.js';

/**
 * bank.csv, the 代发文件 handed to the bank (一卡通 / 代发工资): one line per household with a
 * positive net payable and a bank account, in households.csv order. A household paid in cash
 * (SPEC §9.8 `payment: cash`) is never in it, whatever its account: it is on signoff.csv. Layout from the rules'
 * `bank_file` section. Accounts and ID numbers are written whole, as text; amounts with 2 decimals.
 * With `format: xlsx` the same rows are bank.xlsx, one sheet of text cells (bankXlsx.ts); with
 * `summary_rows` the rows start with 代发单位 / 合计笔数 / 合计金额 / 日期 lines; `preset` gives a
 * common bank layout (BANK_PRESETS in src/rules/types.ts).
 */

const BANK_LABELS: Record<BankColumn, readonly [string, string]> = {
  seq: ['seq', '序号'],
  name: ['name', '户主'],
  account: ['account', '银行账号'],
  amount: ['amount', '金额'],
  id_number: ['id_number', '身份证号'],
  household_id: ['household_id', '户号'],
  note: ['note', '备注'],
};

const SUMMARY_LABELS: Record<BankSummaryLine, readonly [string, string]> = {
  payer: ['payer', '代发单位'],
  count: ['count', '合计笔数'],
  total: ['total', '合计金额'],
  date: ['date', '日期'],
};

export type BankExclusion = 'W_NO_ACCOUNT' | 'W_NEGATIVE_NET';

export interface BankFile {
  /** The file's name in the output folder: bank.csv, or bank.xlsx with `bank_file: { format: xlsx }`. */
  name: 'bank.csv' | 'bank.xlsx';
  data: Buffer;
  /** Indexes (households.csv order) of the households in the file, in file order. */
  households: number[];
  /** Σ amounts in the file: Σ positive nets with an account, to the fen. */
  totalFen: bigint;
  /** Households left out although their net is not zero (cash households excepted: they are not missing). */
  excluded: { index: number; id: string; netFen: bigint; code: BankExclusion }[];
  /** SPEC §9.8: Σ positive nets of the households paid in cash, left out of the file by choice. */
  cashFen: bigint;
  /**
   * Warnings about excluded households that `dist.warnings` does not already hold (the engine emits
   * W_NO_ACCOUNT and W_NEGATIVE_NET itself, so this is normally empty): safe to append, never a duplicate.
   */
  warnings: EngineWarning[];
}

/** Σ positive nets of households paid by bank with a bank account: what bank.csv must add up to (reconciliation). */
export function bankPayableTotalFen(data: Dataset, dist: Distribution): bigint {
  return bankPayees(data, dist).totalFen;
}

/** How many households the bank file pays, and Σ of what it pays them (its 合计笔数 and 合计金额). */
export function bankPayees(data: Dataset, dist: Distribution): { count: number; totalFen: bigint } {
  const net = new SafeColumn(dist.cols.netFen);
  const sum = new ExactSum();
  let count = 0;
  data.households.forEach((h, i) => {
    if (h.bankAccount === '' || h.payment === 'cash') return;
    const v = net.at(i);
    if (v === v) {
      if (v > 0) {
        sum.add(v);
        count++;
      }
    } else if (net.col[i] > 0n) {
      sum.addBig(net.col[i]);
      count++;
    }
  });
  return { count, totalFen: sum.value() };
}

/** An exact running total of fen: in a JS number while it is a safe integer, then in bigint. */
export class ExactSum {
  private n = 0;
  private big = 0n;

  add(v: number): void {
    const t = this.n + v;
    if (t <= Number.MAX_SAFE_INTEGER && t >= -Number.MAX_SAFE_INTEGER) this.n = t;
    else {
      this.big += BigInt(this.n) + BigInt(v);
      this.n = 0;
    }
  }

  addBig(v: bigint): void {
    this.big += v;
  }

  value(): bigint {
    return this.big + BigInt(this.n);
  }
}

/** A column's or summary line's header text: the rules' (or preset's) label, else the default in `lang`. */
function labelOf(opts: BankFileOptions, key: BankColumn | BankSummaryLine, lang: Lang): string {
  const own = opts.labels[key];
  if (own !== undefined) return own;
  const pair = key in BANK_LABELS ? BANK_LABELS[key as BankColumn] : SUMMARY_LABELS[key as BankSummaryLine];
  return pair[lang === 'en' ? 0 : 1];
}

/** An amount in fen as a 2-decimal cell: from a JS number while it is safe, else from its text. */
function amountCell(out: CellSink, fen: bigint): void {
  if (fen <= BigInt(Number.MAX_SAFE_INTEGER)) out.fixed(Number(fen), 2);
  else out.num(formatFen(fen));
}

/**
 * The summary lines above the column header, one label and one value each: 代发单位 (`payer`, empty
 * when not given), 合计笔数, 合计金额 (the rows below, counted and added up in advance), 日期 (the
 * rules' 制表日期, `prepared_on` or `--date`, never the clock; empty without one).
 */
function emitSummaryRows(out: CellSink, rules: Rules, lang: Lang, opts: BankFileOptions, payees: { count: number; totalFen: bigint }): void {
  for (const line of opts.summary) {
    out.cell(labelOf(opts, line, lang));
    switch (line) {
      case 'payer':
        out.cell(opts.payer ?? '');
        break;
      case 'count':
        out.fixed(payees.count, 0);
        break;
      case 'total':
        amountCell(out, payees.totalFen);
        break;
      case 'date':
        out.cell(rules.preparedOn ?? '');
        break;
    }
    out.endRow();
  }
}

/**
 * bank.csv's cells, written to any sink (the byte builder for the file, a row collector for the
 * workbook and tests, the bank.xlsx sheet): the summary lines if asked, the header unless
 * `header: false`, then one row per household paid by bank.
 * Also returns who was paid, who was left out and both sums, for the reconciliation.
 */
function emitBankRows(out: CellSink, rules: Rules, data: Dataset, dist: Distribution, lang: Lang, opts: BankFileOptions) {
  if (data.households.length !== dist.households || dist.cols.netFen.length !== dist.households) {
    throw new InternalError(`bank: ${data.households.length} households but a distribution of ${dist.households}`);
  }
  const payees = opts.summary.length > 0 ? bankPayees(data, dist) : null;
  if (payees) emitSummaryRows(out, rules, lang, opts, payees);
  if (opts.header) {
    for (const c of opts.columns) out.cell(labelOf(opts, c, lang));
    out.endRow();
  }
  const note = opts.note ?? (lang === 'en' ? `${rules.year} distribution` : `${rules.year}年度收益分配`);
  const net = new SafeColumn(dist.cols.netFen);
  const households: number[] = [];
  const excluded: BankFile['excluded'] = [];
  const total = new ExactSum();
  const left = new ExactSum();
  const cash = new ExactSum();
  data.households.forEach((h, i) => {
    const v = net.at(i);
    const sign = v === v ? Math.sign(v) : net.col[i] > 0n ? 1 : -1; // NaN: beyond 2^53, never 0
    if (sign > 0 && h.payment === 'cash') {
      if (v === v) cash.add(v);
      else cash.addBig(net.col[i]);
      return;
    }
    const code = sign < 0 ? 'W_NEGATIVE_NET' : sign > 0 && h.bankAccount === '' ? 'W_NO_ACCOUNT' : null;
    if (code !== null) {
      excluded.push({ index: i, id: h.id, netFen: net.col[i], code });
      if (v === v) left.add(v);
      else left.addBig(net.col[i]);
      return;
    }
    if (sign === 0) return;
    households.push(i);
    if (v === v) total.add(v);
    else total.addBig(net.col[i]);
    for (const c of opts.columns) {
      switch (c) {
        case 'seq':
          out.fixed(households.length, 0);
          break;
        case 'name':
          out.cell(h.name);
          break;
        case 'account':
          out.cell(h.bankAccount);
          break;
        case 'amount':
          if (v === v) out.fixed(v, 2);
          else out.num(formatFen(net.col[i]));
          break;
        case 'id_number':
          out.cell(h.idNumber);
          break;
        case 'household_id':
          out.cell(h.id);
          break;
        case 'note':
          out.cell(note);
          break;
      }
    }
    out.endRow();
  });
  const totalFen = total.value();
  if (payees && (payees.count !== households.length || payees.totalFen !== totalFen)) {
    throw new InternalError(`bank: summary lines say ${payees.count} payments of ${formatFen(payees.totalFen)}, the rows ${households.length} of ${formatFen(totalFen)}`);
  }
  return { households, excluded, totalFen, excludedFen: left.value(), cashFen: cash.value() };
}

/** Summary lines (if asked), header (unless `header: false`) and rows, as cells. */
export function bankRows(rules: Rules, data: Dataset, dist: Distribution, lang: Lang, opts: BankFileOptions = bankFileOptions(rules)): { rows: Row[]; households: number[]; totalFen: bigint } {
  const c = new RowCollector();
  const { households, totalFen } = emitBankRows(c, rules, data, dist, lang, opts);
  return { rows: c.rows, households, totalFen };
}

/**
 * bank.csv: bytes (GB18030 by default, or UTF-8 without BOM — bank import programs choke on a BOM), total and exclusions.
 * The cells of bankRows, written row by row (a county pays a million households: no row arrays,
 * no BigInt per household where a JS number holds the amount exactly).
 * With `format: xlsx`, bank.xlsx: the same cells in one worksheet, every cell text (amounts too,
 * unless `amount: number`).
 */
export function bankFile(rules: Rules, data: Dataset, dist: Distribution, lang: Lang): BankFile {
  const opts = bankFileOptions(rules);
  let bytes: () => Buffer;
  let out: CellSink;
  if (opts.format === 'xlsx') {
    const sheet = new BankXlsxSheet({ moneyAsNumber: opts.amount === 'number' });
    out = sheet;
    bytes = () => sheet.bytes(opts.sheetName, rules.year);
  } else {
    const csv = new CsvBuilder(opts.encoding, { bom: false, delimiter: opts.delimiter, sizeHint: 48 * (data.households.length + 1 + opts.summary.length) });
    out = csv;
    bytes = () => csv.bytes();
  }
  const { households, excluded, totalFen, excludedFen, cashFen } = emitBankRows(out, rules, data, dist, lang, opts);
  // Reconciliation: the file is exactly the positive nets paid by bank with an account, and with the
  // households left out and those paid in cash it makes up the whole net payable.
  if (totalFen !== bankPayableTotalFen(data, dist) || totalFen + excludedFen + cashFen !== dist.netPayableFen) {
    throw new InternalError(
      `bank: file ${formatFen(totalFen)} + left out ${formatFen(excludedFen)} + cash ${formatFen(cashFen)} ≠ net payable ${formatFen(dist.netPayableFen)}`,
    );
  }

  // The lines the engine warned about, per code (a number per household: a county without accounts has a million).
  const known = { W_NO_ACCOUNT: new Set<number>(), W_NEGATIVE_NET: new Set<number>() };
  for (const w of dist.warnings) if (w.code === 'W_NO_ACCOUNT' || w.code === 'W_NEGATIVE_NET') known[w.code].add(w.place?.line ?? -1);
  const warnings: EngineWarning[] = [];
  for (const e of excluded) {
    const h = data.households[e.index];
    if (known[e.code].has(h.line)) continue;
    warnings.push({
      code: e.code,
      message:
        e.code === 'W_NEGATIVE_NET'
          ? `${inline(h.id)} ${inline(h.name)}: 扣减超过应分, 实发 ${formatFen(e.netFen)} 元, 不进入银行代发 (owes ${formatFen(-e.netFen)}; left out of the bank file)`
          : `${inline(h.id)} ${inline(h.name)}: 实发 ${formatFen(e.netFen)} 元, 但没有银行账号 (no bank account: pay in cash or add one)`,
      place: { file: 'households.csv', line: h.line, column: 0 },
    });
  }
  return { name: opts.format === 'xlsx' ? 'bank.xlsx' : 'bank.csv', data: bytes(), households, totalFen, excluded, cashFen, warnings };
}
