/**
 * `explain` you can check with a pencil (issue 13): every step with its numbers, the leftover fen
 * of a split (who got one and why), floors worked out, lookup by the head's name, and a village of
 * a township computed as `batch` computes it. The expected lines were worked out by hand; the
 * arithmetic is in the comments.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, ROOT, tempDir } from '../helpers/cli.js';

const DEMO = path.join(ROOT, 'fixtures', 'demo');
const TOWNSHIP = path.join(ROOT, 'fixtures', 'township');

/**
 * 铅笔村: 1000.00 元 income, nothing else. 公益金 10 % = 100.00, members 90 % = 900.00 split by points
 * 1 : 2 : 4. A01 and A02 are 脱贫户 with a floor of 500.00 that 公益金 cannot cover.
 */
function pencilVillage(): string {
  const dir = path.join(tempDir(), '铅笔村');
  mkdirSync(dir);
  writeFileSync(
    path.join(dir, 'rules.yaml'),
    [
      'name: 铅笔村 2025年度收益分配',
      'year: 2025',
      'wages: { default_per_day: 100 }',
      'distribution:',
      '  shares:',
      '    - { to: 公益金, percent: 10 }',
      '    - { to: members, percent: 90 }',
      'members:',
      '  - { basis: points, percent: 100 }',
      'floors:',
      '  - { category: 脱贫户, min_total: 500, funded_by: 公益金 }',
      '',
    ].join('\n'),
  );
  writeFileSync(
    path.join(dir, 'households.csv'),
    '户号,户主,村组,银行账号,类别\nA01,王德明,一组,6217790110030079193,脱贫户\nA02,李秀英,一组,6217790110030158385,脱贫户\nA03,王德明,二组,6217790110030237577,一般户\nA04,王得明,二组,6217790110030237585,一般户\n',
  );
  writeFileSync(path.join(dir, 'points.csv'), '户号,积分\nA01,1\nA02,2\nA03,4\nA04,0\n');
  writeFileSync(path.join(dir, 'revenue.csv'), '收支,金额,科目\n收入,1000,销售\n');
  return dir;
}

function explain(args: string[]): { code: number; lines: string[]; stderr: string } {
  const r = cli(['explain', ...args]);
  return { code: r.code, lines: r.stdout.split('\n'), stderr: r.stderr };
}

/** The lines from the one starting with `from` up to (not including) the next one starting with `to`. */
function section(lines: string[], from: string, to: string): string[] {
  const a = lines.findIndex((l) => l.startsWith(from));
  const b = lines.findIndex((l, i) => i > a && l.startsWith(to));
  return lines.slice(a, b);
}

