// bank.csv is read by a bank's import program: a value it cannot carry (a line break, the
// delimiter) is refused with its place, not changed and not quoted into a file the bank may misread.
import { cpSync, existsSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, errorLines, ROOT, tempDir } from '../helpers/cli.js';

const MINI = path.join(ROOT, 'fixtures', 'mini');

function village(edit: (households: string) => string, rulesTail = ''): string {
  const dir = path.join(tempDir(), 'village');
  cpSync(MINI, dir, { recursive: true });
  const f = path.join(dir, 'households.csv');
  writeFileSync(f, edit(readFileSync(f, 'utf8')));
  if (rulesTail) appendFileSync(path.join(dir, 'rules.yaml'), rulesTail);
  return dir;
}

describe('bank.csv values it cannot carry', () => {
  it('a name holding the comma of a comma-delimited bank file: E_BAD_VALUE at its line, nothing written', () => {
    const dir = village((t) => t.replace('吴小花', '"吴,小花"'));
    const out = path.join(tempDir(), 'out');
    const r = cli(['run', dir, '--out', out]);
    expect(r.code, r.stderr).toBe(1);
    const lines = errorLines(r.stderr, dir);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^households\.csv:3:0: E_BAD_VALUE: 户主姓名含有逗号 ,/);
    expect(existsSync(out)).toBe(false);
  });

  it('a line break in a name, and the "|" of a "|"-delimited file; a comma is then fine', () => {
    const dir = village((t) => t.replace('吴小花', '"吴\n小花"').replace('龙老岩', '龙|老岩').replace('杨再兴', '"杨,再兴"'), '\nbank_file:\n  delimiter: "|"\n');
    const r = cli(['validate', dir]);
    expect(r.code, r.stderr).toBe(1);
    const lines = errorLines(r.stderr, dir);
    expect(lines.map((l) => l.split(': ').slice(0, 2).join(': '))).toEqual(['households.csv:3:0: E_BAD_VALUE', 'households.csv:5:0: E_BAD_VALUE']);
    expect(lines[0]).toContain('换行');
    expect(lines[1]).toContain('竖线 |');
  });

  it('a household the bank file does not pay (no account) is not held to it', () => {
    const dir = village((t) => t.replace('吴小花,小寨一组,,6230520110040000296', '"吴,小花",小寨一组,,'));
    const r = cli(['validate', dir]);
    expect(r.code, r.stderr).toBe(0);
  });
});

describe('a floor for a category nobody has', () => {
  it('is a warning at the floor in rules.yaml with the nearest category; --strict stops on it', () => {
    const dir = path.join(tempDir(), 'village');
    cpSync(MINI, dir, { recursive: true });
    const rules = path.join(dir, 'rules.yaml');
    writeFileSync(rules, readFileSync(rules, 'utf8').replace('category: 脱贫户', 'category: 脫贫户'));
    const r = cli(['validate', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/rules\.yaml:\d+:\d+: W_UNKNOWN_CATEGORY: floors 中的类别 "脫贫户" 没有任何一户，这条兜底不会生效，是否应为 "脱贫户"\?/);
    expect(cli(['validate', dir, '--strict']).code).toBe(1);
  });
});

describe('a spreadsheet in the run folder that is not an input', () => {
  it('is W_UNKNOWN_FILE, naming the input it looks like; the run is unchanged', () => {
    const dir = path.join(tempDir(), 'village');
    cpSync(MINI, dir, { recursive: true });
    writeFileSync(path.join(dir, '预支.csv'), '户号,金额\nXZ001,100\n'); // 扣减.csv would be read (SPEC §10): a name it is not
    writeFileSync(path.join(dir, '备忘.csv'), 'x\n');
    const r = cli(['validate', dir, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`${path.join(dir, '预支.csv')}:0:0: W_UNKNOWN_FILE: 文件名不是本工具的输入, 未读取: 如果这是要计算的数据, 请改名为 deductions.csv`);
    expect(r.stderr).toMatch(/备忘\.csv:0:0: W_UNKNOWN_FILE: .*输入文件为 households\.csv/);
    const plain = cli(['validate', MINI, '--json']);
    expect(JSON.parse(r.stdout).net_payable).toBe(JSON.parse(plain.stdout).net_payable);
  });
});
