/** A calendar date written by a person: 2025-12-20, 2025-12-2, 2025/12/20, 2025.12.20, 2025年12月20日. */
export interface CalendarDate {
  y: number;
  m: number;
  d: number;
}

const FORMS = /^(\d{4})(?:([-/.])(\d{1,2})\2(\d{1,2})|年(\d{1,2})月(\d{1,2})日)$/;

export function parseDateText(text: string): CalendarDate | null {
  const r = FORMS.exec(text.normalize('NFKC').trim());
  if (!r) return null;
  const y = Number(r[1]);
  const m = Number(r[3] ?? r[5]);
  const d = Number(r[4] ?? r[6]);
  const days = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  if (m < 1 || m > 12 || d < 1 || d > days[m - 1]) return null;
  return { y, m, d };
}

/** YYYY-MM-DD. */
export function isoDate(c: CalendarDate): string {
  return `${c.y}-${String(c.m).padStart(2, '0')}-${String(c.d).padStart(2, '0')}`;
}

/** 2025年12月20日 (as printed on a 分配表) or 2025-12-20. */
export function shownDate(iso: string, lang: 'zh' | 'en'): string {
  const c = parseDateText(iso);
  if (!c || lang === 'en') return iso;
  return `${c.y}年${c.m}月${c.d}日`;
}
