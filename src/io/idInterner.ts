/**
 * The distinct household ids a labor.csv worker meets (laborWorker.ts), before households.csv is
 * read: each id gets the next local number, kept as its UTF-8 bytes with the lane's hash (FNV-1a of
 * the UTF-16 code units, HouseholdIndex's), so the main thread looks each up once with findUtf8.
 * Open addressing with linear probing, at most half full; ids compare byte by byte (the lane lets
 * through only ASCII and 3-byte sequences, for which equal bytes are equal code units).
 */
export class IdInterner {
  /** Two Int32 per slot: hash, local number + 1 (0: empty). */
  private slots = new Int32Array(2 * 1024);
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
    return this.slots[2 * (hash & this.mask)];
  }

  /** The local number of buf[start..end) (`units` code units, hash `h`), added when new. Call reserve first. */
  intern(buf: Uint8Array, start: number, end: number, units: number, h: number): number {
    const slots = this.slots;
    const mask = this.mask;
    const n = end - start;
    for (let j = h & mask; ; j = (j + 1) & mask) {
      const v = slots[2 * j + 1];
      if (v === 0) return this.add(buf, start, end, units, h, j);
      if (slots[2 * j] !== h) continue;
      const id = v - 1;
      const from = id === 0 ? 0 : this.ends[id - 1];
      if (this.ends[id] - from !== n) continue;
      const bytes = this.bytes;
      let k = 0;
      while (k < n && bytes[from + k] === buf[start + k]) k++;
      if (k === n) return id;
    }
  }

  private add(buf: Uint8Array, start: number, end: number, units: number, h: number, j: number): number {
    const id = this.count++;
    const from = id === 0 ? 0 : this.ends[id - 1];
    const to = from + (end - start);
    if (to > this.bytes.length) this.bytes = grown(this.bytes, Math.max(2 * this.bytes.length, to));
    this.bytes.set(buf.subarray(start, end), from);
    this.ends[id] = to;
    this.units[id] = units;
    this.hashes[id] = h;
    this.slots[2 * j] = h;
    this.slots[2 * j + 1] = id + 1;
    return id;
  }

  private rehash(capacity: number): void {
    const old = this.slots;
    const slots = new Int32Array(2 * capacity);
    const mask = capacity - 1;
    for (let b = 0; b < old.length; b += 2) {
      if (old[b + 1] === 0) continue;
      let j = old[b] & mask;
      while (slots[2 * j + 1] !== 0) j = (j + 1) & mask;
      slots[2 * j] = old[b];
      slots[2 * j + 1] = old[b + 1];
    }
    this.slots = slots;
    this.mask = mask;
  }
}

/** A copy of `a` with room for `size` elements. */
export function grown<T extends Int32Array | Uint8Array | Float64Array>(a: T, size: number): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}
