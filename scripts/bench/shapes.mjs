// The county shapes of `npm run bench` (issue 14) and their deterministic generator.
//
// A shape says, per input file, which columns there are, under which header (English name or a
// Chinese alias), in which order; the line ends, BOM and encoding; how IDs, names, jobs and dates
// look; whether labor.csv is sorted by household or random. The same description tells the DuckDB
// job (scripts/bench/duckdb-job.sql) which header holds which field and what the rules are, so both
// tools compute the same county.
import { createWriteStream, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import iconv from 'iconv-lite';

/** A tiny deterministic generator (xorshift32): every run benchmarks the same county. */
export function rng(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

const SURNAMES = '杨吴龙潘王李张侯唐余文梁石韦蒋刘陈黄赵周';
const GIVEN = ['光荣', '秀英', '金文', '正华', '春梅', '德明', '德贵', '玉芬', '文忠', '国强', '秀珍', '光辉', '小二', '建国'];
const HAMLETS = ['上寨', '下寨', '岩脚', '坪上', '河边', '新寨', '老寨'];
const TYPES = ['水田', '旱地', '林地'];
const pad = (n, w) => String(n).padStart(w, '0');

/** CSV-quote a field only when it needs it (comma, quote, CR or LF). */
export const q = (s) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** GB 11643 check digit. */
function idNumber(i) {
  const body = '522628' + String(1940 + (i % 60)) + pad(1 + (i % 12), 2) + pad(1 + (i % 28), 2) + pad(i % 1000, 3);
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let s = 0;
  for (let k = 0; k < 17; k++) s += Number(body[k]) * w[k];
  return body + '10X98765432'[s % 11];
}

const gcd = (a, b) => (b === 0 ? a : gcd(b, a % b));

// ---------------------------------------------------------------------------------------------
// Rules: one object per shape, written as rules.yaml for coop-payout and as integer tables for SQL.

const BASE_RULES = {
  name: '县级三变收益分配基准 (synthetic county)',
  year: 2025,
  defaultPerDay: '100',
  perDay: { 采摘: '120', 管护: '90', 加工: '110.5' },
  rentPerMu: { 水田: '800', 旱地: '500', 林地: '120' },
  unitsPerMu: { 水田: '1.2', 旱地: '1', 林地: '0.3' },
  classes: { land: { gpu: '30', weight: '1' }, fund: { gpu: '6', weight: '1.5' } },
  fixed: [{ to: '村集体', amount: '2000000' }],
  shares: [
    { to: '公积金', percent: '10' },
    { to: '公益金', percent: '5' },
    { to: '企业', percent: '45' },
    { to: 'members', percent: '40' },
  ],
  members: [
    { basis: 'share_units', percent: '70' },
    { basis: 'labor_days', percent: '30' },
  ],
  floors: [{ category: '脱贫户', min_total: '3000', funded_by: '公益金' }],
};

const yamlKey = (k) => (/^[A-Za-z_\u4e00-\u9fff][\w\u4e00-\u9fff]*$/.test(k) ? k : JSON.stringify(k));
const flow = (o) => `{ ${Object.entries(o).map(([k, v]) => `${yamlKey(k)}: ${v}`).join(', ')} }`;

export function rulesYaml(r) {
  return [
    `name: ${r.name}`,
    `year: ${r.year}`,
    'wages:',
    `  default_per_day: ${r.defaultPerDay}`,
    ...(Object.keys(r.perDay).length ? [`  per_day: ${flow(r.perDay)}`] : []),
    'land:',
    `  rent_per_mu: ${flow(r.rentPerMu)}`,
    `  units_per_mu: ${flow(r.unitsPerMu)}`,
    'share_classes:',
    ...Object.entries(r.classes).map(([k, c]) => `  ${yamlKey(k)}: { guaranteed_per_unit: ${c.gpu}, weight: ${c.weight} }`),
    'distribution:',
    '  fixed:',
    ...r.fixed.map((f) => `    - { to: ${f.to}, amount: ${f.amount} }`),
    '  shares:',
    ...r.shares.map((s) => `    - { to: ${s.to}, percent: ${s.percent} }`),
    'members:',
    ...r.members.map((m) => `  - { basis: ${m.basis}, percent: ${m.percent} }`),
    'floors:',
    ...r.floors.map((f) => `  - { category: ${f.category}, min_total: ${f.min_total}, funded_by: ${f.funded_by} }`),
    ...(r.extraYaml ? [r.extraYaml.trimEnd()] : []),
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Shapes. `cols` lists [field, header] in file order; a field left out is a column the file lacks.

export const SHAPES = [
  {
    name: 'plain',
    what: 'English headers in SPEC order; labor household_id,date,worker,job,days, a date on every row, random order; LF, UTF-8',
    eol: '\n',
    id: (i) => 'H' + pad(i + 1, 7),
    households: { cols: [['household_id', 'household_id'], ['name', 'name'], ['village', 'village'], ['bank_account', 'bank_account'], ['category', 'category']] },
    land: { cols: [['household_id', 'household_id'], ['plot_id', 'plot_id'], ['land_type', 'land_type'], ['area_mu', 'area_mu'], ['arrangement', 'arrangement'], ['months', 'months']], words: ['rent', 'shares'] },
    shares: { cols: [['household_id', 'household_id'], ['class', 'class'], ['units', 'units'], ['months', 'months']] },
    labor: { cols: [['household_id', 'household_id'], ['date', 'date'], ['worker', 'worker'], ['job', 'job'], ['days', 'days']], order: 'random', jobs: ['采摘', '管护', '加工', ''] },
    revenue: { cols: [['kind', 'kind'], ['category', 'category'], ['amount', 'amount']], words: ['income', 'expense'] },
    rules: BASE_RULES,
  },
  {
    name: 'zh-sorted',
    what: 'Chinese aliases, columns reordered, optional columns dropped (no date, worker, plot, months); an unknown column; labor 工日,工种,户号 sorted by household, quarter days; UTF-8 BOM',
    eol: '\n',
    bom: true,
    id: (i) => '52262800' + pad(i + 1, 7),
    households: { cols: [['name', '户主姓名'], ['household_id', '户号'], ['id_number', '身份证号码'], ['bank_account', '一卡通账号'], ['note', '备注'], ['category', '户类型']] },
    land: { cols: [['land_type', '地类'], ['household_id', '户号'], ['area_mu', '面积(亩)'], ['arrangement', '经营方式']], words: ['流转', '入股'] },
    shares: { cols: [['units', '股数'], ['class', '股份类别'], ['household_id', '户号']] },
    labor: { cols: [['days', '工日'], ['job', '工种'], ['household_id', '户号']], order: 'sorted', jobs: ['采摘', '管护', '加工', '采摘', '管护'], quarterDays: true },
    revenue: { cols: [['amount', '金额'], ['kind', '收支'], ['category', '科目']], words: ['收入', '支出'] },
    rules: {
      ...BASE_RULES,
      classes: { land: { gpu: '30', weight: '1' }, fund: { gpu: '6', weight: '1.5' }, cash: { gpu: '12.5', weight: '2' } },
      shareClasses: ['fund', 'cash'],
    },
  },
  {
    name: 'quoted-crlf',
    what: 'CRLF; quoted names, villages and workers with commas and "" quotes; IDs not in file order; ¥ and thousands separators in revenue; deductions.csv; land random; date last',
    eol: '\r\n',
    id: (i, n) => 'XJ-' + pad(permute(i, n), 7),
    quoted: true,
    households: { cols: [['household_id', 'household_id'], ['name', 'name'], ['village', 'village'], ['category', 'category'], ['bank_account', 'bank_account'], ['id_number', 'id_number']] },
    land: { cols: [['household_id', 'household_id'], ['plot_id', 'plot_id'], ['arrangement', 'arrangement'], ['land_type', 'land_type'], ['months', 'months'], ['area_mu', 'area_mu']], words: ['出租', '入股'], order: 'random' },
    shares: { cols: [['household_id', 'household_id'], ['units', 'units'], ['months', 'months'], ['class', 'class']] },
    labor: { cols: [['household_id', 'household_id'], ['worker', 'worker'], ['job', 'job'], ['days', 'days'], ['date', 'date']], order: 'random', jobs: ['摘茶', '修枝', '施肥', '除草', ''] },
    deductions: { cols: [['household_id', 'household_id'], ['kind', 'kind'], ['amount', 'amount'], ['note', 'note']] },
    revenue: { cols: [['date', 'date'], ['kind', 'kind'], ['category', 'category'], ['amount', 'amount'], ['note', 'note']], words: ['income', 'expense'], yuanSign: true },
    // Names with commas cannot go into a comma-separated bank file: the county's bank takes '|'.
    rules: { ...BASE_RULES, perDay: { 摘茶: '130', 修枝: '95.5', 施肥: '88', 除草: '80' }, defaultPerDay: '75', extraYaml: 'bank_file:\n  delimiter: "|"\n' },
  },
  {
    name: 'gbk',
    what: 'households.csv in GBK with CRLF (Excel on Windows), Chinese household IDs; labor 户号,日期,工种,天数 (the issue\'s shape) sorted by household; deductions.csv; a per_household basis',
    eol: '\n',
    households: {
      cols: [['household_id', '户号'], ['name', '户主'], ['village', '村组'], ['bank_account', '银行账号'], ['category', '类别'], ['id_number', '身份证号']],
      encoding: 'gbk',
      eol: '\r\n',
    },
    id: (i) => HAMLETS[i % HAMLETS.length] + pad(i + 1, 7),
    land: { cols: [['household_id', '户号'], ['plot_id', '地块编号'], ['land_type', '地类'], ['area_mu', '面积'], ['arrangement', '方式'], ['months', '月数']], words: ['流转', '入股'] },
    shares: { cols: [['household_id', '户号'], ['class', '股类'], ['units', '股数'], ['months', '月数']] },
    labor: { cols: [['household_id', '户号'], ['date', '日期'], ['job', '工种'], ['days', '天数']], order: 'sorted', jobs: ['采摘', '管护', '加工', ''] },
    deductions: { cols: [['household_id', '户号'], ['amount', '金额'], ['kind', '类型']] },
    revenue: { cols: [['kind', '收支'], ['category', '科目'], ['amount', '金额']], words: ['收入', '支出'] },
    rules: {
      ...BASE_RULES,
      members: [
        { basis: 'share_units', percent: '60' },
        { basis: 'labor_days', percent: '30' },
        { basis: 'per_household', percent: '10' },
      ],
    },
  },
  {
    name: 'no-job',
    what: 'labor household_id,days only (no job: default rate; no date), random order; short unpadded IDs; minimal households and land',
    eol: '\n',
    id: (i) => 'h' + (i + 1),
    households: { cols: [['household_id', 'household_id'], ['name', 'name'], ['category', 'category'], ['bank_account', 'bank_account']] },
    land: { cols: [['household_id', 'household_id'], ['land_type', 'land_type'], ['area_mu', 'area_mu'], ['arrangement', 'arrangement']], words: ['rent', 'shares'] },
    shares: { cols: [['household_id', 'household_id'], ['class', 'class'], ['units', 'units']] },
    labor: { cols: [['household_id', 'household_id'], ['days', 'days']], order: 'random', jobs: [''] },
    revenue: { cols: [['kind', 'kind'], ['amount', 'amount']], words: ['income', 'expense'] },
    rules: { ...BASE_RULES, perDay: {} },
  },
  {
    name: 'excel',
    what: 'every file as Excel on a Chinese Windows saves 「CSV (逗号分隔)」: GBK, CRLF, Chinese headers, dates as 2025/3/15, two empty columns after the table (`,,`: cells formatted to the right); labor random',
    eol: '\r\n',
    encoding: 'gbk',
    trailing: ',,',
    slashDates: true,
    id: (i) => HAMLETS[i % HAMLETS.length] + pad(i + 1, 7),
    households: { cols: [['household_id', '户号'], ['name', '户主姓名'], ['village', '村组'], ['id_number', '身份证号'], ['bank_account', '银行账号'], ['category', '户类型']] },
    land: { cols: [['household_id', '户号'], ['land_type', '地类'], ['area_mu', '面积'], ['arrangement', '经营方式'], ['months', '月数']], words: ['流转', '入股'] },
    shares: { cols: [['household_id', '户号'], ['class', '股份类别'], ['units', '股数']] },
    labor: { cols: [['household_id', '户号'], ['date', '日期'], ['worker', '务工人员'], ['job', '工种'], ['days', '天数']], order: 'random', jobs: ['采摘', '管护', '加工', ''] },
    revenue: { cols: [['kind', '收支'], ['category', '科目'], ['amount', '金额']], words: ['收入', '支出'] },
    rules: BASE_RULES,
  },
  {
    name: 'few-labor',
    what: 'shape plain with as many labor rows as households (the 1M / 1M reference for peak RSS)',
    laborFactor: 'households',
    base: 'plain',
  },
];

/** The shape with its `base` filled in. */
export function resolveShape(s) {
  if (!s.base) return s;
  const b = SHAPES.find((x) => x.name === s.base);
  return { ...b, ...s, what: s.what };
}

function permute(i, n) {
  let a = 7919;
  while (gcd(a, n) !== 1) a += 2;
  return ((i * a + 12345) % n) + 1;
}

// ---------------------------------------------------------------------------------------------
// Writing.

async function writeTable(file, spec, shape, count, values) {
  const eol = (shape.trailing ?? '') + (spec.eol ?? shape.eol);
  const enc = spec.encoding ?? shape.encoding ?? 'utf8';
  const out = createWriteStream(file, { highWaterMark: 1 << 20 });
  const put = async (s) => {
    const b = enc === 'utf8' ? s : iconv.encode(s, enc);
    if (!out.write(b)) await once(out, 'drain');
  };
  let buf = (shape.bom && enc === 'utf8' ? '\ufeff' : '') + spec.cols.map((c) => c[1]).join(',') + eol;
  const fields = spec.cols.map((c) => c[0]);
  // Compile the row: values(i) returns an object of already-quoted fields.
  const row = new Function('v', `return ${fields.map((f) => `v.${f}`).join(" + ',' + ")};`);
  for (let i = 0; i < count; i++) {
    buf += row(values(i)) + eol;
    if (buf.length > 1 << 19) {
      await put(buf);
      buf = '';
    }
  }
  await put(buf);
  out.end();
  await once(out, 'finish');
}

/**
 * Writes the county of shape `s` into `dir`: rules.yaml and the CSV files.
 * Returns { files: [names], rules } (rules as the object).
 */
export async function generateCounty(dir, shape, nHouseholds, nLabor) {
  const s = resolveShape(shape);
  const N = nHouseholds;
  const id = (i) => s.id(i, N);
  const rules = s.rules;
  writeFileSync(path.join(dir, 'rules.yaml'), rulesYaml(rules));
  const files = ['households.csv', 'revenue.csv', 'land.csv', 'shares.csv', 'labor.csv'];

  // households.csv
  {
    const v = {};
    await writeTable(path.join(dir, 'households.csv'), s.households, s, N, (i) => {
      const sur = SURNAMES[i % SURNAMES.length];
      let name = sur + GIVEN[(i * 7) % GIVEN.length];
      let village = `第${(i % 40) + 1}组`;
      if (s.quoted) {
        if (i % 5 === 0) name = `${name},${SURNAMES[(i + 3) % SURNAMES.length]}${GIVEN[(i * 3) % GIVEN.length]}`;
        else if (i % 50 === 1) name = `${sur}"${GIVEN[i % GIVEN.length]}"`;
        village = `第${(i % 40) + 1}组,${HAMLETS[i % HAMLETS.length]}`;
      }
      v.household_id = id(i);
      v.name = q(name);
      v.village = q(village);
      v.id_number = idNumber(i);
      v.bank_account = '6230520' + pad(i * 37 + 1, 12);
      v.category = i % 7 === 0 ? '脱贫户' : i % 11 === 0 ? '监测户' : '一般户';
      v.note = i % 13 === 0 ? '外出务工' : '';
      return v;
    });
  }

  // revenue.csv: a profitable year, income well above the wages and rent the county owes.
  {
    const income = BigInt(nLabor) * 400n + BigInt(N) * 3000n;
    const lines = [
      [s.revenue.words[0], '销售收入', income - 1000n],
      [s.revenue.words[0], '补助', 1000n],
      [s.revenue.words[1], '生产成本', income / 10n],
      [s.revenue.words[1], '管理费用', income / 50n],
    ];
    const money = (n) => (s.revenue.yuanSign ? q(`¥${n.toLocaleString('en-US')}.00`) : `${n}.00`);
    const v = {};
    await writeTable(path.join(dir, 'revenue.csv'), s.revenue, s, lines.length, (i) => {
      v.kind = lines[i][0];
      v.category = lines[i][1];
      v.amount = money(lines[i][2]);
      v.date = '2025-12-31';
      v.note = q('年终,结算');
      return v;
    });
  }

  // land.csv: as many plots as households; sorted (plot i of household i) or random.
  {
    const r = rng(11);
    const v = {};
    const [rentWord, sharesWord] = s.land.words;
    await writeTable(path.join(dir, 'land.csv'), s.land, s, N, (i) => {
      const h = s.land.order === 'random' ? r() % N : i;
      v.household_id = id(h);
      v.plot_id = 'P' + i;
      v.land_type = TYPES[r() % 3];
      v.area_mu = `${1 + (r() % 9)}.${pad(r() % 10000, 4)}`;
      v.arrangement = r() % 3 === 0 ? sharesWord : rentWord;
      v.months = String(1 + (r() % 12));
      return v;
    });
  }

  // shares.csv: every other household.
  {
    const r = rng(12);
    const v = {};
    const classes = rules.shareClasses ?? ['fund'];
    const hasMonths = s.shares.cols.some((c) => c[0] === 'months');
    await writeTable(path.join(dir, 'shares.csv'), s.shares, s, Math.floor(N / 2), (i) => {
      v.household_id = id(i * 2);
      v.class = classes[r() % classes.length];
      v.units = `${1 + (r() % 20)}.${r() % 10}`;
      v.months = hasMonths ? String(r() % 4 === 0 ? 1 + (r() % 12) : 12) : '';
      return v;
    });
  }

  // labor.csv
  {
    const r = rng(13);
    const v = {};
    const jobs = s.labor.jobs;
    const sorted = s.labor.order === 'sorted';
    await writeTable(path.join(dir, 'labor.csv'), s.labor, s, nLabor, (j) => {
      const h = sorted ? Math.floor((j * N) / nLabor) : r() % N;
      v.household_id = id(h);
      const month = 1 + (r() % 12), day = 1 + (r() % 28);
      v.date = s.slashDates ? `2025/${month}/${day}` : `2025-${pad(month, 2)}-${pad(day, 2)}`;
      v.worker = s.quoted && j % 9 === 0 ? `"${SURNAMES[h % 20]}${GIVEN[h % 14]},${SURNAMES[(h + 1) % 20]}${GIVEN[j % 14]}"` : `工人${h % 1000}`;
      v.job = jobs[r() % jobs.length];
      if (s.labor.quarterDays) {
        const q4 = 1 + (r() % 14); // 0.25 … 3.5
        v.days = String(q4 / 4);
      } else v.days = `${1 + (r() % 3)}.${r() % 2 ? 5 : 0}`;
      return v;
    });
  }

  // deductions.csv: one household in ten.
  if (s.deductions) {
    const r = rng(14);
    const v = {};
    const kinds = ['已预支工资', '新农合代扣', '养老保险代扣'];
    await writeTable(path.join(dir, 'deductions.csv'), s.deductions, s, Math.floor(N / 10), (i) => {
      v.household_id = id(r() % N);
      v.kind = kinds[i % 3];
      v.amount = `${20 + (r() % 280)}.${pad(r() % 100, 2)}`;
      v.note = s.quoted ? q(`代扣,${kinds[i % 3]}`) : '';
      return v;
    });
    files.push('deductions.csv');
  }
  return { files, rules, shape: s };
}
