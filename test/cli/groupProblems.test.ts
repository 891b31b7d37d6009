import { describe, expect, it } from 'vitest';
import { groupProblems, moreText, repeatedText } from '../../src/cli/groupProblems.js';
import type { Problem } from '../../src/problems.js';

const p = (line: number, column = 2, code: Problem['code'] = 'E_BAD_DATE', file = 'v/labor.csv'): Problem => ({ file, line, column, code, message: `m${line}` });

describe('a problem repeated down a column is summed up', () => {
  it('1,500 bad dates: one summing-up line, the first three in full, then how many more', () => {
    const many = Array.from({ length: 1500 }, (_, i) => p(i + 2));
    const other = p(7, 4, 'E_BAD_NUMBER');
    const items = groupProblems([many[0], many[1], other, ...many.slice(2)]);
    expect(items.map((x) => x.kind)).toEqual(['repeated', 'problem', 'problem', 'problem', 'problem', 'more']);
    expect(items[3]).toEqual({ kind: 'problem', problem: other });
    expect(items[4]).toEqual({ kind: 'problem', problem: many[2] });
    const [rep, , , , , more] = items;
    if (rep.kind !== 'repeated' || more.kind !== 'more') throw new Error('shape');
    expect(repeatedText(rep.first, rep.count, rep.lines)).toBe(
      'v/labor.csv:2:2: E_BAD_DATE: 同一列有 1,500 行同样的问题 (第 2, 3, 4, 5, 6, 7, … 行), 先列出前 3 行; 多半是整列的写法不对, 改一处的方法同样适用于其余各行 (the same problem on 1,500 rows of this column)',
    );
    expect(moreText(more.next, more.more)).toBe('v/labor.csv:5:2: E_BAD_DATE: …另有 1,497 行同样的问题未逐行列出, 从这一行起 (1,497 more like these from here; --json lists every one)');
  });

  it('a few problems, other columns, other files and whole-file problems are listed as they are', () => {
    const few = [p(2), p(3), p(4), p(5), p(2, 3), p(2, 2, 'E_BAD_DATE', 'v/land.csv'), p(0, 0, 'E_MISSING_FILE')];
    expect(groupProblems(few).every((x) => x.kind === 'problem')).toBe(true);
    expect(groupProblems(few).map((x) => (x.kind === 'problem' ? x.problem : null))).toEqual(few);
  });
});
