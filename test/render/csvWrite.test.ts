import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CsvBuilder, csvBytes, csvField, csvText, num, textField, type Row } from '../../src/render/csvWrite.js';

describe('CSV writing', () => {
  it('quotes fields holding a comma, a quote, CR, LF or edge spaces, and doubles quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField(' lead')).toBe('" lead"');
    expect(csvField('trail ')).toBe('"trail "');
    expect(csvField('')).toBe('');
    expect(csvField('中文，全角逗号')).toBe('中文，全角逗号');
  });

  it('guards text that a spreadsheet would run as a formula, with a leading quote', () => {
    expect(csvField('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvField('+86 123')).toBe("'+86 123");
    expect(csvField('-500')).toBe("'-500");
    expect(csvField('@cmd')).toBe("'@cmd");
    expect(csvField('\tx')).toBe("'\tx");
    expect(csvField('\r=1')).toBe('"\'\r=1"');
    expect(csvField('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    expect(csvField('a=b')).toBe('a=b');
  });

  it('never alters a number cell, negative ones included', () => {
    expect(csvField(num('-500.00'))).toBe('-500.00');
    expect(csvField(num('1234.50'))).toBe('1234.50');
    expect(csvField(num('0.0000'))).toBe('0.0000');
  });

  it('refuses a number cell that is not a plain decimal', () => {
    expect(() => num('=1+1')).toThrow();
    expect(() => num('1e5')).toThrow();
    expect(() => num('1,000.00')).toThrow();
    expect(() => csvField({ num: '-1+1' })).toThrow();
  });

  it('ends every row with CRLF and parses back to the same cells', () => {
    const rows: Row[] = [
      ['户号', '户主', '金额'],
      ['H1', '=SUM(A1)', num('-500.00')],
      ['H"2', 'a,b\nc', num('12.34')],
    ];
    const text = csvText(rows);
    expect(text).toBe('户号,户主,金额\r\nH1,\'=SUM(A1),-500.00\r\n"H""2","a,b\nc",12.34\r\n');
    expect(parse(text)).toEqual([
      ['户号', '户主', '金额'],
      ['H1', "'=SUM(A1)", '-500.00'],
      ['H"2', 'a,b\nc', '12.34'],
    ]);
  });

  it('writes UTF-8 with a BOM by default', () => {
    const b = csvBytes([['收益', num('1.00')]]);
    expect([...b.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(b.subarray(3).toString('utf8')).toBe('收益,1.00\r\n');
  });

  it('writes GB18030 without a BOM that decodes back to the same text', () => {
    const rows: Row[] = [
      ['户主', '村组', '备注'],
      ['张三', '铜鼓村一组', '𠀀 and € and ·'],
    ];
    const b = csvBytes(rows, 'gb18030');
    expect([...b.subarray(0, 2)]).not.toEqual([0xef, 0xbb]);
    expect(b.equals(Buffer.from(csvText(rows), 'utf8'))).toBe(false);
    expect(iconv.decode(b, 'gb18030')).toBe(csvText(rows));
    expect(b.subarray(0, 4).equals(Buffer.from([0xbb, 0xa7, 0xd6, 0xf7]))).toBe(true); // 户主 in GBK
  });
});

describe('CsvBuilder (the row-by-row writer of the county-sized sheets)', () => {
  const special = fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', ',', '"', ' ', '\u00a0', '\u3000', '\u2028', '\ufeff', '\u1680', '\v', '|', 'a', '中', '𠀀', '\ud800', '0', '.');
  const text = fc.array(fc.oneof(special, fc.string({ maxLength: 3 })), { maxLength: 8 }).map((a) => a.join(''));
  const number = fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }).map((v) => (v < 0n ? '-' : '') + (v < 0n ? -v : v).toString() + '.00');
  const cell = fc.oneof(text, number.map((n) => num(n)));
  const rows = fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { maxLength: 30 });

  function build(rs: Row[], encoding: 'utf8' | 'gb18030', repeat = 1): Buffer {
    const b = new CsvBuilder(encoding, { bom: true });
    for (let k = 0; k < repeat; k++)
      for (const r of rs) {
        for (const c of r) typeof c === 'string' ? b.cell(c) : b.num(c.num);
        b.endRow();
      }
    return b.bytes();
  }

  it('writes the same bytes as csvBytes, UTF-8 and GB18030', () => {
    fc.assert(
      fc.property(rows, (rs) => {
        return build(rs, 'utf8').equals(csvBytes(rs, 'utf8')) && build(rs, 'gb18030').equals(csvBytes(rs, 'gb18030'));
      }),
      { numRuns: 500 },
    );
  });

  it('stays identical as its buffer grows far past the size hint', () => {
    const rs: Row[] = [['户主𠀀,"x"', num('-1.50'), '=1', ' 前后 '], ['€·𠀀', num('0.00'), '\ttab', 'plain']];
    const many: Row[] = [];
    for (let k = 0; k < 5000; k++) many.push(...rs);
    expect(build(rs, 'utf8', 5000).equals(csvBytes(many, 'utf8'))).toBe(true);
    expect(build(rs, 'gb18030', 5000).equals(csvBytes(many, 'gb18030'))).toBe(true);
  });

  it('quotes a field holding another delimiter as bank.csv does', () => {
    const b = new CsvBuilder('utf8', { bom: false, delimiter: '|' });
    for (const c of ['a|b', 'plain', '"q"|', '=x|y']) b.cell(c);
    b.num('1.00');
    b.endRow();
    expect(b.bytes().toString('utf8')).toBe('"a|b"|plain|"""q""|"|"\'=x|y"|1.00\r\n');
  });

  it('textField equals the regular-expression rules for any text', () => {
    const FORMULA_START = /^[=+\-@\t\r]/;
    const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;
    const ref = (cell: string) => {
      const t = FORMULA_START.test(cell) ? "'" + cell : cell;
      return NEEDS_QUOTES.test(t) ? '"' + t.replace(/"/g, '""') + '"' : t;
    };
    fc.assert(fc.property(fc.oneof(text, fc.string(), fc.string({ unit: "binary" })), (t) => textField(t) === ref(t)), { numRuns: 2000 });
    const wrong: number[] = [];
    for (let c = 0; c < 0x10000; c++) {
      const ch = String.fromCharCode(c);
      if (textField(ch) !== ref(ch) || textField('x' + ch) !== ref('x' + ch) || textField(ch + 'x') !== ref(ch + 'x')) wrong.push(c);
    }
    expect(wrong).toEqual([]);
  });
});
