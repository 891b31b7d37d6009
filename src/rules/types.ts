import type { Basis } from '../bases/registry.js';
import type { Exact } from '../money/exact.js';

export type { Basis };

/** A place in rules.yaml, for errors found after loading (e.g. E_EMPTY_BASIS). */
export interface RulePos {
  line: number;
  column: number;
  /** The rules file this place is in (batch: ROOT/rules.yaml or the village's); set by loadRules. */
  file?: string;
}


export interface ShareClass {
  guaranteedPerUnit: Exact; // 元 per time-weighted unit per year; default 0
  weight: Exact; // for the share_units basis; default 1
  pos: RulePos;
}

export interface FixedEntry {
  to: string;
  /** The amount written (`amount:`); with `percent_of_income` it is computed by the engine (0 here). */
  amountFen: bigint;
  /** SPEC §9.7: `percent_of_income: 5` instead of `amount`; null when `amount` is given. */
  percentOfIncome: Exact | null;
  /** SPEC §9.5: a reserve entry (公积金), taken out of D for the cooperative law's 60 %. */
  reserve: boolean;
  pos: RulePos;
}

export interface ShareEntry {
  to: string; // `members` = the households' performance dividend
  percent: Exact; // > 0; all add up to exactly 100
  reserve: boolean; // SPEC §9.5
  /** SPEC §9.9: a basis listed among the entries (`{ to: members, basis: persons, percent: 30 }`). */
  basis: MemberBasis | null;
  pos: RulePos;
}

export interface MemberBasis {
  basis: Basis;
  percent: Exact;
  /** share_units only: restrict to these classes; null = all classes. */
  classes: string[] | null;
  /** SPEC §9.2: only these categories keep their weight; null = every household. */
  categories: string[] | null;
  /** SPEC §9.2: weight × the category's factor (unlisted 0); null = none. */
  categoryWeights: Map<string, Exact> | null;
  /** SPEC §9.3: a declared rate (元 per unit of weight), or a rate derived at `rateStep`; null = split. */
  rate: Exact | null;
  rateStep: Exact | null;
  /** The entry that keeps (or gives) what a rated basis does not pay out exactly. */
  remainderTo: string | null;
  /** SPEC §9.1, basis persons: filters (AND); null = none. */
  minAge: number | null;
  maxAge: number | null;
  tags: string[] | null;
  /** SPEC §9.5, basis transactions: `amount` (default) or `quantity`. */
  by: 'amount' | 'quantity';
  /** by: quantity only; null = 1 for every product. */
  productWeights: Map<string, Exact> | null;
  pos: RulePos;
}

/** SPEC §9.4: share units held by a payee that is not a household (村集体, an enterprise). */
export interface ShareHolder {
  to: string;
  class: string;
  units: Exact;
  months: number; // 1–12
  pos: RulePos;
}

export interface Floor {
  category: string;
  minTotalFen: bigint;
  fundedBy: string; // a fixed or shares entry's `to`, never `members`
  pos: RulePos;
}

/** rules.yaml after parse → normalise → validate (SPEC §4). Map order = order written. */
export interface Rules {
  name: string;
  year: number;
  /** 制表日期 printed on the sheets (`prepared_on`, or `--date`), YYYY-MM-DD; null: none printed. */
  preparedOn: string | null;
  wages: {
    defaultPerDay: Exact | null; // null when not given
    perDay: Map<string, Exact>;
  };
  land: {
    rentPerMu: Map<string, Exact>;
    unitsPerMu: Map<string, Exact>;
  };
  shareClasses: Map<string, ShareClass>;
  guaranteedShortfall: 'pay' | 'scale';
  fixed: FixedEntry[];
  shares: ShareEntry[];
  /** Every basis in the order listed: the `members:` section, or (SPEC §9.9) the bases listed in
   * `distribution.shares` (the same objects as those entries' `basis`). */
  members: MemberBasis[];
  floors: Floor[];
  /** SPEC §9.4; [] when absent (`shareHoldersGiven` tells whether the key was written). */
  shareHolders: ShareHolder[];
  shareHoldersGiven: boolean;
  /** SPEC §9.5: `farmers_cooperative` turns on the 60 % check. */
  legalForm: 'joint_venture' | 'farmers_cooperative';
  /** Where E_COOP_LAW is reported: `members`, or `distribution` in the §9.9 form. */
  coopLawPos: RulePos | null;
  /** SPEC §9.6: last year's balance; null when `opening:` is absent. */
  opening: { retainedFen: bigint; lossFen: bigint } | null;
  /** SPEC §9.8: how a household with an empty `payment` cell is paid. */
  paymentDefault: 'bank' | 'cash';
  /** `disclosure` as written ({} when absent); render/options.ts applies the defaults. */
  disclosure: DisclosureRules;
  /** `bank_file` as written ({} when absent). */
  bankFile: BankFileRules;
  /** `csv.excel_text` (false when absent): identifiers in the CSV sheets written as `="…"` for Excel. */
  csvExcelText: boolean;
  /** Path as given, and sha256 of the file's bytes. */
  file: string;
  sha256: string;
}

