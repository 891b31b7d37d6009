/** Issue 13: E_UNKNOWN_HOUSEHOLD / _JOB / _LAND_TYPE / _CLASS say what to write instead. */
import { afterAll, describe, expect, it } from 'vitest';
import { FileContext } from '../../src/io/fileContext.js';
import { HouseholdIndex } from '../../src/io/householdIndex.js';
import { HouseholdSuggester, MAX_SUGGESTED } from '../../src/io/householdSuggester.js';
import { Problems } from '../../src/problems.js';
import { cleanupRuns, readWith, testRules } from './runDir.js';

afterAll(cleanupRuns);

function suggester(ids: string[]): HouseholdSuggester {
  const index = new HouseholdIndex();
  for (const id of ids) index.insert(id);
  return new HouseholdSuggester(index);
}

describe('a close household id', () => {
  const s = suggester(['TG008', 'TG015', 'AB1234', '张家村0001', 'XZ001', 'XZ002', 'XZ003']);

  it('is found for another case, blanks, or other leading zeros', () => {
    expect(s.search('tg008')).toBe('TG008');
    expect(s.search('TG 008')).toBe('TG008');
    expect(s.search('TG08')).toBe('TG008');
    expect(s.search('TG0008')).toBe('TG008');
    expect(s.search('tg08')).toBe('TG008');
    expect(s.search('张家村001')).toBe('张家村0001');
  });

  it('is found for one character wrong, missing or extra, or two swapped', () => {
    expect(s.search('AC1234')).toBe('AB1234');
    expect(s.search('AB123')).toBe('AB1234');
    expect(s.search('AB12345')).toBe('AB1234');
    expect(s.search('AB1243')).toBe('AB1234');
    expect(s.search('张家树0001')).toBe('张家村0001');
  });

  it('is not guessed among several equally close ids, nor for a far one', () => {
    expect(s.search('XZ004')).toBeNull(); // XZ001, XZ002, XZ003 are all one character away
    expect(s.search('QQ999')).toBeNull();
  });

  it('works at a million households, and searches the first ids of a file only (its cost: see the header of householdSuggester.ts)', () => {
    const index = new HouseholdIndex();
    for (let i = 0; i < 1_000_000; i++) index.insert(`H${String(i).padStart(7, '0')}`);
    const near = new HouseholdSuggester(index);
    const ctx = new FileContext(new Problems(), 'labor.csv', 'labor.csv');
    expect(near.near(ctx, 'H00123456')).toBe('H0123456'); // one zero too many
    expect(near.near(ctx, 'H00123X5')).toBeNull(); // H0012305, H0012315 …: no guess
    expect(near.near(ctx, 'h0012345')).toBe('H0012345');
    for (let k = 0; k < 5000; k++) near.near(ctx, `X${k}`); // a file of bad rows
    expect(near.near(ctx, 'h0054321')).toBeNull(); // past MAX_SUGGESTED distinct ids in this file
    expect(near.near(new FileContext(new Problems(), 'points.csv', 'points.csv'), 'h0054321')).toBe('H0054321');
    expect(MAX_SUGGESTED).toBe(100);
  });
});

