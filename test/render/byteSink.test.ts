import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { ByteSink } from '../../src/render/byteSink.js';

const gb = (s: string) => iconv.encode(s, 'gb18030', { addBOM: false });
const sunk = (enc: 'utf8' | 'gb18030', parts: string[]) => {
  const b = new ByteSink(enc, 16);
  for (const p of parts) b.text(p);
  return b.result();
};
const pieces = fc.array(fc.oneof(fc.string({ unit: 'binary', maxLength: 6 }), fc.constantFrom('€', '·', '𠀀', '\ud800', '\udfff', '户主', '\u0080', '\uffff', 'x')), { maxLength: 12 });

describe('ByteSink', () => {
  it('encodes UTF-8 as Buffer.from does, lone surrogates included', () => {
    fc.assert(fc.property(pieces, (ps) => sunk('utf8', [ps.join('')]).equals(Buffer.from(ps.join(''), 'utf8'))), { numRuns: 3000 });
  });

  it('encodes GB18030 as iconv does, lone surrogates and supplementary characters included', () => {
    fc.assert(fc.property(pieces, (ps) => sunk('gb18030', [ps.join('')]).equals(gb(ps.join('')))), { numRuns: 3000 });
  });

  it('encodes every BMP character as iconv does, alone and between neighbours', () => {
    let all = '';
    for (let c = 1; c < 0x10000; c++) if (c < 0xd800 || c > 0xdfff) all += String.fromCharCode(c) + 'a中';
    expect(sunk('gb18030', [all]).equals(gb(all))).toBe(true);
    expect(sunk('utf8', [all]).equals(Buffer.from(all, 'utf8'))).toBe(true);
  });

  it('writes slices, digits and ASCII, growing past its size hint', () => {
    const b = new ByteSink('utf8', 4);
    b.text('ab户主cd', 1, 4);
    b.uint(0);
    b.uint(9007199254740991);
    b.ascii('-1.50');
    b.byte(10);
    expect(b.result().toString('utf8')).toBe('b户主09007199254740991-1.50\n');
  });

  it('with flush: the same bytes, in pieces no larger than its buffer, whatever is written', () => {
    const op = fc.oneof(
      fc.record({ t: fc.constant('text' as const), s: fc.string({ unit: 'binary', maxLength: 900 }) }),
      fc.record({ t: fc.constant('fixed' as const), v: fc.integer({ min: -9e15, max: 9e15 }), k: fc.integer({ min: 0, max: 6 }) }),
      fc.record({ t: fc.constant('byte' as const), v: fc.integer({ min: 0, max: 255 }) }),
    );
    fc.assert(
      fc.property(fc.constantFrom('utf8' as const, 'gb18030' as const), fc.array(op, { maxLength: 40 }), (enc, ops) => {
        const whole = new ByteSink(enc, 16);
        const pieces: Buffer[] = [];
        const streamed = new ByteSink(enc, 1024, (bytes) => pieces.push(Buffer.from(bytes))); // copied: the buffer is reused
        for (const b of [whole, streamed])
          for (const o of ops) {
            if (o.t === 'text') b.text(o.s);
            else if (o.t === 'fixed') b.fixed(o.v, o.k);
            else b.byte(o.v);
          }
        streamed.end();
        return Buffer.concat(pieces).equals(whole.result()) && pieces.every((p) => p.length > 0 && p.length <= 4 * 900 + 1024);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('ByteSink.fixed', () => {
  it('writes formatScaled’s text for any safe integer and scale', async () => {
    const { formatScaled } = await import('../../src/money/fen.js');
    const v = fc.oneof(fc.integer({ min: -100000, max: 100000 }), fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), fc.integer({ min: 2 ** 31 - 100, max: 2 ** 31 + 100 }));
    fc.assert(
      fc.property(v, fc.constantFrom(0, 1, 2, 4), (x, scale) => {
        const b = new ByteSink('utf8', 1);
        b.fixed(x, scale);
        return b.result().toString('latin1') === formatScaled(BigInt(x), scale);
      }),
      { numRuns: 20000 },
    );
  });
});