/** `disclosure:` (公示), Rules.disclosure; only the keys written. */
export interface DisclosureRules {
  mask_names?: boolean;
}

export const BANK_COLUMNS = ['seq', 'name', 'account', 'amount', 'id_number', 'household_id', 'note'] as const;
export type BankColumn = (typeof BANK_COLUMNS)[number];
export const BANK_DELIMITERS = [',', '|', '\t'] as const;
export const BANK_ENCODINGS = ['gb18030', 'utf8'] as const;
/** `bank_file.format`: bank.csv (the default) or bank.xlsx (one sheet, every cell text). */
export const BANK_FORMATS = ['csv', 'xlsx'] as const;
/** `bank_file.amount` in bank.xlsx: text cells "1234.50" (the default) or number cells formatted 0.00. */
export const BANK_AMOUNT_TYPES = ['text', 'number'] as const;
/** The lines `summary_rows` may write above the column header: 代发单位, 合计笔数, 合计金额, 日期. */
export const BANK_SUMMARY_LINES = ['payer', 'count', 'total', 'date'] as const;
export type BankSummaryLine = (typeof BANK_SUMMARY_LINES)[number];
export const BANK_PRESET_NAMES = ['nongxin', 'abc', 'psbc'] as const;
export type BankPreset = (typeof BANK_PRESET_NAMES)[number];

/** `bank_file:` (代发文件), Rules.bankFile; only the keys written. */
export interface BankFileRules {
  preset?: BankPreset;
  format?: (typeof BANK_FORMATS)[number];
  columns?: BankColumn[];
  /** Header text for a column or a summary line, replacing the default (or the preset's). */
  labels?: Partial<Record<BankColumn | BankSummaryLine, string>>;
  delimiter?: (typeof BANK_DELIMITERS)[number];
  header?: boolean;
  /** true: the four lines of BANK_SUMMARY_LINES; a list: those, in that order; false: none. */
  summary_rows?: boolean | BankSummaryLine[];
  /** 代发单位 on the summary lines: the paying account's name as the bank has it. */
  payer?: string;
  /** The `note` column's text (default `YEAR年度收益分配`). */
  note?: string;
  amount?: (typeof BANK_AMOUNT_TYPES)[number];
  sheet_name?: string;
  encoding?: (typeof BANK_ENCODINGS)[number];
}

/**
 * Common 代发 layouts, as `bank_file` keys; keys written beside `preset` replace the preset's
 * (labels one by one). They are layouts often seen at these banks, not any bank's specification:
 * branches differ, and README says how to check with the bank before the first payment.
 */
export const BANK_PRESETS: Readonly<Record<BankPreset, Readonly<BankFileRules>>> = {
  // 农信社 / 农商行: 序号, 账号, 户名, 金额, 备注 under 代发单位 / 合计笔数 / 合计金额 / 日期.
  nongxin: {
    format: 'xlsx',
    columns: ['seq', 'account', 'name', 'amount', 'note'],
    labels: { seq: '序号', account: '账号', name: '户名', amount: '金额', note: '备注', payer: '代发单位', count: '合计笔数', total: '合计金额', date: '日期' },
    header: true,
    summary_rows: ['payer', 'count', 'total', 'date'],
    amount: 'text',
  },
  // 农业银行: 序号, 姓名, 账号, 金额, a plain table, amounts as number cells with 2 decimals.
  abc: {
    format: 'xlsx',
    columns: ['seq', 'name', 'account', 'amount'],
    labels: { seq: '序号', name: '姓名', account: '账号', amount: '金额' },
    header: true,
    summary_rows: false,
    amount: 'number',
  },
  // 邮储银行: 序号, 户名, 证件号码, 账号, 金额, 备注 under 合计笔数 / 合计金额.
  psbc: {
    format: 'xlsx',
    columns: ['seq', 'name', 'id_number', 'account', 'amount', 'note'],
    labels: { seq: '序号', name: '户名', id_number: '证件号码', account: '账号', amount: '金额', note: '备注', count: '合计笔数', total: '合计金额' },
    header: true,
    summary_rows: ['count', 'total'],
    amount: 'text',
  },
};
