import zlib from 'node:zlib';
import { InternalError } from '../problems.js';
import { crc32 } from '../util/crc32.js';
import { dosDate } from '../util/zipTimes.js';

/**
 * A minimal zip writer for the workbook: local headers, deflated data, central directory, end
 * record. No zip64, no data descriptors, no extra fields. Every entry carries one fixed MS-DOS
 * stamp (00:00 on the given day), and entries are written in the order given, so the bytes depend
 * on the content only.
 */

export interface ZipEntry {
  name: string; // ASCII path inside the archive
  data: Buffer | string; // strings are written as UTF-8
}

export { crc32, crc32Portable } from '../util/crc32.js';

interface Packed {
  crc: number;
  size: number;
  packed: Buffer;
}

/**
 * Small string parts (relationships, content types, styles…) are the same in almost every
 * workbook: their deflated form is kept, keyed by level and text. Deflate is deterministic, so the
 * bytes do not depend on whether an entry came from here.
 */
const CACHE = new Map<string, Packed>();
const CACHE_MAX_ENTRIES = 64;
const CACHE_MAX_TEXT = 8192;

function pack(data: Buffer | string, level: number): Packed {
  const cacheable = typeof data === 'string' && data.length <= CACHE_MAX_TEXT;
  const key = cacheable ? `${level}\u0000${data}` : '';
  if (cacheable) {
    const hit = CACHE.get(key);
    if (hit) return hit;
  }
  const raw = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const p: Packed = { crc: crc32(raw), size: raw.length, packed: zlib.deflateRawSync(raw, { level }) };
  if (cacheable) {
    if (CACHE.size >= CACHE_MAX_ENTRIES) CACHE.clear();
    CACHE.set(key, p);
  }
  return p;
}

export function zipFiles(entries: readonly ZipEntry[], opts: { year: number; month?: number; day?: number; level?: number }): Buffer {
  const date = dosDate(opts.year, opts.month ?? 12, opts.day ?? 31);
  const time = 0;
  const level = opts.level ?? 6;
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    if (!/^[\x20-\x7e]+$/.test(e.name)) throw new InternalError(`zip: entry name must be printable ASCII: ${JSON.stringify(e.name)}`);
    const { crc, size, packed } = pack(e.data, level);
    const name = Buffer.from(e.name, 'ascii');
    if (offset > 0xffffffff || size > 0xffffffff) throw new InternalError('zip: too large without zip64');

    const local = Buffer.alloc(30 + name.length);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(0, 6); // flags
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28); // extra length
    name.copy(local, 30);

    const cd = Buffer.alloc(46 + name.length);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4); // version made by: MS-DOS, 2.0
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(0, 8);
    cd.writeUInt16LE(8, 10);
    cd.writeUInt16LE(time, 12);
    cd.writeUInt16LE(date, 14);
    cd.writeUInt32LE(crc, 16);
    cd.writeUInt32LE(packed.length, 20);
    cd.writeUInt32LE(size, 24);
    cd.writeUInt16LE(name.length, 28);
    // extra, comment, disk number, internal and external attributes: 0
    cd.writeUInt32LE(offset, 42);
    name.copy(cd, 46);

    parts.push(local, packed);
    central.push(cd);
    offset += local.length + packed.length;
  }
  if (entries.length > 0xffff) throw new InternalError('zip: too many entries without zip64');
  const cdSize = central.reduce((s, b) => s + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8); // entries on this disk
  end.writeUInt16LE(entries.length, 10); // entries in total
  end.writeUInt32LE(cdSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, ...central, end]);
}
