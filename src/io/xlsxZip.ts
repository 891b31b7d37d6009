// Long because reading a zip's central directory, locating and verifying every entry and handing parts to the sheet reader are one pass over one file handle.
/**
 * Checks that an .xlsx file is a whole, readable zip before exceljs streams it.
 *
 * Why: exceljs's streaming reader (unzipper) reads local headers front to back and, on a truncated
 * file or corrupt deflate data, can wait forever instead of failing: the CLI would then exit with
 * nothing written and no message, a batch worker would hang. So the central directory is read
 * first, every entry is located, inflated and its CRC-32 and size compared, and the entries must
 * follow each other from byte 0 to the central directory (what a front-to-back reader will see).
 * Nothing is kept in memory but the central directory; entries are inflated as streams.
 * The declared sizes are checked against xlsxLimits.ts first (XlsxTooLarge is thrown), and no entry
 * may inflate to more than it declares, so a deflate bomb is refused before it is inflated.
 */
import { createReadStream } from 'node:fs';
import { Readable, pipeline } from 'node:stream';
import { open, type FileHandle } from 'node:fs/promises';
import zlib from 'node:zlib';
import { crc32 } from '../util/crc32.js';
import { checkDeclared, MAX_PART_BYTES, MAX_TOTAL_BYTES, partKind, XlsxDamaged, XlsxTooLarge, XmlGuard, XmlShape, type PartKind } from './xlsxLimits.js';

const EOCD = 0x06054b50;
const EOCD64 = 0x06064b50;
const EOCD64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** A central directory larger than this is not an .xlsx (Excel's have a few KiB). */
const MAX_CENTRAL_DIRECTORY = 64 << 20;

interface Entry {
  name: string;
  flags: number;
  method: number;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
}

/**
 * Why the file is not a usable zip (English, for the message), or null when it is. The worksheets
 * and xl/sharedStrings.xml are also run through XmlShape as they inflate: throws XlsxTooLarge (over
 * a limit) or XlsxDamaged (truncated XML), before any XML parser has seen them.
 */
export async function checkZip(path: string): Promise<string | null> {
  const fh = await open(path, 'r');
  try {
    const fileSize = (await fh.stat()).size;
    const dir = await centralDirectory(fh, fileSize);
    if (typeof dir === 'string') return dir;
    const entries = [...dir.entries].sort((a, b) => a.offset - b.offset);
    let total = 0;
    entries.forEach((e, k) => checkDeclared(e.name, e.size, e.compressed, (total += e.size), k + 1));
    const budget = { left: MAX_TOTAL_BYTES };
    let expect = 0; // where the next local header must start
    for (const e of entries) {
      if (e.flags & 1) return `${e.name} is encrypted (password-protected workbook)`;
      if (e.method !== 0 && e.method !== 8) return `${e.name} uses an unsupported compression method ${e.method}`;
      const gap = e.offset - expect;
      if (gap !== 0 && !(expect > 0 && isDescriptorGap(gap))) return `unexpected bytes before ${e.name}`;
      const head = await readAt(fh, e.offset, 30);
      if (head.length < 30 || head.readUInt32LE(0) !== LOCAL) return `no local header for ${e.name}`;
      const dataStart = e.offset + 30 + head.readUInt16LE(26) + head.readUInt16LE(28);
      const dataEnd = dataStart + e.compressed;
      if (dataEnd > dir.start) return `${e.name} runs past the end of the data (truncated file?)`;
      const kind = partKind(e.name);
      const bad = await checkEntryData(path, e, dataStart, dataEnd, kind === null ? null : new XmlShape(e.name, e.size, budget, kind));
      if (bad instanceof Error) throw bad;
      if (bad) return bad;
      expect = dataEnd;
    }
    const tail = dir.start - expect;
    if (entries.length === 0) return 'the zip holds no files';
    if (tail !== 0 && !isDescriptorGap(tail)) return 'unexpected bytes before the central directory';
    return null;
  } finally {
    await fh.close();
  }
}

/** A data descriptor (optionally signed, 32- or 64-bit sizes) between two entries. */
function isDescriptorGap(n: number): boolean {
  return n === 12 || n === 16 || n === 20 || n === 24;
}

async function readAt(fh: FileHandle, pos: number, length: number): Promise<Buffer> {
  const b = Buffer.alloc(length);
  const { bytesRead } = await fh.read(b, 0, length, pos);
  return b.subarray(0, bytesRead);
}

async function centralDirectory(fh: FileHandle, fileSize: number): Promise<{ entries: Entry[]; start: number } | string> {
  if (fileSize < 22) return 'the file is too short to be a zip';
  const tailLen = Math.min(fileSize, 22 + 0xffff);
  const tail = await readAt(fh, fileSize - tailLen, tailLen);
  let p = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD && i + 22 + tail.readUInt16LE(i + 20) <= tail.length) {
      p = i;
      break;
    }
  }
  if (p < 0) return 'no end of central directory (truncated or not a zip)';
  const eocdPos = fileSize - tailLen + p;
  let count = tail.readUInt16LE(p + 10);
  let size = tail.readUInt32LE(p + 12);
  let offset = tail.readUInt32LE(p + 16);
  let end = eocdPos; // the central directory ends where the (zip64) end record starts
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    const loc = eocdPos >= 20 ? await readAt(fh, eocdPos - 20, 20) : Buffer.alloc(0);
    if (loc.length < 20 || loc.readUInt32LE(0) !== EOCD64_LOCATOR) return 'bad zip64 end of central directory';
    const pos64 = Number(loc.readBigUInt64LE(8));
    const rec = await readAt(fh, pos64, 56);
    if (rec.length < 56 || rec.readUInt32LE(0) !== EOCD64) return 'bad zip64 end of central directory';
    count = Number(rec.readBigUInt64LE(32));
    size = Number(rec.readBigUInt64LE(40));
    offset = Number(rec.readBigUInt64LE(48));
    end = pos64;
  }
  if (offset + size > end) return 'the central directory runs past its end (truncated file?)';
  if (size > MAX_CENTRAL_DIRECTORY) return 'the central directory is too large';
  const cd = await readAt(fh, offset, size);
  const entries: Entry[] = [];
  let q = 0;
  for (let k = 0; k < count; k++) {
    if (q + 46 > cd.length || cd.readUInt32LE(q) !== CENTRAL) return 'bad central directory record';
    const nameLen = cd.readUInt16LE(q + 28);
    const extraLen = cd.readUInt16LE(q + 30);
    const commentLen = cd.readUInt16LE(q + 32);
    if (q + 46 + nameLen + extraLen + commentLen > cd.length) return 'bad central directory record';
    const e: Entry = {
      name: cd.toString('utf8', q + 46, q + 46 + nameLen),
      flags: cd.readUInt16LE(q + 8),
      method: cd.readUInt16LE(q + 10),
      crc: cd.readUInt32LE(q + 16),
      compressed: cd.readUInt32LE(q + 20),
      size: cd.readUInt32LE(q + 24),
      offset: cd.readUInt32LE(q + 42),
    };
    if (e.size === 0xffffffff || e.compressed === 0xffffffff || e.offset === 0xffffffff) {
      zip64Extra(e, cd.subarray(q + 46 + nameLen, q + 46 + nameLen + extraLen));
    }
    entries.push(e);
    q += 46 + nameLen + extraLen + commentLen;
  }
  return { entries, start: offset };
}

