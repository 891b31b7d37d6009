import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { exactToString } from '../../src/money/exact.js';
import { loadMany, where } from './helpers.js';

const ROOT_FILE = 'township/rules.yaml';
const VILLAGE_FILE = 'township/zaopo/rules.yaml';

const ROOT = `name: 古城营镇 2025年度收益分配
year: 2025
wages:
  default_per_day: 100
  per_day:
    采摘: 120
    管护: 90
share_classes:
  fund: { guaranteed_per_unit: 60, weight: 1.5 }
guaranteed_shortfall: pay
distribution:
  fixed:
    - { to: 村集体, amount: 20000 }
  shares:
    - { to: 公益金, percent: 10 }
    - { to: members, percent: 90 }
members:
  - { basis: share_units, percent: 70 }
  - { basis: labor_days, percent: 30 }
floors:
  - { category: 脱贫户, min_total: 3000, funded_by: 公益金 }
`;

function sha(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex');
}

describe('batch rules: ROOT/rules.yaml deep-merged with the village rules.yaml', () => {
  test('a village overrides a scalar, replaces a list and merges a map', () => {
    const village = `name: 枣坡村 2025年度收益分配
guaranteed_shortfall: scale
wages:
  per_day:
    管护: 95
    挖掘: 110
distribution:
  shares:
    - { to: 公益金, percent: 20 }
    - { to: 企业, percent: 30 }
    - { to: members, percent: 50 }
`;
    const { rules, errors } = loadMany([
      { file: ROOT_FILE, text: ROOT },
      { file: VILLAGE_FILE, text: village },
    ]);
    expect(errors).toEqual([]);
    const r = rules!;
    expect(r.name).toBe('枣坡村 2025年度收益分配');
    expect(r.year).toBe(2025);
    expect(r.guaranteedShortfall).toBe('scale');
    // map merged key by key: the root's keys first, in their order, then the village's new ones
    expect([...r.wages.perDay].map(([k, v]) => [k, exactToString(v)])).toEqual([
      ['采摘', '120'],
      ['管护', '95'],
      ['挖掘', '110'],
    ]);
    expect(r.wages.defaultPerDay).toEqual({ units: 100n, scale: 0 });
    // distribution is a map: fixed kept from the root, shares (a list) replaced whole
    expect(r.fixed.map((f) => f.to)).toEqual(['村集体']);
    expect(r.shares.map((s) => [s.to, exactToString(s.percent)])).toEqual([
      ['公益金', '20'],
      ['企业', '30'],
      ['members', '50'],
    ]);
    // positions say which file an entry came from
    expect(r.fixed[0].pos).toEqual({ file: ROOT_FILE, ...where(ROOT, '{ to: 村集体') });
    expect(r.shares[1].pos).toEqual({ file: VILLAGE_FILE, ...where(village, '{ to: 企业') });
    expect(r.members[0].pos.file).toBe(ROOT_FILE);
    expect(r.floors[0].fundedBy).toBe('公益金');
    expect(r.file).toBe(VILLAGE_FILE);
    expect(r.sha256).toBe(sha(sha(ROOT) + '\n' + sha(village) + '\n'));
  });

  test('a village may replace a list with an empty one or remove a section with an empty value', () => {
    const village = 'floors: []\nwages:\n';
    const { rules, errors } = loadMany([
      { file: ROOT_FILE, text: ROOT },
      { file: VILLAGE_FILE, text: village },
    ]);
    expect(errors).toEqual([]);
    expect(rules!.floors).toEqual([]);
    expect(rules!.wages.perDay.size).toBe(0);
    expect(rules!.wages.defaultPerDay).toBeNull();
  });

  test('an empty village rules.yaml inherits everything from the root', () => {
    const { rules, errors } = loadMany([
      { file: ROOT_FILE, text: ROOT },
      { file: VILLAGE_FILE, text: '# 沿用镇里的规则\n' },
    ]);
    expect(errors).toEqual([]);
    expect(rules!.name).toBe('古城营镇 2025年度收益分配');
    expect(rules!.file).toBe(VILLAGE_FILE);
  });

  test('errors point at the file and line the offending key or value came from', () => {
    const root = ROOT.replace('采摘: 120', '采摘: -120').replace('weight: 1.5', 'weight: -1.5');
    const village = `wages:
  per_day:
    管护: -95
share_classes:
  fund: { weight: 2 }
  cash: { weigth: 1 }
`;
    const { rules, errors } = loadMany([
      { file: ROOT_FILE, text: root },
      { file: VILLAGE_FILE, text: village },
    ]);
    expect(rules).toBeNull();
    const got = errors.map((e) => ({ file: e.file, line: e.line, column: e.column, path: e.message.split(':')[0] }));
    expect(got).toEqual([
      { file: ROOT_FILE, ...where(root, '-120'), path: 'wages.per_day.采摘' },
      { file: VILLAGE_FILE, ...where(village, '-95'), path: 'wages.per_day.管护' },
      { file: VILLAGE_FILE, ...where(village, 'weigth'), path: 'share_classes.cash.weigth' },
    ]);
    // the root's bad weight was overridden by the village's good one: no error for it
    expect(errors.some((e) => e.message.includes('fund.weight'))).toBe(false);
  });

  test('a list replaced by the village is checked as the village wrote it', () => {
    const village = 'distribution:\n  shares:\n    - { to: 公益金, percent: 10 }\n    - { to: members, percent: 80 }\n';
    const { errors } = loadMany([
      { file: ROOT_FILE, text: ROOT },
      { file: VILLAGE_FILE, text: village },
    ]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: VILLAGE_FILE, ...where(village, 'shares:') });
    expect(errors[0].message).toContain('百分比合计为 90');
  });

  test('a key written in both files is not a duplicate; twice in one file it is', () => {
    const village = 'year: 2025\nyear: 2025\n';
    const { errors } = loadMany([
      { file: ROOT_FILE, text: ROOT },
      { file: VILLAGE_FILE, text: village },
    ]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: VILLAGE_FILE, line: 2, column: 1 });
  });

  test('syntax errors in both files are all reported, each in its own file', () => {
    const { rules, errors } = loadMany([
      { file: ROOT_FILE, text: 'name: [x\n' },
      { file: VILLAGE_FILE, text: 'year: 2025\n  bad: indent\n' },
    ]);
    expect(rules).toBeNull();
    expect(errors.some((e) => e.file === ROOT_FILE)).toBe(true);
    expect(errors.some((e) => e.file === VILLAGE_FILE)).toBe(true);
  });

  test('when every file is empty each is reported as empty', () => {
    const { errors } = loadMany([
      { file: ROOT_FILE, text: '' },
      { file: VILLAGE_FILE, text: '\n' },
    ]);
    expect(errors.map((e) => [e.file, e.line, e.column])).toEqual([
      [ROOT_FILE, 0, 0],
      [VILLAGE_FILE, 0, 0],
    ]);
  });

  test('a missing key in the merged rules is reported in the last file', () => {
    const { errors } = loadMany([
      { file: ROOT_FILE, text: 'year: 2025\n' },
      { file: VILLAGE_FILE, text: 'distribution:\n  shares:\n    - { to: 企业, percent: 100 }\n' },
    ]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: VILLAGE_FILE, line: 1, column: 1 });
    expect(errors[0].message).toMatch(/^name: 缺少必填项/);
  });
});
