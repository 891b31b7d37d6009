/** Spreadsheet column letters of a 1-based column: 1 → A, 26 → Z, 27 → AA. */
export function columnLetter(column: number): string {
  let s = '';
  for (let k = column; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}