describe('explain: a split by points, read with a pencil', () => {
  let dir: string;
  beforeAll(() => {
    dir = pencilVillage();
  });

  it('the household that got the leftover fen: 4 × 900.00 / 7 = 514.2857…, remainder 0.57 fen, rank 1 of 3', () => {
    // 90000 fen × 1/7, 2/7, 4/7 = 12857.14…, 25714.28…, 51428.57…; floors 12857 + 25714 + 51428 = 89999: 1 fen left.
    const r = explain([dir, 'A03']);
    expect(r.code).toBe(0);
    expect(section(r.lines, '5. ', '6. ')).toEqual([
      '5. 效益分红: 514.29 元',
      '   可分配盈余 = 收入 1000.00 − 支出 0.00 − 工资 0.00 − 租金 0.00 − 保底分红 0.00 = 1000.00 元',
      '   成员分红总额 = 1000.00 × 90% = 900.00 元',
      '   按积分 100% = 900.00 元 (900.00 × 100% = 900.00)',
      '     本户 积分 4, 全体 4 户合计 积分 7',
      '     (按余数大小补足零头: 每份先按精确金额发到分, 不足 1 分的零头 (余数) 先不发; 这样没发完的几分钱, 按余数从大到小每份补 1 分, 余数一样大时先补排在前面的 (户按 households.csv 的顺序, 分配项按 rules.yaml 的顺序).)',
      '     4 × 900.00 / 7 = 514.2857 元: 先发 514.28 元, 余数 0.57 分',
      '     全体先发整分后还剩 1 分, 按余数大小补足零头: 本户余数 0.57 分在 3 户中排第 1, 分到 1 分 → 514.29 元',
    ]);
    expect(r.lines.join('\n')).not.toMatch(/最大余数法|fund:/);
  });

  it('a household whose remainder was too small: 1 × 900.00 / 7 = 128.5714…, remainder 0.14 fen, rank 3', () => {
    const r = explain([dir, 'A01']);
    expect(r.lines).toContain('     1 × 900.00 / 7 = 128.5714 元: 先发 128.57 元, 余数 0.14 分');
    expect(r.lines).toContain('     全体先发整分后还剩 1 分, 按余数大小补足零头: 本户余数 0.14 分在 3 户中排第 3, 只有前 1 名各补 1 分, 余数不够大, 没有分到 → 128.57 元');
  });

  it('a floor the fund cannot cover, pro rata: 371.43 × 100.00 / 614.29 = 60.4649…', () => {
    // A01: 500.00 − 128.57 = 371.43; A02: 500.00 − 257.14 = 242.86; Σ 614.29 > 100.00 (公益金).
    // 37143 × 10000 / 61429 = 6046.49… fen, 24286 × 10000 / 61429 = 3953.50… fen: 6046 + 3953 = 9999, A02's 0.51 gets the fen.
    const a01 = explain([dir, 'A01']);
    expect(section(a01.lines, '6. ', '7. ')).toEqual([
      '6. 兜底补差: 60.46 元',
      '   脱贫户 最低应分 500.00 元, 不足部分由 公益金 补',
      '     补差前本户合计 (第 1+2+4+5 项): 0.00 + 0.00 + 0.00 + 128.57 = 128.57 元',
      '     差额 500.00 − 128.57 = 371.43 元',
      '     公益金 只有 100.00 元, 不够全体 2 户脱贫户共差 614.29 元: 按各户差额的比例分',
      '     371.43 × 100.00 / 614.29 = 60.4649 元: 先发 60.46 元, 余数 0.49 分',
      '     全体先发整分后还剩 1 分, 按余数大小补足零头: 本户余数 0.49 分在 2 户中排第 2, 只有前 1 名各补 1 分, 余数不够大, 没有分到 → 60.46 元',
      '     本户仍差 310.97 元',
    ]);
    const a02 = explain([dir, 'A02']);
    expect(a02.lines).toContain('     242.86 × 100.00 / 614.29 = 39.5351 元: 先发 39.53 元, 余数 0.51 分');
    expect(a02.lines).toContain('     全体先发整分后还剩 1 分, 按余数大小补足零头: 本户余数 0.51 分在 2 户中排第 1, 分到 1 分 → 39.54 元');
    // 60.46 + 39.54 = 100.00: the whole fund.
    expect(a02.lines).toContain('   第 1+2+4+5+6 项: 0.00 + 0.00 + 0.00 + 257.14 + 39.54 = 296.68 元');
  });

  it('a household with no points says so, without a split', () => {
    const r = explain([dir, 'A04']);
    expect(r.lines).toContain('     本户 积分 0, 全体 4 户合计 积分 7');
    expect(r.lines).toContain('     本户这项为 0, 分得 0.00 元');
  });
});

