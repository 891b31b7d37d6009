/**
 * Errors and warnings are values with a place (hledger/beancount style).
 * Readers and validators collect every problem; only the CLI prints them.
 */
import { maskNumbers } from './privacy/mask.js';
import type { ErrorCode, ProblemCode, WarningCode } from './problemCodes.js';

export type { ErrorCode, ProblemCode, WarningCode };

export interface Problem {
  /** Path of the file as the user gave it (DIR joined with the file name). */
  file: string;
  /** Physical 1-based line (the header is the first non-blank line); 0 when the file as a whole is meant. */
  line: number;
  /** 1-based field (CSV) or YAML column; 0 when no column applies. */
  column: number;
  /** Printed instead of `column` when set: the column letter of an .xlsx cell (`C`). */
  columnLabel?: string;
  /** E_… for errors, W_… for warnings: an entry of src/problemCodes.ts. */
  code: ProblemCode;
  message: string;
}

/**
 * Collector handed through a pipeline stage. Messages are masked here, where they are made (one
 * policy, src/privacy/mask.ts): no sink — stderr, --json, summary.json, batch.json, a posted page —
 * can show a full ID or account number.
 */
export class Problems {
  readonly errors: Problem[] = [];
  readonly warnings: Problem[] = [];

  error(file: string, line: number, column: number, code: ErrorCode, message: string): void {
    this.errors.push({ file, line, column, code, message: maskNumbers(message) });
  }

  warn(file: string, line: number, column: number, code: WarningCode, message: string): void {
    this.warnings.push({ file, line, column, code, message: maskNumbers(message) });
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
