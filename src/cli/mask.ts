/**
 * Error messages and JSON on the terminal never show a full ID or account number (they end up in
 * cron mail and chat screenshots): any run of 12+ digits — full-width digits too, and with single
 * spaces or dashes inside (`522634 19750618 0179`); an ID may end in X — keeps its first 6 (an ID's
 * region code) or last 4 characters only.
 */
const DIGIT = '[0-9\uFF10-\uFF19]';
const LONG_NUMBER = new RegExp(`${DIGIT}(?:[ \\-]?${DIGIT}){10,}(?:[ \\-]?[0-9\uFF10-\uFF19Xx\uFF38\uFF58])`, 'g');

function ascii(text: string): string {
  return text.replace(/[\uFF10-\uFF19\uFF38\uFF58]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[ -]/g, '');
}

export function maskNumbers(text: string): string {
  return text.replace(LONG_NUMBER, (match) => {
    const m = ascii(match);
    return m.length >= 15 ? m.slice(0, 6) + '*'.repeat(m.length - 10) + m.slice(-4) : '*'.repeat(m.length - 4) + m.slice(-4);
  });
}
