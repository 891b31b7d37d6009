/**
 * The byte lane of every other table (households.csv first: a million rows in a county): a plain
 * line — no CR but before its LF, the header's number of fields, quotes only around whole fields on
 * the line (splitLine) — is cut into its fields straight from the UTF-8 bytes and handed to the
 * table's reader as the tokenizer would hand it: the same field strings (the bytes between two
 * commas or inside a field's quotes, decoded, a doubled quote made one; UTF-8 decodes the same field
 * by field as chunk by chunk, commas and quotes being ASCII), the same line number. Only the cutting is skipped:
 * the chunk decoded to one string and scanned character by character. The row handler then checks
 * and folds the row as always, so nothing else can differ. Any other line goes to the tokenizer.
 *
 * households.csv (`index`): the rows go in batches, and the hash-table slot each row's id will be
 * added at is loaded first for the whole batch (their cache misses overlap, as in the other lanes).
 */
import { BATCH, ByteLane, plainId, splitLine, type LaneTokenizer } from './byteLane.js';
import type { HouseholdIndex } from './householdIndex.js';
import type { ColumnIndex, TableReader } from './tableReader.js';

/** Tests turn the lane off to compare it with the tokenizer on the same files. */
export const recordLaneSwitch = { enabled: true };

interface Layout {
  width: number;
  /** households.csv's id column (−1: another table, or no slots to load). */
  cId: number;
}

export class RecordLane extends ByteLane<Layout> {
  private readonly rowFields: string[][] = new Array<string[]>(BATCH);
  /** Where the early loads go, so that they are not optimised away. */
  private touched = 0;

  constructor(
    tok: LaneTokenizer,
    reader: TableReader,
    private readonly index: HouseholdIndex | null = null,
  ) {
    super(tok, reader);
  }

  protected layoutFor(cols: ColumnIndex, width: number): Layout {
    return { width, cId: this.index === null ? -1 : (cols.get('household_id') ?? -1) };
  }

  /** A plain line's fields, kept as row k; the index of its LF, or NOT_PLAIN / NO_LF. */
  protected scan(layout: Layout, buf: Buffer, start: number, n: number, k: number): number {
    const starts = this.starts;
    const ends = this.ends;
    const nl = splitLine(buf, start, n, layout.width, starts, ends);
    if (nl < 0) return nl;
    const fields: string[] = [];
    for (let f = 0; f < layout.width; f++) {
      const text = buf.toString('utf8', starts[f], ends[f]);
      // A quote in a field's text is a doubled one inside its quotes (splitLine): one, as the tokenizer reads it.
      fields.push(text.indexOf('"') < 0 ? text : text.replaceAll('""', '"'));
    }
    this.rowFields[k] = fields;
    // The id's hash as households.csv's fold will make it (when the id needs no trimming or NFKC; else no matter).
    if (layout.cId >= 0 && !plainId(buf, starts[layout.cId], ends[layout.cId], this.idHash, this.idUnits, k)) this.idHash[k] = 0;
    return nl;
  }

  protected batch(layout: Layout, buf: Buffer, pos: number, n: number): number {
    const rows = this.checkRows(layout, buf, pos, n);
    if (layout.cId >= 0 && this.index !== null) {
      let touched = 0;
      for (let k = 0; k < rows; k++) touched += this.index.slotWord(this.idHash[k]);
      this.touched = touched;
    }
    // In file order, each at its line (the reader counts it).
    for (let k = 0; k < rows; k++) {
      const line = this.tok.line;
      this.tok.skipLines(1);
      this.reader.record(this.rowFields[k], line);
    }
    return rows > 0 ? this.rowLf[rows - 1] + 1 : this.took(0, 0);
  }
}
