/**
 * The one workbook `init --xlsx` writes (SPEC §10): 录入表.xlsx with a 说明 sheet and one sheet per
 * input table, named by the table's Chinese name, headed by the Chinese column names of FILE_SPECS'
 * templates — what readRunDir reads back (inputPlan.ts finds the sheets by name).
 *
 * - ID-like columns (户号, 身份证号, 银行账号, 地块编号) are formatted as text, so that Excel never turns
 *   an 18-digit ID into 5.22628E+17; date columns as yyyy-mm-dd.
 * - Drop-down lists (Excel data validation) from the rules: 工种, 地类, 方式, 股份类别, 类别, 收支 …
 *   They only warn: rules.yaml may be edited after the workbook was made, and the tool checks every
 *   value anyway.
 * Written with exceljs (a dependency, loaded only here and when reading .xlsx); not a hot path.
 */
import type ExcelJS from 'exceljs';
import { fixZipTimes } from '../util/zipTimes.js';
import type { Rules } from '../rules/types.js';
import { englishName, FILE_SPECS, headerLookup, NOTES_SHEET, normalizeHeader, WORKBOOK_FILES, type FileKind, type FileSpec } from './columns.js';

/** The workbook's file name. */
export const INPUT_WORKBOOK = WORKBOOK_FILES[0];

/** Tab order (SPEC §10's list); tables without a template (points) get no sheet. */
const ORDER: readonly FileKind[] = ['households', 'land', 'shares', 'labor', 'revenue', 'points', 'deductions', 'persons', 'transactions'];

/** Columns whose cells are text whatever they look like (leading zeros, 18 digits). */
const TEXT_COLUMNS = new Set(['household_id', 'id_number', 'bank_account', 'plot_id']);
const DATE_COLUMNS = new Set(['date', 'birth_date']);
/**
 * The drop-down lists cover rows 2 to this (a village's tables are far shorter): Excel keeps a range
 * as one, but exceljs, when a script opens the workbook, expands it into one entry per cell, and a
 * whole column (1,048,576 rows) takes it a minute and gigabytes.
 */
const VALIDATED_ROWS = 10_000;

/** What each sheet holds, for 说明. */
const ABOUT: Record<FileKind, string> = {
  households: '成员户名册, 每户一行; 可加 人数 (人口股) 和 发放方式 (银行/现金) 列 (member households, one row each)',
  land: '土地地块: 流转 (出租) 或 入股; 月数 默认 12 (land plots, rented or invested as shares)',
  shares: '股份: 每户各类股的股数; 月数 默认 12 (share units by class)',
  labor: '务工记录: 每人每次一行, 天数 可有两位小数 (labor days)',
  revenue: '收支: 经营的其他收入和支出; 工资、地租、保底分红由本工具计算, 不要填在这里 (other income and costs; wages, rent and guaranteed dividends are computed)',
  points: '积分: 户号, 积分 (points per household)',
  deductions: '扣减: 已预支的工资、代扣款等, 从实发金额中扣除 (advances already paid, withholdings)',
  persons: '人口: 每人一行, 用于人口股; 不用人口股可删除此表 (persons, for a persons basis)',
  transactions: '交易: 与合作社的交易额/交易量, 用于按交易量返还 (transactions, for a return by transactions)',
};

function specOf(kind: FileKind): FileSpec {
  return FILE_SPECS.find((s) => s.kind === kind)!;
}

