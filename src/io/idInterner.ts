/**
 * The distinct household ids a labor.csv worker meets (laborWorker.ts), before households.csv is
 * read: each id gets the next local number, kept as its UTF-8 bytes with the lane's hash (FNV-1a of
 * the UTF-16 code units, HouseholdIndex's), so that each is looked up once with findUtf8 when the
 * household index is there.
 * Open addressing with linear probing, at most half full; ids compare byte by byte (the lane lets
 * through only ASCII and 3-byte sequences, for which equal bytes are equal code units). As in
 * HouseholdIndex, an id of up to 20 bytes sits in its 32-byte slot, so a lookup in a randomly ordered
 * labor file costs one cache miss, not three.
 */
import { moveSlots, SLOT_WORDS } from './moveSlots.js';

/** Int32 per slot: hash, local number + 1 (0: empty), byte length, then 5 words of the id's bytes when it fits. */
const SLOT = SLOT_WORDS;
const INLINE_MAX = 20;

export class IdInterner {
  private slots = new Int32Array(SLOT * 1024);
  private mask = 1023;
  bytes = new Uint8Array(1 << 16);
  /** Where each id's bytes end in `bytes` (it starts where the previous one ends). */
  ends = new Int32Array(1024);
  units = new Int32Array(1024);
  hashes = new Int32Array(1024);
  count = 0;

  /** Room for `more` ids without growing during the next lookups. */
  reserve(more: number): void {
    const need = this.count + more;
    if (2 * need > this.mask + 1) {
      let capacity = this.mask + 1;
      while (2 * need > capacity) capacity *= 2;
      this.rehash(capacity);
    }
    if (need > this.ends.length) {
      const size = Math.max(2 * this.ends.length, need);
      this.ends = grown(this.ends, size);
      this.units = grown(this.units, size);
      this.hashes = grown(this.hashes, size);
    }
  }

  slotWord(hash: number): number {
    return this.slots[SLOT * (hash & this.mask)];
  }

  /** The local number of buf[start..end) (`units` code units, hash `h`), added when new. Call reserve first. */
  intern(buf: Uint8Array, start: number, end: number, units: number, h: number): number {
    const slots = this.slots;
    const mask = this.mask;
    const n = end - start;
    for (let j = h & mask; ; j = (j + 1) & mask) {
      const b = j * SLOT;
      const v = slots[b + 1];
      if (v === 0) return this.add(buf, start, end, units, h, b);
      if (slots[b] !== h || slots[b + 2] !== n) continue;
      let k = 0;
      if (n <= INLINE_MAX) {
        while (k < n && ((slots[b + 3 + (k >> 2)] >>> ((k & 3) << 3)) & 0xff) === buf[start + k]) k++;
      } else {
        const bytes = this.bytes;
        const from = v === 1 ? 0 : this.ends[v - 2];
        while (k < n && bytes[from + k] === buf[start + k]) k++;
      }
      if (k === n) return v - 1;
    }
  }

  /** Adds the id as the next local number, in the empty slot at word b. */
  private add(buf: Uint8Array, start: number, end: number, units: number, h: number, b: number): number {
    const id = this.count++;
    const n = end - start;
    const from = id === 0 ? 0 : this.ends[id - 1];
    const to = from + n;
    if (to > this.bytes.length) this.bytes = grown(this.bytes, Math.max(2 * this.bytes.length, to));
    this.bytes.set(buf.subarray(start, end), from);
    this.ends[id] = to;
    this.units[id] = units;
    this.hashes[id] = h;
    const slots = this.slots;
    slots[b] = h;
    slots[b + 1] = id + 1;
    slots[b + 2] = n;
    if (n <= INLINE_MAX) for (let k = 0; k < n; k++) slots[b + 3 + (k >> 2)] |= buf[start + k] << ((k & 3) << 3);
    return id;
  }

  private rehash(capacity: number): void {
    const slots = new Int32Array(SLOT * capacity);
    moveSlots(this.slots, slots);
    this.slots = slots;
    this.mask = capacity - 1;
  }
}

/** A copy of `a` with room for `size` elements. */
export function grown<T extends Int32Array | Uint8Array | Float64Array>(a: T, size: number): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}
