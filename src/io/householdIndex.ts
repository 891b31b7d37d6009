/**
 * household_id → household index, for the per-row lookups of every file (10M labor rows look up
 * 1M households at county scale).
 *
 * Why not a Map: a Map lookup of a freshly sliced id touches the bucket, the entry, the stored key
 * string and that string's parent chunk — four cache misses on a table of a million keys, which
 * made the lookup the single largest cost of reading. Here a slot of 32 bytes (half a cache line)
 * holds the id's hash, its index and the id itself when it is short (up to 20 characters below
 * U+0100, one byte each: `H0012345`, `5226281010010001`), so a lookup usually reads one slot and
 * nothing else; longer ids sit in a pool of UTF-16 code units. Keys compare code unit by code unit,
 * exactly like Map keys.
 *
 * Open addressing with linear probing, at most half full. Implements ReadonlyMap.
 */
import { moveSlots, SLOT_WORDS } from './moveSlots.js';

/** Int32 per slot: hash, index + 1 (0: empty), length | INLINE, then 5 words of id bytes (or the pool offset). */
const SLOT = SLOT_WORDS;
const INLINE = 0x40000000;
const INLINE_MAX = 20;

/** The arrays of a HouseholdIndex, in shared memory: what another thread looks ids up in (laborWorker.ts). */
export interface IndexParts {
  slots: Int32Array<ArrayBufferLike>;
  mask: number;
  pool: Uint16Array<ArrayBufferLike>;
}

/** A typed array in shared memory, so that another thread can read the finished table without a copy. */
function shared<T extends Int32Array<ArrayBufferLike> | Uint16Array<ArrayBufferLike>>(make: new (b: SharedArrayBuffer) => T, bytes: number): T {
  return new make(new SharedArrayBuffer(bytes));
}

export class HouseholdIndex implements ReadonlyMap<string, number> {
  private slots: Int32Array<ArrayBufferLike> = shared(Int32Array, 4 * SLOT * 1024);
  private mask = 1023;
  private pool: Uint16Array<ArrayBufferLike> = shared(Uint16Array, 2 * 1024);
  private poolLen = 0;
  private readonly keyList: string[] = [];

  /** The table as it is (households.csv read: it is not written again). */
  get parts(): IndexParts {
    return { slots: this.slots, mask: this.mask, pool: this.pool };
  }

  /** Another thread's view of `parts`, for findUtf8 / findAscii / slotWord only (it has no keys). */
  static view(parts: IndexParts): HouseholdIndex {
    const index = new HouseholdIndex();
    index.slots = parts.slots;
    index.mask = parts.mask;
    index.pool = parts.pool;
    return index;
  }

  get size(): number {
    return this.keyList.length;
  }

  /** The id of index i (undefined past the end): `get(keyAt(i)) === i`. */
  keyAt(i: number): string | undefined {
    return i < this.keyList.length ? this.keyList[i] : undefined;
  }

  /** FNV-1a over the code units. */
  private static hash(s: string): number {
    let h = 0x811c9dc5 | 0;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    return h;
  }

  /** The slot holding `id` (hash `h`), or the empty slot where it would go. */
  private slotOf(id: string, h: number): number {
    const n = id.length;
    const slots = this.slots;
    const mask = this.mask;
    for (let j = h & mask; ; j = (j + 1) & mask) {
      const b = j * SLOT;
      if (slots[b + 1] === 0) return j;
      if (slots[b] !== h || (slots[b + 2] & ~INLINE) !== n) continue;
      let k = 0;
      if (slots[b + 2] & INLINE) {
        while (k < n && ((slots[b + 3 + (k >> 2)] >>> ((k & 3) << 3)) & 0xff) === id.charCodeAt(k)) k++;
      } else {
        const off = slots[b + 3];
        while (k < n && this.pool[off + k] === id.charCodeAt(k)) k++;
      }
      if (k === n) return j;
    }
  }

  get(id: string): number | undefined {
    const v = this.slots[this.slotOf(id, HouseholdIndex.hash(id)) * SLOT + 1];
    return v === 0 ? undefined : v - 1;
  }

