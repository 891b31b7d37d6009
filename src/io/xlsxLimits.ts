// Long because every limit is enforced in the stream that carries its bytes (declared sizes, inflated bytes, XML depth, shared strings); split, the checks would need to share the stream state.
/**
 * Bounds on reading an .xlsx (issue 12): a workbook is a zip of XML parts, and both layers can be
 * made to explode — a 1.5 MB deflate bomb inflating to gigabytes, a 1 MB sharedStrings.xml holding
 * millions of empty strings, XML nested a million deep. Every limit is checked while the bytes come
 * in (the zip's declared sizes before inflating, the inflated bytes and the XML as they stream), so
 * a hostile file is refused within a second or two and in bounded memory, never after a full parse.
 * The limits are far above what a village's workbook holds (a few hundred KiB) and at or above
 * Excel's own (1,048,576 rows, 16,384 columns, 32,767 characters a cell). DESIGN.md, "Excel input".
 */
import { Transform, type TransformCallback } from 'node:stream';

/** Uncompressed bytes of one part (a worksheet's XML). */
export const MAX_PART_BYTES = 200 << 20;
/** Uncompressed bytes of all the zip's entries together. */
export const MAX_TOTAL_BYTES = 512 << 20;
/** Entries in the zip (Excel writes a few dozen). */
export const MAX_ENTRIES = 10_000;
/** Uncompressed : compressed, refused only for a part larger than RATIO_FLOOR (small parts compress very well). */
export const MAX_RATIO = 200;
export const RATIO_FLOOR = 8 << 20;
/** Shared strings: entries and characters (UTF-16 code units) in all. */
export const MAX_SHARED_STRINGS = 1_000_000;
export const MAX_SHARED_CHARS = 100_000_000;
/** XML element depth (a worksheet needs 6). */
export const MAX_XML_DEPTH = 64;
/** Bytes of one tag, or of text between two tags (a cell holds at most 32,767 characters). */
export const MAX_XML_RUN = 1 << 20;
/** Excel's own sheet limits: rows in a sheet, cells in a row. */
export const MAX_SHEET_ROWS = 1_048_576;
export const MAX_ROW_CELLS = 16_384;

const MB = (n: number): string => `${Math.round(n / (1 << 20))} MB`;

/** The workbook exceeds a reading limit: E_TOO_LARGE at FILE:0:0. */
export class XlsxTooLarge extends Error {
  override readonly name = 'XlsxTooLarge';
  constructor(
    /** Chinese, what is too large. */
    readonly zh: string,
    /** English. */
    readonly en: string,
  ) {
    super(en);
  }

  /** The problem's message (after `NAME：`). */
  text(): string {
    return `工作簿超出读取上限：${this.zh}。可能是损坏的文件或“压缩炸弹”；请确认文件来源，数据确实这么多时请分成几个工作簿 (workbook over the reading limits: ${this.en})`;
  }
}

/** A part's XML is truncated or not well-formed inside a whole zip: E_BAD_ENCODING at FILE:0:0. */
export class XlsxDamaged extends Error {
  override readonly name = 'XlsxDamaged';
}

/** The message for a damaged part (the zip itself is whole). */
export function damagedText(why: string): string {
  return `工作簿已损坏（工作表内容不完整或格式错误），请在 Excel 或 WPS 中打开并重新保存 (damaged workbook: ${why}; open it in Excel or WPS and save it again)`;
}

/** Checks a zip entry's declared sizes; throws XlsxTooLarge. `total`: the sum so far, with this one. */
export function checkDeclared(name: string, size: number, compressed: number, total: number, count: number): void {
  if (count > MAX_ENTRIES) throw new XlsxTooLarge(`压缩包中的文件超过 ${MAX_ENTRIES} 个`, `more than ${MAX_ENTRIES} zip entries`);
  if (size > MAX_PART_BYTES) throw new XlsxTooLarge(`${name} 解压后 ${MB(size)}，超过 ${MB(MAX_PART_BYTES)}`, `${name} inflates to ${MB(size)}, over ${MB(MAX_PART_BYTES)}`);
  if (size > RATIO_FLOOR && size > MAX_RATIO * Math.max(compressed, 1))
    throw new XlsxTooLarge(`${name} 的压缩比超过 ${MAX_RATIO}:1（${MB(size)}）`, `${name} compressed over ${MAX_RATIO}:1 (${MB(size)})`);
  if (total > MAX_TOTAL_BYTES) throw new XlsxTooLarge(`解压后合计超过 ${MB(MAX_TOTAL_BYTES)}`, `entries inflate to over ${MB(MAX_TOTAL_BYTES)} in all`);
}

/** Counts shared strings as they are parsed; throws XlsxTooLarge. */
export class SharedStringBudget {
  private count = 0;
  private chars = 0;

