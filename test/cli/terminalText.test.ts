import { describe, expect, it } from 'vitest';
import { terminalText } from '../../src/cli/terminalText.js';

describe('terminal text', () => {
  it('writes C0/C1 controls and DEL as \\xNN, keeps newline, tab and Chinese', () => {
    expect(terminalText('户主\x1b[2J张三\x9b31m\x7f\r')).toBe('户主\\x1b[2J张三\\x9b31m\\x7f\\x0d');
    expect(terminalText('a\tb\nc')).toBe('a\tb\nc');
  });
});
