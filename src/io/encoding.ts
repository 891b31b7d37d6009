/**
 * Reading a text file in chunks: encoding detection (SPEC §3), decoding, sha256 of the bytes.
 *
 * auto: a UTF-8 BOM means UTF-8; otherwise, if the whole file is valid UTF-8 it is UTF-8; otherwise
 * GB18030. Validity is checked chunk by chunk with buffer.isUtf8 (a sequence cut by a chunk border is
 * carried over), stopping at the first bad byte; the file is then read a second time to decode it.
 * Nothing ever holds the whole file.
 */
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, read, readFileSync, readSync } from 'node:fs';
import { openRegular } from './openRegular.js';
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { Gb18030ToUtf8 } from './gb18030Utf8.js';

export type Encoding = 'utf8' | 'gb18030';

/** 1 MiB reads: few chunks, little per-chunk overhead. */
export const CHUNK_SIZE = 1 << 20;

/** Where decoded text goes (the CSV tokenizer); `line` is the physical line of the next character. */
export interface TextSink {
  push(text: string): void;
  readonly line: number;
  readonly column: number;
  /**
   * Optional: takes valid UTF-8 without NUL bytes as bytes, undecoded (the labor fast lane). Bytes it
   * holds back (a line cut by the chunk end) must be pushed on by flushBytes, which is called before
   * any text is pushed, before `line`/`column` are read for a problem, and at the end.
   */
  pushUtf8?(bytes: Buffer): void;
  flushBytes?(): void;
}

export interface EncodingProblem {
  /** Physical line of the bad byte; 0 when the whole file is meant (a UTF-16/32 BOM). */
  line: number;
  /** 1-based field of the bad byte; 0 with line 0. */
  column: number;
  message: string;
  /** Bytes that are not UTF-8 in a file read as UTF-8 (auto detection would have read it as GB18030). */
  notUtf8?: true;
}

export interface ReadTextResult {
  encoding: Encoding;
  sha256: string;
  /** An encoding problem stopped decoding; the sink got the text before the bad byte only. */
  problem: EncodingProblem | null;
}

type Bom = 'utf8' | 'utf16' | 'utf32' | null;

function bomOf(b: Buffer): Bom {
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return 'utf8';
  if (b.length >= 4 && b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff) return 'utf32';
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0) return 'utf32';
  if (b.length >= 2 && ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff))) return 'utf16';
  return null;
}

/** Only regular files are read (openRegular: a FIFO or device is refused, never waited on). */
async function readHead(path: string): Promise<Buffer> {
  const { fd } = openRegular(path);
  try {
    const b = Buffer.alloc(4);
    const bytesRead = readSync(fd, b, 0, 4, 0);
    return b.subarray(0, bytesRead);
  } finally {
    closeSync(fd);
  }
}

/** Length of a UTF-8 sequence from its lead byte (1 for bytes that cannot lead: isUtf8 rejects them). */
function seqLen(lead: number): number {
  if (lead < 0xc0) return 1;
  if (lead < 0xe0) return 2;
  if (lead < 0xf0) return 3;
  if (lead < 0xf8) return 4;
  return 1;
}

/** End of the last complete UTF-8 sequence in b (a sequence cut at the end is left out). */
export function completeUtf8Length(b: Uint8Array): number {
  const end = b.length;
  let i = end - 1;
  let k = 0;
  while (i >= 0 && k < 3 && (b[i] & 0xc0) === 0x80) {
    i--;
    k++;
  }
  if (i < 0) return end;
  return end - i < seqLen(b[i]) ? i : end;
}

