/**
 * summary.json's bytes (summaryBytes: the warnings written one by one, for a county with a warning
 * per household) are JSON.stringify's with a 2-space indent, as UTF-8 — whatever the warnings say.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ProblemCode } from '../../src/problemCodes.js';
import { buildSummary, summaryBytes, summaryText } from '../../src/render/summaryJson.js';
import { makeDataset, makeDistribution, makeRules } from './fixture.js';

const base = buildSummary(makeRules(), makeDataset(), makeDistribution(), []);

describe('summaryBytes', () => {
  it('are summaryText as UTF-8, for any warnings and names', () => {
    const text = fc.string({ unit: fc.constantFrom('a', '户', '"', '\\', '\n', '\t', '\u0000', '\u2028', '\ud83d', '\ude00', '😀', ' ', '}', ']', '"warnings": ') });
    fc.assert(
      fc.property(fc.array(fc.record({ code: fc.constantFrom('W_NO_ACCOUNT', 'W_UNKNOWN_COLUMN'), message: text }), { maxLength: 8 }), text, (warnings, name) => {
        const s = { ...base, name, warnings: warnings as { code: ProblemCode; message: string }[] };
        expect(summaryBytes(s).equals(Buffer.from(summaryText(s), 'utf8'))).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('with a name that holds what stands for the warnings while the rest is written', () => {
    const s = { ...base, name: '\u0000warnings', allocations: [{ to: '\n  "warnings": "\u0000warnings"', amount: '1.00', floor_topups: '0.00', retained: '1.00' }], warnings: [{ code: 'W_NO_ACCOUNT', message: 'x' }] };
    expect(summaryBytes(s).toString('utf8')).toBe(summaryText(s));
  });
});
