/**
 * The byte lane of land.csv and shares.csv (byteLane.ts): a county's land file has a row per plot
 * and its shares file a row per holding, a million or more, and the general reader's strings per
 * field and trims cost several times the fold itself. Both tables add an amount × months to a
 * column per kind — land: area_mu to its land type's rented or invested column; shares: units to
 * its class's — so one lane reads both: a plain row (`H0000001,P0,水田,6.9086,rent,8`,
 * `H0000001,fund,9.3,12`) is read from its bytes and added exactly as the table's fold
 * (tables/land.ts, tables/shares.ts) adds it.
 *
 * A row is taken only when the fold would add it without a word: a household_id the lane can hash
 * (byteLane.ts plainId) that is listed; the amount a plain positive decimal of at most 4 decimals
 * below 10^9; land's `arrangement` written exactly `rent`, `流转`, `出租`, `shares` or `入股`; the
 * kind (land type, share class) written exactly as one the rules name for it (invested land needing
 * the share class `land`); `months`, when there is the column, empty (12) or a whole 1–12 written
 * plainly. Any other row goes through the tokenizer and the fold, with its problems, in file order.
 */
import { BATCH, ByteLane, NOT_PLAIN, plainDecimal, sameBytes, type LaneTokenizer } from './byteLane.js';
import type { DatasetBuilder } from './datasetBuilder.js';
import type { ColumnIndex, TableReader } from './tableReader.js';

/** Tests turn the lane off to compare it with the general reader on the same files. */
export const monthsFastLaneSwitch = { enabled: true };

/** A kind (land type, share class) as its rows write it: its bytes and where its rows add up. */
interface Kind {
  bytes: Buffer;
  name: string;
  target: Map<string, Float64Array>;
  /** The Dataset's column, made at the first row the lane takes (so the columns keep the order of first use). */
  column: Float64Array | null;
}

/** The kinds a row may name when its arrangement is written as one of `words` (null: the table has no arrangement). */
interface Group {
  words: Buffer[] | null;
  kinds: Kind[];
}

interface Layout {
  width: number;
  cId: number;
  cKind: number;
  cAmount: number;
  /** −1: no arrangement (shares.csv); then `groups` has one group. */
  cArr: number;
  cMonths: number;
  groups: Group[];
}

const words = (list: string[]): Buffer[] => list.map((w) => Buffer.from(w, 'utf8'));

/** land.csv or shares.csv. */
export type MonthsTable = 'land' | 'shares';

export class MonthsFastLane extends ByteLane<Layout> {
  // The batch (beside ByteLane's rows and ids): the amount × 10^4 × months, and where it adds up.
  private readonly rowAmount = new Float64Array(BATCH);
  private readonly rowKind: Kind[] = new Array<Kind>(BATCH);
  /** Where the early loads go, so that they are not optimised away. */
  private touched = 0;
  /** The household of the last row taken (−1: none yet). */
  private last = -1;
  /** Every row of the last batch was the household after the one before. */
  private inOrder = false;

  constructor(
    tok: LaneTokenizer,
    reader: TableReader,
    private readonly b: DatasetBuilder,
    private readonly table: MonthsTable,
  ) {
    super(tok, reader);
  }