describe('the messages', () => {
  const msg = (r: { errors: { code: string; message: string }[] }, code: string) => r.errors.filter((e) => e.code === code).map((e) => e.message);

  it('E_UNKNOWN_HOUSEHOLD names the close id, or says to use a listed one (never the list)', async () => {
    const r = await readWith({ 'points.csv': 'household_id,points\nh1,1\nH9,2\n' });
    expect(msg(r, 'E_UNKNOWN_HOUSEHOLD')).toEqual([
      '户号 "h1" 不在 households.csv 成员名册中，是否应为 "H1"? (unknown household; did you mean "H1"?)',
      '户号 "H9" 不在 households.csv 成员名册中：请改为名册中已有的户号，或先在名册中添加该户 (unknown household: use a household_id listed in households.csv, or add the household there)',
    ]);
  });

  it('a 60,000-character cell gets its message at once, without a suggestion (fuzz seed 316182928 took minutes)', async () => {
    const long = 'z'.repeat(60_000);
    const r = await readWith({ 'points.csv': `household_id,points\n${long},1\n`, 'labor.csv': `household_id,job,days\nH1,${long},1\n` });
    expect(r.errors.map((e) => e.code).sort()).toEqual(['E_UNKNOWN_HOUSEHOLD', 'E_UNKNOWN_JOB']);
    expect(r.errors.every((e) => !e.message.includes('是否应为'))).toBe(true);
  });

  it('W_UNKNOWN_COLUMN names the column a misspelt header meant, among those the header lacks', async () => {
    const r = await readWith({ 'labor.csv': '户号,工种,天数数,序号,househld_id\nH1,采摘,1,1,H1\n' });
    const w = r.warnings.filter((e) => e.code === 'W_UNKNOWN_COLUMN').map((e) => e.message);
    expect(w).toEqual([
      '不认识的列 "天数数"，已忽略；是否应为 "天数"? (unknown column, ignored; did you mean "天数"?)',
      // two characters: 序号 is another column (a serial number), not 户号
      '不认识的列 "序号"，已忽略 (unknown column, ignored)',
      // household_id is there already (户号): not offered again
      '不认识的列 "househld_id"，已忽略 (unknown column, ignored)',
    ]);
  });

  it('E_UNKNOWN_JOB lists the jobs, with the close one', async () => {
    const rules = testRules();
    rules.wages.perDay.set('采茶叶', rules.wages.perDay.get('采摘')!);
    const r = await readWith({ 'labor.csv': 'household_id,job,days\nH1,釆茶叶,1\nH1,挖地,1\nH1,采搞,1\n' }, rules);
    expect(msg(r, 'E_UNKNOWN_JOB')).toEqual([
      '工种 "釆茶叶" 在规则 wages.per_day 中没有日工资标准，是否应为 "采茶叶"? 可选："采摘"、"管护"、"采茶叶" (job not in wages.per_day; did you mean "采茶叶"? jobs: "采摘", "管护", "采茶叶")',
      '工种 "挖地" 在规则 wages.per_day 中没有日工资标准，可选："采摘"、"管护"、"采茶叶" (job not in wages.per_day; jobs: "采摘", "管护", "采茶叶")',
      // two characters, one of them changed: another word, not guessed
      '工种 "采搞" 在规则 wages.per_day 中没有日工资标准，可选："采摘"、"管护"、"采茶叶" (job not in wages.per_day; jobs: "采摘", "管护", "采茶叶")',
    ]);
  });

  it('E_UNKNOWN_JOB for an empty job, and for no job column, says to write one of the jobs', async () => {
    const noDefault = testRules({ defaultPerDay: null });
    const empty = await readWith({ 'labor.csv': 'household_id,job,days\nH1,,1\n' }, noDefault);
    expect(msg(empty, 'E_UNKNOWN_JOB')).toEqual([
      '工种为空，但规则没有设置 wages.default_per_day：请填写工种（可选："采摘"、"管护"），或在规则中设置 wages.default_per_day (empty job needs wages.default_per_day; jobs: "采摘", "管护")',
    ]);
    const none = await readWith({ 'labor.csv': 'household_id,days\nH1,1\n' }, noDefault);
    expect(msg(none, 'E_UNKNOWN_JOB')).toEqual([
      'labor.csv 没有 job（工种）列，规则也没有设置 wages.default_per_day，无法计算工资：请加上 工种 列（可选："采摘"、"管护"），或在规则中设置 wages.default_per_day (no job column and no wages.default_per_day; add a job column, jobs: "采摘", "管护")',
    ]);
  });

  it('E_UNKNOWN_LAND_TYPE lists the land types; a two-character name is not guessed from one shared character', async () => {
    const r = await readWith({ 'land.csv': 'household_id,land_type,area_mu,arrangement\nH1,林地,1,rent\nH1,水 田,1,shares\n' });
    expect(msg(r, 'E_UNKNOWN_LAND_TYPE')).toEqual([
      '地类 "林地" 在规则 land.rent_per_mu 中没有租金标准，可选："水田"、"旱地" (land_type not in land.rent_per_mu; land types: "水田", "旱地")',
      '地类 "水 田" 在规则 land.units_per_mu 中没有折股标准，是否应为 "水田"? 可选："水田"、"旱地" (land_type not in land.units_per_mu; did you mean "水田"? land types: "水田", "旱地")',
    ]);
  });

  it('E_UNKNOWN_CLASS lists the classes with the close one; a long list is cut with 等 N 个', async () => {
    const r = await readWith({ 'shares.csv': 'household_id,class,units\nH1,Fund,1\n' });
    expect(msg(r, 'E_UNKNOWN_CLASS')).toEqual([
      '股份类别 "Fund" 在规则 share_classes 中没有，是否应为 "fund"? 可选："fund"、"cash"、"land" (class not in share_classes; did you mean "fund"? classes: "fund", "cash", "land")',
    ]);
    const rules = testRules();
    const pos = { line: 1, column: 1 };
    const one = rules.shareClasses.get('fund')!;
    for (let k = 1; k <= 9; k++) rules.shareClasses.set(`c${k}`, { ...one, pos });
    const long = await readWith({ 'shares.csv': 'household_id,class,units\nH1,gold,1\n' }, rules);
    expect(msg(long, 'E_UNKNOWN_CLASS')).toEqual([
      '股份类别 "gold" 在规则 share_classes 中没有，可选："fund"、"cash"、"land"、"c1"、"c2"、"c3"、"c4"、"c5" 等 12 个 (class not in share_classes; classes: "fund", "cash", "land", "c1", "c2", "c3", "c4", "c5", … (12 in all))',
    ]);
  });
});
