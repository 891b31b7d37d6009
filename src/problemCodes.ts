/**
 * Every problem code the tool reports, with when it is reported: the one list that the type of
 * `Problem.code` and the table in docs/DESIGN.md (test/docs/problemCodes.test.ts keeps it equal)
 * come from. A new code is one entry here.
 */
export const PROBLEM_CODES = {
  E_MISSING_FILE: 'a required file (rules.yaml, households.csv, revenue.csv) is absent, or a file cannot be read',
  E_BAD_INPUT_FILE: 'an input is not a regular file: a FIFO, a device, a socket or a folder, a dangling symbolic link, or a link leading outside the run folder (batch: ROOT) without `--follow-symlinks`',
  E_BAD_ENCODING: '`--encoding utf8` on a file that is not UTF-8 (at the line of the first bad byte); a UTF-16/32 BOM; NUL bytes; bytes GB18030 cannot decode; a corrupt, old (.xls) or protected workbook',
  E_MISSING_COLUMN: 'the header lacks a required column (also: an empty file, no header at all)',
  E_DUPLICATE_COLUMN: 'two header cells name the same column (e.g. `户号` and `household_id`)',
  E_RAGGED_ROW: "a row's field count differs from the header's",
  E_BAD_QUOTE: 'a quoted field still open at the end of the file (at the line where it opens)',
  E_BAD_NUMBER: 'not a plain decimal: letters, a sign, an exponent, bad `,` grouping, `¥` or `元` outside money, too many decimals, empty where a number is required',
  E_BAD_VALUE: 'a well-formed value that is not allowed: 0 where the table says > 0, empty household_id/name',
  E_TOO_LARGE: 'money over 10^12 元, area/units/days/points over 10^9, a field over 64 KiB, more than 1000 columns, a sum beyond exact range, more data rows than `--max-rows` (at the first row over)',
  E_BAD_MONTHS: '`months` not a whole number 1–12',
  E_BAD_DATE: "not a date in one of the accepted forms, not a real date, or outside the rules' `year`",
  E_BAD_ARRANGEMENT: 'land `arrangement` not one of the allowed words',
  E_BAD_KIND: 'revenue `kind` not one of the allowed words',
  E_DUPLICATE_HOUSEHOLD: 'at the second occurrence; the message names the first line',
  E_UNKNOWN_HOUSEHOLD: 'a row names a household not in households.csv',
  E_UNKNOWN_JOB: '`job` not in `wages.per_day`, or empty while `wages.default_per_day` is not set',
  E_UNKNOWN_LAND_TYPE: '`land_type` not in `land.rent_per_mu` (rent) / `land.units_per_mu` (shares)',
  E_UNKNOWN_CLASS: '`class` not in `share_classes`; a land row invested as shares without class `land`',
  E_BAD_ID_NUMBER: 'an `id_number` that is not 18 chars with a valid GB 11643 check digit nor 15 digits',
  E_EXCEL_MANGLED: '`E+` scientific notation in `id_number` or `bank_account` (format the column as text)',
  E_NO_HOUSEHOLDS: 'households.csv has a header but no household',
  E_AMBIGUOUS_INPUT: 'two sources for one table (NAME.csv and NAME.xlsx, households.csv and 成员名册.csv, a file and a sheet of 录入表.xlsx), at the later; none is read',
  E_BAD_RULES: "anything wrong in rules.yaml or pool.yaml, at the key's YAML line and column",
  E_EMPTY_BASIS: "(engine) a basis with a part > 0 and total weight 0, at that basis's line in rules.yaml",
  E_PERSONS_MISMATCH: "a household's `persons` differs from its number of rows in persons.csv (at the household's line)",
  E_UNKNOWN_PRODUCT: 'a transactions row whose `product` is not in a `by: quantity` basis\'s `product_weights` (or empty while they are given)',
  E_RATE_TOO_HIGH: "(engine) a declared `rate` pays more than the basis's part and its `remainder_to` entry can cover; names the highest rate that fits",
  E_COOP_LAW: '(engine) `legal_form: farmers_cooperative` and the `transactions` bases get less than 60 % of the distributable surplus',
  E_USAGE: 'a command line the tool cannot run: an unknown command or option, a missing argument, a value not allowed (exit 2; `--json` prints it as JSON too)',
  E_EXISTS: '`init` would overwrite a file',
  E_OUTPUT: 'the output folder cannot be written (read-only, a file in the way, disk full) or is not one this tool wrote',
  E_LOCKED: "another run or batch holds the output's lock",
  E_NO_VILLAGES: '(`batch`) ROOT has no village folder',
  E_INTERNAL: '(`batch`) one village hit an internal error (the batch goes on; exit 3 for a single run)',
  W_UNKNOWN_COLUMN: 'a header cell that names no column of the table (its values are ignored)',
  W_UNKNOWN_CATEGORY: 'a `floors` category that no household has (a typo?): the floor applies to nobody; the nearest category is suggested',
  W_UNKNOWN_FILE: 'a .csv/.xls/.xlsx/.yaml file in the run folder, or a sheet of 录入表.xlsx, that is no input (e.g. 预支.csv): not read; the input it looks like is named',
  W_DEFICIT: 'a loss year: nothing to distribute',
  W_GUARANTEED_SCALED: "the income does not cover the guaranteed dividends: paid pro rata (the rules' `scale`)",
  W_FLOOR_SHORT: 'a floor fund ran out: top-ups paid pro rata',
  W_RATE_ROUNDED_DOWN: "a `rate_step` rate rounded half up would pay more than the part and its `remainder_to` entry hold: the next lower step is used",
  W_NO_BIRTH_DATE: 'a basis filters persons by age and some person in persons.csv has no `birth_date` (they never match); once per run',
  W_NEGATIVE_NET: 'a household owes money (its deductions exceed what it is due)',
  W_NO_ACCOUNT: 'a household is owed money but has no bank account (paid in cash, not in bank.csv)',
  W_WORKBOOK_SKIPPED: 'over 50,000 households: no payouts.xlsx or report.html (the CSV sheets carry the run)',
  W_NAME_FROM_FOLDER: "(`batch`) a village whose own rules.yaml gives no `name`: its sheets are titled with its folder name, not the township's",
  W_NOT_A_VILLAGE: '(`batch`) a folder of ROOT without households.csv, or named like a batch output, is left out',
  W_SYMLINK_OUTSIDE: '(`batch`) a village folder that is a symbolic link leading outside ROOT is left out',
  W_DUPLICATE_VILLAGE: '(`batch`) a folder of ROOT that is a symbolic link to a village already counted (the real folder, or the first link in code-point order): left out, so no village counts twice in the township totals',
  W_UNREADABLE_FOLDER: '(`batch`) a folder of ROOT that cannot be listed (no permission, an I/O error), or a symbolic link that cannot be followed (leads nowhere, a loop): left out; the reason and the fix are named',
  W_NOT_UTF8_NAME: '(`batch`) a folder of ROOT whose name is not UTF-8 (GBK names from a Windows zip), or one holding a village file so named: not processed; the name is shown read as GB18030, and how to rename it',
} as const;

export type ProblemCode = keyof typeof PROBLEM_CODES;
export type ErrorCode = Extract<ProblemCode, `E_${string}`>;
export type WarningCode = Extract<ProblemCode, `W_${string}`>;

export function isWarningCode(code: ProblemCode): code is WarningCode {
  return code.startsWith('W_');
}
