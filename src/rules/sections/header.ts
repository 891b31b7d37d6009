import type { Checker } from '../check.js';
import type { PMap } from '../yamlTree.js';
import { entry } from './common.js';

export const YEAR_MIN = 1900;
export const YEAR_MAX = 2999;

/** `name` and `year` (both required: the root reader reports them missing). */
export function readHeader(c: Checker, root: PMap): { name: string; year: number } {
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
  return { name, year };
}