  add(text: unknown): void {
    this.count++;
    if (typeof text === 'string') this.chars += text.length;
    else if (text !== null && typeof text === 'object') {
      for (const r of (text as { richText?: { text?: unknown }[] }).richText ?? []) if (typeof r.text === 'string') this.chars += r.text.length;
    }
    if (this.count > MAX_SHARED_STRINGS)
      throw new XlsxTooLarge(`共享字符串超过 ${MAX_SHARED_STRINGS.toLocaleString('en')} 个`, `more than ${MAX_SHARED_STRINGS} shared strings`);
    if (this.chars > MAX_SHARED_CHARS)
      throw new XlsxTooLarge(`共享字符串合计超过 ${MAX_SHARED_CHARS.toLocaleString('en')} 个字符`, `shared strings over ${MAX_SHARED_CHARS} characters`);
  }
}

// Lexer states.
const TEXT = 0;
const LT = 1; // after '<'
const OPEN_NAME = 2;
const IN_OPEN = 3; // attributes
const QUOTE = 4; // inside an attribute value
const CLOSE = 5; // `</…`
const BANG = 6; // after `<!`
const COMMENT = 7;
const CDATA = 8;
const PI = 9;

const C_LT = 0x3c;
const C_GT = 0x3e;
const C_SLASH = 0x2f;
const C_BANG = 0x21;
const C_QMARK = 0x3f;
const C_DQ = 0x22;
const C_SQ = 0x27;
const C_COLON = 0x3a;
const C_DASH = 0x2d;
const C_RBRACKET = 0x5d;

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

/**
 * A pass-through that bounds one part's bytes and checks its XML's shape as it streams, before the
 * XML parser sees a chunk: element depth, tag and text length, and (a worksheet) rows and cells per
 * row; at the end, that the root element was closed (a truncated part is an error, never a short
 * read). Not a full XML parser: exceljs's (saxes) still rejects what is malformed. A DTD is refused
 * outright (OOXML parts have none; saxes would not expand its entities anyway).
 */
export class XmlGuard extends Transform {
  private readonly shape: XmlShape;

  constructor(part: string, maxBytes: number, budget: { left: number }, kind: PartKind) {
    super();
    this.shape = new XmlShape(part, maxBytes, budget, kind);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    try {
      this.shape.feed(chunk);
    } catch (e) {
      done(e as Error);
      return;
    }
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    try {
      this.shape.end();
    } catch (e) {
      done(e as Error);
      return;
    }
    done();
  }
}

/** What is counted in a part: rows and cells (a worksheet), entries (xl/sharedStrings.xml). */
export type PartKind = 'sheet' | 'sst' | 'other';

/** The kind of a part by its name, as Excel names them (the zip check guards these before any parsing). */
export function partKind(name: string): PartKind | null {
  if (/^xl\/worksheets\/[^/]+\.xml$/.test(name)) return 'sheet';
  if (name === 'xl/sharedStrings.xml') return 'sst';
  return null;
}

/** XmlGuard's checks, fed chunk by chunk; `feed` and `end` throw XlsxTooLarge or XlsxDamaged. */
export class XmlShape {
  private bytes = 0;
  private state = TEXT;
  private depth = 0;
  private rootClosed = false;
  private run = 0;
  private quote = 0;
  private prevSlash = false;
  /** The open tag's local name so far (only its length and first three bytes matter). */
  private nameLen = 0;
  private n0 = 0;
  private n1 = 0;
  private n2 = 0;
  /** The last two bytes inside a comment / CDATA / PI / `<!`. */
  private b1 = 0;
  private b2 = 0;
  private bangLen = 0;
  private rows = 0;
  private cells = 0;

  private strings = 0;

  constructor(
    private readonly part: string,
    /** Bytes it may have (its declared size, within MAX_PART_BYTES). */
    private readonly maxBytes: number,
    /** Shared across a workbook's parts: bytes still allowed in all. */
    private readonly budget: { left: number },
    private readonly kind: PartKind,
  ) {}

  feed(chunk: Buffer): void {
    this.bytes += chunk.length;
    this.budget.left -= chunk.length;
    if (this.bytes > this.maxBytes) {
      if (this.bytes > MAX_PART_BYTES) throw new XlsxTooLarge(`${this.part} 解压后超过 ${MB(MAX_PART_BYTES)}`, `${this.part} inflates to over ${MB(MAX_PART_BYTES)}`);
      throw new XlsxDamaged(`${this.part} holds more data than the zip says`);
    }
    if (this.budget.left < 0) throw new XlsxTooLarge(`解压后合计超过 ${MB(MAX_TOTAL_BYTES)}`, `parts inflate to over ${MB(MAX_TOTAL_BYTES)} in all`);
    this.scan(chunk);
  }

  end(): void {
    if (!this.rootClosed || this.state !== TEXT) throw new XlsxDamaged(`${this.part} ends before its XML does (truncated)`);
  }

  private tooLarge(zh: string, en: string): never {
    throw new XlsxTooLarge(`${this.part}：${zh}`, `${this.part}: ${en}`);
  }

  private damaged(en: string): never {
    throw new XlsxDamaged(`${this.part}: ${en}`);
  }