/** Index of the first byte that is not part of a valid UTF-8 sequence (b.length if none). */
export function firstInvalidUtf8(b: Uint8Array): number {
  const n = b.length;
  let i = 0;
  while (i < n) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    let cp: number;
    if (c >= 0xc2 && c < 0xe0) {
      need = 1;
      min = 0x80;
      cp = c & 0x1f;
    } else if (c >= 0xe0 && c < 0xf0) {
      need = 2;
      min = 0x800;
      cp = c & 0x0f;
    } else if (c >= 0xf0 && c < 0xf5) {
      need = 3;
      min = 0x10000;
      cp = c & 0x07;
    } else return i;
    if (i + need >= n) return i;
    for (let k = 1; k <= need; k++) {
      const d = b[i + k];
      if ((d & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (d & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return n;
}

/**
 * A read stream whose chunk fits the file: a stream allocates a whole `highWaterMark` buffer for
 * every read, and a township batch reads thousands of small files (1 MiB each would be gigabytes of
 * page faults, which also keep two cores from working in parallel).
 */
function openChunked(path: string): ReturnType<typeof createReadStream> {
  const { fd, size } = openRegular(path); // throws for a FIFO, device or folder
  return createReadStream(path, { fd, autoClose: true, highWaterMark: Math.max(4096, Math.min(CHUNK_SIZE, size + 1)) });
}

/**
 * The file's chunks read into one reused buffer (each is valid until the next is asked for), for a
 * reader that keeps nothing of a chunk (the labor worker: UTF-8 only, every kept byte copied). A
 * stream allocates a new 1 MiB buffer per chunk, and a thread that makes little other garbage
 * collects them late: 400 MB of labor.csv held ~90 MB of dead chunks at a time.
 */
async function* reusedChunks(path: string): AsyncGenerator<Buffer> {
  const { fd } = openRegular(path); // throws for a FIFO, device or folder
  const buf = Buffer.allocUnsafe(CHUNK_SIZE);
  try {
    for (;;) {
      const n = await new Promise<number>((resolve, reject) => read(fd, buf, 0, CHUNK_SIZE, null, (e, k) => (e ? reject(e) : resolve(k))));
      if (n === 0) return;
      yield buf.subarray(0, n);
    }
  } finally {
    closeSync(fd);
  }
}

/** The whole file when it fits one chunk (null for larger files, or when it cannot be read now). */
function smallFile(path: string): Buffer | null {
  let fd: number;
  let size: number;
  try {
    ({ fd, size } = openRegular(path));
  } catch {
    return null; // the streamed path reports the problem as before
  }
  try {
    return size <= CHUNK_SIZE ? readFileSync(fd) : null;
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/** Pass 1 of auto detection: is the whole file valid UTF-8? Stops at the first bad byte. */
async function isFileUtf8(path: string): Promise<boolean> {
  const stream = openChunked(path);
  let carry: Buffer | null = null;
  try {
    for await (const raw of stream) {
      let chunk = raw as Buffer;
      if (carry) {
        const need = seqLen(carry[0]) - carry.length;
        const take = Math.min(need, chunk.length);
        carry = Buffer.concat([carry, chunk.subarray(0, take)]);
        chunk = chunk.subarray(take);
        if (carry.length < seqLen(carry[0])) continue;
        if (!isUtf8(carry)) return false;
        carry = null;
      }
      const cut = completeUtf8Length(chunk);
      if (!isUtf8(chunk.subarray(0, cut))) return false;
      if (cut < chunk.length) carry = Buffer.from(chunk.subarray(cut));
    }
    return carry === null;
  } finally {
    stream.destroy();
  }
}

const MSG_UTF16 = '文件是 UTF-16/UTF-32 编码，请在 Excel 中另存为“CSV UTF-8”或“CSV (逗号分隔)”(UTF-16/32 is not supported; save as CSV UTF-8 or GBK)';
const MSG_NUL = '文件中有 NUL 空字节，可能是 UTF-16 编码或不是文本文件，请另存为 CSV (NUL byte: not a CSV text file)';
const MSG_BAD_UTF8 =
  '不是有效的 UTF-8 编码，文件可能是 GBK/GB18030：去掉 --encoding utf8 或改用 --encoding gb18030 (not valid UTF-8)';
const MSG_BAD_GB = '有 GB18030 无法解码的字节，请检查文件编码 (bytes GB18030 cannot decode)';

/**
 * Reads `path` chunk by chunk, hashing every byte and pushing decoded text to `sink`.
 * `forced` (`--encoding`) overrides detection, but a UTF-8 BOM always means UTF-8.
 * On an encoding problem decoding stops (the rest is still hashed, or with `stopAtProblem` not read:
 * the sha256 is then of part of the file) and the problem is returned; the caller must then not
 * end() the sink's tokenizer.
 */
export async function readTextFile(path: string, forced: 'auto' | Encoding, sink: TextSink, opts: { reuseChunks?: boolean; stopAtProblem?: boolean } = {}): Promise<ReadTextResult> {
  const hash = createHash('sha256');
  // A file of up to one chunk is read in one call and checked in memory: a township batch reads
  // thousands of small files, and two streamed passes each cost a dozen thread-pool round trips.
  const whole = smallFile(path);
  const head = whole ? whole.subarray(0, 4) : await readHead(path);
  const bom = bomOf(head);
  let problem: EncodingProblem | null = null;
  let encoding: Encoding;
  if (bom === 'utf16' || bom === 'utf32') {
    encoding = 'utf8';
    problem = { line: 0, column: 0, message: MSG_UTF16 };
  } else if (bom === 'utf8') encoding = 'utf8';
  else if (forced !== 'auto') encoding = forced;
  else encoding = (whole ? isUtf8(whole) : await isFileUtf8(path)) ? 'utf8' : 'gb18030';

  // One reused buffer only for UTF-8 (the GB18030 decoder may keep bytes of a chunk for the next).
  const reuse = !whole && opts.reuseChunks === true && encoding === 'utf8';
  const stream = whole || reuse ? null : openChunked(path);
  const chunks: AsyncIterable<Buffer> | Iterable<Buffer> = whole ? [whole] : reuse ? reusedChunks(path) : (stream as AsyncIterable<Buffer>);
  let first = true;
  let carry: Buffer | null = null;
  const gb = encoding === 'gb18030' ? iconv.getDecoder('gb18030') : null;
  // A byte lane over a file of more than a chunk: GBK straight to UTF-8 bytes, until a character it does not take.
  let gbFast = gb && !whole && sink.pushUtf8 ? Gb18030ToUtf8.create() : null;

  /**
   * Pushes decoded text, stopping before a NUL (only looked for when the bytes held a 0: a fast
   * memchr on the buffer instead of a scan of the string) or a U+FFFD from the GB18030 decoder.
   * Returns false on a problem.
   */
  const pushText = (text: string, hasNul: boolean): boolean => {
    let bad = hasNul ? text.indexOf('\0') : -1;
    let msg = MSG_NUL;
    if (gb) {
      const r = text.indexOf('\ufffd');
      if (r >= 0 && (bad < 0 || r < bad)) {
        bad = r;
        msg = MSG_BAD_GB;
      }
    }
    if (bad < 0) {
      sink.push(text);
      return true;
    }
    sink.push(text.slice(0, bad));
    problem = { line: sink.line, column: sink.column, message: msg };
    return false;
  };

  const pushUtf8 = (b: Buffer): boolean => {
    const hasNul = b.indexOf(0) >= 0;
    if (isUtf8(b)) {
      if (!hasNul && sink.pushUtf8) {
        sink.pushUtf8(b);
        return true;
      }
      sink.flushBytes?.();
      return pushText(b.toString('utf8'), hasNul);
    }
    sink.flushBytes?.();
    const at = firstInvalidUtf8(b);
    if (!pushText(b.toString('utf8', 0, at), hasNul)) return false;
    problem = { line: sink.line, column: sink.column, message: MSG_BAD_UTF8, notUtf8: true };
    return false;
  };

  try {
    for await (const raw of chunks) {
      let chunk = raw as Buffer;
      if (problem && opts.stopAtProblem === true) break;
      hash.update(chunk);
      if (problem) continue; // keep hashing, stop decoding
      if (first) {
        first = false;
        if (bom === 'utf8') chunk = chunk.subarray(3);
      }
      if (gb) {
        const hasNul = chunk.indexOf(0) >= 0;
        if (gbFast !== null) {
          if (!hasNul) {
            const { utf8, rest } = gbFast.transcode(chunk);
            if (utf8.length > 0) sink.pushUtf8!(utf8);
            if (rest === null) continue;
            gbFast = null;
            chunk = rest;
          } else {
            // A NUL is found in the text (its place reported): the rest goes through iconv-lite.
            const lead = gbFast.pending();
            gbFast = null;
            if (lead !== null) chunk = Buffer.concat([lead, chunk]);
          }
        }
        const text = gb.write(chunk);
        // A byte lane reads UTF-8: the decoded text, written back as UTF-8, is the same characters.
        if (sink.pushUtf8 && !hasNul && text.indexOf('\ufffd') < 0) sink.pushUtf8(Buffer.from(text, 'utf8'));
        else {
          sink.flushBytes?.();
          pushText(text, hasNul);
        }
        continue;
      }
      if (carry) {
        const need = seqLen(carry[0]) - carry.length;
        const take = Math.min(need, chunk.length);
        carry = Buffer.concat([carry, chunk.subarray(0, take)]);
        chunk = chunk.subarray(take);
        if (carry.length < seqLen(carry[0])) continue;
        const c: Buffer = carry;
        carry = null;
        if (!pushUtf8(c)) continue;
      }
      const cut = completeUtf8Length(chunk);
      if (!pushUtf8(chunk.subarray(0, cut))) continue;
      if (cut < chunk.length) carry = Buffer.from(chunk.subarray(cut));
    }
  } finally {
    stream?.destroy();
  }
  if (!problem) {
    sink.flushBytes?.();
    if (gb) {
      const lead = gbFast?.pending() ?? null;
      if (lead !== null) pushText(gb.write(lead), false);
      const rest = gb.end();
      if (rest) pushText(rest, rest.includes('\0'));
    } else if (carry) {
      problem = { line: sink.line, column: sink.column, message: MSG_BAD_UTF8, notUtf8: true };
    }
  }
  return { encoding, sha256: hash.digest('hex'), problem };
}
