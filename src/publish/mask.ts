/**
 * Masking for public disclosure (公示): what may be posted on a village notice board.
 * Characters are counted as code points, so a name in a supplementary plane is not split.
 */

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
export function maskAccount(account: string, lang: 'zh' | 'en' = 'zh'): string {
  if (account.length === 0) return '';
  const ch = bmpOnly(account) ? account : Array.from(account);
  const prefix = lang === 'en' ? '****' : '尾号';
  // An account of 4 characters or fewer would be shown whole: mask it all.
  return prefix + (ch.length <= 4 ? '****' : typeof ch === 'string' ? ch.slice(-4) : ch.slice(-4).join(''));
}

/**
 * Any run of 10 or more digits (with an optional trailing X) in free text, e.g. a warning message
 * that quotes an account or an ID number, reduced to its last 4 characters.
 */
export function maskLongNumbers(text: string): string {
  return text.replace(/\d{10,}[\dXx]?/g, (m) => '*'.repeat(m.length - 4) + m.slice(-4));
}
