// Hostile-input fuzzing shared by test/hostile/fuzz.test.ts (a short run in `npm test`) and
// scripts/fuzz.mjs (a long campaign through the built dist/ modules). Plain JavaScript so that both
// vitest and bare node can load it; the pipeline functions are passed in, never imported here.
//
// A case is: a valid base run folder (a fixture, a shared example or a random village from
// test/oracle/randomVillage.ts), an --encoding, and 1–3 mutations of its input files (arbitrary
// bytes, truncation, a field dropped, an unbalanced quote, a digit turned into a letter, a renamed
// header, invalid UTF-8, NUL bytes, CR/LF/CRLF mixes, huge numbers, empty or missing files, YAML
// damage in rules.yaml …). The property: the analysis never throws, every error has a code and a
// place, and a folder without errors renders all its files with every reconciliation check ok.

import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';

export const RUN_FILES = [
  'rules.yaml',
  'households.csv',
  'revenue.csv',
  'land.csv',
  'shares.csv',
  'labor.csv',
  'points.csv',
  'deductions.csv',
];
export const CSV_FILES = RUN_FILES.filter((f) => f.endsWith('.csv'));

/** Every input file of a run folder, as bytes. */
export function loadRunFolder(dir) {
  const have = new Set(readdirSync(dir));
  return RUN_FILES.filter((f) => have.has(f)).map((name) => ({ name, content: readFileSync(path.join(dir, name)) }));
}

/** Writes `files` as the whole input of `dir` (other run files removed). */
export function writeRunFolder(dir, files) {
  mkdirSync(dir, { recursive: true });
  for (const f of RUN_FILES) rmSync(path.join(dir, f), { force: true });
  for (const f of files) writeFileSync(path.join(dir, f.name), f.content);
}

// ---------------------------------------------------------------------------------------------
// Mutations (all on bytes; positions come from the case's numbers, so a case is reproducible)

const CSV_KINDS = [
  'bytes', 'truncate', 'empty', 'delete', 'drop-field', 'quote', 'digit-letter', 'header-rename',
  'bad-utf8', 'nul', 'eol', 'huge-number', 'long-field', 'many-columns', 'dup-line', 'del-line',
  'insert-text', 'bom', 'sign', 'blank-lines', 'swap-columns', 'formula',
];
const YAML_KINDS = [
  'bytes', 'truncate', 'empty', 'delete', 'quote', 'digit-letter', 'bad-utf8', 'nul', 'eol', 'huge-number',
  'dup-line', 'del-line', 'insert-text', 'bom', 'sign', 'yaml-value', 'yaml-indent', 'yaml-append', 'yaml-key',
];
export const MUTATION_KINDS = [...new Set([...CSV_KINDS, ...YAML_KINDS])];
/** Damage that wrecks a whole file (rejected at once); the rest usually reaches the row checks. */
const SHALLOW_KINDS = ['bytes', 'truncate', 'empty', 'delete', 'bad-utf8', 'nul', 'bom', 'long-field', 'many-columns', 'header-rename'];
const DEEP_KINDS = MUTATION_KINDS.filter((k) => !SHALLOW_KINDS.includes(k));

