import { NS_MAIN, NS_PKG_R, NS_R, XML_DECL, xmlEscape } from '../util/xml.js';
import { InternalError } from '../problems.js';
import { columnLetter } from '../util/columnLetter.js';
import { ByteSink } from './byteSink.js';
import type { CellSink } from './householdRows.js';
import { displayWidth } from './text.js';
import { zipFiles } from './zipWriter.js';

/**
 * bank.xlsx (`bank_file: { format: xlsx }`): the bank file's rows as one worksheet that a bank's
 * import program and Excel both read as written. Every cell is a text cell (a shared string, in a
 * column formatted `@`), so that a 19-digit account or an ID number is never turned into a number
 * and 序号 and amounts read exactly as in bank.csv ("1234.50"); with `amount: number` the amounts
 * (and 合计金额) are number cells formatted `0.00` instead. No formulas, merged cells, frozen panes,
 * print setup or document properties: only what an import needs. Zipped by zipWriter.ts with one
 * fixed stamp, so identical inputs give identical bytes.
 *
 * It is a CellSink fed by bank.ts's emitter: text cells are text; a number with 0 decimals (序号,
 * 合计笔数) is text; a number with 2 decimals, or a plain decimal (amounts, 合计金额), is money.
 */

/** The most rows a worksheet holds. */
export const XLSX_MAX_ROWS = 1_048_576;

/** Cell styles (cellXfs): 0 default, 1 text `@`, 2 number `0.00`. */
const S_TEXT = 1;
const S_MONEY = 2;
/** What follows `<c r="B3`: an empty text cell, a shared string's index, a number. */
const EMPTY_TEXT = `" s="${S_TEXT}"/>`;
const SHARED_OPEN = `" s="${S_TEXT}" t="s"><v>`;
const MONEY_OPEN = `" s="${S_MONEY}"><v>`;

/** Column widths are fitted to the first rows only (they are for reading, not for the import). */
const WIDTH_ROWS = 2000;
/** Strings remembered for reuse in the shared-string table; later new ones are appended as they come. */
const SST_MEMO = 50_000;
/** Sheets above this many bytes are deflated at level 1 (seconds instead of tens at county scale). */
const FAST_DEFLATE_BYTES = 16 << 20;

/**
 * The sheet's rows and its shared strings are encoded straight into two byte sinks (ByteSink, as
 * bank.csv): no string per row or per cell, so a county's million rows make no garbage to collect.
 */
export class BankXlsxSheet implements CellSink {
  private readonly rows = new ByteSink('utf8', 1 << 16);
  private readonly strings = new ByteSink('utf8', 1 << 16);
  private r = 1;
  private j = 0;
  private maxCol = 0;
  private readonly widths: number[] = [];
  private readonly letters: string[] = [];
  private readonly sst = new Map<string, number>();
  private sstUnique = 0;
  private sstCount = 0;

  constructor(private readonly opts: { moneyAsNumber: boolean }) {}

  cell(text: string): void {
    this.start(text.length === 0 ? 0 : displayWidthIf(this.r, text));
    if (text === '') {
      this.rows.ascii(EMPTY_TEXT);
      return;
    }
    // Text starting with a digit (序号, accounts, ID numbers, amounts) is nearly always unique: not
    // looked up. Names, notes and labels repeat and are.
    const c0 = text.charCodeAt(0);
    const memo = !(c0 >= 48 && c0 <= 57);
    let id = memo ? this.sst.get(text) : undefined;
    if (id === undefined) {
      id = this.newString();
      if (memo && this.sst.size < SST_MEMO) this.sst.set(text, id);
      const t = xmlEscape(text);
      const out = this.strings;
      out.ascii(/^\s|\s$/.test(t) ? '<si><t xml:space="preserve">' : '<si><t>');
      out.text(t);
      out.ascii('</t></si>');
    }
    this.sharedRef(id);
  }

