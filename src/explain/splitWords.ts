/**
 * How explain reads a split by remainders aloud (remainders.ts): the exact share, the whole fen
 * given first, the remainder, and whether this part got one of the fen left over — with its rank,
 * how many fen were left, and a tie settled by the order of the file.
 */
import { splitRuleSentence } from '../bases/words.js';
import type { Lang } from '../lang.js';
import { roundHalfUp } from '../money/exact.js';
import { formatFen, formatScaled } from '../money/fen.js';
import type { LeftoverFen } from './remainders.js';

/** Whether the rule was said; `first` words who comes first on equal remainders, for all the splits of one explanation. */
export interface Said {
  rule: boolean;
  first?: { zh: string; en: string };
}

/** What is being split, for the sentence: the parts (户 / 份 / 村) and what settles a tie. */
export interface SplitSay {
  lang: Lang;
  /** The parts: zh noun ("户"), en singular and plural. */
  part: { zh: string; en: string; enPlural: string };
  /** The part asked about: "本户" / "this household". */
  self: { zh: string; en: string };
  /** The file whose order breaks a tie: "households.csv", "pool.yaml" (with a note: "持股方排在各户之后"). */
  order: { file: string; zh?: string; en?: string };
  /** Names of parts by index (for the tied ones that came first). */
  nameOf: (j: number) => string;
  /** Said once per explain: the rule in one sentence, the first time a split is read (`first`: who comes first on a tie, for every split of the explanation). */
  said: Said;
}

/** num/den fen as "0.40" (2 decimals, more when rounding would show a whole fen: 0.996 → "0.996"). */
export function fenFraction(num: bigint, den: bigint): string {
  for (let d = 2; d <= 10; d++) {
    const v = roundHalfUp(num * 10n ** BigInt(d), den);
    if (v < 10n ** BigInt(d) || d === 10) return formatScaled(v, d);
  }
  return '0';
}

/** The exact share in 元 with 4 decimals ("6320.3840"), more if 4 would hide that it is below a whole fen. */
export function exactYuan(l: LeftoverFen): string {
  if (l.remainder === 0n) return formatFen(l.baseFen);
  const num = l.exactNum;
  const den = l.total * 100n;
  for (let d = 4; d <= 12; d++) {
    const v = roundHalfUp(num * 10n ** BigInt(d), den);
    // Shown to d decimals, the share must not read as the next whole fen when it is below it.
    const shownFen = v / 10n ** BigInt(d - 2);
    if (shownFen === l.baseFen || l.remainder === 0n || d === 12) return formatScaled(v, d);
  }
  return formatScaled(roundHalfUp(num * 10_000n, den), 4);
}

function plural(l: { en: string; enPlural: string }, n: number): string {
  return `${n} ${n === 1 ? l.en : l.enPlural}`;
}

/** The rule sentence, once (the first split read aloud), else []. */
export function ruleOnce(say: SplitSay, indent: string): string[] {
  if (say.said.rule) return [];
  say.said.rule = true;
  const o = say.order;
  const note = say.lang === 'zh' ? (o.zh ? ` (${o.zh})` : '') : o.en ? ` (${o.en})` : '';
  const first = say.said.first;
  const who = first ? (say.lang === 'zh' ? first.zh : first.en) : say.lang === 'zh' ? ` ${o.file} 里排在前面的${say.part.zh}${note}` : `the ${say.part.en} earlier in ${o.file}${note}`;
  return [`${indent}(${splitRuleSentence(say.lang, who)})`];
}

/**
 * ": 先发 6320.38 元, 余数 0.40 分" — what follows "= exact 元" on the line of the exact share;
 * ", 正好到分" when there is no remainder.
 */
export function firstFenPhrase(l: LeftoverFen, lang: Lang): string {
  const zh = lang === 'zh';
  if (l.remainder === 0n && l.leftover === 0n) return zh ? ', 各户都正好到分, 没有零头要补' : ', every share exact to the fen: no fen to hand out';
  if (l.remainder === 0n) return zh ? ', 正好到分, 没有余数, 不参加补零头' : ', exact to the fen: no remainder, no leftover fen';
  const rem = fenFraction(l.remainder, l.total);
  return zh ? `: 先发 ${formatFen(l.baseFen)} 元, 余数 ${rem} 分` : `: first ${formatFen(l.baseFen)}, remainder ${rem} fen`;
}

