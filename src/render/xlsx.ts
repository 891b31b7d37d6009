import type { Distribution } from '../engine/types.js';
import type { Dataset } from '../io/types.js';
import type { Lang } from './payoutsSheet.js';
import type { Rules } from '../rules/types.js';
import { payoutsXlsxDirect } from './xlsxDirect.js';

/**
 * payouts.xlsx: 收益分配表 (the waterfall) and 分配明细 (one row per household and a 合计 row of
 * SUM formulas). The cells are the waterfall and payouts sheets' rows, so every figure is the one in
 * the CSV files. Money is a number cell formatted `#,##0.00`; IDs and accounts are text cells.
 * Byte-deterministic: fixed document dates and zip entry stamps derived from the rules' year.
 * Written directly as SpreadsheetML (src/render/xlsxDirect.ts): exceljs cost a township batch
 * most of its CPU; test/render/xlsxExceljs.ts keeps the exceljs writer as the reference.
 */
export {
  columnLetter,
  MONEY_FORMAT,
  payoutsTable,
  SHEET_NAMES,
  workbookDate,
  XLSX_PAYOUT_KEYS,
} from './xlsxCommon.js';

/** payouts.xlsx bytes. Identical inputs give identical bytes. */
export async function payoutsXlsx(rules: Rules, data: Dataset, dist: Distribution, lang: Lang): Promise<Buffer> {
  return payoutsXlsxDirect(rules, data, dist, lang);
}
