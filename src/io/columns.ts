/** The input files' columns (SPEC §3) and header matching (DESIGN.md: NFKC, trim, lower-case). */

export type FileKind = 'households' | 'revenue' | 'land' | 'shares' | 'labor' | 'points' | 'deductions' | 'persons' | 'transactions';

export interface ColumnSpec {
  /** Canonical English name. */
  name: string;
  /** Chinese label used in messages. */
  zh: string;
  aliases: readonly string[];
  required: boolean;
}

export interface FileSpec {
  kind: FileKind;
  /** Base name in the run directory. */
  file: string;
  required: boolean;
  /**
   * SPEC §10: the table's Chinese names, accepted as file names (`NAME.csv`, `NAME.xlsx`) and as sheet
   * names of the one workbook (录入表.xlsx); the first is the sheet `init --xlsx` writes.
   */
  names: readonly string[];
  /** Other names people give this table (not read): a file or sheet so named is pointed at the names above. */
  otherNames: readonly string[];
  /** The header `init` writes, in the order an accountant fills the sheet; none: init writes no such sheet. */
  template?: readonly string[];
  columns: readonly ColumnSpec[];
}

const col = (name: string, zh: string, aliases: string[], required = false): ColumnSpec => ({ name, zh, aliases, required });

/** In SPEC §2 order, which is also the reading order (households first: it defines the indexes). */
export const FILE_SPECS: readonly FileSpec[] = [
  {
    kind: 'households',
    file: 'households.csv',
    names: ['成员名册', '农户名册'],
    otherNames: ['成员', '农户', '户籍', '花名册', '社员名册'],
    template: ['户号', '户主', '村组', '身份证号', '银行账号', '类别'],
    required: true,
    columns: [
      col('household_id', '户号', ['户号', '户编号'], true),
      col('name', '户主', ['户主', '户主姓名', '姓名'], true),
      col('village', '村组', ['村组', '村', '组']),
      col('id_number', '身份证号', ['身份证号', '身份证号码']),
      col('bank_account', '银行账号', ['银行账号', '账号', '一卡通账号']),
      col('category', '类别', ['类别', '户类型']),
      // SPEC §9.1 and §9.8: optional, and not in init's template (a §4 folder stays as it was).
      col('persons', '人数', ['人数', '人口', '家庭人口', '股东人数']),
      col('payment', '发放方式', ['发放方式']),
    ],
  },
  {
    kind: 'revenue',
    file: 'revenue.csv',
    names: ['收支'],
    otherNames: ['收入支出', '收支明细', '收益', '账目'],
    template: ['日期', '收支', '科目', '金额', '备注'],
    required: true,
    columns: [
      col('kind', '收支', ['收支', '类型'], true),
      col('amount', '金额', ['金额'], true),
      col('date', '日期', ['日期']),
      col('category', '科目', ['科目', '类别']),
      col('note', '备注', ['备注']),
    ],
  },
  {
    kind: 'land',
    file: 'land.csv',
    names: ['土地'],
    otherNames: ['土地流转', '流转', '地块', '承包地'],
    template: ['户号', '地块编号', '地类', '面积(亩)', '方式', '月数'],
    required: false,
    columns: [
      col('household_id', '户号', ['户号'], true),
      col('plot_id', '地块编号', ['地块编号']),
      col('land_type', '地类', ['地类'], true),
      col('area_mu', '面积', ['面积', '面积(亩)', '亩数'], true),
      col('arrangement', '方式', ['方式', '经营方式'], true),
      col('months', '月数', ['月数']),
    ],
  },
  {
    kind: 'shares',
    file: 'shares.csv',
    names: ['股份'],
    otherNames: ['入股', '股权', '股金'],
    template: ['户号', '股份类别', '股数', '月数'],
    required: false,
    columns: [
      col('household_id', '户号', ['户号'], true),
      col('class', '股份类别', ['股份类别', '股类'], true),
      col('units', '股数', ['股数'], true),
      col('months', '月数', ['月数']),
    ],
  },
  {
    kind: 'labor',
    file: 'labor.csv',
    names: ['务工', '用工'],
    otherNames: ['务工记录', '用工记录', '出工', '工日'],
    template: ['户号', '日期', '务工人员', '工种', '天数'],
    required: false,
    columns: [
      col('household_id', '户号', ['户号'], true),
      col('days', '天数', ['天数', '工日'], true),
      col('job', '工种', ['工种']),
      col('date', '日期', ['日期']),
      col('worker', '务工人员', ['务工人员']),
    ],
  },
  {
    kind: 'points',
    file: 'points.csv',
    names: ['积分'],
    otherNames: ['积分表', '积分明细'],
    required: false,
    columns: [col('household_id', '户号', ['户号'], true), col('points', '积分', ['积分'], true)],
  },
  {
    kind: 'deductions',
    file: 'deductions.csv',
    names: ['扣减', '扣款'],
    otherNames: ['预支', '借支', '代扣'],
    template: ['户号', '类型', '金额', '备注'],
    required: false,
    columns: [
      col('household_id', '户号', ['户号'], true),
      col('amount', '金额', ['金额'], true),
      col('kind', '类型', ['类型']),
      col('note', '备注', ['备注']),
    ],
  },
  {
    // SPEC §9.1: the persons of each household (人口股); read after households.csv, like every table.
    kind: 'persons',
    file: 'persons.csv',
    names: ['人口', '家庭成员'],
    otherNames: ['人口名册', '家庭人口', '成员信息', '人员'],
    template: ['户号', '姓名', '身份证号', '出生日期', '标签', '月数'],
    required: false,
    columns: [
      col('household_id', '户号', ['户号'], true),
      col('name', '姓名', ['姓名'], true),
      col('id_number', '身份证号', ['身份证号', '身份证号码']),
      col('birth_date', '出生日期', ['出生日期']),
      col('tags', '标签', ['标签']),
      col('months', '月数', ['月数']),
    ],
  },
  {
    // SPEC §9.5: what each household sold through or bought from the cooperative (按交易量返还).
    kind: 'transactions',
    file: 'transactions.csv',
    names: ['交易'],
    otherNames: ['交易记录', '交易明细', '交售', '交售记录', '购销'],
    template: ['户号', '日期', '产品', '数量', '金额', '备注'],
    required: false,
    columns: [
      col('household_id', '户号', ['户号'], true),
      col('amount', '金额', ['金额', '交易额'], true),
      col('quantity', '数量', ['数量', '交易量']),
      col('product', '产品', ['产品', '品种']),
      col('date', '日期', ['日期']),
      col('note', '备注', ['备注']),
    ],
  },
];

