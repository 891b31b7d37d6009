/** What every SpreadsheetML part this tool writes shares: namespaces, the declaration, text escaping. */
export const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
export const NS_R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
export const NS_PKG_R = 'http://schemas.openxmlformats.org/package/2006/relationships';
export const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** Characters XML 1.0 cannot hold at all (controls other than tab/LF/CR, lone surrogates, U+FFFE/FFFF). */
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const ESCAPE = /[&<>"]/;
// eslint-disable-next-line no-control-regex
const NEEDS_CLEAN = /[&<>"\x00-\x08\x0B\x0C\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]/;

/** Text safe for element content and double-quoted attributes; characters XML cannot hold are dropped. */
export function xmlEscape(s: string): string {
  if (!NEEDS_CLEAN.test(s)) return s;
  s = s.replace(INVALID_XML, '');
  if (!ESCAPE.test(s)) return s;
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
