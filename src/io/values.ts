/**
 * Field value parsers for the CSV readers: numbers into exact scaled integers, months, dates,
 * ID numbers. Hand-written charCodeAt loops (they run once per field on 10M-row files): no regex,
 * no allocation on the success path. Errors are returned as small negative codes so the caller
 * picks the problem code and wording.
 */

/** Parse results below 0 are errors. */
export const NUM_EMPTY = -1;
export const NUM_SYNTAX = -2;
export const NUM_SIGN = -3;
export const NUM_EXPONENT = -4;
export const NUM_GROUPING = -5;
export const NUM_DECIMALS = -6;
export const NUM_CURRENCY = -7;
export const NUM_TOO_LARGE = -8;

const POW10 = [1, 10, 100, 1000, 10000, 100000, 1000000];

/**
 * Parses a plain non-negative decimal (`\d+(\.\d+)?` or `\d{1,3}(,\d{3})+(\.\d+)?`, DESIGN.md)
 * into the integer value × 10^scale. `money` allows a leading `¥`/`￥` (and blanks after it) and a
 * trailing `元` (blanks before it), also both at once (`¥1,234.50元`).
 * `maxWhole` is the largest allowed value in whole units (10^9, or 10^12 元 for money).
 * The text must already be trimmed. Returns the scaled integer (≥ 0) or a NUM_… code (< 0).
 * Results stay far below 2^53 (≤ 10^12 × 10^2 or 10^9 × 10^4), so a JS number holds them exactly.
 */
export function parseScaled(s: string, scale: number, maxWhole: number, money: boolean): number {
  let n = s.length;
  if (n === 0) return NUM_EMPTY;
  if (s.charCodeAt(n - 1) === 0x5143) {
    // A trailing 元 on money (SPEC §10), blanks before it allowed.
    if (!money) return NUM_CURRENCY;
    n--;
    while (n > 0 && isBlankChar(s.charCodeAt(n - 1))) n--;
    if (n === 0) return NUM_SYNTAX;
  }
  let i = 0;
  let c = s.charCodeAt(0);
  if (c === 0xa5 || c === 0xffe5) {
    if (!money) return NUM_CURRENCY;
    i = 1;
    while (i < n && isBlankChar(s.charCodeAt(i))) i++;
    if (i === n) return NUM_SYNTAX;
  }
  // Integer part, with optional thousands separators.
  let intVal = 0;
  let sigDigits = 0; // digits after leading zeros (overflow guard)
  let digits = 0;
  let group = -1; // digits since the last ',' (-1: no ',' yet)
  for (; i < n; i++) {
    c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (sigDigits < 17) intVal = intVal * 10 + (c - 48);
      if (intVal > 0) sigDigits++;
      digits++;
      if (group >= 0) group++;
      continue;
    }
    if (c === 44) {
      if (group < 0 ? digits < 1 || digits > 3 : group !== 3) return badChars(s, NUM_GROUPING);
      group = 0;
      continue;
    }
    break;
  }
  if (digits === 0) return badChars(s, NUM_SYNTAX);
  if (group >= 0 && group !== 3) return badChars(s, NUM_GROUPING);
  let frac = 0;
  let fracDigits = 0;
  if (i < n && c === 46) {
    for (i++; i < n; i++) {
      c = s.charCodeAt(i);
      if (c < 48 || c > 57) break;
      if (fracDigits < scale) frac = frac * 10 + (c - 48);
      fracDigits++;
    }
    if (fracDigits === 0) return badChars(s, NUM_SYNTAX);
  }
  if (i < n) return badChars(s, NUM_SYNTAX);
  if (fracDigits > scale) return NUM_DECIMALS;
  if (sigDigits > 16 || intVal > maxWhole || (intVal === maxWhole && frac > 0)) return NUM_TOO_LARGE;
  return intVal * POW10[scale] + frac * POW10[scale - fracDigits];
}

/** Refines a syntax error: a sign or an exponent gets its own wording. */
function badChars(s: string, fallback: number): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 43 || c === 45 || c === 0xff0b || c === 0xff0d || c === 0x2212) return NUM_SIGN;
  }
  for (let i = 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const p = s.charCodeAt(i - 1);
    if ((c === 69 || c === 101) && p >= 48 && p <= 57) return NUM_EXPONENT;
  }
  return fallback;
}

function isBlankChar(c: number): boolean {
  return c === 32 || c === 9 || c === 0xa0 || c === 0x3000;
}

/** `months`: a whole number 1–12 (`6` or `6.0`); '' → 12. Returns 0 when invalid. */
export function parseMonths(s: string): number {
  if (s.length === 0) return 12;
  const v = parseScaled(s, 4, 1e9, false);
  if (v < 0 || v % 10000 !== 0) return 0;
  const m = v / 10000;
  return m >= 1 && m <= 12 ? m : 0;
}

export const DATE_OK = 0;
export const DATE_FORMAT = 1;
export const DATE_INVALID = 2;
export const DATE_YEAR = 3;

/**
 * A real calendar date written as `YYYY-MM-DD`, `YYYY-M-D`, `YYYY/M/D`, `YYYY.M.D` or `YYYY年M月D日`
 * (SPEC §10; month and day of 1 or 2 digits, one separator throughout); when `year` is not null,
 * inside that year. The text must already be trimmed and NFKC-normalised (`normalizeValue`).
 * Returns DATE_OK or a DATE_… error kind.
 */
