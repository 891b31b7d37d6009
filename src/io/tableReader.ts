/**
 * Source-independent table reading: the first non-blank record is the header, the rest are rows.
 * Records come as (fields, line) from the CSV tokenizer, or from any other source (an .xlsx reader
 * feeds the same `record` / `issue` / `end` calls).
 */
import { columnLabel, headerLookup, normalizeHeader, type ColumnSpec, type FileSpec } from './columns.js';
import { isBlankRecord, type TokenizerIssue } from './csvTokenizer.js';
import { FileContext, q } from './fileContext.js';
import { suggest } from '../util/suggest.js';

/** Canonical column name → 0-based field index (absent columns are not in the map). */
export type ColumnIndex = ReadonlyMap<string, number>;

/** Handles one data row: `fields` has exactly the header's width; values are not trimmed yet. */
export type RowFn = (fields: string[], line: number) => void;

/** Called once the header is known and has every required column. */
export type RowFnFactory = (cols: ColumnIndex) => RowFn;

export const MAX_COLUMNS = 1000;
/** Title rows skipped above the header at most (SPEC §10); past them the first row is taken as the header. */
export const MAX_TITLE_ROWS = 20;
export const MAX_FIELD_LENGTH = 65536;

export class TableReader {
  readonly ctx: FileContext;
  readonly spec: FileSpec;
  private readonly factory: RowFnFactory;
  private rowFn: RowFn | null = null;
  private headerSeen = false;
  private width = 0;
  /** Header width without its trailing empty cells: rows may be this long or longer (blank beyond). */
  private minWidth = 0;
  /** The first title-row candidate (a row naming no known column), taken as the header if none follows. */
  private firstCandidate: { fields: string[]; line: number } | null = null;
  private candidates = 0;
  /** Header columns with an empty name, watched for data (warned once). */
  private emptyCols: number[] = [];
  /** Data rows (header and blank lines excluded). */
  rows = 0;
  headerLine = 0;
  cols: ColumnIndex = new Map();
  /** Rows can be checked: the header was read and has every required column. */
  usable = false;
  /** The file could not be read to its end (encoding problem, unclosed quote, bad header). */
  broken = false;
  /** `--max-rows`: more data rows than this is E_TOO_LARGE (once), and later rows are not checked. */
  maxRows = Infinity;

  constructor(ctx: FileContext, spec: FileSpec, factory: RowFnFactory) {
    this.ctx = ctx;
    this.spec = spec;
    this.factory = factory;
  }

  /**
   * A byte lane may hand rows straight to the Dataset: the header is read and usable. Returns the
   * header width, or 0. A lane that does so takes only rows whose emptyColumns are empty (such a
   * column is watched for data: the first value in it is reported).
   */
  get fastWidth(): number {
    // With a row limit every row goes through `record`, which counts them against it.
    return this.rowFn !== null && this.maxRows === Infinity ? this.width : 0;
  }

  /** The columns still watched for data: those whose header cell is empty (Excel's trailing `,,`), until data is found in them. */
  get emptyColumns(): readonly number[] {
    return this.emptyCols.slice();
  }

  /** Rows the fast lane folded itself (it checked everything `record` would). */
  countRows(n: number): void {
    this.rows += n;
  }

  /** One record. Blank records are skipped here too, whatever the source. */
  readonly record = (fields: string[], line: number): void => {
    if (isBlankRecord(fields)) return;
    if (!this.headerSeen) {
      if (this.isTitleRow(fields, line)) return;
      this.firstCandidate = null;
      this.header(fields, line);
      return;
    }
    this.rows++;
    if (this.rows > this.maxRows) this.overLimit(line);
    if (this.rowFn === null) return;
    if (fields.length !== this.width && !this.trailingBlanksOnly(fields)) {
      const n = fields.length;
      this.ctx.error(
        line,
        Math.min(n, this.width) + 1,
        'E_RAGGED_ROW',
        `这一行有 ${n} 个字段，表头有 ${this.width} 列，请检查多余或缺少的逗号 (row has ${n} fields, header has ${this.width})`,
      );
      return;
    }
    if (this.emptyCols.length > 0) this.watchEmptyColumns(fields, line);
    this.rowFn(fields, line);
  };

  /**
   * Title rows above the header (SPEC §10): a row naming none of the table's columns is skipped
   * while no header was found, up to MAX_TITLE_ROWS; a row naming some but not all required columns
   * is the header (its missing columns are reported as always).
   */
  private isTitleRow(fields: string[], line: number): boolean {
    const lookup = headerLookup(this.spec);
    for (let j = 0; j < fields.length; j++) if (lookup.has(normalizeHeader(fields[j]))) return false;
    if (this.candidates >= MAX_TITLE_ROWS) {
      if (this.firstCandidate === null) return false;
      const c = this.firstCandidate;
      this.firstCandidate = null;
      this.header(c.fields, c.line);
      return true;
    }
    this.candidates++;
    if (this.firstCandidate === null) this.firstCandidate = { fields, line };
    return true;
  }

  /** A row shorter than the header only by its blank trailing columns (empty header cells, empty values). */
  private trailingBlanksOnly(fields: string[]): boolean {
    const n = fields.length;
    // Never longer than the header: `120,000.00` unquoted splits into an extra field, which must stay E_RAGGED_ROW.
    if (n < this.minWidth || n > this.width) return false;
    for (let j = this.minWidth; j < n; j++) if (fields[j].trim() !== '') return false;
    return true;
  }

