import iconv from 'iconv-lite';

/**
 * A growing byte buffer that text is encoded straight into, UTF-8 or GB18030: the county-sized
 * sheets (a million rows) are written without a string per row, a Buffer per chunk or a final
 * concatenation, whose garbage and external memory made V8 run a full GC every few dozen MB.
 *
 * The bytes are exactly those of Buffer.from(text, 'utf8') (a lone surrogate becomes U+FFFD) or
 * iconv.encode(text, 'gb18030') (a lone surrogate becomes `?`) — see test/render/byteSink.test.ts.
 * GB18030 is encoded one character at a time from a table filled on first use by iconv itself:
 * the encoding of a character of the Basic Multilingual Plane does not depend on its neighbours.
 */
export class ByteSink {
  private buf: Buffer;
  private len = 0;
  private readonly gb: boolean;

  /**
   * `flush`: a full buffer is handed to it and then reused (it must have used the bytes when it
   * returns, e.g. written them with writeSync), so a county-sized file costs one buffer of memory;
   * without it the buffer grows to hold everything.
   */
  constructor(
    encoding: 'utf8' | 'gb18030',
    sizeHint = 1 << 16,
    private readonly flush?: (bytes: Buffer) => void,
  ) {
    this.buf = Buffer.allocUnsafe(Math.max(1024, sizeHint));
    this.gb = encoding === 'gb18030';
  }

  /** Bytes in the buffer (after a flush: since the last one). */
  get length(): number {
    return this.len;
  }

