/**
 * The one masking policy: what of a name, an ID number or an account may be shown outside the 0600
 * files (payouts.csv, bank.csv, payouts.xlsx) — on the terminal, in --json, summary.json, batch.json
 * and every published sheet. Characters are counted as code points, so a name in a supplementary
 * plane is not split.
 */
import type { Lang } from '../lang.js';

/** No surrogate code unit: code points are code units, and plain string slicing counts them right. */
function bmpOnly(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) return false;
  }
  return true;
}

/** 王小明 → 王*明, 欧阳春花 → 欧**花, 王明 → 王*; a one-character name is left as it is. */
export function maskName(name: string): string {
  const ch = bmpOnly(name) ? name : Array.from(name);
  if (ch.length <= 1) return name;
  if (ch.length === 2) return ch[0] + '*';
  return ch[0] + '*'.repeat(ch.length - 2) + ch[ch.length - 1];
}

/** 522628197003120011 → 522628********0011 (first 6 and last 4 kept); '' stays ''. */
export function maskIdNumber(id: string): string {
  if (id.length === 0) return '';
  if (bmpOnly(id)) return id.length <= 10 ? '*'.repeat(id.length) : id.slice(0, 6) + '*'.repeat(id.length - 10) + id.slice(-4);
  const ch = Array.from(id);
  if (ch.length <= 10) return '*'.repeat(ch.length);
  return ch.slice(0, 6).join('') + '*'.repeat(ch.length - 10) + ch.slice(-4).join('');
}

/** 6230520110001000011 → 尾号0011 (en: ****0011); '' stays ''. */
export function maskAccount(account: string, lang: Lang = 'zh'): string {
  if (account.length === 0) return '';
  const ch = bmpOnly(account) ? account : Array.from(account);
  const prefix = lang === 'en' ? '****' : '尾号';
  // An account of 4 characters or fewer would be shown whole: mask it all.
  return prefix + (ch.length <= 4 ? '****' : typeof ch === 'string' ? ch.slice(-4) : ch.slice(-4).join(''));
}

/**
 * Free text (problem messages, warnings on a posted page): any run of 10 or more digits — full-width
 * digits too, with single spaces or dashes inside (`522634 19750618 0179`), an ID's trailing X —
 * keeps only its first 6 (an ID's region code) and last 4 characters when it is 15 or longer (an ID
 * or account), else only its last 4 (a phone number). Idempotent: a masked run has no digit run left.
 */
const DIGIT = '[0-9\uFF10-\uFF19]';
// A run touching a decimal point is an amount (`0.30000000000000004`, `1234567890.50`), never masked.
const LONG_NUMBER = new RegExp(
  `(?<![0-9\uFF10-\uFF19.\uFF0E])${DIGIT}(?:[ \\-]?${DIGIT}){8,}(?:[ \\-]?[0-9\uFF10-\uFF19Xx\uFF38\uFF58])(?![0-9\uFF10-\uFF19]|[.\uFF0E][0-9\uFF10-\uFF19])`,
  'g',
);

function ascii(text: string): string {
  return text.replace(/[\uFF10-\uFF19\uFF38\uFF58]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[ -]/g, '');
}

export function maskNumbers(text: string): string {
  return text.replace(LONG_NUMBER, (match) => {
    const m = ascii(match);
    return m.length >= 15 ? m.slice(0, 6) + '*'.repeat(m.length - 10) + m.slice(-4) : '*'.repeat(m.length - 4) + m.slice(-4);
  });
}