const INVALID_UTF8 = [
  [0xff], [0xfe], [0xc3], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe6, 0x88], [0x80], [0xf8, 0x88, 0x80, 0x80, 0x80],
];
const HUGE_NUMBERS = [
  '1000000000000.01', '999999999999.99', '1000000000000', '999999999999999999999', '9007199254740993', '18446744073709551616',
  '9'.repeat(400), '1' + '0'.repeat(5000), '0.000000001', '1e309', '1E+20', '12,345,678,901,234.00', '"1,000,000,000,000.01"',
  '1000000001', '999999999.9999', '0', '0.00', '00000000000000000000001', '.5', '5.', '1,2,3', '¥-1', 'NaN', 'Infinity', '-0',
  '１２３', '٣', '1_000', '0x10', '1e3',
];
const BAD_HEADERS = ['户号户号', 'household_id ', 'HOUSEHOLD_ID', 'household id', '户　号', '', '"', 'x'.repeat(300), '面积（亩）', 'amount', '金额', '户号'];
const YAML_VALUES = [
  '-1', '0', '1e400', '.inf', '-.inf', '.nan', '0x1F', '0o17', '~', 'null', '[]', '{}', '"text"', "'", '"', '|', '>', '!!binary aGVsbG8=',
  '&a x', '*a', '*nope', '12.3456789', '999999999999999999999', '1' + '0'.repeat(400), '2025-01-01', 'yes', 'no', 'true', '!!js/function "f"',
  '!!str 5', '!!int "x"', '!!float 1', '[1, 2', '{a: 1', '- x', 'a: b: c', '@', '`', '%', '? x', '12.5%', '１００', '"\\u0000"', '"\\xff"', '1_000',
];
const YAML_APPENDS = [
  '\nbomb:\n  a0: &a0 [x, x, x, x, x, x, x, x, x]\n  a1: &a1 [*a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0]\n  a2: &a2 [*a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1]\n  a3: &a3 [*a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2]\n  a4: &a4 [*a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3]\n  a5: [*a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4]\n',
  '\nx: ' + '['.repeat(5000) + ']'.repeat(5000) + '\n',
  '\nx: ' + '{a: '.repeat(200) + '1' + '}'.repeat(200) + '\n',
  '\n---\nname: second document\n',
  '\n...\n',
  '%YAML 1.1\n---\n',
  '\n<<: *nope\n',
  '\nwages: &w { default_per_day: 1 }\nland: *w\n',
  '\nfloors:\n  - { category: 脱贫户, min_total: 1, funded_by: members }\n',
  '\nmembers:\n  - { basis: points, percent: 100 }\n',
  '\nmembers:\n  - { basis: nonsense, percent: 100 }\n',
  '\nyear: 99999999999999999999\n',
  '\nname: ""\n',
  '\n? [a, b]\n: c\n',
  '\n!!set\n',
  '\n\t- tab\n',
  '\ndistribution:\n  shares:\n    - { to: members, percent: 100 }\n    - { to: members, percent: 0 }\n',
  '\ndistribution:\n  fixed:\n    - { to: 村集体, amount: 1000000000001 }\n  shares:\n    - { to: 公积金, percent: 100 }\n',
  '\nshare_classes:\n  land: { guaranteed_per_unit: 99999999999999, weight: 99999999999 }\n',
  '\nwages:\n  default_per_day: 0.001\n',
  '\n__proto__: { polluted: true }\nconstructor: { prototype: { x: 1 } }\n',
  '\nguaranteed_shortfall: scale\n',
];

/** Bytes of a string in UTF-8. */
const u8 = (s) => Buffer.from(s, 'utf8');

function lines(buf) {
  const out = [];
  let start = 0;
  for (let i = 0; i < buf.length; i++) {
    if (buf[i] === 0x0a) {
      out.push(buf.subarray(start, i + 1));
      start = i + 1;
    }
  }
  if (start < buf.length) out.push(buf.subarray(start));
  return out;
}

function splice(buf, at, del, ins) {
  const a = Math.max(0, Math.min(at, buf.length));
  return Buffer.concat([buf.subarray(0, a), Buffer.from(ins), buf.subarray(Math.min(buf.length, a + del))]);
}

/** Positions of bytes matching `pred`. */
function positions(buf, pred) {
  const out = [];
  for (let i = 0; i < buf.length; i++) if (pred(buf[i])) out.push(i);
  return out;
}

const isDigit = (b) => b >= 0x30 && b <= 0x39;

/** One line's fields split on bytes `,` (quotes ignored: good enough for damage). */
function splitFields(line) {
  const body = line[line.length - 1] === 0x0a ? line.subarray(0, line.length - 1) : line;
  const eol = line.subarray(body.length);
  const fields = [];
  let s = 0;
  for (let i = 0; i <= body.length; i++) {
    if (i === body.length || body[i] === 0x2c) {
      fields.push(body.subarray(s, i));
      s = i + 1;
    }
  }
  return { fields, eol };
}

const joinFields = (fields, eol) => Buffer.concat([...fields.flatMap((f, i) => (i ? [u8(','), f] : [f])), eol]);

