// Long because a printed sheet's rows per page, 本页小计, 村组 subtotals and the signature block are one pagination: they must agree row for row.
import type { Distribution } from '../engine/types.js';
import type { Dataset } from '../io/types.js';
import { formatScaled } from '../money/fen.js';
import { InternalError } from '../problems.js';
import type { Rules } from '../rules/types.js';
import { shownDate } from '../util/dateText.js';
import { amountInWords } from './amountInWords.js';
import type { Cell, Row } from './csvWrite.js';
import { disclosureTable } from './disclosure.js';
import { householdColumn, KIND_SCALE } from './householdColumns.js';
import { escapeHtml as esc } from './html-escape.js';
import type { Lang } from './payoutsSheet.js';
import { groupThousands } from './text.js';

/**
 * The 分配明细 as printed (issue 13, "print like the templates"): the 公示 table cut into sheets of
 * A4 landscape, each sheet a page with its own title block (the run's name and year, 第 n 页 / 共 m
 * 页) and its 本页小计; the 合计 (with its 大写) only at the end, on the same sheet as the 制表日期
 * and the signature block. The cells are the disclosure's (one emitter, householdRows.ts), so every
 * figure is the one in disclosure.csv; the subtotals add up those very cells, exactly, and must
 * come back to the emitter's own 合计.
 *
 * The sheets are cut here rather than by the browser: the rows per page follow from the page size,
 * the font size and the column widths, all computed from the cells (no measuring, no script, the
 * same bytes for the same inputs). The estimates keep a margin, so a sheet always fits its page in
 * Chromium with the fonts the report asks for; a browser with much wider fonts at worst continues
 * a sheet on another page (the header row repeats), it never loses a row.
 */

/**
 * A4 landscape less the margins of `@page wide` (10 mm top and sides, 12 mm at the foot), in mm;
 * printed tables are 0.5 mm narrower than the page, or Chromium cuts off their right border.
 */
export const SHEET_WIDTH_MM = 276.5;
export const SHEET_HEIGHT_MM = 188;
/** What the estimates leave free on every sheet, in mm. */
const SLACK_MM = 7;
const PT_MM = 25.4 / 72;
/** Font sizes tried for the table, largest first (pt). */
const FONT_SIZES = [10, 9.5, 9, 8.5, 8, 7.5, 7];
const LINE_HEIGHT = 1.25;
/** Horizontal padding of a cell (each side) and a border, in mm. */
const PAD_H_MM = 0.8;
const BORDER_MM = 0.3;
/** A row is one line of text and this much air, in mm. */
const ROW_AIR_MM = 1.9;
/** Estimated widths are enlarged by this factor and this many em (fonts other than the one measured, rounding). */
const WIDTH_SAFETY = 1.04;
const WIDTH_SPARE_EM = 0.4;

/** Heights of the parts around the table, in mm (the print CSS sets them to these). */
export const SHEET_PARTS_MM = {
  /** One line of the sheet's title (13 pt). */
  titleLine: 6.2,
  /** The line under the title (户数, 单位, 制表日期, 第 n 页 / 共 m 页) and the gap below it. */
  meta: 7.5,
  /** The note under the table (masking, unit). */
  note: 6,
  /** The signature line: its space above and the line to sign on. */
  sign: 19,
  /** The 公示期 note under the signatures (two lines at most). */
  posting: 10,
  /** Above a table that follows another on the sheet (the 村组 小计 table), with its caption. */
  caption: 9,
};

/** The width of a text in em of the report's font (Noto Sans CJK: digits 0.555 em, `,` `.` 0.278 em, ideographs 1 em). */
export function textEm(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x2e80) w += 1;
    else if (c >= 0x30 && c <= 0x39) w += 0.56;
    else if (c === 0x2c || c === 0x2e || c === 0x3a || c === 0x3b) w += 0.28;
    else if (c === 0x20) w += 0.25;
    else if (c >= 0x41 && c <= 0x5a) w += 0.74;
    else if (c < 0x80) w += 0.6;
    else w += 0.7;
  }
  return w;
}