  private overLimit(line: number): void {
    if (this.rows !== this.maxRows + 1) return;
    this.ctx.error(line, 0, 'E_TOO_LARGE', `超过允许的 ${this.maxRows} 行 (--max-rows)，其后的行不再检查 (more than ${this.maxRows} rows)`);
    this.rowFn = null;
    this.broken = true;
  }

  /** A record the tokenizer could not keep whole. */
  readonly issue = (issue: TokenizerIssue, line: number, column: number): void => {
    const isHeader = !this.headerSeen;
    if (isHeader) {
      this.headerSeen = true;
      this.headerLine = line;
      this.broken = true;
    } else this.rows++;
    switch (issue) {
      case 'field-too-large':
        this.ctx.error(line, column, 'E_TOO_LARGE', `字段超过 64 KiB，可能是引号没有配对 (field longer than 64 KiB)`);
        break;
      case 'too-many-fields':
        if (isHeader)
          this.ctx.error(line, column, 'E_TOO_LARGE', `表头超过 ${MAX_COLUMNS} 列 (more than ${MAX_COLUMNS} columns)`);
        else
          this.ctx.error(
            line,
            this.width + 1,
            'E_RAGGED_ROW',
            `这一行超过 ${MAX_COLUMNS} 个字段，表头有 ${this.width} 列 (row has more than ${MAX_COLUMNS} fields, header has ${this.width})`,
          );
        break;
      case 'unclosed-quote':
        this.broken = true;
        this.ctx.error(
          line,
          column,
          'E_BAD_QUOTE',
          `引号没有闭合：从这里开始的字段一直延续到文件末尾 (unclosed quote: the field runs to the end of the file)`,
        );
        break;
    }
  };

  private header(fields: string[], line: number): void {
    this.headerSeen = true;
    this.headerLine = line;
    this.width = fields.length;
    let w = fields.length;
    while (w > 0 && normalizeHeader(fields[w - 1]) === '') w--;
    this.minWidth = w;
    const lookup = headerLookup(this.spec);
    const present = new Set<string>();
    for (const f of fields) {
      const c = lookup.get(normalizeHeader(f));
      if (c) present.add(c.name);
    }
    const cols = new Map<string, number>();
    for (let j = 0; j < fields.length; j++) {
      const key = normalizeHeader(fields[j]);
      if (key === '') {
        this.emptyCols.push(j);
        continue;
      }
      const c = lookup.get(key);
      if (!c) {
        const near = nearColumn(key, lookup, present);
        this.ctx.warn(
          line,
          j + 1,
          'W_UNKNOWN_COLUMN',
          near === null
            ? `不认识的列 ${q(fields[j].trim())}，已忽略 (unknown column, ignored)`
            : `不认识的列 ${q(fields[j].trim())}，已忽略；是否应为 ${q(near)}? (unknown column, ignored; did you mean ${q(near)}?)`,
        );
        continue;
      }
      const first = cols.get(c.name);
      if (first !== undefined) {
        this.ctx.error(
          line,
          j + 1,
          'E_DUPLICATE_COLUMN',
          `列重复：${q(fields[j].trim())} 和第 ${first + 1} 列 ${q(fields[first].trim())} 都是 ${columnLabel(c)} (duplicate column ${c.name})`,
        );
        continue;
      }
      cols.set(c.name, j);
    }
    let missing = false;
    for (const c of this.spec.columns) {
      if (!c.required || cols.has(c.name)) continue;
      missing = true;
      this.ctx.error(
        line,
        0,
        'E_MISSING_COLUMN',
        `缺少必需的列 ${columnLabel(c)}，可用列名：${[c.name, ...c.aliases].join(' / ')} (missing required column ${c.name})`,
      );
    }
    this.cols = cols;
    if (!missing) {
      this.usable = true;
      this.rowFn = this.factory(cols);
    } else this.broken = true;
  }

  private watchEmptyColumns(fields: string[], line: number): void {
    for (let k = 0; k < this.emptyCols.length; k++) {
      const j = this.emptyCols[k];
      if (j >= fields.length || fields[j].trim() === '') continue;
      this.ctx.warn(line, j + 1, 'W_UNKNOWN_COLUMN', `第 ${j + 1} 列没有列名，其中的数据已忽略 (column without a header name, ignored)`);
      this.emptyCols.splice(k, 1);
      k--;
    }
  }

  /** The input ended. An input without any header is reported as missing every required column. */
  end(): void {
    if (!this.headerSeen && this.firstCandidate !== null) {
      // Only title-like rows: the first is the header, reported as today (unknown and missing columns).
      const c = this.firstCandidate;
      this.firstCandidate = null;
      this.header(c.fields, c.line);
      return;
    }
    if (this.headerSeen) return;
    this.broken = true;
    const required = this.spec.columns.filter((c) => c.required).map((c) => c.name);
    this.ctx.error(
      0,
      0,
      'E_MISSING_COLUMN',
      `文件是空的，没有表头；需要的列：${required.join(', ')} (empty file: no header row)`,
    );
  }
}

/**
 * The column name a misspelt header probably meant (`面职` for 面积, `househld_id`), among the
 * columns this header does not have yet; none for names under 3 characters (序号 is not 户号).
 */
function nearColumn(key: string, lookup: ReadonlyMap<string, ColumnSpec>, present: ReadonlySet<string>): string | null {
  if ([...key].length < 3) return null;
  const names = [...lookup].filter(([, c]) => !present.has(c.name)).map(([name]) => name);
  return suggest(key, names);
}
