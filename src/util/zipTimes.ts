import { InternalError } from '../problems.js';

/**
 * exceljs zips with JSZip, which stamps every entry with the time of writing (MS-DOS date and
 * time in each local header and central directory record), so two runs a few seconds apart give
 * different bytes. This sets every entry's stamp to one fixed date, making the file depend on its
 * content only. Nothing else changes (CRCs and sizes cover the data, not the stamp).
 */

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** MS-DOS date: bits 15–9 years since 1980, 8–5 month, 4–0 day. */
export function dosDate(year: number, month: number, day: number): number {
  const y = Math.min(Math.max(year, 1980), 2107); // the range MS-DOS dates can hold
  return ((y - 1980) << 9) | (month << 5) | day;
}

export function fixZipTimes(zip: Buffer, year: number, month = 12, day = 31): Buffer {
  const out = Buffer.from(zip); // a copy: the input stays as it was
  const date = dosDate(year, month, day);
  const time = 0; // 00:00:00

  // The end-of-central-directory record: the last EOCD signature within the final 64 KiB + 22 bytes.
  let eocd = -1;
  for (let p = out.length - 22; p >= Math.max(0, out.length - 22 - 0xffff); p--) {
    if (out.readUInt32LE(p) === EOCD) {
      eocd = p;
      break;
    }
  }
  if (eocd < 0) throw new InternalError('zip: no end of central directory');
  const count = out.readUInt16LE(eocd + 10);
  let p = out.readUInt32LE(eocd + 16);
  for (let k = 0; k < count; k++) {
    if (out.readUInt32LE(p) !== CENTRAL) throw new InternalError(`zip: bad central directory record at ${p}`);
    out.writeUInt16LE(time, p + 12);
    out.writeUInt16LE(date, p + 14);
    const local = out.readUInt32LE(p + 42);
    if (out.readUInt32LE(local) !== LOCAL) throw new InternalError(`zip: bad local header at ${local}`);
    out.writeUInt16LE(time, local + 10);
    out.writeUInt16LE(date, local + 12);
    p += 46 + out.readUInt16LE(p + 28) + out.readUInt16LE(p + 30) + out.readUInt16LE(p + 32);
  }
  return out;
}