  /** Every cell of bank.xlsx is a text cell already. */
  id(text: string): void {
    this.cell(text);
  }

  num(text: string): void {
    if (!this.opts.moneyAsNumber) {
      this.cell(text);
      return;
    }
    if (!/^-?\d+\.\d{2}$/.test(text)) throw new InternalError(`bank.xlsx: not an amount: ${JSON.stringify(text)}`);
    this.start(text.length + 2);
    this.rows.ascii(MONEY_OPEN);
    this.rows.ascii(text);
    this.rows.ascii('</v></c>');
  }

  /** 序号 and 合计笔数 (scale 0) are text; amounts (scale 2) are text, or numbers with `moneyAsNumber`. */
  fixed(units: number, scale: number): void {
    const shown = this.r <= WIDTH_ROWS ? digitsOf(units) + (scale > 0 ? scale + 1 : 0) + 2 : 0;
    if (scale > 0 && this.opts.moneyAsNumber) {
      this.start(shown);
      this.rows.ascii(MONEY_OPEN);
      this.rows.fixed(units, scale);
      this.rows.ascii('</v></c>');
      return;
    }
    // Digits are never remembered (see cell): written straight into the table.
    this.start(shown);
    const id = this.newString();
    this.strings.ascii('<si><t>');
    this.strings.fixed(units, scale);
    this.strings.ascii('</t></si>');
    this.sharedRef(id);
  }

  endRow(): void {
    if (this.r > XLSX_MAX_ROWS) throw new InternalError(`bank.xlsx: more than ${XLSX_MAX_ROWS} rows, more than a worksheet holds`);
    const out = this.rows;
    if (this.j === 0) {
      out.ascii('<row r="');
      out.uint(this.r);
      out.ascii('"/>');
    } else out.ascii('</row>');
    this.r++;
    this.j = 0;
  }

  /** The workbook's bytes: one sheet named `sheetName`, zip stamps of 31 December of `year`. */
  bytes(sheetName: string, year: number): Buffer {
    if (this.j !== 0) throw new InternalError('bank.xlsx: a row was not ended');
    const sheet = this.sheetXml();
    const level = sheet.length > FAST_DEFLATE_BYTES ? 1 : 6;
    return zipFiles(
      [
        { name: '[Content_Types].xml', data: CONTENT_TYPES },
        { name: '_rels/.rels', data: ROOT_RELS },
        { name: 'xl/workbook.xml', data: workbookXml(sheetName) },
        { name: 'xl/_rels/workbook.xml.rels', data: WORKBOOK_RELS },
        { name: 'xl/styles.xml', data: STYLES },
        { name: 'xl/sharedStrings.xml', data: this.sstXml() },
        { name: 'xl/worksheets/sheet1.xml', data: sheet },
      ],
      { year, level },
    );
  }

  /** Opens the next cell up to its style attribute (`<c r="B3`), and the row before its first cell. */
  private start(width: number): void {
    const j = this.j++;
    const out = this.rows;
    if (j === 0) {
      out.ascii('<row r="');
      out.uint(this.r);
      out.ascii('">');
    }
    if (this.j > this.maxCol) {
      this.maxCol = this.j;
      this.letters[j] = columnLetter(this.j);
    }
    if (this.r <= WIDTH_ROWS) {
      const w = Math.min(40, width);
      if (!(this.widths[j] >= w)) this.widths[j] = Math.max(w, 8);
    }
    out.ascii('<c r="');
    out.ascii(this.letters[j]);
    out.uint(this.r);
  }

  private newString(): number {
    return this.sstUnique++;
  }

  private sharedRef(id: number): void {
    this.sstCount++;
    const out = this.rows;
    out.ascii(SHARED_OPEN);
    out.uint(id);
    out.ascii('</v></c>');
  }