/** Excel's inline list: `"a,b"`, at most 255 characters; null when the values cannot be listed so. */
function listFormula(values: readonly string[]): string | null {
  const v = [...new Set(values.filter((x) => x !== ''))];
  if (v.length === 0 || v.some((x) => /[,"]/.test(x))) return null;
  const f = `"${v.join(',')}"`;
  return f.length <= 257 ? f : null;
}

/** Column name → the values its drop-down offers, for one table. */
function choices(kind: FileKind, rules: Rules | null): Map<string, string[]> {
  const m = new Map<string, string[]>();
  const keys = <T>(map: Map<string, T> | null | undefined): string[] => (map ? [...map.keys()] : []);
  switch (kind) {
    case 'households': {
      const cats = rules ? [...rules.floors.map((f) => f.category), ...rules.members.flatMap((b) => [...(b.categories ?? []), ...keys(b.categoryWeights)])] : [];
      m.set('category', [...cats, '脱贫户', '监测户', '一般户']);
      m.set('payment', ['银行', '现金']);
      break;
    }
    case 'land':
      if (rules) m.set('land_type', [...keys(rules.land.rentPerMu), ...keys(rules.land.unitsPerMu)]);
      m.set('arrangement', ['流转', '入股', '出租']);
      break;
    case 'shares':
      if (rules) m.set('class', keys(rules.shareClasses));
      break;
    case 'labor':
      if (rules) m.set('job', keys(rules.wages.perDay));
      break;
    case 'revenue':
      m.set('kind', ['收入', '支出']);
      break;
    case 'persons':
      if (rules) m.set('tags', rules.members.flatMap((b) => b.tags ?? []));
      break;
    case 'transactions':
      if (rules) m.set('product', rules.members.flatMap((b) => keys(b.productWeights)));
      break;
    default:
  }
  return m;
}

/** The workbook's bytes. `rules`: the rules the drop-down lists come from (null: fixed lists only). */
export async function inputWorkbookTemplate(rules: Rules | null): Promise<Buffer> {
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  wb.creator = 'coop-payout';
  const when = new Date(Date.UTC(rules?.year ?? 2025, 0, 1));
  wb.created = when;
  wb.modified = when;
  const specs = ORDER.map(specOf).filter((s) => s.template !== undefined);
  notesSheet(wb.addWorksheet(NOTES_SHEET), specs);
  for (const spec of specs) tableSheet(wb.addWorksheet(spec.names[0]), spec, rules);
  // JSZip stamps each entry with the clock: fixed, so that init writes the same bytes every time.
  return fixZipTimes(Buffer.from(await wb.xlsx.writeBuffer()), when.getUTCFullYear(), 1, 1);
}

const BOLD = { bold: true };

/**
 * A row whose `text` wraps in column C (70 wide): tall enough for its lines (Excel and WPS do not
 * grow a row for wrapped text by themselves). `width`: how many units a line holds, a CJK character
 * or full-width form counting two (Latin text runs narrower than the column's nominal width).
 */
function wrapped(row: ExcelJS.Row, text: string, width: number): void {
  let w = 0;
  for (const ch of text) w += ch.codePointAt(0)! >= 0x2e80 ? 2 : 1;
  const lines = Math.ceil(w / width);
  if (lines > 1) row.height = 15 * lines;
  row.alignment = { vertical: 'top', wrapText: true };
}
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };

function tableSheet(ws: ExcelJS.Worksheet, spec: FileSpec, rules: Rules | null): void {
  const lookup = headerLookup(spec);
  const header = spec.template!;
  const lists = choices(spec.kind, rules);
  header.forEach((cell, j) => {
    const c = lookup.get(normalizeHeader(cell))!;
    const col = ws.getColumn(j + 1);
    col.width = Math.max(10, cell.length * 2 + 4, TEXT_COLUMNS.has(c.name) && c.name !== 'household_id' ? 22 : 0);
    if (TEXT_COLUMNS.has(c.name)) col.numFmt = '@';
    else if (DATE_COLUMNS.has(c.name)) col.numFmt = 'yyyy-mm-dd';
    const values = lists.get(c.name);
    const formula = values ? listFormula(values) : null;
    if (formula !== null) {
      const letter = col.letter;
      // Not in exceljs's typings: the sheet's validations by range (written as one sqref, not per cell).
      (ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations.add(`${letter}2:${letter}${VALIDATED_ROWS}`, {
        type: 'list',
        allowBlank: true,
        formulae: [formula],
        showErrorMessage: true,
        errorStyle: 'warning',
        errorTitle: cell,
        error: `不在下拉列表中 (生成时 rules.yaml 中的名称); 确认无误可继续 (not in the list taken from rules.yaml)`,
      });
    }
  });
  const row = ws.getRow(1);
  header.forEach((cell, j) => {
    const c = row.getCell(j + 1);
    c.value = cell;
    c.font = BOLD;
    c.fill = HEADER_FILL;
  });
  ws.views = [{ state: 'frozen', ySplit: 1 }];
}

function notesSheet(ws: ExcelJS.Worksheet, specs: readonly FileSpec[]): void {
  ws.getColumn(1).width = 14;
  ws.getColumn(2).width = 16;
  ws.getColumn(3).width = 70;
  ws.getColumn(4).width = 50;
  // long 内容 and 列 texts wrap inside their cells instead of being cut at the next column
  for (const k of [3, 4]) ws.getColumn(k).alignment = { wrapText: true, vertical: 'top' };
  const line = (...cells: string[]): ExcelJS.Row => ws.addRow(cells);
  line('录入表 使用说明 (how to fill this workbook) — coop-payout').font = { bold: true, size: 14 };
  line('');
  line('每个工作表是一张输入表: 第 1 行是列名, 从第 2 行起每行一条记录。工作表名和列名不要修改; 列的顺序可以调整。');
  line('Each sheet is one input table: row 1 holds the column names, one record per row below. Keep the sheet and column names.');
  line('');
  line('工作表 (sheet)', '必填 (required)', '内容 (what)', '列 (columns)').font = BOLD;
  for (const s of specs) {
    wrapped(line(s.names[0], s.required ? '必填' : '可选', ABOUT[s.kind], s.template!.join('、')), ABOUT[s.kind], 84);
  }
  const optional = FILE_SPECS.filter((s) => s.template === undefined);
  for (const s of optional) {
    const cols = s.columns.filter((c) => c.required).map((c) => c.zh);
    const about = `${ABOUT[s.kind]}; 需要时新建名为 ${s.names[0]} 的工作表 (add a sheet so named when needed)`;
    wrapped(line(s.names[0], '可选', about, cols.join('、')), about, 84);
  }
  line('');
  const notes = [
    '可选的表不用时, 可以删除该工作表, 也可以只留列名。(Optional sheets may be deleted, or left with their header only.)',
    '同一张表只能填在一处: 用了本工作簿的 务工 表, 文件夹里就不要再放 labor.csv 或 务工.csv (否则 E_AMBIGUOUS_INPUT)。(Each table in one place only.)',
    '户号、身份证号、银行账号、地块编号 已设为“文本”格式, 请保持: 身份证号、银行卡号一旦变成 6.23E+18 这样的数字, 后几位就丢了 (E_EXCEL_MANGLED)。(Keep ID and account columns as text.)',
    '日期可写 2025-03-15、2025-3-15、2025/3/15、2025.3.15、2025年3月15日, 或 Excel 的日期单元格; 须在 rules.yaml 的年度内。(Dates: any of these forms, or date cells, inside the rules\' year.)',
    '金额直接写数字, 最多两位小数, 可写 ¥1,234.50 或 20000元, 不能为负; 面积、股数、积分最多 4 位小数, 天数最多 2 位。(Money: plain numbers, at most 2 decimals; ¥ and 元 allowed.)',
    '土地 方式: 流转 (出租) 或 入股; 收支: 收入 或 支出。下拉列表取自生成时的 rules.yaml, 修改规则后也可以直接输入其他名称。(Drop-down lists come from rules.yaml as it was; other values may be typed.)',
    '表头上方可以加标题行 (如 “某某村 2025 年务工登记表”), 会被跳过; 出错时按 Excel 的行号和列字母报告, 如 录入表.xlsx[务工]:14:C。(Title rows above the header are skipped; problems are placed as 录入表.xlsx[务工]:14:C.)',
    `${NOTES_SHEET} 工作表不会被读取。保存为 .xlsx (Excel 工作簿), 然后运行 coop-payout validate 文件夹。(This sheet is never read. Save as .xlsx, then run coop-payout validate FOLDER.)`,
  ];
  for (const n of notes) line(n);
  // English table names, for those who name sheets so.
  line('');
  line(`工作表也可以用英文名 (sheets may also be named in English): ${FILE_SPECS.map((s) => `${s.names[0]} = ${englishName(s)}`).join(', ')}`);
}
