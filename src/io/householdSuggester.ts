/**
 * A close household id for E_UNKNOWN_HOUSEHOLD's "是否应为 X?" (issue 13), in this order:
 * 1. the id in another case or without blanks (`tg008`, `TG 008` for `TG008`);
 * 2. a number in it with other leading zeros (`TG08`, `TG0008` for `TG008`);
 * 3. one character wrong, missing or extra, or two neighbours swapped.
 * The first step that finds exactly one listed id gives it; a step that finds several (`XZ004`
 * when XZ001–XZ003 and XZ005 are listed) gives none: a guess among equals would mislead.
 *
 * Cheap at a million households: the variants of the unknown id are looked up in the index (a few
 * hundred to a few thousand hash lookups), the listed ids are never scanned but once, for the
 * characters they use (the letters tried in step 3), and only the first MAX_SUGGESTED distinct
 * unknown ids of each file get a suggestion (a file of bad rows costs at most that many searches).
 */
import type { FileContext } from './fileContext.js';
import type { HouseholdIndex } from './householdIndex.js';

/** Distinct unknown ids of one file that are searched for; later ones are reported without a suggestion. */
export const MAX_SUGGESTED = 100;
/** The characters step 3 tries: those of the listed ids, at most this many. */
const MAX_ALPHABET = 128;
/** Longer ids get no suggestion (an ID number is 18 characters; a 户号 rarely half that). */
export const MAX_ID_LENGTH = 40;
/** Leading zeros step 2 adds at most. */
const MAX_PAD = 3;

const AMBIGUOUS = 2;

export class HouseholdSuggester {
  private alphabet: string[] | null = null;
  private ctx: FileContext | null = null;
  private readonly memo = new Map<string, string | null>();
  private readonly found = new Set<string>();

  constructor(private readonly index: HouseholdIndex) {}

  /** The listed id `id` (not listed) probably meant, or null; memoised per file. */
  near(ctx: FileContext, id: string): string | null {
    if (ctx !== this.ctx) {
      this.ctx = ctx;
      this.memo.clear();
    }
    const known = this.memo.get(id);
    if (known !== undefined) return known;
    if (this.memo.size >= MAX_SUGGESTED) return null;
    const s = this.search(id);
    this.memo.set(id, s);
    return s;
  }

  /** The three steps, without the memo. */
  search(id: string): string | null {
    // Step 3 makes (length × alphabet) strings of the id's length: a 64 KiB cell took minutes.
    if (id.length > MAX_ID_LENGTH) return null;
    const forms = [id];
    for (const f of [id.toUpperCase(), id.toLowerCase(), id.replace(/\s+/g, ''), id.replace(/\s+/g, '').toUpperCase()]) if (!forms.includes(f)) forms.push(f);
    this.found.clear();
    for (let k = 1; k < forms.length; k++) if (this.probe(forms[k])) break;
    if (this.found.size > 0) return this.result();
    for (const f of forms) if (this.zeros(f)) break;
    if (this.found.size > 0) return this.result();
    const alphabet = (this.alphabet ??= this.letters());
    for (const f of forms) if (this.edits(f, alphabet)) break;
    return this.result();
  }

  private result(): string | null {
    return this.found.size === 1 ? this.found.values().next().value! : null;
  }

  /** Looks `s` up; true once two ids were found (the step stops: no single answer). */
  private probe(s: string): boolean {
    if (this.index.get(s) !== undefined) this.found.add(s);
    return this.found.size >= AMBIGUOUS;
  }

  /** Step 2: each run of digits with fewer or more leading zeros (one run at a time). */
  private zeros(f: string): boolean {
    for (const m of f.matchAll(/\d+/g)) {
      const digits = m[0];
      const head = f.slice(0, m.index);
      const tail = f.slice(m.index + digits.length);
      const significant = digits.replace(/^0+(?=\d)/, '');
      for (let len = significant.length; len <= digits.length + MAX_PAD; len++) {
        if (len !== digits.length && this.probe(head + significant.padStart(len, '0') + tail)) return true;
      }
    }
    return false;
  }

  /** Step 3: every string one edit away (deletion, swap of neighbours, substitution, insertion). */
  private edits(f: string, alphabet: readonly string[]): boolean {
    const n = f.length;
    for (let i = 0; i < n; i++) if (this.probe(f.slice(0, i) + f.slice(i + 1))) return true;
    for (let i = 0; i + 1 < n; i++) if (f[i] !== f[i + 1] && this.probe(f.slice(0, i) + f[i + 1] + f[i] + f.slice(i + 2))) return true;
    for (let i = 0; i < n; i++) {
      const head = f.slice(0, i);
      const tail = f.slice(i + 1);
      for (const c of alphabet) if (c !== f[i] && this.probe(head + c + tail)) return true;
    }
    for (let i = 0; i <= n; i++) {
      const head = f.slice(0, i);
      const tail = f.slice(i);
      for (const c of alphabet) if (this.probe(head + c + tail)) return true;
    }
    return false;
  }

  /** The characters the listed ids use (one pass over them, the first time step 3 is needed). */
  private letters(): string[] {
    const seen = new Uint8Array(65536);
    const out: string[] = [];
    for (const id of this.index.keys()) {
      for (let i = 0; i < id.length; i++) {
        const c = id.charCodeAt(i);
        if (seen[c] === 1) continue;
        seen[c] = 1;
        out.push(String.fromCharCode(c));
        if (out.length >= MAX_ALPHABET) return out;
      }
    }
    return out;
  }
}
