// Long because styles, sheets, relationships and content types of one workbook must agree with each other index for index; each function writes one part.
import { NS_MAIN, NS_PKG_R, NS_R, XML_DECL, xmlEscape } from '../util/xml.js';
import type { Distribution } from '../engine/types.js';
import type { Dataset } from '../io/types.js';
import type { Row } from './csvWrite.js';
import type { Lang } from './payoutsSheet.js';
import { buildWaterfall } from './waterfall.js';
import { waterfallLineRow } from './waterfallSheet.js';
import type { Rules } from '../rules/types.js';
import { kindOf } from './columns.js';
import {
  cellText,
  columnLetter,
  columnWidths,
  MONEY_FORMAT,
  NUM_FORMAT,
  numberValue,
  pageHeader,
  payoutsMaxWidths,
  payoutsTable,
  SHEET_NAMES,
  signatureFooter,
  workbookDate,
} from './xlsxCommon.js';
import { zipFiles } from './zipWriter.js';
import { anyCash } from './payments.js';
import { SIGNOFF_AMOUNT_COLUMN, SIGNOFF_SHEET_NAME, signoffTable, signoffTitle } from './signoff.js';

/**
 * payouts.xlsx written directly as SpreadsheetML: the parts are built as strings and zipped by
 * src/render/zipWriter.ts. It is the workbook exceljs used to write (same cells, types, number
 * formats, formulas with cached results, merged title, frozen panes, widths, print setup, header
 * and footer; test/render/xlsxDirect.test.ts compares the two cell by cell), at a small fraction
 * of the CPU: a township batch writes hundreds of these. No theme part: the default font is
 * Calibri 11 named outright.
 */

export { xmlEscape };

// ---- styles -------------------------------------------------------------------------------------

type FontId = 0 | 1 | 2; // default, title (bold 14), bold
type Align = '' | 'title' | 'header' | 'note';
interface Style {
  fmt: string; // '' = General
  font: FontId;
  fill: 0 | 2; // none, header blue
  border: 0 | 1; // none, thin all round
  align: Align;
}

const BUILTIN_FORMATS: Record<string, number> = { '0': 1, '0.00': 2, '#,##0.00': 4, '@': 49 };
const ALIGN_XML: Record<Exclude<Align, ''>, string> = {
  title: '<alignment horizontal="center" vertical="center"/>',
  header: '<alignment horizontal="center" vertical="center" wrapText="1"/>',
  note: '<alignment vertical="top" wrapText="1"/>',
};

class Styles {
  private readonly ids = new Map<string, number>();
  private readonly xfs: string[] = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'];
  private readonly custom = new Map<string, number>();

  constructor() {
    this.ids.set('|0|0|0|', 0);
  }

  id(s: Style): number {
    const key = `${s.fmt}|${s.font}|${s.fill}|${s.border}|${s.align}`;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.xfs.length;
      this.ids.set(key, id);
      this.xfs.push(this.xf(s));
    }
    return id;
  }

  private fmtId(fmt: string): number {
    if (fmt === '') return 0;
    const builtin = BUILTIN_FORMATS[fmt];
    if (builtin !== undefined) return builtin;
    let id = this.custom.get(fmt);
    if (id === undefined) {
      id = 164 + this.custom.size;
      this.custom.set(fmt, id);
    }
    return id;
  }

  private xf(s: Style): string {
    const fmt = this.fmtId(s.fmt);
    let a = `<xf numFmtId="${fmt}" fontId="${s.font}" fillId="${s.fill}" borderId="${s.border}" xfId="0"`;
    if (fmt !== 0) a += ' applyNumberFormat="1"';
    if (s.font !== 0) a += ' applyFont="1"';
    if (s.fill !== 0) a += ' applyFill="1"';
    if (s.border !== 0) a += ' applyBorder="1"';
    return s.align === '' ? `${a}/>` : `${a} applyAlignment="1">${ALIGN_XML[s.align]}</xf>`;
  }

  xml(): string {
    const numFmts = [...this.custom].map(([code, id]) => `<numFmt numFmtId="${id}" formatCode="${xmlEscape(code)}"/>`);
    return (
      XML_DECL +
      `<styleSheet xmlns="${NS_MAIN}">` +
      (numFmts.length > 0 ? `<numFmts count="${numFmts.length}">${numFmts.join('')}</numFmts>` : '') +
      '<fonts count="3"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="14"/></font><font><b/></font></fonts>' +
      '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>' +
      '<fill><patternFill patternType="solid"><fgColor rgb="FFE7EEF7"/></patternFill></fill></fills>' +
      '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>' +
      '<border><left style="thin"/><right style="thin"/><top style="thin"/><bottom style="thin"/><diagonal/></border></borders>' +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      `<cellXfs count="${this.xfs.length}">${this.xfs.join('')}</cellXfs>` +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
      '<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/>' +
      '</styleSheet>'
    );
  }
}

