/**
 * Masking for public disclosure (公示): what may be posted on a village notice board.
 * Characters are counted as code points, so a name in a supplementary plane is not split.
 */

/** 王小明 → 王*明, 欧阳春花 → 欧**花, 王明 → 王*; a one-character name is left as it is. */
export function maskName(name: string): string {
  const ch = Array.from(name);
  if (ch.length <= 1) return name;
  if (ch.length === 2) return ch[0] + '*';
  return ch[0] + '*'.repeat(ch.length - 2) + ch[ch.length - 1];
}

/** 522628197003120011 → 522628********0011 (first 6 and last 4 kept); '' stays ''. */
export function maskIdNumber(id: string): string {
  const ch = Array.from(id);
  if (ch.length === 0) return '';
  if (ch.length <= 10) return '*'.repeat(ch.length);
  return ch.slice(0, 6).join('') + '*'.repeat(ch.length - 10) + ch.slice(-4).join('');
}

/** 6230520110001000011 → 尾号0011 (en: ****0011); '' stays ''. */
export function maskAccount(account: string, lang: 'zh' | 'en' = 'zh'): string {
  const ch = Array.from(account);
  if (ch.length === 0) return '';
  const prefix = lang === 'en' ? '****' : '尾号';
  // An account of 4 characters or fewer would be shown whole: mask it all.
  return prefix + (ch.length <= 4 ? '****' : ch.slice(-4).join(''));
}

/**
 * Any run of 10 or more digits (with an optional trailing X) in free text, e.g. a warning message
 * that quotes an account or an ID number, reduced to its last 4 characters.
 */
export function maskLongNumbers(text: string): string {
  return text.replace(/\d{10,}[\dXx]?/g, (m) => '*'.repeat(m.length - 4) + m.slice(-4));
}