/** Lines a text takes in a box `boxEm` wide: ideographs and (with overflow-wrap: anywhere) anything else break anywhere; words when `words`. */
function linesIn(s: string, boxEm: number, words = false): number {
  if (s === '') return 1;
  if (!words) return Math.max(1, Math.ceil(textEm(s) / boxEm - 1e-9));
  let lines = 1;
  let at = 0;
  for (const word of s.split(/\s+/)) {
    const w = textEm(word);
    const need = at === 0 ? w : at + 0.25 + w;
    if (need <= boxEm || at === 0) at = need;
    else {
      lines++;
      at = w;
    }
    if (at > boxEm) {
      lines += Math.ceil(at / boxEm) - 1;
      at = at % boxEm;
    }
  }
  return lines;
}

function cellText(c: Cell): string {
  return typeof c === 'string' ? c : groupThousands(c.num);
}

/** A number cell's value in its column's units (fen for money). */
function cellUnits(c: Cell, scale: number, key: string): bigint {
  if (typeof c === 'string') throw new InternalError(`report: column ${key} holds text, not a number`);
  const dot = c.num.indexOf('.');
  const decimals = dot < 0 ? 0 : c.num.length - dot - 1;
  if (decimals !== scale) throw new InternalError(`report: ${c.num} in column ${key} does not have ${scale} decimals`);
  return BigInt(c.num.replace('.', ''));
}

export interface ColumnPlan {
  /** The table's font size, pt. */
  fontPt: number;
  /** The height of a one-line row, mm. */
  rowMm: number;
  /** The header row's height, mm. */
  headerMm: number;
  /** Each column's width in percent of the table (two decimals). */
  widths: string[];
  /** Each column's text box, in em of the table's font (to find rows that wrap). */
  boxEm: number[];
  /** Text columns that may wrap (names, places, categories, ids); the others never do. */
  wraps: boolean[];
}

/**
 * The table's font size and column widths: the largest font at which every column is as wide as
 * its widest cell (its header on two lines, or three in English), or at the smallest font the
 * wrapping text columns narrowed, widest first, until the table is as wide as the page.
 */