// ---- shared strings -----------------------------------------------------------------------------

class SharedStrings {
  private readonly index = new Map<string, number>();
  private readonly items: string[] = [];
  count = 0;

  id(s: string): number {
    this.count++;
    let id = this.index.get(s);
    if (id === undefined) {
      id = this.items.length;
      this.index.set(s, id);
      const t = xmlEscape(s);
      this.items.push(/^\s|\s$/.test(t) ? `<si><t xml:space="preserve">${t}</t></si>` : `<si><t>${t}</t></si>`);
    }
    return id;
  }

  xml(): string {
    return `${XML_DECL}<sst xmlns="${NS_MAIN}" count="${this.count}" uniqueCount="${this.items.length}">${this.items.join('')}</sst>`;
  }
}

// ---- sheets -------------------------------------------------------------------------------------

const TITLE: Style = { fmt: '', font: 1, fill: 0, border: 0, align: 'title' };
const HEADER: Style = { fmt: '', font: 2, fill: 2, border: 1, align: 'header' };
const PLAIN: Style = { fmt: '', font: 0, fill: 0, border: 1, align: '' };

class SheetWriter {
  private readonly rows: string[] = [];
  private lastCol = 1;
  private lastRow = 0;
  cols: { width: number; style?: number }[] = [];
  merge: string | null = null;

  constructor(
    private readonly styles: Styles,
    private readonly sst: SharedStrings,
  ) {}

  /** One row: each cell a string (shared), a number, a formula with its result, or null (style only). */
  row(r: number, cells: readonly SheetCell[], height?: number): void {
    let x = height === undefined ? `<row r="${r}">` : `<row r="${r}" ht="${height}" customHeight="1">`;
    for (let j = 0; j < cells.length; j++) {
      const c = cells[j];
      const ref = columnLetter(j + 1) + r;
      const s = this.styles.id(c.style);
      const v = c.value;
      if (v === null) x += `<c r="${ref}" s="${s}"/>`;
      else if (typeof v === 'string') x += `<c r="${ref}" s="${s}" t="s"><v>${this.sst.id(v)}</v></c>`;
      else if (typeof v === 'number') x += `<c r="${ref}" s="${s}"><v>${v}</v></c>`;
      else x += `<c r="${ref}" s="${s}"><f>${xmlEscape(v.formula)}</f><v>${v.result}</v></c>`;
    }
    this.rows.push(x + '</row>');
    this.lastCol = Math.max(this.lastCol, cells.length);
    this.lastRow = Math.max(this.lastRow, r);
  }

  xml(xSplit: number, ySplit: number, header: string, footer: string, orientation: 'landscape' | 'portrait' = 'landscape'): string {
    const topLeft = columnLetter(xSplit + 1) + (ySplit + 1);
    const pane = xSplit > 0 ? 'bottomRight' : 'bottomLeft';
    const cols = this.cols
      .map((c, j) => `<col min="${j + 1}" max="${j + 1}" width="${c.width}"${c.style !== undefined ? ` style="${c.style}"` : ''} customWidth="1"/>`)
      .join('');
    return (
      XML_DECL +
      `<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_R}">` +
      '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' +
      `<dimension ref="A1:${columnLetter(this.lastCol)}${Math.max(1, this.lastRow)}"/>` +
      `<sheetViews><sheetView workbookViewId="0"><pane${xSplit > 0 ? ` xSplit="${xSplit}"` : ''} ySplit="${ySplit}" topLeftCell="${topLeft}" activePane="${pane}" state="frozen"/>` +
      `<selection pane="${pane}"/></sheetView></sheetViews>` +
      '<sheetFormatPr defaultRowHeight="15"/>' +
      (cols ? `<cols>${cols}</cols>` : '') +
      `<sheetData>${this.rows.join('')}</sheetData>` +
      (this.merge ? `<mergeCells count="1"><mergeCell ref="${this.merge}"/></mergeCells>` : '') +
      '<printOptions horizontalCentered="1"/>' +
      '<pageMargins left="0.4" right="0.4" top="0.6" bottom="0.7" header="0.3" footer="0.3"/>' +
      `<pageSetup paperSize="9" orientation="${orientation}" fitToWidth="1" fitToHeight="0"/>` +
      `<headerFooter><oddHeader>${xmlEscape(header)}</oddHeader><oddFooter>${xmlEscape(footer)}</oddFooter></headerFooter>` +
      '</worksheet>'
    );
  }
}

