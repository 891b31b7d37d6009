import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { CsvTokenizer } from '../../src/io/csvTokenizer.js';
import { CHUNK_SIZE, completeUtf8Length, firstInvalidUtf8, readTextFile } from '../../src/io/encoding.js';
import { cleanupRuns, makeRun, read, REVENUE } from './runDir.js';

afterAll(cleanupRuns);

const GB_HOUSEHOLDS = '户号,户主,村组,类别\nBZ001,陈桂华,白寨1组,脱贫户\nBZ002,王德兰,白寨1组,一般户\n';

async function decode(content: Buffer, forced: 'auto' | 'utf8' | 'gb18030' = 'auto') {
  const dir = makeRun({ 'f.csv': content });
  const records: string[][] = [];
  const tok = new CsvTokenizer((f) => records.push(f));
  const res = await readTextFile(path.join(dir, 'f.csv'), forced, tok);
  if (!res.problem) tok.end();
  return { ...res, records };
}

describe('encoding detection', () => {
  it('reads a UTF-8 BOM file as UTF-8 and drops the BOM', async () => {
    const r = await decode(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('户号,户主\nA,张三\n')]));
    expect(r.encoding).toBe('utf8');
    expect(r.problem).toBeNull();
    expect(r.records[0]).toEqual(['户号', '户主']);
  });

  it('reads valid UTF-8 without a BOM as UTF-8', async () => {
    const r = await decode(Buffer.from('户号,户主\nA,张三\n'));
    expect(r.encoding).toBe('utf8');
    expect(r.records[1]).toEqual(['A', '张三']);
  });

  it('reads GBK/GB18030 bytes (as Excel writes them) as GB18030', async () => {
    const r = await decode(iconv.encode(GB_HOUSEHOLDS + 'BZ003,𠀀姓,组,户\n', 'gb18030'));
    expect(r.encoding).toBe('gb18030');
    expect(r.problem).toBeNull();
    expect(r.records).toEqual([
      ['户号', '户主', '村组', '类别'],
      ['BZ001', '陈桂华', '白寨1组', '脱贫户'],
      ['BZ002', '王德兰', '白寨1组', '一般户'],
      ['BZ003', '𠀀姓', '组', '户'],
    ]);
  });

  it('reads a plain ASCII file as UTF-8', async () => {
    expect((await decode(Buffer.from('a,b\n1,2\n'))).encoding).toBe('utf8');
  });

  it('honours a forced gb18030 on a GBK file', async () => {
    const r = await decode(iconv.encode(GB_HOUSEHOLDS, 'gb18030'), 'gb18030');
    expect(r.encoding).toBe('gb18030');
    expect(r.records[1][1]).toBe('陈桂华');
  });

  it('lets a UTF-8 BOM win over a forced gb18030', async () => {
    const r = await decode(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('户号\n')]), 'gb18030');
    expect(r.encoding).toBe('utf8');
    expect(r.records).toEqual([['户号']]);
  });

  it('reports forced utf8 on GBK bytes at the line and field of the first bad byte', async () => {
    const text = 'household_id,name\nH1,Zhang\nH2,' + '王五' + '\n';
    const r = await decode(iconv.encode(text, 'gb18030'), 'utf8');
    expect(r.problem).toMatchObject({ line: 3, column: 2 });
  });

  it('detects valid UTF-8 when a character is cut by the 1 MiB chunk border', async () => {
    // Short rows up to one byte before the border, then '中' (3 bytes) across it.
    let text = 'id,note\n';
    while (Buffer.byteLength(text) < CHUNK_SIZE - 200) text += '0,' + 'a'.repeat(97) + '\n';
    text += '1,' + 'a'.repeat(CHUNK_SIZE - Buffer.byteLength(text) - 3);
    expect(Buffer.byteLength(text)).toBe(CHUNK_SIZE - 1);
    text += '中文\n2,好\n';
    const r = await decode(Buffer.from(text));
    expect(r.encoding).toBe('utf8');
    expect(r.problem).toBeNull();
    expect(r.records.at(-2)?.[1].endsWith('a中文')).toBe(true);
    expect(r.records.at(-1)).toEqual(['2', '好']);
  });

  it('falls back to GB18030 when the first bad byte comes after the first chunk', async () => {
    const text = 'id,note\n' + '1,abc\n'.repeat(CHUNK_SIZE / 6 + 10) + '2,王五\n';
    const r = await decode(iconv.encode(text, 'gb18030'));
    expect(r.encoding).toBe('gb18030');
    expect(r.records.at(-1)).toEqual(['2', '王五']);
  });

  it('rejects UTF-16 and UTF-32 byte order marks for the whole file', async () => {
    for (const bom of [[0xff, 0xfe], [0xfe, 0xff], [0x00, 0x00, 0xfe, 0xff], [0xff, 0xfe, 0x00, 0x00]]) {
      const r = await decode(Buffer.concat([Buffer.from(bom), Buffer.from('a\0,\0')]));
      expect(r.problem).toMatchObject({ line: 0, column: 0 });
      expect(r.problem?.message).toContain('UTF-16');
    }
  });

  it('rejects NUL bytes at their line', async () => {
    const r = await decode(Buffer.from('a,b\n1,2\n3,\u00004\n'));
    expect(r.problem).toMatchObject({ line: 3, column: 2 });
    expect(r.problem?.message).toContain('NUL');
  });

  it('rejects bytes GB18030 cannot decode at their line', async () => {
    const r = await decode(Buffer.concat([iconv.encode('户号,户主\nA,张三\nB,', 'gb18030'), Buffer.from([0xff]), Buffer.from('\n')]));
    expect(r.encoding).toBe('gb18030');
    expect(r.problem).toMatchObject({ line: 3, column: 2 });
  });

  it('reports a UTF-8 sequence cut off at the end of the file when utf8 is forced', async () => {
    const r = await decode(Buffer.concat([Buffer.from('a,b\n1,'), Buffer.from([0xe4, 0xb8])]), 'utf8');
    expect(r.problem).toMatchObject({ line: 2, column: 2 });
  });

  it('hashes every byte of the file with sha256', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('x'.repeat(CHUNK_SIZE + 17) + '\n')]);
    const r = await decode(bytes);
    expect(r.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('finds the end of the last complete UTF-8 sequence and the first invalid byte', () => {
    expect(completeUtf8Length(Buffer.from([0x61, 0xe4, 0xb8]))).toBe(1);
    expect(completeUtf8Length(Buffer.from('a中'))).toBe(4);
    expect(completeUtf8Length(Buffer.from([0x61, 0xf0, 0x9f, 0x98]))).toBe(1);
    expect(firstInvalidUtf8(Buffer.from('ab中'))).toBe(5);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xc0, 0x80]))).toBe(1); // overlong
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xed, 0xa0, 0x80]))).toBe(1); // surrogate
    expect(firstInvalidUtf8(Buffer.from([0x61, 0x62, 0xe4, 0x41]))).toBe(2);
  });
});

