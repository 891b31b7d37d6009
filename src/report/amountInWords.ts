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
  const lo = Number(n % 100000000n);
  let out = hi > 0n ? integerWords(hi) + '亿' : '';
  let zero = false; // a 零 is owed before the next non-zero digit
  for (const [g, unit] of [
    [Math.floor(lo / 10000), '万'],
    [lo % 10000, ''],
  ] as const) {
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
  const yuan = fen / 100n;
  const jiao = Number((fen / 10n) % 10n);
  const fenDigit = Number(fen % 10n);
  if (fen === 0n) return '零元整';
  let out = yuan > 0n ? integerWords(yuan) + '元' : '';
  if (jiao === 0 && fenDigit === 0) return out + '整';
  if (jiao > 0) out += DIGITS[jiao] + '角';
  else if (yuan > 0n) out += '零';
  if (fenDigit > 0) out += DIGITS[fenDigit] + '分';
  return out;
}
