import { type Checker, clip, pathIndex, pathKey } from '../check.js';
import {
  BANK_AMOUNT_TYPES,
  BANK_COLUMNS,
  BANK_DELIMITERS,
  BANK_ENCODINGS,
  BANK_FORMATS,
  BANK_PRESET_NAMES,
  BANK_PRESETS,
  BANK_SUMMARY_LINES,
  type BankColumn,
  type BankFileRules,
  type BankPreset,
  type BankSummaryLine,
} from '../types.js';
import type { PMap, PNode } from '../yamlTree.js';
import { entry } from './common.js';

const KEYS = ['preset', 'format', 'columns', 'labels', 'delimiter', 'header', 'summary_rows', 'payer', 'note', 'amount', 'sheet_name', 'encoding'] as const;
const LABEL_KEYS: readonly string[] = [...BANK_COLUMNS, ...BANK_SUMMARY_LINES];

/** `bank_file` (代发文件): only the keys written; {} when the section is absent or empty. */
export function readBankFile(c: Checker, root: PMap): BankFileRules {
  const bankNode = entry(root, 'bank_file');
  if (!bankNode || c.isNull(bankNode)) return {};
  const m = c.map(bankNode, 'bank_file', KEYS);
  if (!m) return {};
  const out: BankFileRules = {};
  /** Where each text that lands in the file was written, for the delimiter check below. */
  const texts: { at: PNode['at']; path: string; text: string }[] = [];

  const pr = entry(m, 'preset');
  if (pr) {
    const v = readPreset(c, pr);
    if (v !== undefined) out.preset = v;
  }
  const fm = entry(m, 'format');
  if (fm) {
    const v = c.oneOf(fm, 'bank_file.format', BANK_FORMATS);
    if (v !== undefined) out.format = v;
  }
  const cols = entry(m, 'columns');
  if (cols) {
    const got = readList(c, cols, 'bank_file.columns', BANK_COLUMNS, '列', 'column');
    if (got) out.columns = got;
  }
  const lb = entry(m, 'labels');
  if (lb) {
    const lm = c.map(lb, 'bank_file.labels', LABEL_KEYS);
    if (lm) {
      const labels: NonNullable<BankFileRules['labels']> = {};
      for (const e of lm.entries.values()) {
        if (!LABEL_KEYS.includes(e.key)) continue; // reported by c.map
        const path = pathKey('bank_file.labels', e.key);
        const t = oneLineText(c, e.value, path);
        if (t === undefined) continue;
        labels[e.key as BankColumn | BankSummaryLine] = t;
        texts.push({ at: e.value.at, path, text: t });
      }
      out.labels = labels;
    }
  }
  const dl = entry(m, 'delimiter');
  if (dl) {
    const v = readDelimiter(c, dl);
    if (v !== undefined) out.delimiter = v;
  }
  const hd = entry(m, 'header');
  if (hd) {
    const v = c.bool(hd, 'bank_file.header');
    if (v !== undefined) out.header = v;
  }
  const sr = entry(m, 'summary_rows');
  if (sr) {
    const v = readSummaryRows(c, sr);
    if (v !== undefined) out.summary_rows = v;
  }
  for (const key of ['payer', 'note'] as const) {
    const n = entry(m, key);
    if (!n) continue;
    const t = oneLineText(c, n, `bank_file.${key}`);
    if (t === undefined) continue;
    out[key] = t;
    texts.push({ at: n.at, path: `bank_file.${key}`, text: t });
  }
  const am = entry(m, 'amount');
  if (am) {
    const v = c.oneOf(am, 'bank_file.amount', BANK_AMOUNT_TYPES);
    if (v !== undefined) out.amount = v;
  }
  const sn = entry(m, 'sheet_name');
  if (sn) {
    const v = readSheetName(c, sn);
    if (v !== undefined) out.sheet_name = v;
  }
  const en = entry(m, 'encoding');
  if (en) {
    const v = c.oneOf(en, 'bank_file.encoding', BANK_ENCODINGS);
    if (v !== undefined) out.encoding = v;
  }

  // Keys that mean nothing in the chosen format are refused rather than ignored.
  const preset = out.preset ? BANK_PRESETS[out.preset] : {};
  const format = out.format ?? preset.format ?? 'csv';
  const only = (keys: readonly string[], fmt: string, why: string, whyEn: string) => {
    for (const key of keys) {
      const n = m.entries.get(key);
      if (n) c.bad(n.keyAt, `bank_file.${key}`, `只用于 format: ${fmt} (${why})`, `applies to format: ${fmt} only (${whyEn})`);
    }
  };
  if (format === 'xlsx') only(['delimiter', 'encoding'], 'csv', 'bank.xlsx 没有分隔符和编码', 'bank.xlsx has no delimiter or encoding');
  else only(['amount', 'sheet_name'], 'xlsx', 'bank.csv 的金额总是 2 位小数的文本', 'bank.csv has no cell types or sheets');
  if (format === 'csv') {
    // As for households' names and accounts (src/pipeline/checkBankFields.ts): a bank's import
    // program splits lines on the delimiter, and quoting is not something to count on there.
    const d = out.delimiter ?? preset.delimiter ?? ',';
    for (const t of texts) {
      if (t.text.includes(d)) c.bad(t.at, t.path, `含有分隔符 ${JSON.stringify(d)}, bank.csv 无法原样写出`, `holds the delimiter ${JSON.stringify(d)}, which bank.csv cannot carry`);
    }
  }
  return out;
}