export function planColumns(keys: readonly string[], header: readonly string[], rows: readonly Row[], extraWidths: readonly number[], lang: Lang): ColumnPlan {
  const n = keys.length;
  const wraps = keys.map((k) => householdColumn(k).kind === 'text' && k !== 'id_number' && k !== 'bank_account');
  const content = new Array<number>(n).fill(0);
  for (const r of rows) for (let j = 0; j < n; j++) content[j] = Math.max(content[j], textEm(cellText(r[j])));
  for (let j = 0; j < n; j++) content[j] = Math.max(content[j], extraWidths[j] ?? 0);
  const headerMin = header.map((h) => {
    if (lang === 'en') return Math.max(...h.split(/\s+/).map(textEm), textEm(h) / 3);
    return textEm(h) / 2;
  });
  const want = content.map((c, j) => Math.max(c, headerMin[j], 1.2) * WIDTH_SAFETY + WIDTH_SPARE_EM);
  const fixedMm = n * (2 * PAD_H_MM + BORDER_MM);
  let fontPt = FONT_SIZES[FONT_SIZES.length - 1];
  for (const pt of FONT_SIZES) {
    if (sum(want) * pt * PT_MM + fixedMm <= SHEET_WIDTH_MM) {
      fontPt = pt;
      break;
    }
  }
  const emMm = fontPt * PT_MM;
  const room = (SHEET_WIDTH_MM - fixedMm) / emMm;
  const box = [...want];
  // Too wide even at the smallest font: narrow the widest wrapping columns (never below their header).
  while (sum(box) > room + 1e-9) {
    let widest = -1;
    for (let j = 0; j < n; j++) if (wraps[j] && box[j] > headerMin[j] * WIDTH_SAFETY + WIDTH_SPARE_EM + 1e-9 && (widest < 0 || box[j] > box[widest])) widest = j;
    if (widest < 0) break; // nothing left to narrow: the numbers need the room (wider than a page only at absurd amounts)
    const others = box.filter((b, j) => wraps[j] && j !== widest && b < box[widest]);
    const next = Math.max(headerMin[widest] * WIDTH_SAFETY + WIDTH_SPARE_EM, others.length > 0 ? Math.max(...others) : 0, box[widest] - (sum(box) - room));
    box[widest] = next;
  }
  // The room left over goes first to headers that would wrap (as far as it goes), the rest in proportion.
  const headerFull = header.map((h) => textEm(h) * WIDTH_SAFETY + WIDTH_SPARE_EM);
  const need = box.map((b, j) => Math.max(0, headerFull[j] - b));
  const spare = Math.max(0, room - sum(box));
  const give = sum(need) > 0 ? Math.min(1, spare / sum(need)) : 0;
  for (let j = 0; j < n; j++) box[j] += need[j] * give;
  const scale = Math.max(1, room / sum(box));
  const boxEm = box.map((b) => b * scale);
  const colMm = boxEm.map((b) => b * emMm + 2 * PAD_H_MM + BORDER_MM);
  const total = sum(colMm);
  const widths = colMm.map((w) => ((w * 100) / total).toFixed(2));
  const lineMm = fontPt * PT_MM * LINE_HEIGHT;
  const headerLines = Math.max(...header.map((h, j) => linesIn(h, (boxEm[j] - WIDTH_SPARE_EM) / WIDTH_SAFETY, lang === 'en')));
  return {
    fontPt,
    rowMm: round2(lineMm + ROW_AIR_MM),
    headerMm: round2(headerLines * lineMm + ROW_AIR_MM),
    widths,
    boxEm: boxEm.map((b) => (b - WIDTH_SPARE_EM) / WIDTH_SAFETY),
    wraps,
  };
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const round2 = (x: number) => Math.ceil(x * 100) / 100;

/** A row's height: one line, or as many as its widest wrapping cell needs. */
function rowHeight(plan: ColumnPlan, r: Row): number {
  let lines = 1;
  for (let j = 0; j < r.length; j++) if (plan.wraps[j]) lines = Math.max(lines, linesIn(cellText(r[j]), plan.boxEm[j]));
  return lines === 1 ? plan.rowMm : round2(lines * plan.fontPt * PT_MM * LINE_HEIGHT + ROW_AIR_MM);
}

/**
 * Cuts items of the given heights into pages: every page but the last holds at most `cap` mm, the
 * last at most `capLast` (it also holds the 合计 and the signatures). The pages are filled in
 * order; when what is left fits a page but not with the end, the last few items go on a page of
 * their own with the end, so the signatures are never alone. Returns each page's [from, to).
 */
export function paginate(heights: readonly number[], cap: number, capLast: number, minLast = 3): [number, number][] {
  const n = heights.length;
  const pages: [number, number][] = [];
  if (n === 0) return [[0, 0]];
  let i = 0;
  for (;;) {
    let rest = 0;
    for (let k = i; k < n; k++) rest += heights[k];
    if (rest <= capLast + 1e-9) {
      pages.push([i, n]);
      return pages;
    }
    let h = 0;
    let j = i;
    while (j < n && h + heights[j] <= cap + 1e-9) h += heights[j++];
    if (j === n) {
      let k = n;
      let hl = 0;
      while (k > i + 1 && n - k < minLast && hl + heights[k - 1] <= capLast + 1e-9) hl += heights[--k];
      if (k === n) k = n - 1; // not even one item fits with the end: it goes alone with it
      pages.push([i, k], [k, n]);
      return pages;
    }
    if (j === i) j = i + 1; // an item taller than a page stands alone
    pages.push([i, j]);
    i = j;
  }
}

/** The households' 村组, when there are two or more: whether each comes in one run (file order), and the groups in order of first appearance. */
export interface VillageGroups {
  contiguous: boolean;
  groups: { village: string; households: number[] }[];
}

export function villageGroups(data: Dataset): VillageGroups | null {
  const byName = new Map<string, number[]>();
  let contiguous = true;
  let last: string | null = null;
  data.households.forEach((h, i) => {
    const v = h.village;
    const g = byName.get(v);
    if (g) {
      if (last !== v) contiguous = false;
      g.push(i);
    } else byName.set(v, [i]);
    last = v;
  });
  if (byName.size < 2) return null;
  return { contiguous, groups: [...byName].map(([village, households]) => ({ village, households })) };
}

export interface SheetsOptions {
  lang: Lang;
  /** The signature block's HTML, placed under the table's end. */
  signatures: string;
}

/** The title of the printed 公示表: the run's name, the year when the name does not say it. */
export function sheetTitle(rules: Rules, lang: Lang): string {
  const year = String(rules.year);
  const named = rules.name.includes(year);
  if (lang === 'en') return `${rules.name}: payouts by household${named ? '' : ` ${year}`}`;
  return named ? `${rules.name} 分配明细公示表` : `${rules.name} ${year}年度分配明细公示表`;
}

function L(lang: Lang) {
  return (zh: string, en: string) => (lang === 'en' ? en : zh);
}

/** A table cell: numbers right-aligned with thousands separators, negative ones marked. */
export function td(cell: Cell, cls = ''): string {
  if (typeof cell === 'string') return `<td${cls ? ` class="${cls}"` : ''}>${esc(cell)}</td>`;
  const neg = cell.num.startsWith('-');
  return `<td class="n${neg ? ' neg' : ''}${cls ? ' ' + cls : ''}">${esc(groupThousands(cell.num))}</td>`;
}

/** What the sheets are cut into: a household's row, with the 村组 小计 row that follows it, if any. */
interface Item {
  /** The household's index (households.csv order). */
  household: number;
  /** A 村组 小计 row after it (the household is the last of its 村组, the 村组 come in runs). */
  groupEnd: number | null;
  height: number;
}

/**
 * The `<section id="payouts">` of report.html: on screen a heading and the sheets one under the
 * other; printed, one A4 landscape page per sheet.
 */
export function payoutSheets(rules: Rules, data: Dataset, dist: Distribution, opts: SheetsOptions): string {
  const lang = opts.lang;
  const t = L(lang);
  const disc = disclosureTable(rules, data, dist, lang);
  const keys = disc.keys;
  const header = lang === 'en' ? disc.header.map((h) => h.replace(/_/g, ' ')) : disc.header;
  const n = keys.length;
  const body = disc.body;
  const total = disc.total!;
  if (body.length !== data.households.length) throw new InternalError(`report: ${body.length} rows for ${data.households.length} households`);
  const cols = keys.map((k) => householdColumn(k));
  const scale = cols.map((c) => (c.kind === 'text' ? 0 : KIND_SCALE[c.kind]));
  const numeric = cols.map((c) => c.kind !== 'text');
  // The label of a subtotal row spans the text columns before the first figure.
  let span = 0;
  while (span < n && !numeric[span]) span++;
  span = Math.max(1, span);

  const units = body.map((r) => r.map((c, j) => (numeric[j] ? cellUnits(c, scale[j], keys[j]) : 0n)));
  const sumOf = (idx: Iterable<number>): bigint[] => {
    const s = new Array<bigint>(n).fill(0n);
    for (const i of idx) for (let j = 0; j < n; j++) if (numeric[j]) s[j] += units[i][j];
    return s;
  };
  const all = sumOf(body.keys());
  for (let j = 0; j < n; j++) {
    if (numeric[j] && all[j] !== cellUnits(total[j], scale[j], keys[j])) {
      throw new InternalError(`report: column ${keys[j]} adds up to ${formatScaled(all[j], scale[j])}, its 合计 says ${(total[j] as { num: string }).num}`);
    }
  }
  const sumCells = (s: bigint[]): Cell[] => s.map((v, j) => (numeric[j] ? { num: formatScaled(v, scale[j]) } : ''));

  // Widest a subtotal can be: the positives' or the negatives' sum of a column.
  const bound: number[] = keys.map((_k, j) => {
    if (!numeric[j]) return 0;
    let pos = 0n;
    let neg = 0n;
    for (const u of units) if (u[j] > 0n) pos += u[j];
    else neg += u[j];
    return Math.max(textEm(groupThousands(formatScaled(pos, scale[j]))), textEm(groupThousands(formatScaled(neg, scale[j]))));
  });
  const plan = planColumns(keys, header, [...body, total], bound, lang);

  const groups = villageGroups(data);
  const inline = groups !== null && groups.contiguous;
  const groupEndAt = new Map<number, number>();
  if (inline) groups.groups.forEach((g, k) => groupEndAt.set(g.households[g.households.length - 1], k));
  const villageLabel = (v: string) => v || t('（未填村组）', '(no village)');
  const hh = (k: number) => t(`${k}户`, `${k} hh`);
  const counted = (label: string, k: number) => (lang === 'en' ? `${label} (${hh(k)})` : `${label}（${hh(k)}）`);
  const groupLabel = (k: number) => counted(`${villageLabel(groups!.groups[k].village)} ${t('小计', 'subtotal')}`, groups!.groups[k].households.length);
  const labelBox = sum(plan.boxEm.slice(0, span)) + (span - 1) * ((2 * PAD_H_MM + BORDER_MM) / (plan.fontPt * PT_MM));
  const labelHeight = (label: string) => {
    const lines = linesIn(label, labelBox);
    return lines === 1 ? plan.rowMm : round2(lines * plan.fontPt * PT_MM * LINE_HEIGHT + ROW_AIR_MM);
  };

  const items: Item[] = body.map((r, i) => {
    const g = groupEndAt.get(i) ?? null;
    return { household: i, groupEnd: g, height: rowHeight(plan, r) + (g === null ? 0 : labelHeight(groupLabel(g))) };
  });

  // The sheet's frame: title block, header row, and what the estimates leave free.
  const title = sheetTitle(rules, lang);
  const titleLines = Math.max(1, Math.ceil((textEm(title) * 13 * PT_MM * WIDTH_SAFETY) / SHEET_WIDTH_MM - 1e-9));
  const headMm = titleLines * SHEET_PARTS_MM.titleLine + SHEET_PARTS_MM.meta;
  const capBody = SHEET_HEIGHT_MM - headMm - plan.headerMm - SLACK_MM;
  const pageSubtotalMm = labelHeight(t('本页小计（0000户）', 'Page subtotal (0000 hh)'));
  const totalLabel = counted(t('合计', 'Total'), body.length);
  const words = t(
    `合计（大写）：应分合计 ${amountInWords(dist.totalFen)}；实发金额 ${amountInWords(dist.netPayableFen)}`,
    `Total in words (人民币大写): total due ${amountInWords(dist.totalFen)}; net payable ${amountInWords(dist.netPayableFen)}`,
  );
  const wordsMm = round2(linesIn(words, sum(plan.boxEm) + n * 1) * plan.fontPt * PT_MM * LINE_HEIGHT + ROW_AIR_MM);
  const endBase = labelHeight(totalLabel) + wordsMm + SHEET_PARTS_MM.note + SHEET_PARTS_MM.sign + SHEET_PARTS_MM.posting;
  // The 村组 小计 table (村组 not in runs) goes with the end when it leaves room for a few rows, else on a sheet of its own after it.
  const separate = groups !== null && !groups.contiguous ? groups : null;
  const groupTableMm = separate ? SHEET_PARTS_MM.caption + plan.headerMm + separate.groups.reduce((s, _g, k) => s + labelHeight(groupLabel(k)), 0) : 0;

  const fitsOne = (extra: number) => sum(items.map((x) => x.height)) <= capBody - extra + 1e-9;
  const firstRows = sum(items.slice(0, Math.min(3, items.length)).map((x) => x.height));
  let groupsWithEnd = separate !== null && capBody - pageSubtotalMm - endBase - groupTableMm >= firstRows;
  let pages: [number, number][];
  const cut = (withGroups: boolean): [number, number][] => {
    const endMm = endBase + (withGroups ? groupTableMm : 0);
    if (fitsOne(endMm)) return [[0, items.length]];
    return paginate(
      items.map((x) => x.height),
      capBody - pageSubtotalMm,
      capBody - pageSubtotalMm - endMm,
    );
  };
  pages = cut(groupsWithEnd);
  if (separate !== null && !groupsWithEnd && fitsOne(endBase + groupTableMm)) {
    groupsWithEnd = true;
    pages = cut(true);
  }
  // Else the 村组 小计 table takes sheets of its own after the end (as many as it needs).
  const groupPages =
    separate !== null && !groupsWithEnd
      ? paginate(
          separate.groups.map((_g, k) => labelHeight(groupLabel(k))),
          capBody - SHEET_PARTS_MM.caption,
          capBody - SHEET_PARTS_MM.caption,
          1,
        )
      : [];
  const m = pages.length + groupPages.length;

  const style = `--fs:${plan.fontPt}pt;--rh:${plan.rowMm}mm;--hh:${plan.headerMm}mm`;
  const colgroup = '<colgroup>' + plan.widths.map((w) => `<col style="width:${w}%">`).join('') + '</colgroup>';
  const thead = '<thead><tr>' + header.map((h) => `<th>${esc(h)}</th>`).join('') + '</tr></thead>';
  const row = (r: Row): string => '<tr>' + r.map((c) => td(c)).join('') + '</tr>';
  const labelRow = (label: string, cells: readonly Cell[], cls: string): string =>
    `<tr class="${cls}"><td colspan="${span}">${esc(label)}</td>` + cells.slice(span).map((c) => td(c)).join('') + '</tr>';
  const meta = (k: number): string => {
    const left = t(`共${hh(body.length)}　单位：元`, `${hh(body.length)} · amounts in yuan`);
    const date = rules.preparedOn ? t(`制表日期：${shownDate(rules.preparedOn, 'zh')}`, `Prepared on ${rules.preparedOn}`) : '';
    const page = t(`第 ${k} 页 / 共 ${m} 页`, `Page ${k} of ${m}`);
    return `<div class="meta"><span>${esc(left)}</span><span>${esc(date)}</span><span class="pg">${esc(page)}</span></div>`;
  };
  const sheetHead = (k: number): string => `<div class="sheet-head"><div class="t">${esc(title)}</div>${meta(k)}</div>`;

  const groupTable = (from: number, to: number): string[] => {
    const g = separate!.groups;
    const out: string[] = [];
    out.push(`<p class="caption">${esc(t('按村组小计（农户按花名册顺序，未重新排列）', 'Subtotals by village (households keep their order in the list)'))}</p>`);
    out.push(`<table class="groups" style="${style}">`, colgroup, thead, '<tbody>');
    for (let k = from; k < to; k++) out.push(labelRow(groupLabel(k), sumCells(sumOf(g[k].households)), 'sub village'));
    out.push('</tbody>', '</table>');
    return out;
  };

  const out: string[] = ['<section id="payouts">'];
  out.push(`<h2>${esc(t('五、分配明细', '5. Payouts by household'))}</h2>`);
  if (m > 1) out.push(`<p class="note screen">${esc(t(`打印时每张 A4 横向纸一页，共 ${m} 页，每页有标题、页码和本页小计。`, `Printed, each sheet is one A4 landscape page (${m} in all), with its title, page number and page subtotal.`))}</p>`);
  pages.forEach(([from, to], p) => {
    const last = p === pages.length - 1;
    out.push(`<div class="sheet${last ? ' end' : ''}" style="${style}">`);
    out.push(sheetHead(p + 1));
    out.push(`<table style="${style}">`, colgroup, thead, '<tbody>');
    if (from === to) out.push(`<tr><td colspan="${n}" class="none">${esc(t('（没有农户）', '(no households)'))}</td></tr>`);
    for (let k = from; k < to; k++) {
      const it = items[k];
      out.push(row(body[it.household]));
      if (it.groupEnd !== null) out.push(labelRow(groupLabel(it.groupEnd), sumCells(sumOf(groups!.groups[it.groupEnd].households)), 'sub village'));
    }
    const onPage = items.slice(from, to).map((x) => x.household);
    if (pages.length > 1) out.push(labelRow(counted(t('本页小计', 'Page subtotal'), onPage.length), sumCells(sumOf(onPage)), 'sub page'));
    if (last) {
      out.push(labelRow(totalLabel, total, 'total'));
      out.push(`<tr class="words"><td colspan="${n}">${esc(words)}</td></tr>`);
    }
    out.push('</tbody>', '</table>');
    if (last) {
      if (separate && groupsWithEnd) out.push(...groupTable(0, separate.groups.length));
      out.push(`<p class="note">${esc(t('注：身份证号只显示前6位和后4位，银行账号只显示后4位；单位：元。', 'ID numbers show their first 6 and last 4 characters, bank accounts their last 4; amounts in yuan.'))}</p>`);
      out.push(opts.signatures);
    }
    out.push('</div>');
  });
  groupPages.forEach(([from, to], p) => {
    out.push(`<div class="sheet" style="${style}">`);
    out.push(sheetHead(pages.length + p + 1));
    out.push(...groupTable(from, to));
    out.push('</div>');
  });
  out.push('</section>');
  return out.join('\n');
}
