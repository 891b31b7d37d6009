/**
 * Errors and warnings are values with a place (hledger/beancount style).
 * Readers and validators collect every problem; only the CLI prints them.
 */
export interface Problem {
  /** Path of the file as the user gave it (DIR joined with the file name). */
  file: string;
  /** Physical 1-based line (the header is the first non-blank line); 0 when the file as a whole is meant. */
  line: number;
  /** 1-based field (CSV) or YAML column; 0 when no column applies. */
  column: number;
  /** Printed instead of `column` when set: the column letter of an .xlsx cell (`C`). */
  columnLabel?: string;
  /** E_… for errors, W_… for warnings. */
  code: string;
  message: string;
}

/** Collector handed through a pipeline stage. */
export class Problems {
  readonly errors: Problem[] = [];
  readonly warnings: Problem[] = [];

  error(file: string, line: number, column: number, code: string, message: string): void {
    this.errors.push({ file, line, column, code, message });
  }

  warn(file: string, line: number, column: number, code: string, message: string): void {
    this.warnings.push({ file, line, column, code, message });
  }

  get ok(): boolean {
    return this.errors.length === 0;
  }
}

/** A broken internal invariant: a bug in this tool, never the user's fault (exit 3). */
export class InternalError extends Error {
  override readonly name = 'InternalError';
}

/** Printed form `FILE:LINE:COLUMN: CODE: message` (COLUMN: the label when there is one). */
export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}:${p.columnLabel ?? p.column}: ${p.code}: ${p.message}`;
}