  private sstXml(): Buffer {
    return Buffer.concat([
      Buffer.from(`${XML_DECL}<sst xmlns="${NS_MAIN}" count="${this.sstCount}" uniqueCount="${this.sstUnique}">`, 'utf8'),
      this.strings.result(),
      Buffer.from('</sst>', 'utf8'),
    ]);
  }

  private sheetXml(): Buffer {
    const lastRow = Math.max(1, this.r - 1);
    const dim = this.maxCol === 0 ? 'A1' : `A1:${columnLetter(this.maxCol)}${lastRow}`;
    let cols = '';
    for (let j = 0; j < this.maxCol; j++) {
      // Whole columns are `@`: what someone types in later stays text too.
      cols += `<col min="${j + 1}" max="${j + 1}" width="${this.widths[j] ?? 8}" style="${S_TEXT}" customWidth="1"/>`;
    }
    const empty = this.r === 1;
    const head =
      XML_DECL +
      `<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_R}">` +
      `<dimension ref="${dim}"/>` +
      '<sheetViews><sheetView workbookViewId="0"/></sheetViews>' +
      '<sheetFormatPr defaultRowHeight="15"/>' +
      (cols ? `<cols>${cols}</cols>` : '') +
      (empty ? '<sheetData/>' : '<sheetData>');
    const tail = (empty ? '' : '</sheetData>') + '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>';
    return Buffer.concat([Buffer.from(head, 'utf8'), this.rows.result(), Buffer.from(tail, 'utf8')]);
  }
}

/** A text's column width (display width + 2), computed only in the rows widths are fitted to. */
function displayWidthIf(row: number, text: string): number {
  return row <= WIDTH_ROWS ? displayWidth(text) + 2 : 0;
}

/** How many digits a safe integer has (with a sign). */
function digitsOf(v: number): number {
  let n = v < 0 ? 2 : 1;
  for (let a = Math.abs(v), q = 10; q <= a; q *= 10) n++;
  return n;
}

function workbookXml(sheetName: string): string {
  return (
    XML_DECL +
    `<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_R}">` +
    `<sheets><sheet name="${xmlEscape(sheetName)}" sheetId="1" r:id="rId1"/></sheets>` +
    '</workbook>'
  );
}

const CT = 'application/vnd.openxmlformats-officedocument.spreadsheetml';
const CONTENT_TYPES =
  XML_DECL +
  '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  `<Override PartName="/xl/workbook.xml" ContentType="${CT}.sheet.main+xml"/>` +
  `<Override PartName="/xl/worksheets/sheet1.xml" ContentType="${CT}.worksheet+xml"/>` +
  `<Override PartName="/xl/styles.xml" ContentType="${CT}.styles+xml"/>` +
  `<Override PartName="/xl/sharedStrings.xml" ContentType="${CT}.sharedStrings+xml"/>` +
  '</Types>';

const ROOT_RELS =
  XML_DECL + `<Relationships xmlns="${NS_PKG_R}">` + `<Relationship Id="rId1" Type="${NS_R}/officeDocument" Target="xl/workbook.xml"/>` + '</Relationships>';

const WORKBOOK_RELS =
  XML_DECL +
  `<Relationships xmlns="${NS_PKG_R}">` +
  `<Relationship Id="rId1" Type="${NS_R}/worksheet" Target="worksheets/sheet1.xml"/>` +
  `<Relationship Id="rId2" Type="${NS_R}/styles" Target="styles.xml"/>` +
  `<Relationship Id="rId3" Type="${NS_R}/sharedStrings" Target="sharedStrings.xml"/>` +
  '</Relationships>';

/** Built-in formats only: 49 is `@` (text), 2 is `0.00`. Font 宋体 11, as Chinese templates have. */
const STYLES =
  XML_DECL +
  `<styleSheet xmlns="${NS_MAIN}">` +
  '<fonts count="1"><font><sz val="11"/><name val="宋体"/><family val="3"/><charset val="134"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="3">' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '</cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '</styleSheet>';
