import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { oneLine, terminalText } from '../../src/cli/terminalText.js';
import { q } from '../../src/io/fileContext.js';
import { cli, EXAMPLES, tempDir } from '../helpers/cli.js';

describe('terminal text', () => {
  it('writes C0/C1 controls and DEL as \\xNN, keeps newline, tab and Chinese', () => {
    expect(terminalText('户主\x1b[2J张三\x9b31m\x7f\r')).toBe('户主\\x1b[2J张三\\x9b31m\\x7f\\x0d');
    expect(terminalText('a\tb\nc')).toBe('a\tb\nc');
  });

  it('oneLine writes a newline as \\n too, and the Unicode line and paragraph separators', () => {
    expect(oneLine('fake\nx:1:1: E_FAKE\x1b')).toBe('fake\\nx:1:1: E_FAKE\\x1b');
    expect(oneLine('a\u2028b\u2029c')).toBe('a\\u2028b\\u2029c');
  });

  it('a value quoted in a message stays on its line (fuzz seed 316183435: U+2029 in a 收支 cell)', () => {
    expect(q('exp\u2029ense\u2028')).toBe('"exp\\u2029ense\\u2028"');
    expect(q('a\r\nb')).toBe('"a\\r\\nb"');
  });

  it('a folder name with a newline cannot forge a problem line of its own', () => {
    const root = tempDir();
    const evil = 'fake\nx:1:1: E_FAKE: injected';
    for (const name of [evil, 'good']) cpSync(path.join(EXAMPLES, 'baizhai-2025'), path.join(root, name), { recursive: true });
    mkdirSync(path.join(root, 'fake\nx:2:2: E_FAKE: broken'));
    writeFileSync(path.join(root, 'fake\nx:2:2: E_FAKE: broken', 'households.csv'), 'household_id,name\nH1,\n');
    const r = cli(['batch', root, '--out', path.join(root, 'out')]);
    expect(r.stdout + r.stderr).toContain('fake\\nx:1:1: E_FAKE: injected');
    for (const line of (r.stdout + r.stderr).split('\n')) expect(line).not.toMatch(/^x:\d:\d: E_FAKE/);
  });
});
