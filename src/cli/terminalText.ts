/**
 * Text from users' files (names, paths, values) shown on a terminal: C0 and C1 control characters
 * (ESC, CSI 0x9b, DEL, …) would let a crafted file name or cell rewrite the screen, so they are
 * written as `\xNN`. Newline and tab stay.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

export function terminalText(text: string): string {
  return text.replace(CONTROL, (c) => '\\x' + c.charCodeAt(0).toString(16).padStart(2, '0'));
}

/**
 * terminalText for what must stay one line (a problem line, a village's line): a newline in a
 * crafted folder name would otherwise start a line of its own that reads like a problem
 * (`x:1:1: E_FAKE: …`), so it is written as `\n` too.
 */
export function oneLine(text: string): string {
  return terminalText(text).replaceAll('\n', '\\n').replaceAll('\u2028', '\\u2028').replaceAll('\u2029', '\\u2029');
}
