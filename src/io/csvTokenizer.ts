/**
 * Streaming RFC 4180 tokenizer that keeps physical line numbers.
 *
 * push(text chunk) any number of times, then end(). Each record is handed to `onRecord(fields, line)`
 * with `line` the physical 1-based line where the record starts (a quoted line break does not start
 * a new record). Line breaks are `\r\n`, `\n` or a lone `\r`, also mixed and split across chunks.
 * Blank lines and records whose fields are all empty or blank (`,,,` from Excel) are skipped.
 *
 * The hot path is a charCodeAt loop that slices unquoted fields straight out of the chunk; the only
 * per-record allocation is the fields array (a fresh one per record: the receiver may keep it).
 *
 * Lenient where RFC 4180 is strict: a `"` inside an unquoted field is literal; text after a closing
 * quote is appended to the field. Memory is bounded: a field longer than `maxFieldLength` characters
 * or a record with more than `maxFields` fields is not kept but reported through `onIssue`, as is a
 * quote still open at the end of the input.
 */

export type RecordCallback = (fields: string[], line: number) => void;

export type TokenizerIssue = 'field-too-large' | 'too-many-fields' | 'unclosed-quote';

/** `column` is the 1-based field the issue is about. */
export type IssueCallback = (issue: TokenizerIssue, line: number, column: number) => void;

export interface TokenizerOptions {
  /** Longest field kept, in UTF-16 code units (default 64 Ki). */
  maxFieldLength?: number;
  /** Most fields kept in one record (default 1000). */
  maxFields?: number;
  onIssue?: IssueCallback;
}

const COMMA = 44;
const QUOTE = 34;
const CR = 13;
const LF = 10;

const S_START = 0; // at the start of a field
const S_UNQUOTED = 1; // inside an unquoted field (its text so far is in `partial` + the chunk from `start`)
const S_QUOTED = 2; // inside a quoted field
const S_QUOTE_SEEN = 3; // a `"` inside a quoted field: `""` or the closing quote
const S_AFTER_CLOSE = 4; // after the closing quote, until `,` or a line break

export class CsvTokenizer {
  private readonly onRecord: RecordCallback;
  private readonly onIssue: IssueCallback;
  private readonly maxLen: number;
  private readonly maxFields: number;

  private state = S_START;
  private fields: string[] = [];
  /** Text of the current field carried over from earlier chunks (or quoted segments). */
  private partial = '';
  /** The current field went over maxLen: its text is dropped. */
  private fieldOver = false;
  /** Column of the first oversized field of the current record (0: none). */
  private overCol = 0;
  private tooMany = false;
  private lineNo = 1;
  private recLine = 1;
  private quoteLine = 1;
  private quoteCol = 1;
  private lastWasCR = false;
  private ended = false;

  constructor(onRecord: RecordCallback, opts: TokenizerOptions = {}) {
    this.onRecord = onRecord;
    this.onIssue = opts.onIssue ?? (() => {});
    this.maxLen = opts.maxFieldLength ?? 65536;
    this.maxFields = opts.maxFields ?? 1000;
  }

  /** Physical line of the next character (where a decoding problem found now would be). */
  get line(): number {
    return this.lineNo;
  }

  /** 1-based field of the next character within its record. */
  get column(): number {
    return this.fields.length + 1;
  }

  /** Between records: nothing of a record has been read (the labor fast lane may take the next line). */
  get atRecordStart(): boolean {
    return this.state === S_START && this.fields.length === 0 && !this.ended;
  }

  /** n ≥ 1 whole lines, each ending in LF, were handled elsewhere (the labor fast lane): count them. Only at a record start. */
  skipLines(n: number): void {
    this.lineNo += n;
    this.recLine = this.lineNo;
    this.lastWasCR = false;
  }

