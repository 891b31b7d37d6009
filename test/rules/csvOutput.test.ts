import { describe, expect, test } from 'vitest';
import { BASE, load, where } from './helpers.js';

describe('rules `csv:` (Excel-safe identifiers in the CSV sheets)', () => {
  test('absent, empty or false: plain CSV as SPEC §6 describes', () => {
    expect(load(BASE).rules!.csvExcelText).toBe(false);
    expect(load(BASE + 'csv:\n').rules!.csvExcelText).toBe(false);
    expect(load(BASE + 'csv: { excel_text: false }\n').rules!.csvExcelText).toBe(false);
  });

  test('excel_text: true turns it on', () => {
    expect(load(BASE + 'csv:\n  excel_text: true\n').rules!.csvExcelText).toBe(true);
  });

  test('a wrong value or an unknown key is E_BAD_RULES at its place', () => {
    const text = BASE + 'csv:\n  excel_text: yes please\n  excel: true\n';
    const { rules, errors } = load(text);
    expect(rules).toBeNull();
    const at = (e: { line: number; column: number }) => [e.line, e.column];
    expect(errors.map((e) => e.code)).toEqual(['E_BAD_RULES', 'E_BAD_RULES']);
    const value = errors.find((e) => e.message.includes('csv.excel_text:'))!;
    const key = errors.find((e) => e.message.includes('csv.excel:'))!;
    expect(at(value)).toEqual(at(where(text, 'yes please')));
    expect(at(key)).toEqual(at(where(text, 'excel:')));
    expect(key.message).toContain('是否应为 excel_text');
  });
});
