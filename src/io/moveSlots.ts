/**
 * The rehash of the open-addressing tables of household ids (householdIndex.ts, idInterner.ts):
 * slots of 8 Int32 whose word 0 is the hash and word 1 is non-zero when used, moved from `old` into
 * the empty `into` (a power of two of slots) by linear probing.
 */
export const SLOT_WORDS = 8;

export function moveSlots(old: Int32Array<ArrayBufferLike>, into: Int32Array<ArrayBufferLike>): void {
  const mask = into.length / SLOT_WORDS - 1;
  for (let b = 0; b < old.length; b += SLOT_WORDS) {
    if (old[b + 1] === 0) continue;
    let j = old[b] & mask;
    while (into[j * SLOT_WORDS + 1] !== 0) j = (j + 1) & mask;
    for (let k = 0; k < SLOT_WORDS; k++) into[j * SLOT_WORDS + k] = old[b + k];
  }
}
