/** Levenshtein distance, small strings only. */
function distance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[n];
}

/** Longer words get no suggestion. */
const MAX_WORD = 64;

/**
 * The closest of `candidates` to `word`, if it is close enough to be a likely misspelling (for the
 * "是否应为 X? / did you mean X?" of a message); a few dozen short candidates, not a million.
 */
export function suggest(word: string, candidates: readonly string[]): string | null {
  // Nobody misspells a name this long: and a 64 KiB cell must not cost 64 KiB × every candidate per row.
  if (word.length > MAX_WORD) return null;
  const w = word.toLowerCase().replace(/[-\s]/g, '_');
  let best: string | null = null;
  let bestD = Infinity;
  for (const c of candidates) {
    // The distance is at least the difference in length: a candidate that cannot beat the best so
    // far is not measured (same answer), nor one so long that no word of MAX_WORD could be its slip.
    if (c.length > 4 * MAX_WORD || Math.abs(c.length - w.length) >= bestD) continue;
    const d = w === c.toLowerCase() ? 0 : distance(w, c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  if (best === null) return null;
  // a cut-off word: `mask` for mask_names
  if (w.length >= 3) {
    const prefixed = candidates.filter((c) => c.toLowerCase().startsWith(w));
    if (prefixed.length === 1 && bestD > 1) return prefixed[0];
  }
  const limit = Math.max(1, Math.floor(best.length / 3));
  return bestD <= limit ? best : null;
}
