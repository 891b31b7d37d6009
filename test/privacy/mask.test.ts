import { describe, expect, it } from 'vitest';
import { maskAccount, maskIdNumber, maskName, maskNumbers } from '../../src/privacy/mask.js';
import { Problems } from '../../src/problems.js';

describe('masking for public disclosure', () => {
  it('keeps the first and last character of a name and masks each one between', () => {
    expect(maskName('王小明')).toBe('王*明');
    expect(maskName('欧阳春花')).toBe('欧**花');
    expect(maskName('阿依古丽·买买提')).toBe('阿******提');
  });

  it('masks the second character of a two-character name and leaves a one-character name', () => {
    expect(maskName('王明')).toBe('王*');
    expect(maskName('王')).toBe('王');
    expect(maskName('')).toBe('');
  });

  it('counts characters outside the basic plane as one', () => {
    expect(maskName('𠮷野家')).toBe('𠮷*家');
  });

  it('keeps the first 6 and last 4 characters of an ID number', () => {
    expect(maskIdNumber('522628197003120011')).toBe('522628********0011');
    expect(maskIdNumber('52262819850621002X')).toBe('522628********002X');
    expect(maskIdNumber('522628700312001')).toBe('522628*****2001');
    expect(maskIdNumber('')).toBe('');
    expect(maskIdNumber('1234567890')).toBe('**********');
  });

  it('shows only the last 4 characters of a bank account', () => {
    expect(maskAccount('6230520110001000011')).toBe('尾号0011');
    expect(maskAccount('6230520110001000011', 'en')).toBe('****0011');
    expect(maskAccount('')).toBe('');
    expect(maskAccount('1234')).toBe('尾号****');
  });

  it('masks any long run of digits in free text by one policy (IDs and accounts: first 6 and last 4; shorter runs: last 4)', () => {
    expect(maskNumbers('账号 6230520110001000011 无效, ID 52262819850621002X')).toBe(
      '账号 623052*********0011 无效, ID 522628********002X',
    );
    expect(maskNumbers('电话 13800138000')).toBe('电话 *******8000');
    expect(maskNumbers('ID ５２２６２８ 1985-0621 002X')).toBe('ID 522628********002X');
    expect(maskNumbers('实发 11154.94 元, 第 123456789 行')).toBe('实发 11154.94 元, 第 123456789 行');
    expect(maskNumbers('金额 0.30000000000000004 与 12345678901.50 元')).toBe('金额 0.30000000000000004 与 12345678901.50 元');
    const once = maskNumbers('6230520110001000011');
    expect(maskNumbers(once)).toBe(once);
  });

  it('problems are masked where they are made, so every sink (stderr, --json, summary.json, batch.json, report) gets the same text', () => {
    const p = new Problems();
    p.warn('households.csv', 3, 0, 'W_NO_ACCOUNT', '户 522628198506210021 的账号 6230520110001000011');
    p.error('households.csv', 4, 2, 'E_BAD_VALUE', '账号 6230520110001000011');
    expect(p.warnings[0].message).toBe('户 522628********0021 的账号 623052*********0011');
    expect(p.errors[0].message).toBe('账号 623052*********0011');
  });
});