  /** Room for `n` more bytes. */
  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    if (this.flush !== undefined && this.len > 0) {
      this.flush(this.buf.subarray(0, this.len));
      this.len = 0;
      if (n <= this.buf.length) return;
    }
    const bigger = Buffer.allocUnsafe(Math.max(this.len + n, Math.ceil(this.buf.length * 1.5)));
    this.buf.copy(bigger, 0, 0, this.len);
    this.buf = bigger;
  }

  byte(b: number): void {
    this.room(1);
    this.buf[this.len++] = b;
  }

  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  /** ASCII text (digits, `.`, `-`): one byte per character in both encodings. */
  ascii(s: string): void {
    const n = s.length;
    this.room(n);
    const buf = this.buf;
    let j = this.len;
    for (let i = 0; i < n; i++) buf[j++] = s.charCodeAt(i);
    this.len = j;
  }

  /** A non-negative safe integer's digits. */
  uint(v: number): void {
    this.fixed(v, 0);
  }

  /**
   * `units / 10^scale` with exactly `scale` decimals (formatScaled's text), from a safe integer:
   * digits written straight into the buffer, in int32 arithmetic where the value allows.
   */
  fixed(units: number, scale: number): void {
    this.room(24);
    const buf = this.buf;
    let j = this.len;
    if (units < 0) {
      buf[j++] = 45; // -
      units = -units;
    }
    const p = POW10[scale];
    const frac = units % p;
    let whole = (units - frac) / p;
    let digits = 1;
    for (let q = 10; q <= whole; q *= 10) digits++;
    let k = j + digits;
    j = k;
    if (whole < 0x80000000) {
      let w = whole | 0;
      do {
        const next = (w / 10) | 0;
        buf[--k] = 48 + w - next * 10;
        w = next;
      } while (w > 0);
    } else {
      do {
        const d = whole % 10;
        buf[--k] = 48 + d;
        whole = (whole - d) / 10;
      } while (whole > 0);
    }
    if (scale > 0) {
      buf[j++] = 46; // .
      let f = frac | 0;
      for (let s = scale - 1; s >= 0; s--) {
        const next = (f / 10) | 0;
        buf[j + s] = 48 + f - next * 10;
        f = next;
      }
      j += scale;
    }
    this.len = j;
  }

  /** Text in the sink's encoding; `from`/`to` select code units (default: all). */
  text(s: string, from = 0, to = s.length): void {
    if (this.gb) this.gb18030(s, from, to);
    else this.utf8(s, from, to);
  }

  private utf8(s: string, from: number, to: number): void {
    this.room(3 * (to - from));
    const buf = this.buf;
    let j = this.len;
    for (let i = from; i < to; i++) {
      let c = s.charCodeAt(i);
      if (c < 0x80) {
        buf[j++] = c;
      } else if (c < 0x800) {
        buf[j++] = 0xc0 | (c >> 6);
        buf[j++] = 0x80 | (c & 0x3f);
      } else if (c < 0xd800 || c > 0xdfff) {
        buf[j++] = 0xe0 | (c >> 12);
        buf[j++] = 0x80 | ((c >> 6) & 0x3f);
        buf[j++] = 0x80 | (c & 0x3f);
      } else {
        const d = i + 1 < to ? s.charCodeAt(i + 1) : 0;
        if (c < 0xdc00 && d >= 0xdc00 && d <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          i++;
          buf[j++] = 0xf0 | (c >> 18);
          buf[j++] = 0x80 | ((c >> 12) & 0x3f);
          buf[j++] = 0x80 | ((c >> 6) & 0x3f);
          buf[j++] = 0x80 | (c & 0x3f);
        } else {
          buf[j++] = 0xef; // a lone surrogate: U+FFFD, as Buffer.from does
          buf[j++] = 0xbf;
          buf[j++] = 0xbd;
        }
      }
    }
    this.len = j;
  }

  private gb18030(s: string, from: number, to: number): void {
    this.room(4 * (to - from));
    const buf = this.buf;
    let j = this.len;
    for (let i = from; i < to; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x80) {
        buf[j++] = c;
        continue;
      }
      if (c >= 0xd800 && c <= 0xdfff) {
        const d = i + 1 < to ? s.charCodeAt(i + 1) : 0;
        const pair = c < 0xdc00 && d >= 0xdc00 && d <= 0xdfff;
        const b = pair ? gbEncode(s.slice(i, i + 2)) : GB_LONE_SURROGATE;
        if (pair) i++;
        for (let k = 0; k < b.length; k++) buf[j++] = b[k];
        continue;
      }
      let code = GB_BMP[c];
      if (code === 0) code = gbBmp(c);
      // Packed as (byte count << 28) | bytes; 4-byte codes are kept in GB_BMP4.
      const n = code >>> 28;
      if (n === 1) buf[j++] = code & 0xff;
      else if (n === 2) {
        buf[j++] = (code >> 8) & 0xff;
        buf[j++] = code & 0xff;
      } else {
        const b = GB_BMP4.get(c)!;
        for (let k = 0; k < b.length; k++) buf[j++] = b[k];
      }
    }
    this.len = j;
  }

  /** With `flush`: the rest of the bytes to it. */
  end(): void {
    if (this.flush !== undefined && this.len > 0) this.flush(this.buf.subarray(0, this.len));
    this.len = 0;
  }

  /** The bytes written (a view of the buffer: no copy); without `flush` only. */
  result(): Buffer {
    return this.buf.subarray(0, this.len);
  }
}

const POW10 = [1, 10, 100, 1000, 10000, 100000, 1000000];

function gbEncode(s: string): Buffer {
  return iconv.encode(s, 'gb18030', { addBOM: false });
}

/** GB18030 of each BMP character, filled on first use: 0 = not yet; else (byte count << 28) | the bytes (1–2 bytes). */
const GB_BMP = new Uint32Array(0x10000);
/** Characters whose GB18030 code has 3 or 4 bytes. */
const GB_BMP4 = new Map<number, Buffer>();
const GB_LONE_SURROGATE = gbEncode('\ud800');

function gbBmp(c: number): number {
  const b = gbEncode(String.fromCharCode(c));
  let code: number;
  if (b.length === 1) code = (1 << 28) | b[0];
  else if (b.length === 2) code = (2 << 28) | (b[0] << 8) | b[1];
  else {
    GB_BMP4.set(c, b);
    code = (b.length << 28) >>> 0;
  }
  GB_BMP[c] = code;
  return code;
}
