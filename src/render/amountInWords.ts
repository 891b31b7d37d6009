/**
 * 人民币大写 (SPEC §6), as written on a 领款单 or a cheque.
 *
 * - digits 零壹贰叁肆伍陆柒捌玖, place units 拾佰仟 inside a group of four, group units 万 and 亿
 *   (beyond 亿 the count of 亿 is itself written as a number: 壹万亿, 壹万贰仟叁佰肆拾伍亿).
 * - zeros follow the school rule (每级末尾的0不读，其他数位上连续几个0只读一个零):
 *   a run of zeros inside the number is one 零; zeros at the end of a group are not written
 *   (107000 壹拾万柒仟); an all-zero group between non-zero ones is one 零 (100001000 壹亿零壹仟).
 * - 整 after 元 when there are no 角/分; no 零 between 元 and 角; 零 before 分 when 角 is 0 and
 *   there are 元 (16409.02 …元零贰分); under 1 元 the words start at 角 or 分 (0.05 伍分).
 * - always 壹拾, never a bare 拾 (10.00 壹拾元整); 0 is 零元整; a negative amount starts with 负.
 */
const DIGITS = '零壹贰叁肆伍陆柒捌玖';
const PLACES = ['', '拾', '佰', '仟'];

/**
 * Words for a whole number of 元 (> 0), without the 元. Above 亿 the number of 亿 is written as a
 * number of its own (12345亿 壹万贰仟叁佰肆拾伍亿, 10^12 壹万亿); below it, groups of four digits
 * for 万 and for the units.
 */
function integerWords(n: bigint): string {
  const hi = n / 100000000n;
  return groupWords(hi > 0n ? integerWords(hi) + '亿' : '', Number(n % 100000000n));
}

/** integerWords for a safe integer (every step exact in a JS number): no BigInt per household. */
function integerWordsNum(n: number): string {
  const lo = n % 100000000;
  const hi = (n - lo) / 100000000;
  return groupWords(hi > 0 ? integerWordsNum(hi) + '亿' : '', lo);
}

/** Appends the words of `lo` (< 10^8, the part below 亿) to `out` (the words of the 亿 part, or ''). */
function groupWords(out: string, lo: number): string {
  let zero = false; // a 零 is owed before the next non-zero digit
  for (let k = 0; k < 2; k++) {
    const g = k === 0 ? Math.floor(lo / 10000) : lo % 10000;
    const unit = k === 0 ? '万' : '';
    if (g === 0) {
      if (out !== '') zero = true;
      continue;
    }
    for (let p = 3; p >= 0; p--) {
      const d = Math.floor(g / 10 ** p) % 10;
      if (d === 0) {
        if (out !== '') zero = true;
        continue;
      }
      if (zero) out += '零';
      zero = false;
      out += DIGITS[d] + PLACES[p];
    }
    out += unit;
    zero = false; // zeros at the end of a group are not written
  }
  return out;
}

export function amountInWords(fen: bigint): string {
  if (fen < 0n) return '负' + amountInWords(-fen);
  if (fen <= BigInt(Number.MAX_SAFE_INTEGER)) return amountInWordsNum(Number(fen));
  const yuan = fen / 100n;
  return withJiaoFen(integerWords(yuan) + '元', Number((fen / 10n) % 10n), Number(fen % 10n), true);
}

/** amountInWords for a safe integer number of fen (|fen| < 2^53): the same words. */
export function amountInWordsNum(fen: number): string {
  if (fen < 0) return '负' + amountInWordsNum(-fen);
  if (fen === 0) return '零元整';
  const fenDigit = fen % 10;
  const jiao = ((fen - fenDigit) / 10) % 10;
  const yuan = (fen - fen % 100) / 100;
  return withJiaoFen(yuan > 0 ? integerWordsNum(yuan) + '元' : '', jiao, fenDigit, yuan > 0);
}

/** 整, or the 角 and 分 after the 元 part (SPEC §6 zero rules). */
function withJiaoFen(out: string, jiao: number, fenDigit: number, hasYuan: boolean): string {
  if (jiao === 0 && fenDigit === 0) return out + '整';
  if (jiao > 0) out += DIGITS[jiao] + '角';
  else if (hasYuan) out += '零';
  if (fenDigit > 0) out += DIGITS[fenDigit] + '分';
  return out;
}