  push(s: string): void {
    const n = s.length;
    if (n === 0 || this.ended) return;
    let i = 0;
    let state = this.state;
    let line = this.lineNo;
    let start = 0;
    const maxLen = this.maxLen;

    while (i < n) {
      if (state === S_START) {
        const c = s.charCodeAt(i);
        if (c === QUOTE) {
          state = S_QUOTED;
          this.quoteLine = line;
          this.quoteCol = this.fields.length + 1;
          start = ++i;
          continue;
        }
        if (c === COMMA) {
          this.addField('');
          i++;
          continue;
        }
        if (c === LF || c === CR) {
          if (c === LF && (i > 0 ? s.charCodeAt(i - 1) === CR : this.lastWasCR)) {
            i++; // the LF of a CRLF whose CR already ended the line
            continue;
          }
          if (this.fields.length > 0) {
            this.addField('');
            this.endRecord();
          }
          line++;
          i++;
          this.recLine = line;
          continue;
        }
        state = S_UNQUOTED;
        start = i;
      }

      if (state === S_UNQUOTED) {
        let c = 0;
        while (i < n) {
          c = s.charCodeAt(i);
          if (c === COMMA || c === LF || c === CR) break;
          i++;
        }
        if (i === n) {
          this.appendPartial(s, start, n);
          break;
        }
        if (this.partial.length === 0 && !this.fieldOver) {
          if (i - start > maxLen) {
            this.markOver();
            this.addField('');
          } else {
            this.addField(s.slice(start, i));
          }
        } else {
          this.appendPartial(s, start, i);
          this.addField(this.partial);
        }
        i++;
        state = S_START;
        if (c !== COMMA) {
          this.endRecord();
          line++;
          this.recLine = line;
        }
        continue;
      }

      if (state === S_QUOTED) {
        while (i < n) {
          const c = s.charCodeAt(i);
          if (c === QUOTE) break;
          if (c === CR) line++;
          else if (c === LF && !(i > 0 ? s.charCodeAt(i - 1) === CR : this.lastWasCR)) line++;
          i++;
        }
        this.appendPartial(s, start, i);
        if (i === n) break;
        state = S_QUOTE_SEEN;
        i++;
        continue;
      }

      if (state === S_QUOTE_SEEN) {
        if (s.charCodeAt(i) === QUOTE) {
          this.appendPartial('"', 0, 1);
          state = S_QUOTED;
          start = ++i;
          continue;
        }
        state = S_AFTER_CLOSE;
        start = i;
      }

      // S_AFTER_CLOSE
      let c = 0;
      while (i < n) {
        c = s.charCodeAt(i);
        if (c === COMMA || c === LF || c === CR) break;
        i++;
      }
      this.appendPartial(s, start, i);
      if (i === n) break;
      this.addField(this.partial);
      i++;
      state = S_START;
      if (c !== COMMA) {
        this.endRecord();
        line++;
        this.recLine = line;
      }
    }

    // Text of an unfinished field is in `partial` by now; the next chunk continues from its start.
    this.state = state;
    this.lineNo = line;
    this.lastWasCR = s.charCodeAt(n - 1) === CR;
  }

  /** Ends the input: the last record (without a final line break) is emitted. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    switch (this.state) {
      case S_QUOTED:
        this.onIssue('unclosed-quote', this.quoteLine, this.quoteCol);
        this.resetRecord();
        break;
      case S_UNQUOTED:
      case S_QUOTE_SEEN:
      case S_AFTER_CLOSE:
        this.addField(this.partial);
        this.endRecord();
        break;
      default:
        if (this.fields.length > 0) {
          this.addField('');
          this.endRecord();
        }
    }
    this.state = S_START;
  }

  private appendPartial(s: string, a: number, b: number): void {
    if (this.fieldOver || a === b) return;
    if (this.partial.length + (b - a) > this.maxLen) {
      this.markOver();
      return;
    }
    this.partial += a === 0 && b === s.length ? s : s.slice(a, b);
  }

  private markOver(): void {
    this.fieldOver = true;
    this.partial = '';
    if (this.overCol === 0) this.overCol = this.fields.length + 1;
  }

  private addField(v: string): void {
    if (this.fieldOver) {
      v = '';
      this.fieldOver = false;
    }
    this.partial = '';
    const f = this.fields;
    if (f.length < this.maxFields) f.push(v);
    else this.tooMany = true;
  }

  private endRecord(): void {
    const f = this.fields;
    if (this.tooMany) this.onIssue('too-many-fields', this.recLine, this.maxFields + 1);
    else if (this.overCol !== 0) this.onIssue('field-too-large', this.recLine, this.overCol);
    else if (!isBlankRecord(f)) this.onRecord(f, this.recLine);
    this.resetRecord();
  }

  private resetRecord(): void {
    this.fields = [];
    this.partial = '';
    this.fieldOver = false;
    this.overCol = 0;
    this.tooMany = false;
  }
}

/** True when every field is empty or only blanks (String.prototype.trim semantics). */
export function isBlankRecord(fields: readonly string[]): boolean {
  for (let k = 0; k < fields.length; k++) {
    const f = fields[k];
    if (f.length === 0) continue;
    const c = f.charCodeAt(0);
    if (c > 32 && c !== 0xa0 && c < 0x1680) return false; // fast path: a visible first character
    if (f.trim().length > 0) return false;
  }
  return true;
}
