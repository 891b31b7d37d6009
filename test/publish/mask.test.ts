import { describe, expect, it } from 'vitest';
import { maskAccount, maskIdNumber, maskLongNumbers, maskName } from '../../src/publish/mask.js';

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

  it('cuts any long run of digits in free text to its last 4', () => {
    expect(maskLongNumbers('账号 6230520110001000011 无效, ID 52262819850621002X')).toBe(
      '账号 ***************0011 无效, ID **************002X',
    );
    expect(maskLongNumbers('实发 11154.94 元, 第 123456789 行')).toBe('实发 11154.94 元, 第 123456789 行');
  });
});