interface SheetCell {
  style: Style;
  value: string | number | { formula: string; result: number } | null;
}

/** Row 1: the title in A1, merged across the table's width (the merged cells share its style). */
function titleCells(title: string, width: number, style: Style): SheetCell[] {
  const cells: SheetCell[] = [{ style, value: title }];
  for (let j = 1; j < width; j++) cells.push({ style, value: null });
  return cells;
}

function waterfallSheet(w: SheetWriter, rules: Rules, data: Dataset, dist: Distribution, lang: Lang): void {
  const wf = buildWaterfall(rules, data, dist, lang);
  const header = wf.header;
  // The waterfall's title line repeats the run's name: it is the sheet's title here.
  const body = wf.lines.map((l) => waterfallLineRow(l, lang));
  w.row(1, titleCells(rules.name, header.length, TITLE), 26);
  if (header.length > 1) w.merge = `A1:${columnLetter(header.length)}1`;
  w.row(2, header.map((h) => ({ style: HEADER, value: cellText(h) })));
  const bold: Style = { ...PLAIN, font: 2 };
  const money: Style = { ...PLAIN, fmt: MONEY_FORMAT };
  const note: Style = { ...PLAIN, align: 'note' };
  const boldMoney: Style = { ...money, font: 2 };
  const boldNote: Style = { ...note, font: 2 };
  body.forEach((r, k) => {
    const top = wf.lines[k].level === 1;
    w.row(
      k + 3,
      r.map((cell, j) =>
        typeof cell === 'string'
          ? { style: j === 2 ? (top ? boldNote : note) : top ? bold : PLAIN, value: cell === '' ? null : cell }
          : { style: top ? boldMoney : money, value: numberValue(cell) },
      ),
    );
  });
  w.cols = columnWidths([header, ...body], 10, [40, 18, 70]).map((width) => ({ width }));
}

function payoutsSheet(w: SheetWriter, styles: Styles, rules: Rules, data: Dataset, dist: Distribution, lang: Lang): void {
  const t = payoutsTable(rules, data, dist, lang);
  const kinds = t.keys.map(kindOf);
  const n = t.keys.length;
  // exceljs gave text columns the `@` format after filling them, which reached row 1 too (the
  // merged title cells share one style) and the text columns' headers.
  const anyText = kinds.includes('text');
  w.row(1, titleCells(rules.name, n, anyText ? { ...TITLE, fmt: '@' } : TITLE), 26);
  if (n > 1) w.merge = `A1:${columnLetter(n)}1`;
  w.row(2, t.header.map((h, j) => ({ style: kinds[j] === 'text' ? { ...HEADER, fmt: '@' } : HEADER, value: h })));
  const bodyStyle: Style[] = kinds.map((k) => ({ ...PLAIN, fmt: NUM_FORMAT[k] }));
  const totalStyle: Style[] = kinds.map((k) => ({ ...PLAIN, font: 2, fmt: NUM_FORMAT[k] }));
  const first = 3;
  const last = first + t.body.length - 1;
  t.body.forEach((r, k) => {
    w.row(
      first + k,
      r.map((cell, j) => ({ style: bodyStyle[j], value: kinds[j] === 'text' ? cellText(cell) : numberValue(cell) })),
    );
  });
  if (t.total) {
    w.row(
      last + 1,
      t.total.map((cell, j) => {
        if (kinds[j] === 'text') {
          const s = cellText(cell);
          return { style: totalStyle[j], value: s === '' ? null : s };
        }
        // A real formula; its cached result is the bigint total of totalRow (checked against the
        // Distribution there), so a reader that does not recalculate still sees the exact figure.
        const L = columnLetter(j + 1);
        return { style: totalStyle[j], value: t.body.length > 0 ? { formula: `SUM(${L}${first}:${L}${last})`, result: numberValue(cell) } : 0 };
      }),
    );
  }
  // Whole text columns are formatted `@`: text stays text when someone types into the sheet later.
  const colText = styles.id({ fmt: '@', font: 0, fill: 0, border: 0, align: '' });
  const rows: Row[] = [t.header, ...t.body, ...(t.total ? [t.total] : [])];
  w.cols = columnWidths(rows, 6, payoutsMaxWidths(t.keys)).map((width, j) => (kinds[j] === 'text' ? { width, style: colText } : { width }));
}