export function checkDate(s: string, year: number | null): number {
  const n = s.length;
  if (n < 8) return DATE_FORMAT;
  let y = 0;
  for (let i = 0; i < 4; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return DATE_FORMAT;
    y = y * 10 + c;
  }
  const sep = s.charCodeAt(4);
  const cjk = sep === 0x5e74; // 年
  if (!cjk && sep !== 45 && sep !== 47 && sep !== 46) return DATE_FORMAT;
  const sep2 = cjk ? 0x6708 : sep; // 月
  let i = 5;
  let m = 0;
  let md = 0;
  for (; i < n && md < 3; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    m = m * 10 + c;
    md++;
  }
  if (md < 1 || md > 2 || i >= n || s.charCodeAt(i) !== sep2) return DATE_FORMAT;
  i++;
  let d = 0;
  let dd = 0;
  for (; i < n && dd < 3; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    d = d * 10 + c;
    dd++;
  }
  if (dd < 1 || dd > 2) return DATE_FORMAT;
  if (cjk) {
    if (i !== n - 1 || s.charCodeAt(i) !== 0x65e5) return DATE_FORMAT; // 日
  } else if (i !== n) return DATE_FORMAT;
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return DATE_INVALID;
  if (year !== null && y !== year) return DATE_YEAR;
  return DATE_OK;
}

/** The date forms checkDate accepts, for messages. */
export const DATE_FORMS = 'YYYY-MM-DD、YYYY-M-D、YYYY/M/D、YYYY.M.D、YYYY年M月D日';

/**
 * NFKC for the values that are checked (numbers, dates, household ids — SPEC §10): full-width
 * digits, letters, `，` `．` `￥` and the ideographic space become their plain forms, then the text
 * is trimmed. ASCII text is returned as it is (no allocation: the common case).
 */
export function normalizeValue(s: string): string {
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) >= 128) return s.normalize('NFKC').trim();
  }
  return s;
}

/**
 * checkDate over the UTF-8 bytes buf[start, end) (the labor fast lane): the same forms and rules, no
 * string made. Bytes checkDate would only see after NFKC or a trim (full-width digits, spaces) are
 * DATE_FORMAT here: the lane leaves such a row to the general reader, which normalises first.
 */
export function checkDateBytes(buf: Uint8Array, start: number, end: number, year: number | null): number {
  if (end - start < 8) return DATE_FORMAT;
  let y = 0;
  for (let i = start; i < start + 4; i++) {
    const c = buf[i] - 48;
    if (c < 0 || c > 9) return DATE_FORMAT;
    y = y * 10 + c;
  }
  let i = start + 4;
  const sep = buf[i];
  const cjk = sep === 0xe5 && buf[i + 1] === 0xb9 && buf[i + 2] === 0xb4; // 年
  if (cjk) i += 3;
  else if (sep === 45 || sep === 47 || sep === 46) i++;
  else return DATE_FORMAT;
  let m = 0;
  let md = 0;
  for (; i < end && md < 3; i++) {
    const c = buf[i] - 48;
    if (c < 0 || c > 9) break;
    m = m * 10 + c;
    md++;
  }
  if (md < 1 || md > 2 || i >= end) return DATE_FORMAT;
  if (cjk) {
    if (i + 3 > end || buf[i] !== 0xe6 || buf[i + 1] !== 0x9c || buf[i + 2] !== 0x88) return DATE_FORMAT; // 月
    i += 3;
  } else if (buf[i] !== sep) return DATE_FORMAT;
  else i++;
  let d = 0;
  let dd = 0;
  for (; i < end && dd < 3; i++) {
    const c = buf[i] - 48;
    if (c < 0 || c > 9) break;
    d = d * 10 + c;
    dd++;
  }
  if (dd < 1 || dd > 2) return DATE_FORMAT;
  if (cjk) {
    if (i !== end - 3 || buf[i] !== 0xe6 || buf[i + 1] !== 0x97 || buf[i + 2] !== 0xa5) return DATE_FORMAT; // 日
  } else if (i !== end) return DATE_FORMAT;
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return DATE_INVALID;
  if (year !== null && y !== year) return DATE_YEAR;
  return DATE_OK;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** GB 11643's weights of the first 17 digits and the check character for Σ mod 11. */
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** The GB 11643 check character for an ID's first 17 characters, or null when they are not 17 digits. */
export function idCheckDigit(s: string): string | null {
  if (s.length < 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return null;
    sum += c * ID_WEIGHTS[i];
  }
  return ID_CHECK[sum % 11];
}

/** `E+` anywhere (case-insensitive): a number Excel turned into scientific notation. */
export function isExcelMangled(s: string): boolean {
  for (let i = 1; i < s.length; i++) {
    if (s.charCodeAt(i) === 43) {
      const p = s.charCodeAt(i - 1);
      if (p === 69 || p === 101) return true;
    }
  }
  return false;
}

/** GB 11643: 18 characters with a valid check digit (x accepted), or 15 digits. */
export function isValidIdNumber(s: string): boolean {
  if (s.length === 15) {
    for (let i = 0; i < 15; i++) {
      const c = s.charCodeAt(i);
      if (c < 48 || c > 57) return false;
    }
    return true;
  }
  if (s.length !== 18) return false;
  const check = idCheckDigit(s);
  if (check === null) return false;
  let last = s.charCodeAt(17);
  if (last === 120) last = 88; // x → X
  return last === check.charCodeAt(0);
}

/** Removes blanks (space, tab, no-break and ideographic spaces) from a bank account number. */
export function stripSpaces(s: string): string {
  for (let i = 0; i < s.length; i++) {
    if (isBlankChar(s.charCodeAt(i))) return s.replace(/[ \t\u00a0\u3000]+/g, '');
  }
  return s;
}
