import { type Checker, pathIndex } from '../check.js';
import { BANK_COLUMNS, BANK_DELIMITERS, BANK_ENCODINGS, type BankColumn, type BankFileRules } from '../types.js';
import type { PMap, PNode } from '../yamlTree.js';
import { entry } from './common.js';

/** `bank_file` (代发文件): only the keys written; {} when the section is absent or empty. */
export function readBankFile(c: Checker, root: PMap): BankFileRules {
  const extra: { bank_file?: BankFileRules } = {};
  const bankNode = entry(root, 'bank_file');
  if (bankNode && !c.isNull(bankNode)) {
    const m = c.map(bankNode, 'bank_file', ['columns', 'delimiter', 'header', 'encoding']);
    if (m) {
      const out: BankFileRules = {};
      const cols = entry(m, 'columns');
      if (cols) {
        const list = c.seq(cols, 'bank_file.columns');
        if (list && list.items.length === 0) c.bad(list.at, 'bank_file.columns', '至少需要一列', 'must list at least one column');
        if (list && list.items.length > 0) {
          const seen = new Set<string>();
          const got: BankColumn[] = [];
          list.items.forEach((it, i) => {
            const p = pathIndex('bank_file.columns', i);
            const v = c.oneOf(it, p, BANK_COLUMNS);
            if (v === undefined) return;
            if (seen.has(v)) {
              c.bad(it.at, p, `列 ${v} 重复`, `column ${v} is listed twice`);
              return;
            }
            seen.add(v);
            got.push(v);
          });
          out.columns = got;
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
      const en = entry(m, 'encoding');
      if (en) {
        const v = c.oneOf(en, 'bank_file.encoding', BANK_ENCODINGS);
        if (v !== undefined) out.encoding = v;
      }
      extra.bank_file = out;
    }
  }

  return extra.bank_file ?? {};
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