/**
 * Applies one mutation to `content` (null when the file is absent); returns the new content
 * (null to delete the file).
 */
export function mutate(content, m) {
  const buf = content ?? Buffer.alloc(0);
  const n = buf.length;
  const at = n ? m.a % (n + 1) : 0;
  const ls = lines(buf);
  const li = ls.length ? m.a % ls.length : 0;
  switch (m.kind) {
    case 'bytes':
      return Buffer.from(m.bytes);
    case 'truncate':
      return buf.subarray(0, at);
    case 'empty':
      return Buffer.alloc(0);
    case 'delete':
      return null;
    case 'drop-field': {
      if (!ls.length) return buf;
      const { fields, eol } = splitFields(ls[li]);
      if (fields.length > 1) fields.splice(m.b % fields.length, 1);
      ls[li] = joinFields(fields, eol);
      return Buffer.concat(ls);
    }
    case 'quote': {
      // at a field start half of the time (opens a quoted field that never closes), else anywhere
      const starts = positions(buf, (b) => b === 0x2c || b === 0x0a).map((p) => p + 1);
      const p = m.b % 2 === 0 && starts.length ? starts[m.c % starts.length] : at;
      return splice(buf, p, 0, m.c % 3 === 0 ? '""' : '"');
    }
    case 'digit-letter': {
      const ds = positions(buf, isDigit);
      if (!ds.length) return buf;
      const p = ds[m.a % ds.length];
      const letters = 'aOlIeEx+-. ,';
      return splice(buf, p, 1, letters[m.b % letters.length]);
    }
    case 'header-rename': {
      if (!ls.length) return buf;
      const { fields, eol } = splitFields(ls[0]);
      const k = m.b % fields.length;
      const choice = m.c % 4;
      if (choice === 0) fields[k] = u8(BAD_HEADERS[m.c % BAD_HEADERS.length]);
      else if (choice === 1) fields[k] = u8(m.text);
      else if (choice === 2) fields[k] = Buffer.concat([fields[k], u8('x')]);
      else fields[k] = fields[(k + 1) % fields.length]; // a duplicate column
      ls[0] = joinFields(fields, eol);
      return Buffer.concat(ls);
    }
    case 'bad-utf8': {
      const seq = INVALID_UTF8[m.b % INVALID_UTF8.length];
      return m.c % 4 === 0 ? Buffer.concat([buf, Buffer.from(seq)]) : splice(buf, at, 0, seq);
    }
    case 'nul': {
      let out = buf;
      for (let k = 0; k <= m.b % 3; k++) out = splice(out, (m.a + k * 7919) % (out.length + 1), 0, [0]);
      return out;
    }
    case 'eol': {
      const mode = m.b % 4; // 0: all CRLF, 1: all CR, 2: mixed, 3: LF → CR LF CR (blank-ish)
      const parts = [];
      let s = 0;
      let k = m.c;
      for (let i = 0; i < n; i++) {
        if (buf[i] !== 0x0a) continue;
        const end = i > 0 && buf[i - 1] === 0x0d ? i - 1 : i;
        parts.push(buf.subarray(s, end));
        k = (k * 1103515245 + 12345) >>> 0;
        const eols = ['\r\n', '\r', '\n', '\r\r\n'];
        parts.push(u8(mode === 0 ? '\r\n' : mode === 1 ? '\r' : mode === 2 ? eols[k % 3] : eols[k % 4]));
        s = i + 1;
      }
      parts.push(buf.subarray(s));
      return Buffer.concat(parts);
    }
    case 'huge-number': {
      // replace a run of digits (with its decimals) by a huge or odd number
      const ds = positions(buf, isDigit);
      const rep = HUGE_NUMBERS[m.b % HUGE_NUMBERS.length];
      if (!ds.length) return splice(buf, at, 0, rep);
      let s = ds[m.a % ds.length];
      while (s > 0 && (isDigit(buf[s - 1]) || buf[s - 1] === 0x2e)) s--;
      let e = s;
      while (e < n && (isDigit(buf[e]) || buf[e] === 0x2e)) e++;
      return splice(buf, s, e - s, rep);
    }
    case 'long-field': {
      const len = [65535, 65536, 65537, 70000, 200000][m.b % 5];
      const body = m.c % 3 === 0 ? '"' + 'x\n'.repeat(len / 2) + '"' : m.c % 3 === 1 ? '"' + 'y'.repeat(len) : 'z'.repeat(len);
      const starts = [0, ...positions(buf, (b) => b === 0x2c || b === 0x0a).map((p) => p + 1)];
      return splice(buf, starts[m.a % starts.length], 0, body);
    }
    case 'many-columns': {
      const count = [999, 1000, 1001, 3000][m.b % 4];
      if (!ls.length) return u8('c,'.repeat(count) + 'c\n');
      const line = ls[li];
      const body = line[line.length - 1] === 0x0a ? line.subarray(0, line.length - 1) : line;
      ls[li] = Buffer.concat([body, u8(',h'.repeat(count)), line.subarray(body.length)]);
      return Buffer.concat(ls);
    }
    case 'dup-line':
      if (!ls.length) return buf;
      ls.splice(li, 0, ls[li]);
      return Buffer.concat(ls);
    case 'del-line':
      if (!ls.length) return buf;
      ls.splice(li, 1);
      return Buffer.concat(ls);
    case 'insert-text':
      return splice(buf, at, 0, u8(m.text));
    case 'bom': {
      const boms = [[0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff], [0x00, 0x00, 0xfe, 0xff], [0xff, 0xfe, 0, 0], [0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf], [0xef, 0xbb]];
      return Buffer.concat([Buffer.from(boms[m.b % boms.length]), buf]);
    }
    case 'sign': {
      const ds = positions(buf, isDigit);
      if (!ds.length) return buf;
      return splice(buf, ds[m.a % ds.length], 0, ['-', '+', '−', '¥', '￥', ' ', '\t'][m.b % 7]);
    }
    case 'blank-lines':
      return splice(buf, ls.slice(0, li).reduce((s, l) => s + l.length, 0), 0, [',,,\n', '\n\n', ' , , \n', '\r\n\r\n', '\t\n'][m.b % 5]);
    case 'swap-columns': {
      // header and every row swap the same two columns: still valid data (tests column matching by name)
      const out = ls.map((l) => {
        const { fields, eol } = splitFields(l);
        if (fields.length < 2) return l;
        const i = m.b % fields.length;
        const j = m.c % fields.length;
        [fields[i], fields[j]] = [fields[j], fields[i]];
        return joinFields(fields, eol);
      });
      return Buffer.concat(out);
    }
    case 'formula': {
      if (ls.length < 2) return buf;
      const k = 1 + (m.a % (ls.length - 1));
      const { fields, eol } = splitFields(ls[k]);
      const f = m.b % fields.length;
      fields[f] = u8(['=1+1', '+cmd|/c calc', '-2+3', '@SUM(A1)', '"\t=x"', '"\r=y"', '=HYPERLINK("http://x")'][m.c % 7]);
      ls[k] = joinFields(fields, eol);
      return Buffer.concat(ls);
    }
    case 'yaml-value': {
      // replace the value after the `:` of a random `key: value` line
      if (!ls.length) return buf;
      const cand = ls.map((l, i) => [l, i]).filter(([l]) => /:\s+\S/.test(l.toString('latin1')));
      if (!cand.length) return buf;
      const [l, i] = cand[m.b % cand.length];
      const text = l.toString('utf8');
      const colon = text.indexOf(':', text.search(/\S/));
      const eol = text.endsWith('\n') ? '\n' : '';
      ls[i] = u8(text.slice(0, colon + 1) + ' ' + YAML_VALUES[m.c % YAML_VALUES.length] + eol);
      return Buffer.concat(ls);
    }
    case 'yaml-indent': {
      if (!ls.length) return buf;
      const ind = ['', ' ', '   ', '\t', '      ', '  - '][m.b % 6];
      const text = ls[li].toString('utf8');
      ls[li] = u8(m.c % 2 ? ind + text : ind + text.trimStart());
      return Buffer.concat(ls);
    }
    case 'yaml-append':
      return Buffer.concat([buf, u8(YAML_APPENDS[m.b % YAML_APPENDS.length])]);
    case 'yaml-key': {
      // misspell or duplicate a key
      const cand = ls.map((l, i) => [l, i]).filter(([l]) => /^\s*[A-Za-z_]+:/.test(l.toString('latin1')));
      if (!cand.length) return buf;
      const [l, i] = cand[m.b % cand.length];
      const text = l.toString('utf8');
      if (m.c % 2) ls.splice(i, 0, l);
      else ls[i] = u8(text.replace(/([A-Za-z_]+):/, (_, k) => `${k.slice(0, -1)}:`));
      return Buffer.concat(ls);
    }
    default:
      throw new Error(`unknown mutation ${m.kind}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Cases

/**
 * The fast-check arbitrary of one case. `fixedBases` is how many fixed base folders there are;
 * a base ≥ fixedBases means the random village of seed (base − fixedBases).
 */
export function caseArbitrary(fixedBases) {
  const mutation = fc.record({
    file: fc.constantFrom(...RUN_FILES),
    kind: fc.oneof({ arbitrary: fc.constantFrom(...SHALLOW_KINDS), weight: 1 }, { arbitrary: fc.constantFrom(...DEEP_KINDS), weight: 3 }),
    a: fc.nat(),
    b: fc.nat(),
    c: fc.nat(),
    bytes: fc.uint8Array({ maxLength: 600 }),
    text: fc.string({ unit: 'binary', maxLength: 12 }),
  });
  return fc.record({
    base: fc.oneof(fc.integer({ min: 0, max: fixedBases - 1 }), fc.integer({ min: fixedBases, max: fixedBases + 100_000 })),
    encoding: fc.oneof({ arbitrary: fc.constant('auto'), weight: 8 }, { arbitrary: fc.constantFrom('utf8', 'gb18030'), weight: 1 }),
    mutations: fc.array(mutation, { minLength: 1, maxLength: 3 }),
  });
}

/** A short readable line for a case (for reports). */
export function describeCase(c) {
  return `base=${c.base} enc=${c.encoding} ` + c.mutations.map((m) => `${m.file}:${m.kind}(${m.a % 1000},${m.b % 1000},${m.c % 1000})`).join(' ');
}

/** The input files of a case. `bases` are fixed folders' files; `village(seed)` gives a random one. */
export function caseFiles(c, bases, village) {
  const base = c.base < bases.length ? bases[c.base] : village(c.base - bases.length).files.map((f) => ({ name: f.name, content: f.content }));
  const byName = new Map(base.map((f) => [f.name, f.content]));
  for (const m0 of c.mutations) {
    // Damage aimed at a file the base does not have mostly goes to one it has (a new file is only
    // made from arbitrary bytes or text, or by one case in four)
    const present = [...byName.keys()];
    const file = byName.has(m0.file) || ['bytes', 'insert-text'].includes(m0.kind) || m0.c % 4 === 0 || !present.length ? m0.file : present[m0.a % present.length];
    const m = { ...m0, file };
    // YAML-only damage on a CSV file, and CSV-only damage on rules.yaml, fall back to an insertion
    const kind = (file === 'rules.yaml' ? YAML_KINDS : CSV_KINDS).includes(m.kind) ? m.kind : 'insert-text';
    const next = mutate(byName.get(file) ?? null, { ...m, kind });
    if (next === null) byName.delete(file);
    else byName.set(file, next);
  }
  return [...byName].map(([name, content]) => ({ name, content }));
}

// ---------------------------------------------------------------------------------------------
// The property

const CODE = /^E_[A-Z0-9_]+$/;
const WCODE = /^W_[A-Z0-9_]+$/;
/** What the CLI prints for a problem: `FILE:LINE:COLUMN: CODE: message`, one line. */
export const PROBLEM_LINE = /^(.+):(\d+):(\d+): ([EW]_[A-Z0-9_]+): (.+)$/;

/** Everything wrong with one problem entry ([] when it is well-formed). */
export function problemDefects(p, dir, codeRe) {
  const bad = [];
  if (typeof p.file !== 'string' || p.file === '') bad.push('no file');
  else if (!p.file.startsWith(dir)) bad.push(`file ${JSON.stringify(p.file)} is not in the run folder`);
  if (!Number.isInteger(p.line) || p.line < 0) bad.push(`line ${p.line}`);
  if (!Number.isInteger(p.column) || p.column < 0) bad.push(`column ${p.column}`);
  if (typeof p.code !== 'string' || !codeRe.test(p.code)) bad.push(`code ${JSON.stringify(p.code)}`);
  if (typeof p.message !== 'string' || p.message.trim() === '') bad.push('empty message');
  else if (/[\r\n]/.test(p.message)) bad.push('message spans lines');
  const printed = `${p.file}:${p.line}:${p.column}: ${p.code}: ${p.message}`;
  if (bad.length === 0 && !PROBLEM_LINE.test(printed)) bad.push(`does not print as FILE:LINE:COLUMN: CODE: message`);
  return bad.length ? [`${JSON.stringify(p).slice(0, 300)}: ${bad.join(', ')}`] : [];
}

export class FuzzFailure extends Error {}

/**
 * Runs one case's folder through the pipeline. Returns 'rejected' (errors, the CLI's exit 1) or
 * 'accepted' (the CLI's exit 0); throws FuzzFailure for anything else (a throw past the analysis,
 * a malformed problem, a failed render or reconciliation check, a case slower than `slowMs`).
 */
export async function checkFolder(dir, encoding, { analyseRun, renderRunFiles }, slowMs = 10_000) {
  const t0 = performance.now();
  // a promise that never settles (a stream left hanging) fails the case instead of the campaign;
  // a synchronous endless loop cannot be caught in-process (the campaign would stop there)
  let timer;
  const hang = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new FuzzFailure(`no result after ${slowMs * 3} ms (hangs)`)), slowMs * 3);
  });
  try {
    return await Promise.race([checkFolderInner(dir, encoding, { analyseRun, renderRunFiles }, slowMs, t0), hang]);
  } finally {
    clearTimeout(timer);
  }
}

async function checkFolderInner(dir, encoding, { analyseRun, renderRunFiles }, slowMs, t0) {
  let a;
  try {
    a = await analyseRun(dir, { encoding });
  } catch (e) {
    throw new FuzzFailure(`analyseRun threw (the CLI would exit 3 or crash): ${e?.stack ?? e}`);
  }
  const defects = [
    ...a.problems.errors.flatMap((p) => problemDefects(p, dir, CODE)),
    ...a.warnings.flatMap((p) => problemDefects(p, dir, WCODE)),
  ];
  if (defects.length) throw new FuzzFailure(`malformed problems:\n  ${defects.slice(0, 5).join('\n  ')}`);
  let outcome;
  if (a.problems.errors.length > 0) {
    if (a.dist !== null || a.data !== null) throw new FuzzFailure('errors, but a distribution was still returned');
    outcome = 'rejected';
  } else {
    if (!a.rules || !a.data || !a.dist) throw new FuzzFailure('no errors, but no rules/data/distribution');
    let r;
    try {
      r = await renderRunFiles(a.rules, a.data, a.dist, a.warnings.map(({ code, message }) => ({ code, message })), {
        lang: 'zh',
        encoding: encoding === 'gb18030' ? 'gb18030' : 'utf8',
      });
    } catch (e) {
      throw new FuzzFailure(`renderRunFiles threw on a folder without errors: ${e?.stack ?? e}`);
    }
    const names = r.files.map((f) => f.name);
    if (names.length < 3 || new Set(names).size !== names.length || names.some((x) => !/^[\w.-]+$/.test(x))) {
      throw new FuzzFailure(`bad output file list: ${names.join(' ')}`);
    }
    const checks = r.summary.checks;
    if (!Array.isArray(checks) || checks.length < 4 || checks.some((c) => c.ok !== true)) {
      throw new FuzzFailure(`reconciliation checks not all ok: ${JSON.stringify(checks)}`);
    }
    outcome = 'accepted';
  }
  const ms = performance.now() - t0;
  if (ms > slowMs) throw new FuzzFailure(`took ${Math.round(ms)} ms (limit ${slowMs})`);
  return { outcome, errors: a.problems.errors.length, codes: [...new Set(a.problems.errors.map((e) => e.code))], ms };
}
