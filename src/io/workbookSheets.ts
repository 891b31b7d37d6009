/**
 * The sheets of the one workbook (录入表.xlsx, SPEC §10), found before any table is read: the tables
 * are read in SPEC §2 order (households first), whatever the order of the sheets, so which sheet
 * holds which table must be known up front. The workbook is hashed and its zip checked once here
 * (xlsxZip.ts); the two small parts that name the sheets, xl/workbook.xml and its relationships, are
 * read directly, not through exceljs's stream (which may meet the worksheets before them).
 */
import type { Problems } from '../problems.js';
import { errorText, fileState } from './fileState.js';
import { corruptZip, hashFile, notZip } from './xlsxSource.js';
import { checkZip, ZipEntries } from './xlsxZip.js';
import { damagedText, XlsxDamaged, XlsxTooLarge } from './xlsxLimits.js';

export interface SheetInfo {
  /** As the workbook names it (XML entities decoded). */
  name: string;
  /** Its part in the zip (`xl/worksheets/sheet2.xml`); null when the sheet is no worksheet (a chart sheet) or its part is missing. */
  part: string | null;
}

/** What xl/workbook.xml and its relationships say: the sheets in the workbook's order, and the shared parts. */
export interface WorkbookParts {
  sheets: SheetInfo[];
  sharedStrings: string | null;
  styles: string | null;
}

export interface WorkbookInfo {
  /** The file on disk. */
  path: string;
  /** Its name in the run folder (`录入表.xlsx`). */
  name: string;
  sha256: string;
  /** In the workbook's order (the tabs as Excel shows them). */
  sheets: SheetInfo[];
}

export const WORKBOOK_PART = 'xl/workbook.xml';
const WORKBOOK_RELS = 'xl/_rels/workbook.xml.rels';
/** Those two parts are a few KiB; more than this is no workbook this tool reads. */
const MAX_PART = 16 << 20;
/** A sheet part read whole to see whether it holds any value (an empty Sheet2 is not worth a warning). */
const MAX_PEEK = 1 << 20;

/** A relationship target (relative to xl/, or absolute from the package root) as a zip entry name. */
function partName(target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts: string[] = ['xl'];
  for (const p of target.split('/')) {
    if (p === '..') parts.pop();
    else if (p !== '.' && p !== '') parts.push(p);
  }
  return parts.join('/');
}

/** The workbook's sheets and shared parts, or why they cannot be found (English). */
export async function workbookParts(zip: ZipEntries): Promise<WorkbookParts | string> {
  const book = await zip.read(WORKBOOK_PART, MAX_PART);
  if (book === null) return 'no xl/workbook.xml';
  const rels = new Map<string, { type: string; part: string }>();
  for (const attrs of elements((await zip.read(WORKBOOK_RELS, MAX_PART))?.toString('utf8') ?? '', 'Relationship')) {
    const id = attrs.get('Id');
    const target = attrs.get('Target');
    if (id !== undefined && target !== undefined && attrs.get('TargetMode') !== 'External') rels.set(id, { type: attrs.get('Type') ?? '', part: partName(target) });
  }
  const ofType = (t: string, fallback: string): string | null => {
    for (const r of rels.values()) if (r.type.endsWith(t) && zip.has(r.part)) return r.part;
    return zip.has(fallback) ? fallback : null;
  };
  const sheets: SheetInfo[] = [];
  for (const attrs of elements(book.toString('utf8'), 'sheet')) {
    const name = attrs.get('name');
    if (name === undefined) continue;
    let rid: string | undefined;
    for (const [k, v] of attrs) if (/^[\w.-]+:id$/.test(k)) rid = v;
    const rel = rid === undefined ? undefined : rels.get(rid);
    sheets.push({ name, part: rel !== undefined && rel.type.endsWith('/worksheet') && zip.has(rel.part) ? rel.part : null });
  }
  return { sheets, sharedStrings: ofType('/sharedStrings', 'xl/sharedStrings.xml'), styles: ofType('/styles', 'xl/styles.xml') };
}

/** The workbook's sheets, or null when it cannot be read (reported at WORKBOOK:0:0). */
export async function inspectWorkbook(path: string, name: string, problems: Problems): Promise<WorkbookInfo | null> {
  const state = fileState(path);
  if (state !== 'file') {
    problems.error(path, 0, 0, 'E_MISSING_FILE', `无法读取 ${name}：${state} (cannot read file)`);
    return null;
  }
  const bad = (why: string, code: 'E_BAD_ENCODING' | 'E_TOO_LARGE' = 'E_BAD_ENCODING'): null => {
    problems.error(path, 0, 0, code, `${name}：${why}`);
    return null;
  };
  try {
    const head = await hashFile(path);
    const why = notZip(head.first);
    if (why !== null) return bad(why);
    const broken = await checkZip(path);
    if (broken !== null) return bad(corruptZip(broken));
    const zip = await ZipEntries.open(path);
    if (typeof zip === 'string') return bad(corruptZip(zip));
    const parts = await workbookParts(zip);
    if (typeof parts === 'string') return bad(`不是 Excel 工作簿 (not an .xlsx workbook: ${parts})`);
    return { path, name, sha256: head.sha256, sheets: parts.sheets };
  } catch (e) {
    if (e instanceof XlsxTooLarge) return bad(e.text(), 'E_TOO_LARGE');
    if (e instanceof XlsxDamaged) return bad(damagedText(e.message));
    problems.error(path, 0, 0, 'E_MISSING_FILE', `无法读取 ${name}：${errorText(e)} (cannot read file)`);
    return null;
  }
}

/**
 * Which of these sheet parts hold no value at all (no cell with a value, an inline string or a
 * formula); a part too large to peek at counts as holding values.
 */
export async function emptySheets(path: string, parts: readonly string[]): Promise<Set<string>> {
  const empty = new Set<string>();
  if (parts.length === 0) return empty;
  const zip = await ZipEntries.open(path);
  if (typeof zip === 'string') return empty;
  for (const part of parts) {
    // A damaged part counts as holding values: reading it then reports the damage at its place.
    const xml = await zip.read(part, MAX_PEEK).catch(() => null);
    if (xml !== null && !/<(?:[\w.-]+:)?(?:v|is|f)[\s>/]/.test(xml.toString('utf8'))) empty.add(part);
  }
  return empty;
}

/** The attributes of every `<NAME …>` element (any namespace prefix), entities decoded. */
function elements(xml: string, name: string): Map<string, string>[] {
  const out: Map<string, string>[] = [];
  const re = new RegExp(`<(?:[\\w.-]+:)?${name}\\b([^>]*)>`, 'g');
  for (const m of xml.matchAll(re)) {
    const attrs = new Map<string, string>();
    for (const a of m[1].matchAll(/([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) attrs.set(a[1], decodeXml(a[2] ?? a[3]));
    out.push(attrs);
  }
  return out;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeXml(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (all, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return cp <= 0x10ffff ? String.fromCodePoint(cp) : all;
    }
    return ENTITIES[e] ?? all;
  });
}
