/**
 * explain's reading of a split (src/explain/remainders.ts, splitWords.ts) against THE allocator:
 * the fen it says a part gets, its rank and whether it got a leftover fen are allocate()'s, for
 * every part of random splits; and the sentences for the cases worked out by hand.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate } from '../../src/money/allocate.js';
import { InternalError } from '../../src/problems.js';
import { leftoverFen } from '../../src/explain/remainders.js';
import { exactYuan, fenFraction, firstFenPhrase, verdict, type SplitSay } from '../../src/explain/splitWords.js';

const say = (lang: 'zh' | 'en' = 'zh', names = ['A01 甲', 'A02 乙', 'A03 丙', 'A04 丁']): SplitSay => ({
  lang,
  part: { zh: '户', en: 'household', enPlural: 'households' },
  self: { zh: '本户', en: 'this household' },
  order: { file: 'households.csv' },
  nameOf: (j) => names[j] ?? `#${j}`,
  said: { rule: false },
});

describe('leftoverFen is allocate() seen from one part', () => {
  it('agrees with allocate on every part of random splits (fen, and got = the part got its floor + 1)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 9n }), fc.array(fc.bigInt({ min: 0n, max: 10n ** 6n }), { minLength: 1, maxLength: 12 }), (amount, weights) => {
        const ws: bigint[] = [...weights];
        if (!ws.some((w) => w > 0n)) ws[0] = 1n;
        const parts = allocate(amount, ws);
        const total = ws.reduce((a: bigint, b) => a + b, 0n);
        let gotCount: bigint = 0n;
        ws.forEach((w, i) => {
          const l = leftoverFen(amount, (j) => ws[j], ws.length, i, parts[i]);
          expect(l.fen).toBe(parts[i]);
          expect(l.baseFen).toBe((amount * w) / total);
          expect(l.got).toBe(parts[i] === l.baseFen + 1n);
          if (l.got) gotCount++;
          if (l.got) expect(BigInt(l.rank) <= l.leftover).toBe(true);
        });
        expect(gotCount).toBe(ws.length ? leftoverFen(amount, (j) => ws[j], ws.length, 0).leftover : 0n);
      }),
      { numRuns: 300 },
    );
  });

  it('is an internal error when it cannot reproduce the engine’s figure', () => {
    expect(() => leftoverFen(100n, (j) => [1n, 1n, 1n][j], 3, 1, 34n)).toThrow(InternalError);
  });
});

describe('the sentences, worked out by hand', () => {
  // 900.00 元 over points 1 : 2 : 4 (Σ 7): 90000 × 1/7 = 12857.142… fen, × 2/7 = 25714.285…, × 4/7 = 51428.571…;
  // the floors add up to 89999, so 1 fen is left; the remainders are 1/7, 2/7, 4/7 of a fen → the third gets it.
  const ws = [1n, 2n, 4n];

  it('a household that got the leftover fen', () => {
    const l = leftoverFen(90000n, (j) => ws[j], 3, 2, 51429n);
    expect(exactYuan(l)).toBe('514.2857');
    expect(firstFenPhrase(l, 'zh')).toBe(': 先发 514.28 元, 余数 0.57 分');
    expect(verdict(l, say())).toBe('全体先发整分后还剩 1 分, 按余数大小补足零头: 本户余数 0.57 分在 3 户中排第 1, 分到 1 分 → 514.29 元');
    expect(verdict(l, say('en'))).toBe("1 fen was left after the whole fen; by remainder: this household’s remainder 0.57 fen ranks 1 of 3: it gets 1 fen → 514.29");
  });

  it('a household whose remainder was not large enough', () => {
    const l = leftoverFen(90000n, (j) => ws[j], 3, 0, 12857n);
    expect(firstFenPhrase(l, 'zh')).toBe(': 先发 128.57 元, 余数 0.14 分');
    expect(verdict(l, say())).toBe('全体先发整分后还剩 1 分, 按余数大小补足零头: 本户余数 0.14 分在 3 户中排第 3, 只有前 1 名各补 1 分, 余数不够大, 没有分到 → 128.57 元');
  });

  it('equal remainders: the leftover fen go in file order (the 1-fen difference between neighbours)', () => {
    // 1 fen over 1 : 1 : 1 : 1 → every remainder is 1/4 fen; the one fen goes to the first household.
    const four = [1n, 1n, 1n, 1n];
    const first = leftoverFen(1n, (j) => four[j], 4, 0, 1n);
    expect(verdict(first, say())).toBe('全体先发整分后还剩 1 分, 按余数大小补足零头: 有 4 户余数同为 0.25 分, 剩下的 1 分按 households.csv 的顺序补, 本户排在前面, 分到 1 分 → 0.01 元');
    const second = leftoverFen(1n, (j) => four[j], 4, 1, 0n);
    expect(verdict(second, say())).toBe(
      '全体先发整分后还剩 1 分, 按余数大小补足零头: 有 4 户余数同为 0.25 分, 剩下的 1 分按 households.csv 的顺序补, 先补给了 A01 甲, 本户排在后面, 没有分到 → 0.00 元',
    );
    // 3 fen over 1 : 1 : 1 : 1 : the first three get one each; the fourth is told who did.
    const last = leftoverFen(3n, (j) => four[j], 4, 3, 0n);
    expect(verdict(last, say())).toContain('有 4 户余数同为 0.75 分, 剩下的 3 分按 households.csv 的顺序补, 先补给了 A01 甲、A02 乙、A03 丙, 本户排在后面, 没有分到');
  });

  it('an exact share says so and has no verdict', () => {
    const l = leftoverFen(700n, (j) => ws[j], 3, 1, 200n);
    expect(exactYuan(l)).toBe('2.00');
    expect(firstFenPhrase(l, 'zh')).toBe(', 各户都正好到分, 没有零头要补');
    expect(verdict(l, say())).toBeNull();
  });

  it('shows a remainder just under a whole fen with the digits that keep it under', () => {
    expect(fenFraction(996n, 1000n)).toBe('0.996');
    expect(fenFraction(62n, 100n)).toBe('0.62');
  });
});