/**
 * 领款签收表 (SPEC §9.8), after 分配明细 when some household is paid in cash: the title, the header,
 * one tall row per household (room to sign or press a thumb), the 合计 in figures (a SUM formula)
 * and in 大写, then the 发放人 / 监督人 / 日期 line. Portrait, one page wide, header rows repeated.
 */
function signoffSheetCells(w: SheetWriter, styles: Styles, rules: Rules, data: Dataset, dist: Distribution, lang: Lang): void {
  const t = signoffTable(data, dist, { lang });
  const n = t.header.length;
  w.row(1, titleCells(signoffTitle(rules, lang), n, TITLE), 30);
  w.merge = `A1:${columnLetter(n)}1`;
  w.row(2, t.header.map((h) => ({ style: HEADER, value: h })), 30);
  const seq: Style = { ...PLAIN, fmt: '0', align: 'title' };
  const text: Style = { ...PLAIN, fmt: '@' };
  const money: Style = { ...PLAIN, fmt: MONEY_FORMAT };
  const styleOf = (j: number, bold: boolean): Style => {
    const s = j === 0 ? seq : j === SIGNOFF_AMOUNT_COLUMN ? money : text;
    return bold ? { ...s, font: 2 } : s;
  };
  const first = 3;
  t.body.forEach((r, k) => {
    w.row(
      first + k,
      r.map((cell, j) => {
        if (typeof cell !== 'string') return { style: styleOf(j, false), value: numberValue(cell) };
        return { style: styleOf(j, false), value: cell === '' ? null : cell };
      }),
      36,
    );
  });
  const last = first + t.body.length - 1;
  const A = columnLetter(SIGNOFF_AMOUNT_COLUMN + 1);
  w.row(
    last + 1,
    t.total.map((cell, j) => {
      if (typeof cell !== 'string') {
        const v = numberValue(cell);
        return { style: styleOf(j, true), value: t.body.length > 0 ? { formula: `SUM(${A}${first}:${A}${last})`, result: v } : v };
      }
      return { style: j === 0 ? { ...PLAIN, font: 2, align: 'title' } : styleOf(j, true), value: cell === '' ? null : cell };
    }),
    30,
  );
  // One empty row, then the signature line: labels without borders, room to sign after each.
  w.row(last + 3, t.lines.map((cell) => ({ style: { fmt: '', font: 2, fill: 0, border: 0, align: '' }, value: typeof cell === 'string' && cell !== '' ? cell : null })), 36);
  const min = [6, 10, 10, 10, 14, 30, 24, 14];
  const widths = columnWidths([t.header, ...t.body, t.total], 6, [8, 24, 16, 16, 18, 40, 24, 14]);
  const colText = styles.id({ fmt: '@', font: 0, fill: 0, border: 0, align: '' });
  w.cols = widths.map((width, j) => (j === 0 || j === SIGNOFF_AMOUNT_COLUMN ? { width: Math.max(width, min[j]) } : { width: Math.max(width, min[j]), style: colText }));
}

// ---- package parts ------------------------------------------------------------------------------

function contentTypes(sheets: number): string {
  const ct = 'application/vnd.openxmlformats-officedocument.spreadsheetml';
  let parts = '';
  for (let k = 1; k <= sheets; k++) parts += `<Override PartName="/xl/worksheets/sheet${k}.xml" ContentType="${ct}.worksheet+xml"/>`;
  return (
    XML_DECL +
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    `<Override PartName="/xl/workbook.xml" ContentType="${ct}.sheet.main+xml"/>` +
    parts +
    `<Override PartName="/xl/styles.xml" ContentType="${ct}.styles+xml"/>` +
    `<Override PartName="/xl/sharedStrings.xml" ContentType="${ct}.sharedStrings+xml"/>` +
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
    '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>' +
    '</Types>'
  );
}

const ROOT_RELS =
  XML_DECL +
  `<Relationships xmlns="${NS_PKG_R}">` +
  `<Relationship Id="rId1" Type="${NS_R}/officeDocument" Target="xl/workbook.xml"/>` +
  `<Relationship Id="rId2" Type="${NS_PKG_R}/metadata/core-properties" Target="docProps/core.xml"/>` +
  `<Relationship Id="rId3" Type="${NS_R}/extended-properties" Target="docProps/app.xml"/>` +
  '</Relationships>';

