/**
 * `explain DIR WHO`: WHO is a household id (户号) or the name of its head (户主), compared after
 * trimming and NFKC (full-width letters and digits as typed with a Chinese input method). Several
 * households headed by the same name are listed; none found gives the closest names and ids.
 */
import type { Dataset, Household } from '../io/types.js';
import { normalizeValue } from '../io/values.js';

export type Lookup =
  | { kind: 'found'; h: number; by: 'id' | 'name' }
  | { kind: 'several'; matches: number[] }
  | { kind: 'none'; close: number[] };

/** The text compared: trimmed, NFKC. */
export function lookupKey(s: string): string {
  return normalizeValue(s.trim()).trim();
}

/** Levenshtein distance of two short strings (code points). */
function distance(a: string[], b: string[]): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/** How close `candidate` is to `query` (lower is closer), or null when it is not a likely slip. */
function closeness(query: string, candidate: string): number | null {
  if (candidate === '') return null;
  const q = [...query.toLowerCase()];
  const c = [...candidate.toLowerCase()];
  if (q.join('') === c.join('')) return 0; // differs only in case
  const d = distance(q, c);
  const limit = Math.max(1, Math.floor(Math.max(q.length, c.length) / 3));
  if (d <= limit) return d;
  // A part of a name (德明 for 王德明), or a name with more around it.
  if (q.length >= 2 && (candidate.includes(query) || query.includes(candidate))) return limit + 1;
  return null;
}

const MAX_CLOSE = 5;

export function findHousehold(data: Dataset, query: string): Lookup {
  const key = lookupKey(query);
  const byId = data.indexById.get(key);
  if (byId !== undefined) return { kind: 'found', h: byId, by: 'id' };
  const matches: number[] = [];
  data.households.forEach((hh, h) => {
    if (lookupKey(hh.name) === key) matches.push(h);
  });
  if (matches.length === 1) return { kind: 'found', h: matches[0], by: 'name' };
  if (matches.length > 1) return { kind: 'several', matches };
  const scored: { h: number; d: number }[] = [];
  data.households.forEach((hh: Household, h) => {
    const a = closeness(key, hh.id);
    const b = closeness(key, lookupKey(hh.name));
    const d = a === null ? b : b === null ? a : Math.min(a, b);
    if (d !== null) scored.push({ h, d });
  });
  scored.sort((x, y) => x.d - y.d || x.h - y.h);
  // The closest ones only: "ls005" → LS005 alone, not every LS00x one letter away.
  const best = scored.length ? scored[0].d : 0;
  return { kind: 'none', close: scored.filter((s) => s.d === best).slice(0, MAX_CLOSE).map((s) => s.h) };
}

/** "LS006 李德明 (老山一组, 第 7 行)" / "LS006 李德明 (老山一组, line 7)". */
export function householdRef(hh: Household, lang: 'zh' | 'en'): string {
  const where = [hh.village, lang === 'zh' ? `第 ${hh.line} 行` : `line ${hh.line}`].filter((x) => x !== '').join(lang === 'zh' ? ', ' : ', ');
  return `${hh.id} ${hh.name} (${where})`;
}
