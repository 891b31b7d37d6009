/**
 * Error messages and JSON on the terminal never show a full ID or account number (they end up in
 * cron mail and chat screenshots): any run of 12+ digits (an ID may end in X) keeps its first 6
 * (ID: region code) or last 4 characters only.
 */
const LONG_NUMBER = /\d{11,}[\dXx]/g;

export function maskNumbers(text: string): string {
  return text.replace(LONG_NUMBER, (m) => (m.length >= 15 ? m.slice(0, 6) + '*'.repeat(m.length - 10) + m.slice(-4) : '*'.repeat(m.length - 4) + m.slice(-4)));
}
