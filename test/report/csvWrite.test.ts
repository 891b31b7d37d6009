import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { csvBytes, csvField, csvText, num, type Row } from '../../src/report/csvWrite.js';

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
