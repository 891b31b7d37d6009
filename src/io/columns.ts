/** The input files' columns (SPEC §3) and header matching (DESIGN.md: NFKC, trim, lower-case). */

export type FileKind = 'households' | 'revenue' | 'land' | 'shares' | 'labor' | 'points' | 'deductions';

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
  columns: readonly ColumnSpec[];
}

const col = (name: string, zh: string, aliases: string[], required = false): ColumnSpec => ({ name, zh, aliases, required });

/** In SPEC §2 order, which is also the reading order (households first: it defines the indexes). */
export const FILE_SPECS: readonly FileSpec[] = [
  {
    kind: 'households',
    file: 'households.csv',
    required: true,
    columns: [
      col('household_id', '户号', ['户号', '户编号'], true),
      col('name', '户主', ['户主', '户主姓名', '姓名'], true),
      col('village', '村组', ['村组', '村', '组']),
      col('id_number', '身份证号', ['身份证号', '身份证号码']),
      col('bank_account', '银行账号', ['银行账号', '账号', '一卡通账号']),
      col('category', '类别', ['类别', '户类型']),
    ],
  },
  {
    kind: 'revenue',
    file: 'revenue.csv',
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
    required: false,
    columns: [col('household_id', '户号', ['户号'], true), col('points', '积分', ['积分'], true)],
  },
  {
    kind: 'deductions',
    file: 'deductions.csv',
    required: false,
    columns: [
      col('household_id', '户号', ['户号'], true),
      col('amount', '金额', ['金额'], true),
      col('kind', '类型', ['类型']),
      col('note', '备注', ['备注']),
    ],
  },
];

export function fileSpec(kind: FileKind): FileSpec {
  const s = FILE_SPECS.find((f) => f.kind === kind);
  if (!s) throw new Error(`no file spec ${kind}`);
  return s;
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
