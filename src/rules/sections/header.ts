import type { Checker } from '../check.js';
import type { PMap } from '../yamlTree.js';
import { entry } from './common.js';
import { isoDate, parseDateText } from '../../util/dateText.js';

export const YEAR_MIN = 1900;
export const YEAR_MAX = 2999;

/** `name` and `year` (both required: the root reader reports them missing), and `prepared_on` (制表日期). */
export function readHeader(c: Checker, root: PMap): { name: string; year: number; preparedOn: string | null } {
  let name = '';
  const nameNode = entry(root, 'name');
  if (nameNode) name = c.text(nameNode, 'name') ?? '';
  let year = 0;
  const yearNode = entry(root, 'year');
  if (yearNode) {
    const y = c.integer(yearNode, 'year');
    if (y !== undefined) {
      if (y < YEAR_MIN || y > YEAR_MAX) c.bad(yearNode.at, 'year', `年份应在 ${YEAR_MIN}–${YEAR_MAX} 之间: ${y}`, `a year from ${YEAR_MIN} to ${YEAR_MAX}`);
      else year = y;
    }
  }
  let preparedOn: string | null = null;
  const po = entry(root, 'prepared_on');
  if (po) {
    const t = c.text(po, 'prepared_on');
    const d = t === undefined ? null : parseDateText(t);
    if (t !== undefined && d === null) c.bad(po.at, 'prepared_on', `应为日期, 如 2025-12-20 或 2025年12月20日: ${t}`, 'a date such as 2025-12-20');
    else if (d) preparedOn = isoDate(d);
  }
  return { name, year, preparedOn };
}