/** Fills in the 64-bit values of the zip64 extra field (id 1): sizes and offset, those that overflowed. */
function zip64Extra(e: Entry, extra: Buffer): void {
  for (let i = 0; i + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(i);
    const len = extra.readUInt16LE(i + 2);
    if (id === 1) {
      let j = i + 4;
      const next = (): number => {
        const v = j + 8 <= i + 4 + len && j + 8 <= extra.length ? Number(extra.readBigUInt64LE(j)) : -1;
        j += 8;
        return v;
      };
      if (e.size === 0xffffffff) e.size = next();
      if (e.compressed === 0xffffffff) e.compressed = next();
      if (e.offset === 0xffffffff) e.offset = next();
      return;
    }
    i += 4 + len;
  }
}

/** Inflates one entry's bytes, comparing CRC-32 and size with the central directory. */
function checkEntryData(path: string, e: Entry, start: number, end: number, shape: XmlShape | null): Promise<string | Error | null> {
  return new Promise((resolve) => {
    let crc = 0;
    let size = 0;
    let settled = false;
    const done = (why: string | Error | null): void => {
      if (settled) return;
      settled = true;
      resolve(why);
    };
    const src = end > start ? createReadStream(path, { start, end: end - 1 }) : null;
    const sink = e.method === 8 ? zlib.createInflateRaw() : null;
    const out = sink ?? src;
    const finish = (): void => {
      if (size !== e.size) done(`${e.name}: ${size} bytes instead of ${e.size} (corrupt data)`);
      else if (crc >>> 0 !== e.crc >>> 0) done(`${e.name}: CRC mismatch (corrupt data)`);
      else {
        try {
          shape?.end();
          done(null);
        } catch (err) {
          done(err as Error);
        }
      }
    };
    if (out === null) {
      // A stored empty entry; a deflated one has at least one byte.
      if (e.method === 8) done(`${e.name}: no compressed data (corrupt data)`);
      else finish();
      return;
    }
    out.on('data', (chunk: Buffer) => {
      size += chunk.length;
      crc = crc32(chunk, crc);
      if (size > e.size) {
        done(`${e.name}: more data than the directory says (corrupt data)`);
        src?.destroy();
        sink?.destroy();
        return;
      }
      try {
        shape?.feed(chunk);
      } catch (err) {
        done(err as Error);
        src?.destroy();
        sink?.destroy();
      }
    });
    out.on('end', finish);
    out.on('error', () => done(`${e.name}: corrupt compressed data`));
    if (sink !== null) {
      if (src === null) {
        done(`${e.name}: no compressed data (corrupt data)`);
        return;
      }
      src.on('error', () => done(`${e.name}: cannot be read`));
      src.pipe(sink);
    }
  });
}