  protected layoutFor(cols: ColumnIndex, width: number): Layout | null {
    const rules = this.b.rules;
    const ds = this.b.ds;
    const land = this.table === 'land';
    const cId = cols.get('household_id');
    const cKind = cols.get(land ? 'land_type' : 'class');
    const cAmount = cols.get(land ? 'area_mu' : 'units');
    const cArr = land ? cols.get('arrangement') : -1;
    if (rules === null || cId === undefined || cKind === undefined || cAmount === undefined || cArr === undefined || width > 1000) return null;
    // A name with blanks at its ends never matches a trimmed field, and one with a quote, comma or
    // line break is never written plainly: leave such rows to the fold.
    const kinds = (names: Iterable<string>, target: Map<string, Float64Array>): Kind[] =>
      [...names].filter((t) => t !== '' && t === t.trim() && !/[",\r\n]/.test(t)).map((name) => ({ bytes: Buffer.from(name, 'utf8'), name, target, column: null }));
    const groups: Group[] = land
      ? [
          { words: words(['rent', '流转', '出租']), kinds: kinds(rules.land.rentPerMu.keys(), ds.rentAreaMonths) },
          // Invested land needs the share class `land` (E_UNKNOWN_CLASS otherwise: the fold's).
          { words: words(['shares', '入股']), kinds: rules.shareClasses.has('land') ? kinds(rules.land.unitsPerMu.keys(), ds.shareAreaMonths) : [] },
        ]
      : [{ words: null, kinds: kinds(rules.shareClasses.keys(), ds.unitsMonths) }];
    return { width, cId, cKind, cAmount, cArr, cMonths: cols.get('months') ?? -1, groups };
  }

  protected batch(layout: Layout, buf: Buffer, pos: number, n: number): number {
    const index = this.b.index;
    // 1. Check the rows and hash their ids.
    const rows = this.checkRows(layout, buf, pos, n);
    // 2. Load the slots the ids will be looked up in, all at once (their cache misses overlap);
    // not while the rows come in the roster's order (step 3 finds them without the slots).
    if (!this.inOrder) {
      let touched = 0;
      for (let k = 0; k < rows; k++) touched += index.slotWord(this.idHash[k]);
      this.touched = touched;
    }
    // 3. Look the ids up; a row naming an id that is not listed is the general reader's (it reports it).
    // A file exported from the roster lists households in its order: the household after the last
    // row's is compared first (an ASCII id, byte by byte), in place of a probe far from the cache.
    let found = 0;
    let last = this.last;
    let inOrder = true;
    for (; found < rows; found++) {
      const from = this.idFrom[found];
      const end = this.idEnd[found];
      const units = this.idUnits[found];
      let h = last + 1;
      if (units !== end - from || !asciiIs(index.keyAt(h), buf, from, end)) {
        h = index.findUtf8(buf, from, end, units, this.idHash[found]);
        inOrder = false;
      }
      if (h < 0) break;
      this.rowHousehold[found] = last = h;
    }
    this.last = last;
    this.inOrder = inOrder;
    // 4. Fold them, in file order (a kind's column is made at its first row, as the fold makes it).
    for (let k = 0; k < found; k++) {
      const kind = this.rowKind[k];
      kind.column ??= this.b.column(kind.target, kind.name);
      kind.column[this.rowHousehold[k]] += this.rowAmount[k];
    }
    return this.took(found, rows);
  }

  /** Checks the line at buf[start] as row k of the batch (no lookup, no effect) and returns the index of its LF, or NOT_PLAIN / NO_LF. */
  protected scan(layout: Layout, buf: Buffer, start: number, n: number, k: number): number {
    const nl = this.lineWithId(buf, start, n, layout.width, layout.cId, k);
    if (nl < 0) return nl;
    const starts = this.starts;
    const ends = this.ends;
    // The amount (area_mu, units) × 10^4, > 0.
    const amount = plainDecimal(buf, starts[layout.cAmount], ends[layout.cAmount], 4);
    if (amount <= 0) return NOT_PLAIN;
    // The arrangement (land), then the kind among that arrangement's.
    let kinds: Kind[] | null = null;
    if (layout.cArr < 0) kinds = layout.groups[0].kinds;
    else {
      const a = starts[layout.cArr];
      for (const g of layout.groups) if (oneOf(g.words!, buf, a, ends[layout.cArr])) kinds = g.kinds;
      if (kinds === null) return NOT_PLAIN;
    }
    const t = starts[layout.cKind];
    let kind: Kind | null = null;
    for (const c of kinds) {
      if (sameBytes(c.bytes, buf, t, ends[layout.cKind])) {
        kind = c;
        break;
      }
    }
    if (kind === null) return NOT_PLAIN;
    // months: empty (12), or 1–12 without a leading zero.
    let months = 12;
    if (layout.cMonths >= 0) {
      const m = starts[layout.cMonths];
      const len = ends[layout.cMonths] - m;
      if (len === 1 && buf[m] >= 49 && buf[m] <= 57) months = buf[m] - 48;
      else if (len === 2 && buf[m] === 49 && buf[m + 1] >= 48 && buf[m + 1] <= 50) months = 10 + buf[m + 1] - 48;
      else if (len !== 0) return NOT_PLAIN;
    }
    this.rowAmount[k] = amount * months;
    this.rowKind[k] = kind;
    return nl;
  }
}

/** `key` is the ASCII bytes buf[start..end). */
function asciiIs(key: string | undefined, buf: Buffer, start: number, end: number): boolean {
  if (key === undefined || key.length !== end - start) return false;
  for (let k = 0; k < key.length; k++) if (key.charCodeAt(k) !== buf[start + k]) return false;
  return true;
}

function oneOf(words: readonly Buffer[], buf: Buffer, start: number, end: number): boolean {
  for (const w of words) if (sameBytes(w, buf, start, end)) return true;
  return false;
}