describe('explain: the demo village', () => {
  it('a floor paid in full: 5000.00 − 3127.93 = 1872.07', () => {
    const r = explain([DEMO, 'LS022']);
    expect(r.code).toBe(0);
    expect(section(r.lines, '6. ', '7. ')).toEqual([
      '6. 兜底补差: 1872.07 元',
      '   监测户 最低应分 5000.00 元, 不足部分由 村集体 补',
      '     补差前本户合计 (第 1+2+4+5 项): 1170.00 + 0.00 + 90.00 + 1867.93 = 3127.93 元',
      '     差额 5000.00 − 3127.93 = 1872.07 元',
      '     村集体 有 30000.00 元, 全体 3 户监测户共差 1872.07 元, 够用: 全额补足 1872.07 元',
    ]);
  });

  it('shows the weighting of share units: 3 股 × 6/12 月 = 1.5 股, × weight 1.5 = 2.25, and Σ over all', () => {
    const r = explain([DEMO, 'LS022']);
    expect(r.lines).toContain('   shares.csv:14 fund 股 3 股 × 6/12 月 = 1.5 股');
    expect(r.lines).toContain('     本户折算股数 = fund 股 1.5 股 × 1.5 = 2.25');
    // Σ: land 42.5675 × 1 + fund 56.5 × 1.5 + cash 98.5 × 1 = 42.5675 + 84.75 + 98.5 = 225.8175.
    expect(r.lines).toContain('     全体 30 户合计 = land 股 (入股土地折股) 42.5675 股 × 1 + fund 股 56.5 股 × 1.5 + cash 股 98.5 股 × 1 = 225.8175');
    // 2.25 × 11395236 fen / 225.8175 = 113539.83… fen: 113539 + the fen of rank 3 (12 fen left).
    expect(r.lines).toContain('     2.25 × 113952.36 / 225.8175 = 1135.3983 元: 先发 1135.39 元, 余数 0.83 分');
    expect(r.lines).toContain('     全体先发整分后还剩 12 分, 按余数大小补足零头: 本户余数 0.83 分在 26 户中排第 3, 分到 1 分 → 1135.40 元');
  });

  it('explains the 1-fen difference between neighbours: 16278.91 / 30, the one leftover fen to the first household', () => {
    // 1627891 fen / 30 = 54263 rem 1: every household's remainder is 1/30 fen (0.03); 1 fen left → LS001.
    const ls001 = explain([DEMO, 'LS001']);
    expect(ls001.lines).toContain('     全体先发整分后还剩 1 分, 按余数大小补足零头: 有 30 户余数同为 0.03 分, 剩下的 1 分按 households.csv 的顺序补, 本户排在前面, 分到 1 分 → 542.64 元');
    const ls002 = explain([DEMO, 'LS002']);
    expect(ls002.lines).toContain(
      '     全体先发整分后还剩 1 分, 按余数大小补足零头: 有 30 户余数同为 0.03 分, 剩下的 1 分按 households.csv 的顺序补, 先补给了 LS001 杨光荣, 本户排在后面, 没有分到 → 542.63 元',
    );
  });

  it('reads the same in English', () => {
    const r = explain([DEMO, 'LS002', '--lang', 'en']);
    expect(r.lines).toContain("     12 fen were left after the whole fen; by remainder: this household’s remainder 0.74 fen ranks 4 of 26: it gets 1 fen → 2523.11");
    expect(r.lines).toContain('   class cash 5 units × 50 per unit = 250.00');
  });
});

describe('explain: lookup by the head’s name', () => {
  let dir: string;
  beforeAll(() => {
    dir = pencilVillage();
  });

  it('finds one household by name (after trim and NFKC) and says so', () => {
    const r = explain([DEMO, ' 李德明 ']);
    expect(r.code).toBe(0);
    expect(r.lines[1]).toBe('(按户主姓名 "李德明" 找到 LS006 李德明 (老山一组, 第 7 行))');
    expect(r.lines[2]).toBe('户号 LS006  李德明  老山一组  一般户  (households.csv 第7 行)');
    // The household's own rows are there (read again for its id).
    expect(r.lines.some((l) => l.startsWith('     labor.csv:'))).toBe(true);
    // Full-width letters and digits typed with a Chinese input method find the id.
    expect(explain([DEMO, 'ＬＳ００６']).lines[1]).toBe('户号 LS006  李德明  老山一组  一般户  (households.csv 第7 行)');
  });

  it('lists every household of that name with its 户号 and 村组 and exits 1', () => {
    const r = explain([dir, '王德明']);
    expect(r.code).toBe(1);
    expect(r.lines.join('')).toBe('');
    expect(r.stderr).toContain('E_UNKNOWN_HOUSEHOLD: 户主叫 "王德明" 的有 2 户: A01 王德明 (一组, 第 2 行)、A03 王德明 (二组, 第 4 行); 请改用户号');
  });

  it('suggests close names and ids when none matches', () => {
    const r = explain([dir, '王德民']);
    expect(r.code).toBe(1);
    // 王德明 is one character away, 王得明 two: the closest are listed.
    expect(r.stderr).toContain('成员名册中没有户号或户主姓名为 "王德民" 的户; 相近的有: A01 王德明 (一组, 第 2 行)、A03 王德明 (二组, 第 4 行) (');
    expect(explain([dir, '王得名']).stderr).toContain('相近的有: A04 王得明 (二组, 第 5 行) (');
    const id = explain([dir, 'a03']);
    expect(id.stderr).toContain('相近的有: A03 王德明 (二组, 第 4 行) (');
    const nothing = explain([dir, '赵钱孙']);
    expect(nothing.stderr).toContain('成员名册中没有户号或户主姓名为 "赵钱孙" 的户; 请写 households.csv 中的户号或户主姓名');
  });
});

