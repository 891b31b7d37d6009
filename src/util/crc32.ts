import zlib from 'node:zlib';

/**
 * CRC-32 (IEEE 802.3), the zip checksum, for the workbook writer and the xlsx reader alike.
 * node:zlib has it from Node 20.15 / 22.2; the table is the fallback for older Nodes.
 */

let TABLE: Int32Array | null = null;

/** The table-driven CRC, continuing from `prev` (0 to start). */
export function crc32Portable(data: Uint8Array, prev = 0): number {
  if (TABLE === null) {
    TABLE = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      TABLE[n] = c;
    }
  }
  let c = ~prev;
  for (let i = 0; i < data.length; i++) c = TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

const native = (zlib as unknown as { crc32?: (data: Uint8Array, prev?: number) => number }).crc32;

/** CRC-32 of `data`, continuing from `prev` (0 to start): node:zlib's when present. */
export function crc32(data: Uint8Array, prev = 0): number {
  return typeof native === 'function' ? native(data, prev) >>> 0 : crc32Portable(data, prev);
}
