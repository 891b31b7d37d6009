/**
 * What a value the rules or the households do not know should have been (issue 13): E_UNKNOWN_JOB,
 * E_UNKNOWN_LAND_TYPE, E_UNKNOWN_CLASS list the names the rules allow and, when one is close,
 * ask "是否应为 X?"; E_UNKNOWN_HOUSEHOLD names a close household id (householdSuggester.ts), never
 * the whole list. Chinese first with the fix, English in parentheses, as every message.
 */
import { suggest } from '../../util/suggest.js';
import { q } from '../fileContext.js';

/** Allowed values shown in full up to this many; beyond, the first ones and "等 N 个". */
const SHOWN = 8;

/** The allowed values for a message: `"a"、"b"` and `"a", "b"`, long lists cut. */
function allowed(known: readonly string[]): { zh: string; en: string } {
  if (known.length === 0) return { zh: '（无）', en: 'none' };
  const shown = known.slice(0, SHOWN).map((k) => q(k));
  if (known.length <= SHOWN) return { zh: shown.join('、'), en: shown.join(', ') };
  return { zh: `${shown.join('、')} 等 ${known.length} 个`, en: `${shown.join(', ')}, … (${known.length} in all)` };
}

/**
 * The allowed name `value` is probably a slip for, or null. Two characters with one changed are
 * another word (林地 is not 旱地, 采药 not 采茶): a name that short is suggested only for case or blanks.
 */
function closeName(value: string, known: readonly string[]): string | null {
  if (value === '') return null;
  const s = suggest(value, known);
  if (s === null || value.length >= 3) return s;
  const key = (t: string) => t.toLowerCase().replace(/[-_\s]/g, '');
  return key(s) === key(value) ? s : null;
}

/** `${zh}，[是否应为 X? ]可选：… (${en}; [did you mean X? ]${noun}: …)` */
function withChoices(value: string, zh: string, en: string, noun: string, known: readonly string[]): string {
  const list = allowed(known);
  const s = closeName(value, known);
  const hint = s === null ? '' : `是否应为 ${q(s)}? `;
  const hintEn = s === null ? '' : `did you mean ${q(s)}? `;
  return `${zh}，${hint}可选：${list.zh} (${en}; ${hintEn}${noun}: ${list.en})`;
}

/** labor.csv: a job not in wages.per_day, or an empty one without wages.default_per_day. */
export function unknownJobMessage(job: string, known: readonly string[]): string {
  if (job === '') {
    const list = allowed(known);
    return `工种为空，但规则没有设置 wages.default_per_day：请填写工种（可选：${list.zh}），或在规则中设置 wages.default_per_day (empty job needs wages.default_per_day; jobs: ${list.en})`;
  }
  return withChoices(job, `工种 ${q(job)} 在规则 wages.per_day 中没有日工资标准`, 'job not in wages.per_day', 'jobs', known);
}

/** labor.csv without a job column, and no wages.default_per_day: once, at the header. */
export function noJobColumnMessage(file: string, known: readonly string[]): string {
  const list = allowed(known);
  return (
    `${file} 没有 job（工种）列，规则也没有设置 wages.default_per_day，无法计算工资：请加上 工种 列（可选：${list.zh}），或在规则中设置 wages.default_per_day ` +
    `(no job column and no wages.default_per_day; add a job column, jobs: ${list.en})`
  );
}

/** land.csv: a land type without a rate in land.rent_per_mu (rent) or land.units_per_mu (shares). */
export function unknownLandTypeMessage(type: string, rent: boolean, known: readonly string[]): string {
  return rent
    ? withChoices(type, `地类 ${q(type)} 在规则 land.rent_per_mu 中没有租金标准`, 'land_type not in land.rent_per_mu', 'land types', known)
    : withChoices(type, `地类 ${q(type)} 在规则 land.units_per_mu 中没有折股标准`, 'land_type not in land.units_per_mu', 'land types', known);
}

/** shares.csv: a class not in share_classes. */
export function unknownClassMessage(cls: string, known: readonly string[]): string {
  return withChoices(cls, `股份类别 ${q(cls)} 在规则 share_classes 中没有`, 'class not in share_classes', 'classes', known);
}

/**
 * A household id not in the households table (`place`: `households.csv 成员名册中`, `成员名册.csv 中`;
 * `file`: that table as named in the run folder), with a close id when there is one.
 */
export function unknownHouseholdMessage(id: string, place: string, file: string, near: string | null): string {
  if (near !== null) return `户号 ${q(id)} 不在 ${place}，是否应为 ${q(near)}? (unknown household; did you mean ${q(near)}?)`;
  return `户号 ${q(id)} 不在 ${place}：请改为名册中已有的户号，或先在名册中添加该户 (unknown household: use a household_id listed in ${file}, or add the household there)`;
}
