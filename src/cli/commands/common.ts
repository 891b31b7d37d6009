import { groupProblems, moreText, repeatedText } from '../groupProblems.js';
import { terminalText } from '../terminalText.js';
import { stat } from 'node:fs/promises';
import type { RunAnalysis } from '../../pipeline/analyseRun.js';
import type { Problem } from '../../problems.js';
import { EXIT } from '../exitCodes.js';
import { maskNumbers } from '../../privacy/mask.js';
import type { Output } from '../output.js';

export interface CommonOptions {
  /** How inputs are read (SPEC §10). */
  encoding?: 'auto' | 'utf8' | 'gb18030';
  /** How CSV sheets are written (run, batch). */
  outputEncoding?: 'utf8' | 'gb18030';
  maxRows?: number;
  /** `--strict`: any warning stops the command like an error (exit 1, nothing written). */
  strict?: boolean;
  /** `--date`: the 制表日期 on the printed sheets (YYYY-MM-DD), instead of rules' `prepared_on`. */
  date?: string;
  /** `--follow-symlinks`: input links may lead outside the run folder (batch: ROOT). */
  followSymlinks?: boolean;
  json?: boolean;
  quiet?: boolean;
}

/** A run directory that is not there is the user's E_MISSING_FILE, not a crash. */
export async function checkRunDir(dir: string, out: Output, json: boolean | undefined): Promise<boolean> {
  const s = await stat(dir).catch(() => null);
  if (s?.isDirectory()) return true;
  const p: Problem = {
    file: dir,
    line: 0,
    column: 0,
    code: 'E_MISSING_FILE',
    message: s ? '不是目录 (not a directory)' : '找不到目录 (no such directory)',
  };
  printErrors([p], out, json);
  return false;
}

export function printErrors(errors: Problem[], out: Output, json: boolean | undefined): void {
  if (json) out.json({
      errors: errors.map(({ file, line, column, columnLabel, code, message }) => ({
        file,
        line,
        column,
        ...(columnLabel ? { column_label: columnLabel } : {}),
        code,
        message: maskNumbers(message),
      })),
    });
  printGrouped(errors, out);
}

/** Problems on the terminal, a problem repeated down a column summed up (groupProblems). */
function printGrouped(problems: readonly Problem[], out: Output): void {
  for (const item of groupProblems(problems)) {
    if (item.kind === 'problem') out.problem(item.problem);
    else if (item.kind === 'repeated') out.note(out.err.red(terminalText(repeatedText(item.first, item.count, item.lines))));
    else out.note(out.err.red(terminalText(moreText(item.next, item.more))));
  }
}

/** Errors (exit 1) or warnings; returns the exit code to use when the analysis failed, else null. */
export function reportAnalysis(a: RunAnalysis, out: Output, opts: CommonOptions): number | null {
  if (!a.problems.ok) {
    printErrors(a.problems.errors, out, opts.json);
    if (!opts.quiet) for (const w of a.warnings) out.problem(w);
    out.note(out.err.red(`${a.problems.errors.length} 个错误, 未写出任何文件 (${a.problems.errors.length} error(s); nothing written)`));
    return EXIT.invalidInput;
  }
  if (opts.strict && a.warnings.length > 0) {
    // cron: a warning (a loss year, a household without an account, an unknown column…) must not pass unseen.
    printErrors(a.warnings, out, opts.json);
    out.note(out.err.red(`--strict: ${a.warnings.length} 个警告按错误处理, 未写出任何文件 (${a.warnings.length} warning(s) treated as errors; nothing written)`));
    return EXIT.invalidInput;
  }
  if (!opts.quiet) for (const w of a.warnings) out.problem(w);
  return null;
}