/** Styles, shared strings, then sheet k as rId(k + 2) (workbookXml names them so). */
function workbookRels(sheets: number): string {
  let parts = '';
  for (let k = 1; k <= sheets; k++) parts += `<Relationship Id="rId${k + 2}" Type="${NS_R}/worksheet" Target="worksheets/sheet${k}.xml"/>`;
  return (
    XML_DECL +
    `<Relationships xmlns="${NS_PKG_R}">` +
    `<Relationship Id="rId1" Type="${NS_R}/styles" Target="styles.xml"/>` +
    `<Relationship Id="rId2" Type="${NS_R}/sharedStrings" Target="sharedStrings.xml"/>` +
    parts +
    '</Relationships>'
  );
}

/** A sheet name in a formula reference: quoted, with quotes doubled. */
function sheetRef(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

function workbookXml(names: readonly string[]): string {
  const sheets = names.map((n, k) => `<sheet name="${xmlEscape(n)}" sheetId="${k + 1}" r:id="rId${k + 3}"/>`).join('');
  const titles = names
    .map((n, k) => `<definedName name="_xlnm.Print_Titles" localSheetId="${k}">${xmlEscape(sheetRef(n))}!$1:$2</definedName>`)
    .join('');
  return (
    XML_DECL +
    `<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_R}">` +
    '<workbookPr/>' +
    `<sheets>${sheets}</sheets><definedNames>${titles}</definedNames><calcPr calcId="171027"/></workbook>`
  );
}

function appXml(names: readonly string[]): string {
  const parts = names.map((n) => `<vt:lpstr>${xmlEscape(n)}</vt:lpstr>`).join('');
  return (
    XML_DECL +
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">' +
    '<Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>' +
    `<HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>${names.length}</vt:i4></vt:variant></vt:vector></HeadingPairs>` +
    `<TitlesOfParts><vt:vector size="${names.length}" baseType="lpstr">${parts}</vt:vector></TitlesOfParts>` +
    '<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged><AppVersion>16.0300</AppVersion>' +
    '</Properties>'
  );
}

function coreXml(title: string, when: Date): string {
  const stamp = when.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return (
    XML_DECL +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:creator>coop-payout</dc:creator><dc:title>${xmlEscape(title)}</dc:title><cp:lastModifiedBy>coop-payout</cp:lastModifiedBy>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${stamp}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${stamp}</dcterms:modified>` +
    '</cp:coreProperties>'
  );
}

/**
 * payouts.xlsx bytes, written directly. Identical inputs give identical bytes. A run with a
 * household paid in cash (SPEC §9.8) gets a third sheet, 领款签收表.
 */
export function payoutsXlsxDirect(rules: Rules, data: Dataset, dist: Distribution, lang: Lang): Buffer {
  const styles = new Styles();
  const sst = new SharedStrings();
  const names: string[] = [SHEET_NAMES[lang].waterfall, SHEET_NAMES[lang].payouts];
  const header = pageHeader(rules, lang);
  const footer = signatureFooter(lang);
  const w1 = new SheetWriter(styles, sst);
  waterfallSheet(w1, rules, data, dist, lang);
  const w2 = new SheetWriter(styles, sst);
  payoutsSheet(w2, styles, rules, data, dist, lang);
  const sheets = [w1.xml(0, 2, header, footer), w2.xml(2, 2, header, footer)];
  if (anyCash(data)) {
    const w3 = new SheetWriter(styles, sst);
    signoffSheetCells(w3, styles, rules, data, dist, lang);
    names.push(SIGNOFF_SHEET_NAME[lang]);
    // The sheet ends in its own signature line (and the header numbers the pages): no footer.
    sheets.push(w3.xml(0, 2, header, '', 'portrait'));
  }
  return zipFiles(
    [
      { name: '[Content_Types].xml', data: contentTypes(sheets.length) },
      { name: '_rels/.rels', data: ROOT_RELS },
      { name: 'docProps/app.xml', data: appXml(names) },
      { name: 'docProps/core.xml', data: coreXml(rules.name, workbookDate(rules.year)) },
      { name: 'xl/workbook.xml', data: workbookXml(names) },
      { name: 'xl/_rels/workbook.xml.rels', data: workbookRels(sheets.length) },
      { name: 'xl/styles.xml', data: styles.xml() },
      { name: 'xl/sharedStrings.xml', data: sst.xml() },
      ...sheets.map((data, k) => ({ name: `xl/worksheets/sheet${k + 1}.xml`, data })),
    ],
    { year: rules.year, level: 6 },
  );
}