  private scan(b: Buffer): void {
    const n = b.length;
    let i = 0;
    let { state, run } = this;
    while (i < n) {
      if (state === TEXT) {
        const lt = b.indexOf(C_LT, i);
        const end = lt < 0 ? n : lt;
        run += end - i;
        if (run > MAX_XML_RUN) this.tooLarge(`文本超过 ${MB(MAX_XML_RUN)}`, `text over ${MB(MAX_XML_RUN)}`);
        if (lt < 0) break;
        i = lt + 1;
        state = LT;
        run = 1;
        continue;
      }
      const c = b[i++];
      if (++run > MAX_XML_RUN) this.tooLarge(`标记超过 ${MB(MAX_XML_RUN)}`, `a tag over ${MB(MAX_XML_RUN)}`);
      switch (state) {
        case LT:
          if (c === C_SLASH) state = CLOSE;
          else if (c === C_BANG) {
            state = BANG;
            this.bangLen = 0;
          } else if (c === C_QMARK) {
            state = PI;
            this.b1 = this.b2 = 0;
          } else {
            if (this.rootClosed) this.damaged('content after the root element');
            if (++this.depth > MAX_XML_DEPTH) this.tooLarge(`XML 嵌套超过 ${MAX_XML_DEPTH} 层`, `XML nested over ${MAX_XML_DEPTH} deep`);
            state = OPEN_NAME;
            this.nameLen = 1;
            this.n0 = c;
            this.prevSlash = false;
          }
          break;
        case OPEN_NAME:
          if (c === C_GT || c === C_SLASH || isSpace(c)) {
            this.endName();
            state = IN_OPEN;
            i--; // the same byte, as an attribute-part byte
            run--;
          } else if (c === C_COLON) this.nameLen = 0;
          else {
            if (this.nameLen === 0) this.n0 = c;
            else if (this.nameLen === 1) this.n1 = c;
            else if (this.nameLen === 2) this.n2 = c;
            this.nameLen++;
          }
          break;
        case IN_OPEN:
          if (c === C_GT) {
            if (this.prevSlash) this.closeOne();
            state = TEXT;
            run = 0;
          } else if (c === C_DQ || c === C_SQ) {
            this.quote = c;
            state = QUOTE;
            this.prevSlash = false;
          } else if (!isSpace(c)) this.prevSlash = c === C_SLASH;
          break;
        case QUOTE:
          if (c === this.quote) state = IN_OPEN;
          else if (c === C_LT) this.damaged("'<' in an attribute value");
          break;
        case CLOSE:
          if (c === C_GT) {
            this.closeOne();
            state = TEXT;
            run = 0;
          }
          break;
        case BANG:
          // `<!--` or `<![CDATA[`; anything else (`<!DOCTYPE`, `<!ENTITY`) is refused.
          this.bangLen++;
          if (this.bangLen === 1 && c !== C_DASH && c !== 0x5b) this.damaged('a DTD or declaration (not allowed in an .xlsx part)');
          if (this.bangLen === 2 && this.b1 === C_DASH) {
            if (c !== C_DASH) this.damaged('bad comment');
            state = COMMENT;
            this.b1 = this.b2 = 0;
            break;
          }
          if (this.bangLen === 7) {
            // `[CDATA[` read
            state = CDATA;
            this.b1 = this.b2 = 0;
            break;
          }
          this.b1 = c;
          break;
        case COMMENT:
        case CDATA:
          if (c === C_GT && this.b1 === (state === COMMENT ? C_DASH : C_RBRACKET) && this.b2 === this.b1) {
            state = TEXT;
            run = 0;
          } else {
            this.b2 = this.b1;
            this.b1 = c;
          }
          break;
        case PI:
          if (c === C_GT && this.b1 === C_QMARK) {
            state = TEXT;
            run = 0;
          } else this.b1 = c;
          break;
        default:
      }
    }
    this.state = state;
    this.run = run;
  }

  private endName(): void {
    if (this.kind === 'sst') {
      if (this.nameLen === 2 && this.n0 === 0x73 && this.n1 === 0x69 && ++this.strings > MAX_SHARED_STRINGS)
        this.tooLarge(`共享字符串超过 ${MAX_SHARED_STRINGS.toLocaleString('en')} 个`, `more than ${MAX_SHARED_STRINGS} shared strings`);
      return;
    }
    if (this.kind !== 'sheet') return;
    if (this.nameLen === 3 && this.n0 === 0x72 && this.n1 === 0x6f && this.n2 === 0x77) {
      // <row>
      if (++this.rows > MAX_SHEET_ROWS) this.tooLarge(`超过 ${MAX_SHEET_ROWS.toLocaleString('en')} 行`, `more than ${MAX_SHEET_ROWS} rows`);
      this.cells = 0;
    } else if (this.nameLen === 1 && this.n0 === 0x63) {
      // <c>
      if (++this.cells > MAX_ROW_CELLS) this.tooLarge(`一行超过 ${MAX_ROW_CELLS.toLocaleString('en')} 个单元格`, `a row with more than ${MAX_ROW_CELLS} cells`);
    }
  }

  private closeOne(): void {
    if (--this.depth < 0) this.damaged('a closing tag without its opening tag');
    if (this.depth === 0) this.rootClosed = true;
  }
}