  /** The hash of an id given as ASCII bytes buf[start..end): ASCII bytes are its code units. */
  static hashAscii(buf: Uint8Array, start: number, end: number): number {
    let h = 0x811c9dc5 | 0;
    for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i], 0x01000193);
    return h;
  }

  /** The first word of the slot a lookup of `hash` starts at: loading it early brings the slot into cache. */
  slotWord(hash: number): number {
    return this.slots[(hash & this.mask) * SLOT];
  }

  /**
   * get() for an id given as bytes buf[start..end), all ASCII (the caller checks), with its
   * hashAscii: the hash and the comparison are those of the string. −1 when absent.
   */
  findAscii(buf: Uint8Array, start: number, end: number, h: number): number {
    const n = end - start;
    const slots = this.slots;
    const mask = this.mask;
    for (let j = h & mask; ; j = (j + 1) & mask) {
      const b = j * SLOT;
      const v = slots[b + 1];
      if (v === 0) return -1;
      if (slots[b] !== h || (slots[b + 2] & ~INLINE) !== n) continue;
      let k = 0;
      if (slots[b + 2] & INLINE) {
        while (k < n && ((slots[b + 3 + (k >> 2)] >>> ((k & 3) << 3)) & 0xff) === buf[start + k]) k++;
      } else {
        const off = slots[b + 3];
        while (k < n && this.pool[off + k] === buf[start + k]) k++;
      }
      if (k === n) return v - 1;
    }
  }

  /**
   * get() for an id given as UTF-8 bytes buf[start..end) of `units` UTF-16 code units, each either
   * ASCII or a 3-byte sequence (U+0800–U+FFFF, the caller checks), with the hash of those code
   * units (FNV-1a, as hash()). −1 when absent.
   */
  findUtf8(buf: Uint8Array, start: number, end: number, units: number, h: number): number {
    if (units === end - start) return this.findAscii(buf, start, end, h);
    const slots = this.slots;
    const mask = this.mask;
    for (let j = h & mask; ; j = (j + 1) & mask) {
      const b = j * SLOT;
      const v = slots[b + 1];
      if (v === 0) return -1;
      // An id with a code unit above U+00FF is never inline.
      if (slots[b] !== h || slots[b + 2] !== units) continue;
      const pool = this.pool;
      let off = slots[b + 3];
      let i = start;
      let same = true;
      while (i < end) {
        const c = buf[i];
        let u: number;
        if (c < 128) {
          u = c;
          i++;
        } else {
          u = ((c & 0x0f) << 12) | ((buf[i + 1] & 0x3f) << 6) | (buf[i + 2] & 0x3f);
          i += 3;
        }
        if (pool[off++] !== u) {
          same = false;
          break;
        }
      }
      if (same) return v - 1;
    }
  }

  has(id: string): boolean {
    return this.get(id) !== undefined;
  }

  /**
   * Room for about `count` ids without growing (growing a table of a million ids moves every slot
   * to a random place: a fifth of a second). Only a hint: the table still grows past it.
   */
  reserve(count: number): void {
    let capacity = this.mask + 1;
    while (2 * count > capacity) capacity *= 2;
    if (capacity > this.mask + 1) this.rehash(capacity);
  }

  /**
   * get() and, when absent, add() in one probe (households.csv: one hash per row, not three):
   * the new index, or −1 − the index `id` already has.
   */
  insert(id: string): number {
    if (2 * (this.keyList.length + 1) > this.mask + 1) this.rehash(2 * (this.mask + 1));
    const h = HouseholdIndex.hash(id);
    const j = this.slotOf(id, h);
    const v = this.slots[j * SLOT + 1];
    return v !== 0 ? -v : this.put(id, h, j);
  }

  /** Adds `id` as the next index (0, 1, 2, …); the caller has checked that it is new. */
  add(id: string): number {
    if (2 * (this.keyList.length + 1) > this.mask + 1) this.rehash(2 * (this.mask + 1));
    const h = HouseholdIndex.hash(id);
    const slots = this.slots;
    let j = h & this.mask;
    while (slots[j * SLOT + 1] !== 0) j = (j + 1) & this.mask;
    return this.put(id, h, j);
  }

  /** Stores `id` (hash h) in the empty slot j as the next index. */
  private put(id: string, h: number, j: number): number {
    const index = this.keyList.length;
    const n = id.length;
    let inline = n <= INLINE_MAX;
    for (let k = 0; k < n && inline; k++) if (id.charCodeAt(k) > 0xff) inline = false;
    const slots = this.slots;
    const b = j * SLOT;
    slots[b] = h;
    slots[b + 1] = index + 1;
    slots[b + 2] = inline ? n | INLINE : n;
    if (inline) {
      for (let k = 0; k < n; k++) slots[b + 3 + (k >> 2)] |= id.charCodeAt(k) << ((k & 3) << 3);
    } else {
      if (this.poolLen + n > this.pool.length) {
        const bigger = shared(Uint16Array, 2 * Math.max(2 * this.pool.length, this.poolLen + n));
        bigger.set(this.pool.subarray(0, this.poolLen));
        this.pool = bigger;
      }
      for (let k = 0; k < n; k++) this.pool[this.poolLen + k] = id.charCodeAt(k);
      slots[b + 3] = this.poolLen;
      this.poolLen += n;
    }
    this.keyList.push(id);
    return index;
  }

  private rehash(capacity: number): void {
    const slots = shared(Int32Array, 4 * SLOT * capacity);
    moveSlots(this.slots, slots);
    this.slots = slots;
    this.mask = capacity - 1;
  }

  forEach(fn: (value: number, key: string, map: ReadonlyMap<string, number>) => void): void {
    this.keyList.forEach((id, i) => fn(i, id, this));
  }

  *entries(): MapIterator<[string, number]> {
    for (let i = 0; i < this.keyList.length; i++) yield [this.keyList[i], i];
  }

  keys(): MapIterator<string> {
    return this.keyList[Symbol.iterator]() as MapIterator<string>;
  }

  *values(): MapIterator<number> {
    for (let i = 0; i < this.keyList.length; i++) yield i;
  }

  [Symbol.iterator](): MapIterator<[string, number]> {
    return this.entries();
  }
}

