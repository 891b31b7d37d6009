/**
 * The byte lane of every other table (households.csv first: a million rows in a county): a plain
 * line — no quote, no CR but before its LF, the header's number of fields — is cut into its fields
 * straight from the UTF-8 bytes and handed to the table's reader as the tokenizer would hand it:
 * the same field strings (the bytes between two commas, decoded; UTF-8 decodes the same field by
 * field as chunk by chunk, commas being ASCII), the same line number. Only the cutting is skipped:
 * the chunk decoded to one string and scanned character by character. The row handler then checks
 * and folds the row as always, so nothing else can differ. Any other line goes to the tokenizer.
 */
import { ByteLane, fieldStart, splitLine } from './byteLane.js';
import type { ColumnIndex } from './tableReader.js';

/** Tests turn the lane off to compare it with the tokenizer on the same files. */
export const recordLaneSwitch = { enabled: true };

export class RecordLane extends ByteLane<number> {
  /** The layout is the header's width. */
  protected layoutFor(_cols: ColumnIndex, width: number): number | null {
    return width;
  }

  protected scan(width: number, buf: Buffer, start: number, n: number): number {
    return splitLine(buf, start, n, width, this.ends, false);
  }

  protected batch(width: number, buf: Buffer, pos: number, n: number): number {
    // Checked one line at a time (a row may be the tokenizer's between two plain ones: rows are handed over in file order).
    const nl = this.scan(width, buf, pos, n);
    if (nl < 0) return nl;
    const ends = this.ends;
    const fields: string[] = [];
    for (let f = 0; f < width; f++) fields.push(buf.toString('utf8', fieldStart(ends, pos, f), ends[f]));
    const line = this.tok.line;
    this.tok.skipLines(1);
    this.reader.record(fields, line);
    return nl + 1;
  }
}
