/**
 * GB18030 bytes straight to UTF-8 bytes, for the byte lanes (a county's labor.csv saved by Excel on
 * a Chinese Windows is hundreds of MB of GBK). iconv-lite decodes into a UTF-16 buffer, then a
 * string, which the lanes would write back as UTF-8: three passes over every character. This
 * transcoder does ASCII and the two-byte codes — all of GBK — in one pass, from a table that
 * iconv-lite itself fills (the same characters by construction). At anything else (a four-byte
 * code, a byte iconv would turn into U+FFFD, U+20AC's single byte 0x80) it stops at that
 * character's first byte, and the caller decodes the rest with iconv-lite as before: GB18030 has no
 * shift states, so a decoder started at a character boundary reads the rest as one started at the
 * file's beginning would.
 */
import iconv from 'iconv-lite';

/** Each two-byte code (lead << 8 | trail) as UTF-8: byte count << 24 | the bytes; 0: not taken here. */
let table: Uint32Array | null | undefined;

/** Lead 0x81–0xFE, trail 0x40–0x7E or 0x80–0xFE: every GBK code (GB18030's four-byte codes have a digit second). */
function isTrail(b: number): boolean {
  return (b >= 0x40 && b <= 0x7e) || (b >= 0x80 && b <= 0xfe);
}

/** iconv-lite's reading of every two-byte code, in one call; null if any is not one BMP character (then nothing is taken here). */
function buildTable(): Uint32Array | null {
  const codes: number[] = [];
  for (let lead = 0x81; lead <= 0xfe; lead++) for (let trail = 0x40; trail <= 0xfe; trail++) if (isTrail(trail)) codes.push((lead << 8) | trail);
  const bytes = Buffer.alloc(2 * codes.length);
  codes.forEach((c, k) => bytes.writeUInt16BE(c, 2 * k));
  const text = iconv.decode(bytes, 'gb18030');
  // Each code read as one character (a code iconv did not know would be U+FFFD and throw the pairing off).
  if (text.length !== codes.length) return null;
  const t = new Uint32Array(65536);
  for (let k = 0; k < codes.length; k++) {
    const c = text.charCodeAt(k);
    if (c === 0xfffd || (c >= 0xd800 && c <= 0xdfff)) continue; // left to iconv (and its U+FFFD check)
    t[codes[k]] = c < 0x80 ? (1 << 24) | c : c < 0x800 ? (2 << 24) | ((0xc0 | (c >> 6)) << 8) | (0x80 | (c & 0x3f)) : (3 << 24) | ((0xe0 | (c >> 12)) << 16) | ((0x80 | ((c >> 6) & 0x3f)) << 8) | (0x80 | (c & 0x3f));
  }
  return t;
}

export class Gb18030ToUtf8 {
  private readonly table: Uint32Array;
  private lead = -1; // a lead byte that ended the last chunk
  private out = Buffer.alloc(0);

  private constructor(t: Uint32Array) {
    this.table = t;
  }

  /** A transcoder, or null when iconv-lite's table is not what this expects (then iconv-lite does all). */
  static create(): Gb18030ToUtf8 | null {
    if (table === undefined) table = buildTable();
    return table === null ? null : new Gb18030ToUtf8(table);
  }

  /**
   * The UTF-8 of `chunk` (after the lead byte the last chunk ended with), valid until the next call;
   * `rest`: the bytes from the first character not taken here on (null: all taken), for iconv-lite.
   */
  transcode(chunk: Buffer): { utf8: Buffer; rest: Buffer | null } {
    const n = chunk.length;
    if (this.out.length < 2 * n + 4) this.out = Buffer.allocUnsafe(2 * n + 4);
    const out = this.out;
    const t = this.table;
    let j = 0;
    let i = 0;
    if (this.lead >= 0) {
      const lead = this.lead;
      this.lead = -1;
      const code = n > 0 ? t[(lead << 8) | chunk[0]] : 0;
      if (code === 0) return { utf8: out.subarray(0, 0), rest: Buffer.concat([Buffer.from([lead]), chunk]) };
      j = put(out, j, code);
      i = 1;
    }
    for (; i < n; i++) {
      const b = chunk[i];
      if (b < 0x80) {
        out[j++] = b;
        continue;
      }
      if (i + 1 === n) {
        if (b >= 0x81 && b <= 0xfe) {
          this.lead = b; // completed by the next chunk
          break;
        }
        return { utf8: out.subarray(0, j), rest: chunk.subarray(i) };
      }
      const code = t[(b << 8) | chunk[i + 1]];
      if (code === 0) return { utf8: out.subarray(0, j), rest: chunk.subarray(i) };
      j = put(out, j, code);
      i++;
    }
    return { utf8: out.subarray(0, j), rest: null };
  }

  /** The lead byte the last chunk ended with, if any (at the file's end, or for iconv-lite to go on from). */
  pending(): Buffer | null {
    if (this.lead < 0) return null;
    const b = Buffer.from([this.lead]);
    this.lead = -1;
    return b;
  }
}

function put(out: Buffer, j: number, code: number): number {
  const len = code >>> 24;
  if (len === 3) {
    out[j] = (code >> 16) & 0xff;
    out[j + 1] = (code >> 8) & 0xff;
    out[j + 2] = code & 0xff;
    return j + 3;
  }
  if (len === 2) {
    out[j] = (code >> 8) & 0xff;
    out[j + 1] = code & 0xff;
    return j + 2;
  }
  out[j] = code & 0xff;
  return j + 1;
}
