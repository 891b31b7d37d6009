/** One input file's problem reporting: path as the user gave it, capped per code so a 10M-row file cannot flood memory. */
import type { ErrorCode, Problems, ProblemCode, WarningCode } from '../problems.js';
import { isWarningCode } from '../problemCodes.js';

/** Problems of one code kept per file; the rest are counted and summarised in one line. */
export const MAX_PROBLEMS_PER_CODE = 1000;

export class FileContext {
  /** dir joined with the file name: the `file` of every problem. */
  readonly path: string;
  /** Base name, e.g. `labor.csv`. */
  readonly file: string;
  readonly problems: Problems;
  private readonly counts = new Map<ProblemCode, number>();
  private errorCount = 0;

  constructor(problems: Problems, path: string, file: string) {
    this.problems = problems;
    this.path = path;
    this.file = file;
  }

  /** Errors reported for this file so far (including those over the cap). */
  get errors(): number {
    return this.errorCount;
  }

  error(line: number, column: number, code: ErrorCode, message: string): void {
    this.errorCount++;
    if (this.count(code)) this.problems.error(this.path, line, column, code, message);
  }

  warn(line: number, column: number, code: WarningCode, message: string): void {
    if (this.count(code)) this.problems.warn(this.path, line, column, code, message);
  }

  private count(code: ProblemCode): boolean {
    const n = (this.counts.get(code) ?? 0) + 1;
    this.counts.set(code, n);
    return n <= MAX_PROBLEMS_PER_CODE;
  }

  /** Adds one summary line per code that went over the cap. */
  flush(): void {
    for (const [code, n] of this.counts) {
      if (n <= MAX_PROBLEMS_PER_CODE) continue;
      const more = n - MAX_PROBLEMS_PER_CODE;
      const msg = `同类问题另有 ${more} 处未逐一列出 (${more} more ${code} not listed)`;
      if (isWarningCode(code)) this.problems.warn(this.path, 0, 0, code, msg);
      else this.problems.error(this.path, 0, 0, code, msg);
    }
    this.counts.clear();
  }
}

/** A value quoted for a message: one line, at most 60 characters. */
export function q(value: string): string {
  // JSON.stringify escapes CR and LF but not U+2028/U+2029, which editors and log tools take for line ends
  return JSON.stringify(value.length > 60 ? value.slice(0, 60) + '…' : value).replace(/[\u2028\u2029]/g, (c) => (c === '\u2028' ? '\\u2028' : '\\u2029'));
}
