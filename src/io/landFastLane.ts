/**
 * The land.csv byte lane (byteLane.ts): a county's land file has a row per plot, a million or more,
 * and the general reader's strings per field and trims cost several times the fold itself. A plain
 * row — `H0000001,P0,水田,6.9086,rent,8` — is read from its bytes and added exactly as the land fold
 * (tables/land.ts) adds it: area × months to its land type's rented or invested column.
 *
 * A row is taken only when the land fold would add it without a word: a household_id the lane can
 * hash (byteLane.ts plainId) that is listed; `area_mu` a plain positive decimal of at most 4
 * decimals below 10^9; `arrangement` written exactly `rent`, `流转`, `出租`, `shares` or `入股`; a
 * `land_type` written exactly as a rate's name of that arrangement (invested land needing the share
 * class `land`); `months`, when there is the column, empty (12) or a whole 1–12 written plainly. Any
 * other row goes through the tokenizer and the land fold, with its problems, in file order.
 */
import { BATCH, ByteLane, fieldStart, NOT_PLAIN, plainDecimal, sameBytes, type LaneTokenizer } from './byteLane.js';
import type { DatasetBuilder } from './datasetBuilder.js';
import type { ColumnIndex, TableReader } from './tableReader.js';

/** Tests turn the lane off to compare it with the general reader on the same files. */
export const landFastLaneSwitch = { enabled: true };

/** A land type as one arrangement writes it: its bytes and where its rows add up. */
interface LandKind {
  bytes: Buffer;
  type: string;
  rent: boolean;
  /** The Dataset's column, made at the first row the lane takes (so the columns keep the order of first use). */
  column: Float64Array | null;
}

interface Layout {
  width: number;
  cId: number;
  cType: number;
  cArea: number;
  cArr: number;
  cMonths: number;
  rentKinds: LandKind[];
  shareKinds: LandKind[];
}

const RENT_WORDS = ['rent', '流转', '出租'].map((w) => Buffer.from(w, 'utf8'));
const SHARE_WORDS = ['shares', '入股'].map((w) => Buffer.from(w, 'utf8'));

export class LandFastLane extends ByteLane<Layout> {
  // The batch (beside ByteLane's rows and ids): area × 10^4 × months, and where it adds up.
  private readonly rowAmount = new Float64Array(BATCH);
  private readonly rowKind: LandKind[] = new Array<LandKind>(BATCH);
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
  ) {
    super(tok, reader);
  }

  protected layoutFor(cols: ColumnIndex, width: number): Layout | null {
    const rules = this.b.rules;
    const cId = cols.get('household_id');
    const cType = cols.get('land_type');
    const cArea = cols.get('area_mu');
    const cArr = cols.get('arrangement');
    if (rules === null || cId === undefined || cType === undefined || cArea === undefined || cArr === undefined || width > 1000) return null;
    // A name with blanks at its ends can never match a trimmed field: leave such rows to the fold.
    // A name with a quote, comma or line break is never written plainly either.
    const kinds = (names: Iterable<string>, rent: boolean): LandKind[] =>
      [...names].filter((t) => t !== '' && t === t.trim() && !/[",\r\n]/.test(t)).map((type) => ({ bytes: Buffer.from(type, 'utf8'), type, rent, column: null }));
    return {
      width,
      cId,
      cType,
      cArea,
      cArr,
      cMonths: cols.get('months') ?? -1,
      rentKinds: kinds(rules.land.rentPerMu.keys(), true),
      // Invested land needs the share class `land` (E_UNKNOWN_CLASS otherwise: the fold's).
      shareKinds: rules.shareClasses.has('land') ? kinds(rules.land.unitsPerMu.keys(), false) : [],
    };
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
    // 4. Fold them, in file order (a land type's column is made at its first row, as the fold makes it).
    const ds = this.b.ds;
    for (let k = 0; k < found; k++) {
      const kind = this.rowKind[k];
      kind.column ??= this.b.column(kind.rent ? ds.rentAreaMonths : ds.shareAreaMonths, kind.type);
      kind.column[this.rowHousehold[k]] += this.rowAmount[k];
    }
    return this.took(found, rows);
  }

  /** Checks the line at buf[start] as row k of the batch (no lookup, no effect) and returns the index of its LF, or NOT_PLAIN / NO_LF. */
  protected scan(layout: Layout, buf: Buffer, start: number, n: number, k: number): number {
    const nl = this.lineWithId(buf, start, n, layout.width, layout.cId, k);
    if (nl < 0) return nl;
    const ends = this.ends;
    // area_mu × 10^4, > 0.
    const area = plainDecimal(buf, fieldStart(ends, start, layout.cArea), ends[layout.cArea], 4);
    if (area <= 0) return NOT_PLAIN;
    // arrangement, then the land type among that arrangement's.
    const a = fieldStart(ends, start, layout.cArr);
    const kinds = oneOf(RENT_WORDS, buf, a, ends[layout.cArr]) ? layout.rentKinds : oneOf(SHARE_WORDS, buf, a, ends[layout.cArr]) ? layout.shareKinds : null;
    if (kinds === null) return NOT_PLAIN;
    const t = fieldStart(ends, start, layout.cType);
    if (buf[t] === 34) return NOT_PLAIN; // quoted: the tokenizer's
    let kind: LandKind | null = null;
    for (const c of kinds) {
      if (sameBytes(c.bytes, buf, t, ends[layout.cType])) {
        kind = c;
        break;
      }
    }
    if (kind === null) return NOT_PLAIN;
    // months: empty (12), or 1–12 without a leading zero.
    let months = 12;
    if (layout.cMonths >= 0) {
      const m = fieldStart(ends, start, layout.cMonths);
      const len = ends[layout.cMonths] - m;
      if (len === 1 && buf[m] >= 49 && buf[m] <= 57) months = buf[m] - 48;
      else if (len === 2 && buf[m] === 49 && buf[m + 1] >= 48 && buf[m + 1] <= 50) months = 10 + buf[m + 1] - 48;
      else if (len !== 0) return NOT_PLAIN;
    }
    this.rowAmount[k] = area * months;
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
