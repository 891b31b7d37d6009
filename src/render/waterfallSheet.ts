import type { Distribution } from '../engine/types.js';
import type { Dataset } from '../io/types.js';
import { formatFen } from '../money/fen.js';
import type { Rules } from '../rules/types.js';
import { num, type Row } from './csvWrite.js';
import type { Lang } from './payoutsSheet.js';
import { buildWaterfall, waterfallItem, type WaterfallLine } from './waterfall.js';

/** One waterfall line as the sheet's three cells: 项目 (numbered or indented), 金额, 说明. */
export function waterfallLineRow(l: WaterfallLine, lang: Lang): Row {
  return [waterfallItem(l, lang), l.amountFen === null ? '' : num(formatFen(l.amountFen)), l.note];
}

/** waterfall.csv: the header, the title line, then every line of the typed waterfall. */
export function waterfallRows(rules: Rules, dataset: Dataset, dist: Distribution, lang: Lang): Row[] {
  const w = buildWaterfall(rules, dataset, dist, lang);
  return [w.header, waterfallLineRow(w.title, lang), ...w.lines.map((l) => waterfallLineRow(l, lang))];
}
