import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { amountInWords } from '../../src/render/amountInWords.js';

const DIGIT: Record<string, bigint> = { 零: 0n, 壹: 1n, 贰: 2n, 叁: 3n, 肆: 4n, 伍: 5n, 陆: 6n, 柒: 7n, 捌: 8n, 玖: 9n };
const PLACE: Record<string, bigint> = { 拾: 10n, 佰: 100n, 仟: 1000n };
const BIG: Record<string, bigint> = { 万: 10n ** 4n, 亿: 10n ** 8n };

/** Reads the words back into fen (a decoder independent of the writer). */
function decode(words: string): bigint {
  let s = words;
  let sign = 1n;
  if (s.startsWith('负')) {
    sign = -1n;
    s = s.slice(1);
  }
  let yuanPart = '';
  let rest = s;
  const at = s.indexOf('元');
  if (at >= 0) {
    yuanPart = s.slice(0, at);
    rest = s.slice(at + 1);
  }
  let total = 0n; // everything already closed by a 万/亿
  let section = 0n; // below the next 万/亿
  let digit = 0n;
  for (const ch of yuanPart) {
    if (ch in DIGIT) digit = DIGIT[ch];
    else if (ch in PLACE) {
      section += digit * PLACE[ch];
      digit = 0n;
    } else if (ch in BIG) {
      const unit = BIG[ch];
      const low = (total % unit) + section + digit;
      total = total - (total % unit) + low * unit;
      section = 0n;
      digit = 0n;
    } else throw new Error(`unexpected ${ch} in ${words}`);
  }
  let fen = (total + section + digit) * 100n;
  const m = /^(?:整|(?:([壹贰叁肆伍陆柒捌玖])角)?(?:零?([壹贰叁肆伍陆柒捌玖])分)?)$/.exec(rest);
  if (!m) throw new Error(`bad 角/分 in ${words}`);
  if (m[1]) fen += DIGIT[m[1]] * 10n;
  if (m[2]) fen += DIGIT[m[2]];
  return sign * fen;
}

/** An independent statement of the zero rule, by recursion on 亿 and 万. */
function oracleInt(n: bigint): string {
  const D = '零壹贰叁肆伍陆柒捌玖';
  for (const [unit, name] of [
    [10n ** 8n, '亿'],
    [10n ** 4n, '万'],
  ] as const) {
    if (n >= unit) {
      const hi = n / unit;
      const lo = n % unit;
      return oracleInt(hi) + name + (lo === 0n ? '' : (lo < unit / 10n ? '零' : '') + oracleInt(lo));
    }
  }
  const digits = n.toString().padStart(4, '0');
  let out = '';
  let zero = false;
  for (let i = 0; i < 4; i++) {
    const d = Number(digits[i]);
    if (d === 0) zero = out !== '';
    else {
      out += (zero ? '零' : '') + D[d] + ['仟', '佰', '拾', ''][i];
      zero = false;
    }
  }
  return out;
}

describe('amountInWords (人民币大写)', () => {
  const cases: [bigint, string][] = [
    // SPEC §6
    [140950n, '壹仟肆佰零玖元伍角'],
    [600714n, '陆仟零柒元壹角肆分'],
    [1640902n, '壹万陆仟肆佰零玖元零贰分'],
    [168032n, '壹仟陆佰捌拾元叁角贰分'],
    [10700053n, '壹拾万柒仟元伍角叁分'],
    [100500n, '壹仟零伍元整'],
    [10001000000n, '壹亿零壹万元整'],
    [5n, '伍分'],
    [-50000n, '负伍佰元整'],
    [0n, '零元整'],
    // groups of 万/亿 with zeros
    [10000000000n, '壹亿元整'],
    [100000000n, '壹佰万元整'],
    [1000000100n, '壹仟万零壹元整'],
    [2050n, '贰拾元伍角'],
    [1000n, '壹拾元整'],
    [50n, '伍角'],
    [10000000000000n, '壹仟亿元整'],
    [100000000000000n, '壹万亿元整'],
    [123456789012345n, '壹万贰仟叁佰肆拾伍亿陆仟柒佰捌拾玖万零壹佰贰拾叁元肆角伍分'],
    [10000100000n, '壹亿零壹仟元整'],
    [100100000000n, '壹拾亿零壹佰万元整'],
    [100001000000000n, '壹万亿壹仟万元整'],
    [100000000100000n, '壹万亿零壹仟元整'],
    [1000000000001n, '壹佰亿元零壹分'],
    [1005n, '壹拾元零伍分'],
    [101n, '壹元零壹分'],
    [11n, '壹角壹分'],
    [1010n, '壹拾元壹角'],
    [101000n, '壹仟零壹拾元整'],
    // the worked examples
    [796020n, '柒仟玖佰陆拾元贰角'],
    [1115494n, '壹万壹仟壹佰伍拾肆元玖角肆分'],
    [1095963n, '壹万零玖佰伍拾玖元陆角叁分'],
  ];
  it.each(cases)('writes %s fen as %s', (fen, words) => {
    expect(amountInWords(fen)).toBe(words);
  });

  it('reads back to the same amount, follows the zero rule and never doubles a 零', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.bigInt({ min: -(10n ** 16n), max: 10n ** 16n }),
          // amounts made of few non-zero digits, where zeros matter most
          fc.array(fc.tuple(fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 })), { maxLength: 4 }).map((ds) =>
            ds.reduce((s, [p, d]) => s + BigInt(d) * 10n ** BigInt(p), 0n),
          ),
        ),
        (fen) => {
          const w = amountInWords(fen);
          expect(decode(w)).toBe(fen);
          const abs = fen < 0n ? -fen : fen;
          const yuan = abs / 100n;
          if (yuan > 0n) expect(w.slice(fen < 0n ? 1 : 0, w.indexOf('元'))).toBe(oracleInt(yuan));
          if (fen !== 0n) expect(w).not.toMatch(/零零|零[元万亿角整]|^负?零/);
          expect(w.endsWith('整')).toBe(abs % 100n === 0n);
          expect(w.startsWith('负')).toBe(fen < 0n);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
