/**
 * GB18030 straight to UTF-8 (gb18030Utf8.ts) against iconv-lite: any bytes, cut into chunks
 * anywhere, give iconv-lite's characters — the transcoder's bytes up to where it stops, then
 * iconv-lite from that character on — and readTextFile through a byte sink reads a multi-chunk GBK
 * file as iconv-lite does, with its problems at the same place.
 */
import fc from 'fast-check';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { CHUNK_SIZE, readTextFile, type TextSink } from '../../src/io/encoding.js';
import { Gb18030ToUtf8 } from '../../src/io/gb18030Utf8.js';
import { cleanupRuns, makeRun } from './runDir.js';

afterAll(cleanupRuns);

/** Bytes as Excel writes GBK, and what it never does: four-byte codes, 0x80, 0xFF, a lead byte without its trail. */
const piece = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...'户号,张三\r\n1.5 a"'.split('')).map((c) => iconv.encode(c, 'gb18030')) },
  { weight: 6, arbitrary: fc.tuple(fc.integer({ min: 0x81, max: 0xfe }), fc.integer({ min: 0x40, max: 0xfe })).map(([a, b]) => Buffer.from([a, b])) },
  { weight: 1, arbitrary: fc.constantFrom('𠀀', '€', 'é', '\u00b7', '\ue5e5', '\u20ac').map((c) => iconv.encode(c, 'gb18030')) },
  { weight: 1, arbitrary: fc.constantFrom(Buffer.from([0x80]), Buffer.from([0xff]), Buffer.from([0x81]), Buffer.from([0x81, 0x30]), Buffer.from([0x81, 0x7f]), Buffer.from([0x00])) },
);

/** What readTextFile does with the transcoder on these chunks, as one string. */
function viaTranscoder(chunks: Buffer[]): string {
  const fast = Gb18030ToUtf8.create()!;
  const gb = iconv.getDecoder('gb18030');
  let out = '';
  let on = true;
  for (const c of chunks) {
    if (on) {
      const { utf8, rest } = fast.transcode(c);
      out += utf8.toString('utf8');
      if (rest === null) continue;
      on = false;
      out += gb.write(rest);
      continue;
    }
    out += gb.write(c);
  }
  const lead = on ? fast.pending() : null;
  if (lead) out += gb.write(lead);
  return out + (gb.end() ?? '');
}

/** iconv-lite alone on the same chunks (what readTextFile did before). */
function viaIconv(chunks: Buffer[]): string {
  const gb = iconv.getDecoder('gb18030');
  return chunks.map((c) => gb.write(c)).join('') + (gb.end() ?? '');
}

/** Up to and with the first U+FFFD: readTextFile stops there and reports it (after it, iconv-lite's own chunked and whole reads differ). */
const upToProblem = (s: string) => (s.includes('\ufffd') ? s.slice(0, s.indexOf('\ufffd') + 1) : s);

describe('GB18030 to UTF-8', () => {
  it('reads any bytes, cut anywhere, as iconv-lite does', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), fc.array(fc.nat(), { maxLength: 6 }), (pieces, cuts) => {
        const all = Buffer.concat(pieces);
        const at = [...new Set(cuts.map((c) => c % (all.length + 1)))].sort((a, b) => a - b);
        const chunks: Buffer[] = [];
        let from = 0;
        for (const c of [...at, all.length]) {
          chunks.push(all.subarray(from, c));
          from = c;
        }
        expect(upToProblem(viaTranscoder(chunks))).toBe(upToProblem(viaIconv(chunks)));
      }),
      { numRuns: 3000 },
    );
  });

  it('reads every two-byte code as iconv-lite does', () => {
    const all: Buffer[] = [];
    for (let a = 0x81; a <= 0xfe; a++) for (let b = 0x40; b <= 0xfe; b++) if (b !== 0x7f) all.push(Buffer.from([a, b, 0x2c]));
    const bytes = Buffer.concat(all);
    expect(viaTranscoder([bytes])).toBe(iconv.decode(bytes, 'gb18030'));
  });

  it('through readTextFile: a GBK file of several chunks as iconv-lite reads it, a bad byte late in it at its place', async () => {
    const row = iconv.encode('BZ001,陈桂华,白寨1组,脱贫户\r\n', 'gb18030');
    const body = Buffer.concat(Array.from({ length: Math.ceil((2.5 * CHUNK_SIZE) / row.length) }, () => row));
    // The first chunk ends inside a two-byte character: cut at an odd offset.
    const file = Buffer.concat([Buffer.from('x'), body, iconv.encode('尾𠀀,€\n', 'gb18030')]);
    const bad = Buffer.concat([file, Buffer.from([0x81, 0x0a])]);
    const cut = Buffer.concat([Buffer.from('x'), body, Buffer.from([0x81])]); // all GBK, and the file ends inside a character
    const dir = makeRun({ 'ok.csv': file, 'bad.csv': bad, 'cut.csv': cut });
    for (const [name, bytes] of [['ok.csv', file], ['bad.csv', bad], ['cut.csv', cut]] as const) {
      const got: string[] = [];
      let line = 1;
      const sink: TextSink = {
        push: (t) => {
          got.push(t);
          line += t.split('\n').length - 1;
        },
        pushUtf8: (b) => sink.push(b.toString('utf8')),
        flushBytes: () => {},
        get line() {
          return line;
        },
        column: 0,
      };
      const res = await readTextFile(path.join(dir, name), 'gb18030', sink);
      const want = iconv.decode(bytes, 'gb18030');
      if (name === 'ok.csv') {
        expect(res.problem).toBeNull();
        expect(got.join('')).toBe(want);
      } else {
        expect(res.problem?.line).toBe(want.slice(0, want.indexOf('\ufffd')).split('\n').length);
        expect(got.join('')).toBe(want.slice(0, want.indexOf('\ufffd')));
      }
    }
  });
});