/**
 * Whether the part got one of the leftover fen, and why, ending in "→ X 元". null when there is
 * nothing more to say: nothing was left over, or the share was exact (firstFenPhrase says so).
 */
export function verdict(l: LeftoverFen, say: SplitSay): string | null {
  const zh = say.lang === 'zh';
  const K = l.leftover;
  if (K === 0n) return null;
  const result = zh ? ` → ${formatFen(l.fen)} 元` : ` → ${formatFen(l.fen)}`;
  const P = say.part;
  const left = zh ? `全体先发整分后还剩 ${K} 分, 按余数大小补足零头: ` : `${K} fen ${K === 1n ? 'was' : 'were'} left after the whole fen; by remainder: `;
  if (l.remainder === 0n) return null; // firstFenPhrase said it
  const rem = fenFraction(l.remainder, l.total);
  const group = l.tiedBefore + l.tiedAfter + 1;
  const seats = Number(K) - l.larger; // fen left for the parts with this remainder
  const tieSplit = group > 1 && seats > 0 && seats < group;
  if (tieSplit) {
    const first = l.tiedWinners.map(say.nameOf).join(zh ? '、' : ', ') + (seats > l.tiedWinners.length ? (zh ? ' 等' : ' …') : '');
    if (zh) {
      return (
        left +
        `有 ${group} ${P.zh}余数同为 ${rem} 分, ${l.larger > 0 ? `余数更大的 ${l.larger} ${P.zh}先补后, ` : ''}剩下的 ${seats} 分按 ${say.order.file} 的顺序补` +
        (l.got ? `, ${say.self.zh}排在前面, 分到 1 分` : `, 先补给了 ${first}, ${say.self.zh}排在后面, 没有分到`) +
        result
      );
    }
    return (
      left +
      `${plural(P, group)} have the same remainder ${rem} fen; ${l.larger > 0 ? `after the ${plural(P, l.larger)} with larger remainders, ` : ''}the ${seats} fen left go in the order of ${say.order.file}` +
      (l.got ? `: ${say.self.en} comes first and gets 1 fen` : `: ${first} first; ${say.self.en} comes later and gets none`) +
      result
    );
  }
  if (zh) {
    return (
      left +
      `${say.self.zh}余数 ${rem} 分在 ${l.parts} ${P.zh}中排第 ${l.rank}` +
      (group > 1 ? ` (另有 ${group - 1} ${P.zh}余数相同, 按 ${say.order.file} 的顺序排)` : '') +
      (l.got ? `, 分到 1 分` : `, 只有前 ${K} 名各补 1 分, 余数不够大, 没有分到`) +
      result
    );
  }
  return (
    left +
    `${say.self.en}’s remainder ${rem} fen ranks ${l.rank} of ${l.parts}` +
    (group > 1 ? ` (tied with ${group - 1}, ranked in the order of ${say.order.file})` : '') +
    (l.got ? ': it gets 1 fen' : `: only the first ${K} get 1 fen each, not large enough: none`) +
    result
  );
}

/**
 * A compact note for a split of few parts (an entry's or a basis's part by percent), after the exact
 * share: ", 4 项中余数排第 1, 补 1 分" / ", 余数排第 3, 不补" or '' when exact.
 */
export function shortVerdict(l: LeftoverFen, lang: Lang, part: { zh: string; en: string; enPlural: string }): string {
  if (l.leftover === 0n || l.remainder === 0n) return '';
  if (lang === 'zh') return `, 剩 ${l.leftover} 分按余数大小补足零头: ${l.parts} ${part.zh}中余数排第 ${l.rank}, ${l.got ? '补 1 分' : '不补'}`;
  return `; ${l.leftover} fen left, by remainder: ranks ${l.rank} of ${plural(part, l.parts)}, ${l.got ? 'gets 1 fen' : 'none'}`;
}