/** SPEC §10: the one workbook for every table, its sheets named by the tables' names. */
export const WORKBOOK_FILES: readonly string[] = ['录入表.xlsx', 'inputs.xlsx'];
/** The workbook's instructions sheet (init --xlsx writes it): never read, never reported. */
export const NOTES_SHEET = '说明';
/** What an input table's own file may end in. */
export const TABLE_EXTENSIONS: readonly string[] = ['.csv', '.xlsx'];

/** `households` for households.csv: the English name of a table, as a file stem and a sheet name. */
export function englishName(spec: FileSpec): string {
  return spec.file.replace(/\.csv$/, '');
}

/** A file stem or sheet name as it is matched: NFKC (full-width letters), trimmed. */
export function nameKey(name: string): string {
  return name.normalize('NFKC').trim();
}

/**
 * The table a file stem (`labor`, `务工`, `用工`) names, or undefined. Sheet names are also matched
 * ignoring case (`Labor`): Excel itself treats sheet names so.
 */
export function specByName(name: string, sheet = false): FileSpec | undefined {
  const key = nameKey(name);
  const lower = key.toLowerCase();
  return FILE_SPECS.find((s) => key === englishName(s) || s.names.includes(key) || (sheet && lower === englishName(s)));
}

/** The table a name is probably meant for (`务工记录`, `Labor`, `成员`): for W_UNKNOWN_FILE's hint. */
export function specLookingLike(name: string): FileSpec | undefined {
  const key = nameKey(name);
  const lower = key.toLowerCase();
  const exact = FILE_SPECS.find((s) => s.otherNames.includes(key) || s.names.includes(key) || lower === englishName(s));
  if (exact) return exact;
  // 务工表, 2025年务工, 成员名册(新), labor2025: a name holding exactly one table's name
  const holding = FILE_SPECS.filter((s) => [...s.names, ...s.otherNames].some((n) => key.includes(n)) || lower.includes(englishName(s)));
  return holding.length === 1 ? holding[0] : undefined;
}

/**
 * The table an input as named in problems and in summary.json's `inputs` is: `labor.csv`,
 * `务工.xlsx`, `录入表.xlsx[务工]`. Undefined for anything else.
 */
export function inputTable(input: string): FileSpec | undefined {
  const sheet = /^(.*)\[([^\]]*)\]$/.exec(input);
  if (sheet) return WORKBOOK_FILES.includes(nameKey(sheet[1])) ? specByName(sheet[2], true) : undefined;
  const m = /^(.*)(\.csv|\.xlsx)$/.exec(input);
  return m ? specByName(m[1]) : undefined;
}

/** Every file name a run folder's inputs may have (rules.yaml aside): each table's names as .csv and .xlsx, then the workbooks. */
export function inputFileNames(): string[] {
  return [...FILE_SPECS.flatMap((s) => [englishName(s), ...s.names].flatMap((n) => TABLE_EXTENSIONS.map((e) => n + e))), ...WORKBOOK_FILES];
}

/** Header cell → matching key: NFKC (full-width `（亩）` → `(亩)`), trim, lower-case. */
export function normalizeHeader(cell: string): string {
  return cell.normalize('NFKC').trim().toLowerCase();
}

const lookupCache = new Map<FileKind, Map<string, ColumnSpec>>();

/** Normalised English name and aliases → column, for one file. */
export function headerLookup(spec: FileSpec): Map<string, ColumnSpec> {
  let m = lookupCache.get(spec.kind);
  if (!m) {
    m = new Map();
    for (const c of spec.columns) {
      m.set(normalizeHeader(c.name), c);
      for (const a of c.aliases) m.set(normalizeHeader(a), c);
    }
    lookupCache.set(spec.kind, m);
  }
  return m;
}

/** `household_id（户号）` for messages. */
export function columnLabel(c: ColumnSpec): string {
  return `${c.name}（${c.zh}）`;
}