describe('explain inside a township: inherited rules and pooled income, as batch', () => {
  let out: string;
  beforeAll(() => {
    out = path.join(tempDir(), 'out');
    const b = cli(['batch', TOWNSHIP, '--out', out, '--jobs', '1', '--quiet']);
    expect(b.code).toBe(4); // huangnitang is broken on purpose
  });

  /** payouts.csv of the batch: household id → the money columns. */
  function batchRow(village: string, id: string): string[] {
    const rows = readFileSync(path.join(out, village, 'payouts.csv'), 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/);
    return rows.find((l) => l.startsWith(id + ','))!.split(',');
  }

  /** "1. 务工工资: 8400.00 元" → "8400.00", for steps 1, 2, 4, 5, 6, 7, 8, 9. */
  function amounts(lines: string[]): string[] {
    return ['1. ', '2. ', '4. ', '5. ', '6. ', '7. ', '8. ', '9. '].map((p) => /: (-?[\d.]+)/.exec(lines.find((l) => l.startsWith(p))!)![1]);
  }

  it.each([
    ['zaopo', 'ZP001'],
    ['zaopo', 'ZP004'],
    ['杨省庄', 'YS002'],
    ['大坪', 'DP001'],
  ])('%s %s: the same figures as the batch’s payouts.csv', (village, id) => {
    const r = explain([path.join(TOWNSHIP, village), id]);
    expect(r.code, r.stderr).toBe(0);
    const row = batchRow(village, id);
    // payouts.csv: 务工工资 5, 土地租金 6, 保底分红 8, 效益分红 9, 兜底补差 10, 应分合计 11, 扣减 12, 实发金额 13.
    expect(amounts(r.lines)).toEqual([5, 6, 8, 9, 10, 11, 12, 13].map((k) => row[k]));
  });

  it('says so in its first lines, with the pooled income worked out', () => {
    const r = explain([path.join(TOWNSHIP, 'zaopo'), 'ZP001']);
    const root = path.join(TOWNSHIP);
    // 48000.01 × 120 / 250 = 23040.0048: 2304000 fen, remainder 0.48 fen, the largest of the three → the odd fen.
    expect(r.lines.slice(0, 9)).toEqual([
      '枣坡村红薯产业 2025年度收益分配',
      `本村是 ${root} 全镇批处理 (batch) 的一个村, 以下按 batch 的算法计算:`,
      `  分配方案: 全镇的 ${path.join(root, 'rules.yaml')}, 再合并本村的 ${path.join(root, 'zaopo', 'rules.yaml')} (本村写了的键优先, 列表整体替换)`,
      `  打捆项目 古城营镇红薯联建项目 (${path.join(root, 'pool.yaml')}): 收益 48000.01 元, 按出资 zaopo 120 : dongdulintuan 80 : 杨省庄 50 分到各村`,
      '    (按余数大小补足零头: 每份先按精确金额发到分, 不足 1 分的零头 (余数) 先不发; 这样没发完的几分钱, 按余数从大到小每份补 1 分, 余数一样大时先补排在前面的 (户按 households.csv 的顺序, 分配项按 rules.yaml 的顺序, 村按 pool.yaml 的顺序).)',
      '    48000.01 × 120 / 250 = 23040.0048 元: 先发 23040.00 元, 余数 0.48 分',
      '    全体先发整分后还剩 1 分, 按余数大小补足零头: 本村余数 0.48 分在 3 村中排第 1, 分到 1 分 → 23040.01 元',
      '  本村分得 23040.01 元, 作为收入 "古城营镇红薯联建项目" 计入本村收入',
      '户号 ZP001  潘正和  枣坡组  脱贫户  (households.csv 第2 行)',
    ]);
    const d = explain([path.join(TOWNSHIP, '大坪'), 'DP001']);
    expect(d.lines[2]).toBe(`  分配方案: 全镇的 ${path.join(root, 'rules.yaml')} (本村没有自己的 rules.yaml)`);
    expect(d.lines[3]).toContain('本村不在出资名单里, 没有分到收益');
  });

  it('finds a household by name inside a township too', () => {
    const r = explain([path.join(TOWNSHIP, 'xiaohekou'), '王德明']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.lines).toContain('(按户主姓名 "王德明" 找到 XH005 王德明 (小河口, 第 6 行))');
  });

  it('a plain run folder is not taken for a township village', () => {
    // fixtures/ holds no rules.yaml or pool.yaml: the demo reads as before.
    expect(explain([DEMO, 'LS001']).lines[1]).toBe('户号 LS001  杨光荣  老山一组  脱贫户  (households.csv 第2 行)');
    // A copy of a village alone is a plain run: its own rules.yaml (only a name) is then incomplete.
    const lone = path.join(tempDir(), 'zaopo');
    cpSync(path.join(TOWNSHIP, 'zaopo'), lone, { recursive: true });
    const r = explain([lone, 'ZP001']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/E_BAD_RULES/);
  });
});
