import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { Problems } from '../../src/problems.js';
import { loadPool } from '../../src/rules/loadPool.js';
import { where } from './helpers.js';

const FILE = 'township/pool.yaml';
const FOLDERS = ['dongdulintuan', 'zaopo', '杨省庄', '西村'];

const POOL = `name: 古城营镇红薯联建项目        # 各村收入行的科目
income: 480000
contributions:
  zaopo: 1200000
  dongdulintuan: 800000
  杨省庄: 500000
`;

function run(text: string, folders = FOLDERS) {
  const p = new Problems();
  const pool = loadPool(FILE, text, folders, p);
  return { pool, errors: p.errors };
}

function expectOne(text: string, needle: string, part: string, nth = 0): void {
  const { pool, errors } = run(text);
  expect(pool).toBeNull();
  expect(errors.map((e) => e.message)).toHaveLength(1);
  const mark = needle.indexOf('⟨');
  const found = where(text, needle.replace('⟨', ''), nth);
  if (mark > 0) found.column += mark;
  expect(errors[0]).toMatchObject({ file: FILE, code: 'E_BAD_RULES', line: found.line, column: found.column });
  expect(errors[0].message).toContain(part);
}

describe('pool.yaml (pooled projects)', () => {
  test('the SPEC example loads with contributions in the order written', () => {
    const { pool, errors } = run(POOL);
    expect(errors).toEqual([]);
    expect(pool).toEqual({
      name: '古城营镇红薯联建项目',
      incomeFen: 48000000n,
      contributions: [
        { village: 'zaopo', weight: { units: 1200000n, scale: 0 }, pos: { file: FILE, ...where(POOL, 'zaopo') } },
        { village: 'dongdulintuan', weight: { units: 800000n, scale: 0 }, pos: { file: FILE, ...where(POOL, 'dongdulintuan') } },
        { village: '杨省庄', weight: { units: 500000n, scale: 0 }, pos: { file: FILE, ...where(POOL, '杨省庄') } },
      ],
      file: FILE,
      sha256: createHash('sha256').update(POOL, 'utf8').digest('hex'),
    });
  });

  test('income may have up to 2 decimals and contributions any decimals', () => {
    const { pool, errors } = run(POOL.replace('480000', '480000.05').replace('500000', '50.125'));
    expect(errors).toEqual([]);
    expect(pool!.incomeFen).toBe(48000005n);
    expect(pool!.contributions[2].weight).toEqual({ units: 50125n, scale: 3 });
  });

  test('an unknown key is an error with a suggestion', () => {
    expectOne(POOL + 'contribution: {}\n', 'contribution:', 'did you mean contributions?');
  });

  test('a listed village with no folder is an error at its key', () => {
    expectOne(POOL.replace('zaopo:', 'zaopoo:'), 'zaopoo', 'contributions.zaopoo: 没有名为 zaopoo 的村文件夹, 是否应为 zaopo?');
  });

  test('a zero or negative contribution is an error at the value', () => {
    expectOne(POOL.replace('800000', '0'), 'dongdulintuan: ⟨0', 'contributions.dongdulintuan: 必须大于 0');
    expectOne(POOL.replace('800000', '-800000'), '-800000', 'contributions.dongdulintuan: 不能为负数');
  });

  test('income with more than 2 decimals or negative is an error', () => {
    expectOne(POOL.replace('480000', '480000.001'), '480000.001', 'income: 最多 2 位小数');
    expectOne(POOL.replace('480000', '-480000'), '-480000', 'income: 不能为负数');
    expectOne(POOL.replace('480000', '"480000"'), '"480000"', 'income: 应为数字, 不要加引号');
  });

  test('missing keys, an empty contributions map and duplicate villages are errors', () => {
    const { errors } = run('name: x\n');
    expect(errors.map((e) => [e.line, e.column, e.message.split(':')[0]])).toEqual([
      [1, 1, 'income'],
      [1, 1, 'contributions'],
    ]);
    expectOne('name: x\nincome: 1\ncontributions: {}\n', '{}', 'contributions: 至少需要一个村');
    expectOne(POOL + '  zaopo: 5\n', 'zaopo', '重复的键', 1);
  });

  test('an empty or broken pool.yaml is an error', () => {
    expect(run('').errors).toEqual([expect.objectContaining({ file: FILE, line: 0, column: 0, code: 'E_BAD_RULES' })]);
    const broken = run('name: [x\n');
    expect(broken.pool).toBeNull();
    expect(broken.errors[0].message).toContain('YAML 语法错误');
  });
});
