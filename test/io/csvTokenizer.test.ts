import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvTokenizer, type TokenizerIssue } from '../../src/io/csvTokenizer.js';

interface Rec {
  fields: string[];
  line: number;
}

/** Tokenizes `text`, pushed in pieces cut at `cuts` (offsets), and collects records and issues. */
function tokenize(text: string, cuts: number[] = [], opts: { maxFieldLength?: number; maxFields?: number } = {}) {
  const records: Rec[] = [];
  const issues: [TokenizerIssue, number, number][] = [];
  const tok = new CsvTokenizer((fields, line) => records.push({ fields, line }), {
    ...opts,
    onIssue: (i, l, c) => issues.push([i, l, c]),
  });
  let at = 0;
  for (const c of [...cuts].sort((a, b) => a - b)) {
    tok.push(text.slice(at, c));
    at = c;
  }
  tok.push(text.slice(at));
  tok.end();
  return { records, issues };
}

const fieldsOf = (text: string) => tokenize(text).records.map((r) => r.fields);
const linesOf = (text: string) => tokenize(text).records.map((r) => r.line);

describe('CSV tokenizer', () => {
  it('splits plain records on commas and line breaks', () => {
    expect(fieldsOf('a,b,c\n1,2,3\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ]);
  });

  it('emits the last record when the input has no final line break', () => {
    expect(fieldsOf('a,b\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('keeps empty fields, including a trailing one', () => {
    expect(fieldsOf('a,,c,\n')).toEqual([['a', '', 'c', '']]);
    expect(fieldsOf('a,')).toEqual([['a', '']]);
  });

  it('reads quoted fields with commas and escaped quotes', () => {
    expect(fieldsOf('x,"186,420.50","say ""hi""",""\n')).toEqual([['x', '186,420.50', 'say "hi"', '']]);
  });

  it('keeps line breaks inside quoted fields and numbers the record by its first line', () => {
    const { records } = tokenize('h1,h2\n"a\nb","c\r\nd"\nnext,row\n');
    expect(records).toEqual([
      { fields: ['h1', 'h2'], line: 1 },
      { fields: ['a\nb', 'c\r\nd'], line: 2 },
      { fields: ['next', 'row'], line: 5 },
    ]);
  });

  it('accepts CRLF, LF and lone CR line breaks, mixed in one file', () => {
    const { records } = tokenize('a\r\nb\nc\rd\r\n\re');
    expect(records.map((r) => [r.fields[0], r.line])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
      ['d', 4],
      ['e', 6],
    ]);
  });

  it('counts blank lines before the header as physical lines', () => {
    expect(linesOf('\n\r\n   \nhead,er\n\n1,2\n')).toEqual([4, 6]);
  });

  it('skips rows whose fields are all empty or blank, as Excel writes them', () => {
    const { records } = tokenize('a,b\n,\n , \n"",""\n1,2\n');
    expect(records).toEqual([
      { fields: ['a', 'b'], line: 1 },
      { fields: ['1', '2'], line: 5 },
    ]);
  });

  it('gives the same records and lines wherever the input is cut into chunks', () => {
    const text = 'id,"note"\r\nA1,"x\r\ny"\r\n\r\nB2,"a ""q"" b"\rC3,plain\n';
    const whole = tokenize(text);
    for (let i = 0; i <= text.length; i++) {
      for (let j = i; j <= text.length; j += 3) {
        expect(tokenize(text, [i, j])).toEqual(whole);
      }
    }
  });

  it('treats a quote inside an unquoted field as a literal character', () => {
    expect(fieldsOf('12"寸,b\n')).toEqual([['12"寸', 'b']]);
  });

  it('appends text after a closing quote to the field', () => {
    expect(fieldsOf('"abc" ,d\n')).toEqual([['abc ', 'd']]);
  });

  it('reports an unclosed quote at the line and column where the field starts', () => {
    const { records, issues } = tokenize('a,b\n1,"open\n2,3\n');
    expect(records).toEqual([{ fields: ['a', 'b'], line: 1 }]);
    expect(issues).toEqual([['unclosed-quote', 2, 2]]);
  });

  it('drops an oversized field and reports its line and column', () => {
    const big = 'x'.repeat(50);
    const { records, issues } = tokenize(`a,b\n1,${big}\n2,"${big}"\n3,4\n`, [10, 30], { maxFieldLength: 40 });
    expect(records.map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['3', '4'],
    ]);
    expect(issues).toEqual([
      ['field-too-large', 2, 2],
      ['field-too-large', 3, 2],
    ]);
  });

  it('drops a record with too many fields and reports it', () => {
    const { records, issues } = tokenize('a,b,c,d\n1,2\n', [], { maxFields: 3 });
    expect(records.map((r) => r.fields)).toEqual([['1', '2']]);
    expect(issues).toEqual([['too-many-fields', 1, 4]]);
  });

  it('exposes the physical line and field of the next character for decoding errors', () => {
    const tok = new CsvTokenizer(() => {});
    tok.push('a,b\r\n1,"x\ny",');
    expect([tok.line, tok.column]).toEqual([3, 3]);
    tok.push('z\r');
    expect([tok.line, tok.column]).toEqual([4, 1]);
  });
});

// ——— property: agrees with csv-parse on random RFC 4180 text ———

const plainChar = fc.constantFrom('a', 'B', '7', ' ', '中', '.', '¥', '\t');
const anyChar = fc.constantFrom('a', ',', '"', '\r', '\n', ' ', '中', '\r\n', '文');
const field = fc.oneof(
  fc.array(plainChar, { maxLength: 6 }).map((cs) => cs.join('')),
  fc.array(anyChar, { maxLength: 6 }).map((cs) => `"${cs.join('').replace(/"/g, '""')}"`),
);
const eol = fc.constantFrom('\n', '\r\n', '\r');
const record = fc.tuple(fc.array(field, { minLength: 1, maxLength: 5 }), eol, fc.array(eol, { maxLength: 2 }));
const csvText = fc
  .tuple(fc.array(record, { maxLength: 12 }), fc.boolean())
  .map(([recs, finalEol]) => {
    const s = recs.map(([fs, e, blanks]) => fs.join(',') + e + blanks.join('')).join('');
    return finalEol ? s : s.replace(/(\r\n|\n|\r)+$/, '');
  });

const oracle = (text: string) =>
  (
    parse(text, {
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      record_delimiter: ['\r\n', '\n', '\r'],
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[]
  ).map((r) => ({ fields: r.record, endLine: r.info.lines }));

describe('CSV tokenizer against csv-parse', () => {
  it('produces the same records as csv-parse for random CSV text, however it is chunked', () => {
    fc.assert(
      fc.property(csvText, fc.array(fc.nat(200), { maxLength: 4 }), (text, cuts) => {
        const mine = tokenize(
          text,
          cuts.map((c) => c % (text.length + 1)),
        );
        const theirs = oracle(text);
        expect(mine.issues).toEqual([]);
        expect(mine.records.map((r) => r.fields)).toEqual(theirs.map((r) => r.fields));
        // csv-parse reports the line a record ends on (and counts a quoted CRLF twice): comparable
        // with our start lines when no quoted field holds a line break.
        const quotedBreak = text.split('"').some((seg, i) => i % 2 === 1 && /[\r\n]/.test(seg));
        if (!quotedBreak)
          expect(mine.records.map((r) => r.line)).toEqual(theirs.map((r) => r.endLine));
      }),
      { numRuns: 2000 },
    );
  });
});
