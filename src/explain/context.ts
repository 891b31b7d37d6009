import type { Distribution } from '../engine/types.js';
import type { Dataset } from '../io/types.js';
import type { Lang } from '../lang.js';
import type { Rules } from '../rules/types.js';
import type { Said, SplitSay } from './splitWords.js';
import { inputName } from './util.js';

export type T = (zh: string, en: string) => string;

/** What every step of one household's explanation reads. */
export interface ExplainContext {
  rules: Rules;
  data: Dataset;
  dist: Distribution;
  /** The household's index in households.csv order. */
  h: number;
  lang: Lang;
  t: T;
  /** The split rule is said in one sentence the first time a split is read aloud. */
  said: Said;
}

/** Who comes first on equal remainders, for every split of a household's explanation. */
export function tieOrder(data: Dataset, pool = false): { zh: string; en: string } {
  const file = inputName(data, 'households.csv');
  return {
    zh: `排在前面的 (户按 ${file} 的顺序, 分配项按 rules.yaml 的顺序${pool ? ', 村按 pool.yaml 的顺序' : ''})`,
    en: `the one listed first (households in ${file} order, entries in rules.yaml order${pool ? ', villages in pool.yaml order' : ''})`,
  };
}

export function explainContext(rules: Rules, data: Dataset, dist: Distribution, h: number, lang: Lang, said?: Said): ExplainContext {
  const s = said ?? { rule: false };
  s.first ??= tieOrder(data);
  return { rules, data, dist, h, lang, t: (zh, en) => (lang === 'zh' ? zh : en), said: s };
}

/** A split over the households (then the share holders, in rules order) seen from this household. */
export function householdSay(ctx: ExplainContext, holders: boolean): SplitSay {
  const { data, dist } = ctx;
  const file = inputName(data, 'households.csv');
  const n = data.households.length;
  return {
    lang: ctx.lang,
    part: holders ? { zh: '份', en: 'part', enPlural: 'parts' } : { zh: '户', en: 'household', enPlural: 'households' },
    self: { zh: '本户', en: 'this household' },
    order: holders ? { file, zh: '持股方排在各户之后', en: 'share holders after the households' } : { file },
    nameOf: (j) => (j < n ? `${data.households[j].id} ${data.households[j].name}` : (dist.holders[j - n]?.to ?? `#${j + 1}`)),
    said: ctx.said,
  };
}

/** The split of D over the shares entries, or of the members' pool over its bases: parts are 项 in rules.yaml order. */
export function entriesSay(ctx: ExplainContext): SplitSay {
  return {
    lang: ctx.lang,
    part: { zh: '项', en: 'entry', enPlural: 'entries' },
    self: { zh: '这一项', en: 'this entry' },
    order: { file: 'rules.yaml' },
    nameOf: () => '',
    said: ctx.said,
  };
}