/** A preset's name; a bank's Chinese name gets the preset as a hint. */
function readPreset(c: Checker, n: PNode): BankPreset | undefined {
  const t = c.text(n, 'bank_file.preset');
  if (t === undefined) return undefined;
  if ((BANK_PRESET_NAMES as readonly string[]).includes(t)) return t as BankPreset;
  const byName: [RegExp, BankPreset][] = [
    [/农信|农商|信用社|信用联社|农村商业|农合|农村合作/, 'nongxin'],
    [/农业银行|农行/, 'abc'],
    [/邮储|邮政/, 'psbc'],
  ];
  const hit = byName.find(([re]) => re.test(t))?.[1];
  if (hit === undefined) return c.oneOf(n, 'bank_file.preset', BANK_PRESET_NAMES);
  const shown = BANK_PRESET_NAMES.map((a) => JSON.stringify(a)).join(', ');
  c.bad(n.at, 'bank_file.preset', `"${clip(t)}" 无效, 可选: ${shown}, 是否应为 ${hit}?`, `must be one of ${shown}; did you mean ${hit}?`);
  return undefined;
}

/** A non-empty list of distinct names out of `allowed`. */
function readList<T extends string>(c: Checker, n: PNode, path: string, allowed: readonly T[], zh: string, en: string): T[] | undefined {
  const list = c.seq(n, path);
  if (!list) return undefined;
  if (list.items.length === 0) {
    c.bad(list.at, path, `至少需要一${zh}`, `must list at least one ${en}`);
    return undefined;
  }
  const seen = new Set<string>();
  const got: T[] = [];
  list.items.forEach((it, i) => {
    const p = pathIndex(path, i);
    const v = c.oneOf(it, p, allowed);
    if (v === undefined) return;
    if (seen.has(v)) {
      c.bad(it.at, p, `${zh} ${v} 重复`, `${en} ${v} is listed twice`);
      return;
    }
    seen.add(v);
    got.push(v);
  });
  return got;
}

/** true / false, or the lines to write, in order. */
function readSummaryRows(c: Checker, n: PNode): BankFileRules['summary_rows'] {
  const path = 'bank_file.summary_rows';
  if (n.kind === 'seq') {
    if (n.items.length === 0) {
      c.bad(n.at, path, '至少需要一行; 不要汇总行请写 false', 'must list at least one line; write false for none');
      return undefined;
    }
    return readList(c, n, path, BANK_SUMMARY_LINES, '行', 'line');
  }
  if (n.kind === 'scalar' && n.style === 'plain' && typeof n.value === 'boolean') return n.value;
  c.wrongType(n, path, ` true, false 或列表 [${BANK_SUMMARY_LINES.join(', ')}]`, `true, false or a list of ${BANK_SUMMARY_LINES.join(', ')}`);
  return undefined;
}

/** Text written into the file: on one line. */
function oneLineText(c: Checker, n: PNode, path: string): string | undefined {
  const t = c.text(n, path);
  if (t === undefined) return undefined;
  if (/[\r\n]/.test(t)) {
    c.bad(n.at, path, '不能换行', 'must be on one line');
    return undefined;
  }
  return t;
}

/** A worksheet name as Excel allows it: 1–31 characters, none of : \ / ? * [ ], no ' at either end. */
function readSheetName(c: Checker, n: PNode): string | undefined {
  const path = 'bank_file.sheet_name';
  const t = oneLineText(c, n, path);
  if (t === undefined) return undefined;
  if ([...t].length > 31) c.bad(n.at, path, `最多 31 个字符: ${clip(t)}`, 'at most 31 characters');
  else if (/[:\\/?*[\]]/.test(t)) c.bad(n.at, path, `不能含有 : \\ / ? * [ ]: ${clip(t)}`, 'must not hold : \\ / ? * [ ]');
  else if (t.startsWith("'") || t.endsWith("'")) c.bad(n.at, path, `不能以 ' 开头或结尾: ${clip(t)}`, "must not start or end with '");
  else return t;
  return undefined;
}

/** `,` `|` or a tab, untrimmed (a tab is whitespace). `\t` or `tab` written plainly get a hint. */
function readDelimiter(c: Checker, n: PNode): BankFileRules['delimiter'] {
  const path = 'bank_file.delimiter';
  if (n.kind === 'scalar' && n.value !== null && typeof n.value !== 'boolean') {
    const raw = n.style === 'plain' ? n.source : String(n.value);
    if ((BANK_DELIMITERS as readonly string[]).includes(raw)) return raw as BankFileRules['delimiter'];
    if (raw === '\\t' || raw.toLowerCase() === 'tab') {
      c.bad(n.at, path, '制表符请写成 "\\t" (用双引号)', 'write a tab as "\\t", in double quotes');
      return undefined;
    }
    c.bad(n.at, path, `${JSON.stringify(raw)} 无效, 可选: ",", "|", "\\t"`, 'must be one of ",", "|", "\\t"');
    return undefined;
  }
  c.wrongType(n, path, ' ",", "|" 或 "\\t"', '",", "|" or "\\t"');
  return undefined;
}
