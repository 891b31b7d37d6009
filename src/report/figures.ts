import type { Distribution } from '../engine/types.js';
import { SafeColumn } from '../money/columnView.js';
import { formatFen, formatFenNum, formatScaled, formatScaledNum } from '../money/fen.js';
import { amountInWords, amountInWordsNum } from './amountInWords.js';
import type { CsvBuilder } from './csvWrite.js';

/**
 * A household's figures as the texts every sheet shows (payouts.csv, disclosure.csv, bank.csv,
 * the workbook): money with 2 decimals, labor days with 2, share units with 4, the net in words.
 * Reads the engine's bigint columns without creating a BigInt per cell (SafeColumn), which at a
 * million households is most of the rendering's garbage; amounts beyond 2^53 fen take the bigint path.
 */
export class HouseholdFigures {
  private readonly days: SafeColumn;
  private readonly units: SafeColumn;
  readonly wagesFen: SafeColumn;
  readonly landRentFen: SafeColumn;
  readonly guaranteedFen: SafeColumn;
  readonly performanceFen: SafeColumn;
  readonly topupFen: SafeColumn;
  readonly totalFen: SafeColumn;
  readonly deductionsFen: SafeColumn;
  readonly netFen: SafeColumn;

  constructor(dist: Distribution) {
    const c = dist.cols;
    this.days = new SafeColumn(c.laborDays100);
    this.units = new SafeColumn(c.shareUnits4);
    this.wagesFen = new SafeColumn(c.wagesFen);
    this.landRentFen = new SafeColumn(c.landRentFen);
    this.guaranteedFen = new SafeColumn(c.guaranteedFen);
    this.performanceFen = new SafeColumn(c.performanceFen);
    this.topupFen = new SafeColumn(c.topupFen);
    this.totalFen = new SafeColumn(c.totalFen);
    this.deductionsFen = new SafeColumn(c.deductionsFen);
    this.netFen = new SafeColumn(c.netFen);
  }

  /** Labor days, 2 decimals. */
  laborDays(i: number): string {
    return scaledText(this.days, i, 2);
  }

  /** Time-weighted share units, 4 decimals. */
  shareUnits(i: number): string {
    return scaledText(this.units, i, 4);
  }

  /** `col`'s amount for household i, 2 decimals. */
  money(col: SafeColumn, i: number): string {
    const v = col.at(i);
    return v === v ? formatFenNum(v) : formatFen(col.col[i]);
  }

  /** Writes `col`'s amount for household i as a number cell (the text of money()). */
  writeMoney(out: CsvBuilder, col: SafeColumn, i: number): void {
    writeFixed(out, col, i, 2);
  }

  writeLaborDays(out: CsvBuilder, i: number): void {
    writeFixed(out, this.days, i, 2);
  }

  writeShareUnits(out: CsvBuilder, i: number): void {
    writeFixed(out, this.units, i, 4);
  }

  /**
   * The component cells every household sheet shows, in SPEC §6 order: 工日, 务工工资, 土地租金, 股数,
   * 保底分红, 效益分红, 兜底补差, 应分合计, 扣减, 实发金额.
   */
  writeComponents(out: CsvBuilder, i: number): void {
    this.writeLaborDays(out, i);
    this.writeMoney(out, this.wagesFen, i);
    this.writeMoney(out, this.landRentFen, i);
    this.writeShareUnits(out, i);
    this.writeMoney(out, this.guaranteedFen, i);
    this.writeMoney(out, this.performanceFen, i);
    this.writeMoney(out, this.topupFen, i);
    this.writeMoney(out, this.totalFen, i);
    this.writeMoney(out, this.deductionsFen, i);
    this.writeMoney(out, this.netFen, i);
  }

  /** The net payable in 人民币大写. */
  netWords(i: number): string {
    const v = this.netFen.at(i);
    return v === v ? amountInWordsNum(v) : amountInWords(this.netFen.col[i]);
  }
}

function scaledText(col: SafeColumn, i: number, scale: number): string {
  const v = col.at(i);
  return v === v ? formatScaledNum(v, scale) : formatScaled(col.col[i], scale);
}

function writeFixed(out: CsvBuilder, col: SafeColumn, i: number, scale: number): void {
  const v = col.at(i);
  if (v === v) out.fixed(v, scale);
  else out.num(formatScaled(col.col[i], scale));
}
