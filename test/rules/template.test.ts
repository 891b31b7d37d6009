import { describe, expect, test } from 'vitest';
import { parseDocument } from 'yaml';
import { ROOT_KEYS } from '../../src/rules/loadRules.js';
import { RULES_TEMPLATE } from '../../src/rules/template.js';
import { load } from './helpers.js';

describe('the rules.yaml template written by init', () => {
  test('loads without a single problem', () => {
    const { rules, errors } = load(RULES_TEMPLATE, 'new/rules.yaml');
    expect(errors).toEqual([]);
    expect(rules).not.toBeNull();
    expect(rules!.year).toBe(2025);
    expect(rules!.land.unitsPerMu.get('水田')).toEqual({ units: 12n, scale: 1 });
    expect(rules!.members.map((m) => m.basis)).toEqual(['share_units', 'labor_days', 'per_household']);
    expect(rules!.disclosure).toEqual({ mask_names: false });
    expect(rules!.bankFile).toEqual({ columns: ['seq', 'name', 'account', 'amount'], delimiter: ',', header: true, encoding: 'gb18030' });
    expect(rules!.csvExcelText).toBe(true);
  });

  test('uses every top-level section', () => {
    const doc = parseDocument(RULES_TEMPLATE);
    const keys = (doc.toJS() as Record<string, unknown>) ?? {};
    // The optional §9 sections are written as commented examples (`# key:` at the line start).
    const commented = [...RULES_TEMPLATE.matchAll(/^# ([a-z_]+):/gm)].map((m) => m[1]);
    expect([...Object.keys(keys), ...commented].sort()).toEqual([...ROOT_KEYS].sort());
    // and the commented sections load once uncommented
    const uncommented = RULES_TEMPLATE.replace(/^# ((?:[a-z_]+:)|(?: {2}(?:- \{|[a-z_]+:)))/gm, '$1');
    const { rules, errors } = load(uncommented, 'new/rules.yaml');
    expect(errors).toEqual([]);
    expect(rules!.shareHolders.map((h) => [h.to, h.class])).toEqual([['村集体', 'fund']]);
    expect(rules!.legalForm).toBe('farmers_cooperative');
    expect(rules!.opening).toEqual({ retainedFen: 1200000n, lossFen: 500000n });
    expect(rules!.paymentDefault).toBe('cash');
    expect(rules!.preparedOn).toBe('2025-12-20');
  });

  test('is commented in Chinese with short English', () => {
    const comments = RULES_TEMPLATE.split('\n').filter((l) => l.includes('#'));
    expect(comments.length).toBeGreaterThan(20);
    expect(RULES_TEMPLATE).toMatch(/[\u4e00-\u9fff]/);
    expect(RULES_TEMPLATE).toContain('(required; printed on every sheet)');
  });
});
