/**
 * Text from a cell shown inside a one-line message (a household's id and name in W_NEGATIVE_NET):
 * a quoted cell may hold line breaks, which would split the problem line; each run of them is a space.
 */
export function inline(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, ' ');
}