describe('encoding in readRunDir', () => {
  it('reads a GBK households.csv with Chinese headers', async () => {
    const r = await read({ 'households.csv': iconv.encode(GB_HOUSEHOLDS, 'gb18030'), 'revenue.csv': REVENUE }, null);
    expect(r.errors).toEqual([]);
    expect(r.ds.households.map((h) => [h.id, h.name, h.village, h.category])).toEqual([
      ['BZ001', '陈桂华', '白寨1组', '脱贫户'],
      ['BZ002', '王德兰', '白寨1组', '一般户'],
    ]);
    expect(r.ds.inputs.map((i) => [i.file, i.encoding, i.rows])).toEqual([
      ['households.csv', 'gb18030', 2],
      ['revenue.csv', 'utf8', 1],
    ]);
  });

  it('reports E_BAD_ENCODING with the file path, line and column under --encoding utf8', async () => {
    const r = await read({ 'households.csv': iconv.encode(GB_HOUSEHOLDS, 'gb18030'), 'revenue.csv': REVENUE }, null, { encoding: 'utf8' });
    expect(r.codes).toEqual(['households.csv:1:1 E_BAD_ENCODING']);
    expect(r.errors[0].file).toBe(path.join(r.dir, 'households.csv'));
    expect(r.errors[0].message).toMatch(/UTF-8/);
  });

  it('still hashes the whole file after an encoding problem', async () => {
    const bytes = iconv.encode(GB_HOUSEHOLDS, 'gb18030');
    const r = await read({ 'households.csv': bytes, 'revenue.csv': REVENUE }, null, { encoding: 'utf8' });
    expect(r.ds.inputs[0].sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(fs.existsSync(r.dir)).toBe(true);
  });
});