/**
 * A checked zip's entries by name, each opened as a stream of its uncompressed bytes. The .xlsx
 * readers take every part through here rather than through exceljs's own unzipping: its streaming
 * reader can lose the parts after the worksheets (xl/sharedStrings.xml among them: cells then come
 * as `{ sharedString: n }`, or a sheet is missing) when a workbook has many sheets and they come
 * first in the zip, as Excel and exceljs write them (exceljs issue 683). Call after checkZip: the
 * entries are taken as whole.
 */
export class ZipEntries {
  /** Bytes all the streams opened here may still inflate to (MAX_TOTAL_BYTES). */
  private readonly budget = { left: MAX_TOTAL_BYTES };

  private constructor(
    private readonly path: string,
    private readonly entries: ReadonlyMap<string, Entry>,
  ) {}

  /** The entries, or why the file is not a zip. */
  static async open(path: string): Promise<ZipEntries | string> {
    const fh = await open(path, 'r');
    try {
      const dir = await centralDirectory(fh, (await fh.stat()).size);
      if (typeof dir === 'string') return dir;
      const byName = new Map<string, Entry>();
      for (const e of dir.entries) if (!byName.has(e.name)) byName.set(e.name, e);
      return new ZipEntries(path, byName);
    } finally {
      await fh.close();
    }
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /**
   * The entry's uncompressed bytes as a stream, through an XmlGuard (every part read here is XML):
   * it errors with XlsxTooLarge or XlsxDamaged (truncated XML) rather than end early or grow without
   * bound. `kind`: also count rows and cells (a sheet) or entries (shared strings). Null when there is no such entry.
   */
  async stream(name: string, kind: PartKind = 'other'): Promise<Readable | null> {
    const e = this.entries.get(name);
    if (e === undefined) return null;
    if (e.method !== 0 && e.method !== 8) throw new Error(`${e.name} uses an unsupported compression method ${e.method}`);
    const fh = await open(this.path, 'r');
    let head: Buffer;
    try {
      head = await readAt(fh, e.offset, 30);
    } finally {
      await fh.close();
    }
    if (head.length < 30 || head.readUInt32LE(0) !== LOCAL) throw new Error(`no local header for ${e.name}`);
    const start = e.offset + 30 + head.readUInt16LE(26) + head.readUInt16LE(28);
    const guard = new XmlGuard(name, Math.min(e.size, MAX_PART_BYTES), this.budget, kind);
    if (e.compressed === 0) {
      guard.end(); // no bytes: the guard reports the missing XML
      return guard;
    }
    const src = createReadStream(this.path, { start, end: start + e.compressed - 1, highWaterMark: 1 << 16 });
    // An error reaches the reader through `guard`; destroying `guard` stops the others.
    if (e.method === 0) pipeline(src, guard, () => undefined);
    else pipeline(src, zlib.createInflateRaw(), guard, () => undefined);
    return guard;
  }

  /**
   * The whole of a small entry; null when absent, larger than maxBytes or unreadable. A part whose
   * XML is damaged or over the limits throws (XlsxDamaged, XlsxTooLarge).
   */
  async read(name: string, maxBytes: number): Promise<Buffer | null> {
    const e = this.entries.get(name);
    if (e === undefined || e.size > maxBytes) return null;
    try {
      const s = await this.stream(name);
      if (s === null) return null;
      const chunks: Buffer[] = [];
      for await (const c of s) chunks.push(c as Buffer);
      return Buffer.concat(chunks);
    } catch (err) {
      if (err instanceof XlsxTooLarge || err instanceof XlsxDamaged) throw err;
      return null;
    }
  }
}
