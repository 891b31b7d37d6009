import type { Problem } from '../problems.js';

/** Shown in full before a repeated problem is summed up. */
export const SHOWN_IN_FULL = 3;
/** From this many rows on, one problem in one column is summed up in a line of its own. */
const GROUP_FROM = 5;

export type ProblemLine =
  | { kind: 'problem'; problem: Problem }
  | { kind: 'repeated'; first: Problem; count: number; lines: number[] }
  | { kind: 'more'; next: Problem; more: number };

/**
 * The terminal's view of many problems (issue 13): the same problem in one column of one file on many
 * rows (one wrong date format on 1,500 labor rows) is one line with the count and the first lines,
 * then the first few in full, then how many more — a colleague's note, not 1,500 lines. `--json`
 * keeps every problem. Order is kept: a group stands where its first problem stood.
 */
export function groupProblems(problems: readonly Problem[]): ProblemLine[] {
  const keyOf = (p: Problem) => `${p.file}\u0000${p.columnLabel ?? p.column}\u0000${p.code}`;
  const members = new Map<string, Problem[]>();
  for (const p of problems) {
    if (p.line === 0) continue; // a file as a whole is never repeated per row
    const k = keyOf(p);
    const list = members.get(k);
    if (list) list.push(p);
    else members.set(k, [p]);
  }
  const out: ProblemLine[] = [];
  const shown = new Map<string, number>();
  for (const p of problems) {
    const list = p.line === 0 ? undefined : members.get(keyOf(p));
    if (!list || list.length < GROUP_FROM) {
      out.push({ kind: 'problem', problem: p });
      continue;
    }
    const k = keyOf(p);
    const n = shown.get(k) ?? 0;
    shown.set(k, n + 1);
    if (n === 0) out.push({ kind: 'repeated', first: p, count: list.length, lines: list.slice(0, 6).map((x) => x.line) });
    if (n < SHOWN_IN_FULL) out.push({ kind: 'problem', problem: p });
    if (n === SHOWN_IN_FULL) out.push({ kind: 'more', next: p, more: list.length - SHOWN_IN_FULL });
  }
  return out;
}

const count = (n: number) => n.toLocaleString('en-US');

/** The summing-up line of a repeated problem: `FILE:LINE:COLUMN: CODE: 1,500 行 …`. */
export function repeatedText(first: Problem, n: number, lines: readonly number[]): string {
  const at = `${first.file}:${first.line}:${first.columnLabel ?? first.column}`;
  const shownLines = lines.join(', ') + (n > lines.length ? ', …' : '');
  return `${at}: ${first.code}: 同一列有 ${count(n)} 行同样的问题 (第 ${shownLines} 行), 先列出前 ${SHOWN_IN_FULL} 行; 多半是整列的写法不对, 改一处的方法同样适用于其余各行 (the same problem on ${count(n)} rows of this column)`;
}

/** After the first few in full: `FILE:LINE:COLUMN: CODE: …另有 N 行` at the first one not listed. */
export function moreText(next: Problem, more: number): string {
  return `${next.file}:${next.line}:${next.columnLabel ?? next.column}: ${next.code}: …另有 ${count(more)} 行同样的问题未逐行列出, 从这一行起 (${count(more)} more like these from here; --json lists every one)`;
}
