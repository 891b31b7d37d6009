/**
 * Long because the converter from yaml's document to positioned nodes and the merge walk the same node types.
 *
 * YAML → a small tree that remembers, for every key and value, the file and line:column it came
 * from. rules.yaml (and pool.yaml) are validated over this tree, so a value merged in from
 * ROOT/rules.yaml still points at ROOT/rules.yaml.
 *
 * Safety (cron jobs must never hang or run out of memory): texts over 1 MiB, nesting deeper than
 * MAX_DEPTH, more than MAX_ALIASES alias uses and more than MAX_NODES nodes are refused.
 */
import { createHash } from 'node:crypto';
import {
  LineCounter,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseDocument,
  type Document,
  type Node as YamlNode,
} from 'yaml';
import type { Problems } from '../problems.js';
import { findSlips } from './yamlSlips.js';
import { findTooDeep } from './yamlDepth.js';

export { findTooDeep };

export const MAX_BYTES = 1024 * 1024;
export const MAX_DEPTH = 50;
export const MAX_ALIASES = 100;
export const MAX_NODES = 100_000;

/** A place: file as given, 1-based line and column (0:0 = the whole file). */
export interface At {
  file: string;
  line: number;
  column: number;
}

export interface PEntry {
  key: string;
  keyAt: At;
  value: PNode;
}

export interface PMap {
  kind: 'map';
  at: At;
  /** Keys (trimmed) in the order written; after a merge, new keys come after the earlier file's. */
  entries: Map<string, PEntry>;
}

export interface PSeq {
  kind: 'seq';
  at: At;
  items: PNode[];
}

export interface PScalar {
  kind: 'scalar';
  at: At;
  /** The value as YAML's core schema resolves it: string, number, boolean or null. */
  value: unknown;
  /** plain: as written (numbers are read from here, exactly); quoted / block: the string value. */
  style: 'plain' | 'quoted' | 'block';
  /** For plain scalars the source text as written; otherwise the string value. */
  source: string;
}

export type PNode = PMap | PSeq | PScalar;

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** One line, for messages: newlines and runs of spaces collapse. */
function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

export function badAt(problems: Problems, at: At, message: string): void {
  problems.error(at.file, at.line, at.column, 'E_BAD_RULES', oneLine(message));
}

export interface ParsedSource {
  /** null when the document is empty (nothing but comments or blank lines). */
  root: PNode | null;
  ok: boolean;
}

/**
 * Parses one YAML text into a PNode tree. Every problem found (syntax, duplicate keys, tags,
 * aliases, limits) is reported as E_BAD_RULES at its place; `ok` is false when any was.
 */
export function parseYamlSource(file: string, text: string, problems: Problems): ParsedSource {
  const whole: At = { file, line: 0, column: 0 };
  if (Buffer.byteLength(text, 'utf8') > MAX_BYTES) {
    badAt(problems, whole, `文件超过 1 MiB, 拒绝读取 (file is larger than 1 MiB)`);
    return { root: null, ok: false };
  }
  // A BOM is not content; dropping it keeps line 1's columns right.
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lc = new LineCounter();
  // The parser registers every newline in `lc` as it goes, so positions are known for its errors too.
  const posOf = (offset: number): At => {
    const p = lc.linePos(offset);
    return { file, line: Math.max(p.line, 1), column: Math.max(p.col, 1) };
  };
  const depthLines = new LineCounter();
  const deep = findTooDeep(src, MAX_DEPTH, depthLines);
  if (deep >= 0) {
    const p = depthLines.linePos(deep);
    badAt(problems, { file, line: p.line, column: p.col }, `嵌套超过 ${MAX_DEPTH} 层, 拒绝读取 (nesting deeper than ${MAX_DEPTH} levels)`);
    return { root: null, ok: false };
  }
  let doc: Document.Parsed;
  try {
    doc = parseDocument(src, {
      lineCounter: lc,
      uniqueKeys: false, // checked below, on keys as written ("1" and "1.0" are different keys)
      prettyErrors: false,
      merge: false,
      strict: true,
    });
  } catch (e) {
    badAt(problems, whole, `YAML 无法解析 (YAML could not be parsed): ${e instanceof Error ? e.message : String(e)}`);
    return { root: null, ok: false };
  }
  let ok = true;
  const errors = [...doc.errors, ...doc.warnings];
  // On a syntax error, the input-method slips are named in Chinese first; the parser's own message
  // is kept only for lines where no slip explains it.
  // A full-width space in the indentation is read as text by YAML (a key "　shares" one level too
  // high): always a slip, named even when the file parses.
  const slips = errors.length > 0 || src.includes('\u3000') ? findSlips(src).filter((sl) => errors.length > 0 || sl.wideIndent) : [];
  for (const sl of slips) badAt(problems, { file, line: sl.line, column: sl.column }, `${sl.zh} (${sl.en})`);
  const slipLines = new Set(slips.map((sl) => sl.line));
  if (slips.length) ok = false;
  for (const e of errors) {
    ok = false;
    const at = posOf(e.pos[0]);
    if (slipLines.has(at.line) || slipLines.has(at.line - 1)) continue;
    const msg = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    badAt(problems, at, `YAML 语法错误, 请检查这一行的冒号、缩进和括号 (YAML syntax error): ${msg}`);
  }
  if (!ok) return { root: null, ok: false };
  if (doc.contents === null || doc.contents === undefined) return { root: null, ok: true };

  const conv = new Converter(file, src, doc, posOf, problems);
  const root = conv.node(doc.contents as YamlNode, 0, '');
  if (conv.failed) return { root: null, ok: false };
  // An empty plain scalar (a file with only `---`) is an empty document too.
  if (root && root.kind === 'scalar' && root.value === null) return { root: null, ok: true };
  return { root, ok: true };
}

class Converter {
  failed = false;
  private aliases = 0;
  private nodes = 0;
  private stopped = false;

  constructor(
    private readonly file: string,
    private readonly src: string,
    private readonly doc: Document.Parsed,
    private readonly posOf: (offset: number) => At,
    private readonly problems: Problems,
  ) {}

  private fail(at: At, path: string, message: string): void {
    this.failed = true;
    badAt(this.problems, at, path === '' ? message : `${path}: ${message}`);
  }

  private at(n: YamlNode | null | undefined, fallback: At): At {
    const r = n?.range;
    return r ? this.posOf(r[0]) : fallback;
  }

  /** Follows aliases (counted); null after reporting a problem. */
  private deref(n: YamlNode, at: At, path: string): YamlNode | null {
    let cur: YamlNode = n;
    while (isAlias(cur)) {
      if (++this.aliases > MAX_ALIASES) {
        this.stopped = true;
        this.fail(at, path, `别名 (*) 使用超过 ${MAX_ALIASES} 次, 拒绝读取 (more than ${MAX_ALIASES} alias uses)`);
        return null;
      }
      const target = cur.resolve(this.doc) as YamlNode | undefined;
      if (!target) {
        this.fail(at, path, `未定义的锚点 &${cur.source} (unknown anchor &${cur.source})`);
        return null;
      }
      cur = target;
    }
    return cur;
  }

  node(n: YamlNode, depth: number, path: string, fallback: At = { file: this.file, line: 1, column: 1 }): PNode | null {
    if (this.stopped) return null;
    const at = this.at(n, fallback);
    if (depth > MAX_DEPTH) {
      this.stopped = true;
      this.fail(at, path, `嵌套超过 ${MAX_DEPTH} 层, 拒绝读取 (nesting deeper than ${MAX_DEPTH} levels)`);
      return null;
    }
    if (++this.nodes > MAX_NODES) {
      this.stopped = true;
      this.fail(at, path, `节点超过 ${MAX_NODES} 个, 拒绝读取 (more than ${MAX_NODES} YAML nodes)`);
      return null;
    }
    const d = this.deref(n, at, path);
    if (!d) return null;
    if (d.tag !== undefined && d.tag !== null) {
      this.fail(at, path, `不支持 YAML 标签 ${d.tag} (YAML tags are not supported)`);
      return null;
    }
    if (isScalar(d)) {
      const style = d.type === 'PLAIN' || d.type === undefined ? 'plain' : d.type === 'BLOCK_LITERAL' || d.type === 'BLOCK_FOLDED' ? 'block' : 'quoted';
      let source: string;
      if (style === 'plain') {
        const r = d.range;
        source = r ? this.src.slice(r[0], r[1]).trim() : String(d.value ?? '');
      } else {
        source = String(d.value);
      }
      return { kind: 'scalar', at, value: d.value, style, source };
    }
    if (isSeq(d)) {
      const items: PNode[] = [];
      for (const [idx, it] of d.items.entries()) {
        const ipath = `${path}[${idx}]`;
        if (it === null || it === undefined) {
          items.push({ kind: 'scalar', at, value: null, style: 'plain', source: '' });
          continue;
        }
        if (isPair(it)) {
          // `- [a: 1]` style single pairs inside a flow sequence: a one-key map
          const m = this.pairsToMap([it], depth + 1, ipath, this.at(it.key as YamlNode, at));
          if (!m) return null;
          items.push(m);
          continue;
        }
        const c = this.node(it as YamlNode, depth + 1, ipath, at);
        if (!c) return null;
        items.push(c);
      }
      return { kind: 'seq', at, items };
    }
    if (isMap(d)) {
      return this.pairsToMap(d.items, depth, path, at);
    }
    this.fail(at, path, `无法识别的 YAML 节点 (unsupported YAML node)`);
    return null;
  }

  private pairsToMap(pairs: readonly unknown[], depth: number, path: string, at: At): PMap | null {
    const entries = new Map<string, PEntry>();
    for (const p of pairs) {
      if (!isPair(p)) continue;
      const rawKey = p.key as YamlNode | null;
      const keyAt = this.at(rawKey, at);
      const k = rawKey === null ? null : this.deref(rawKey, keyAt, path);
      if (this.stopped) return null;
      if (k === null || !isScalar(k) || k.value === null) {
        if (rawKey === null || (k !== null && isScalar(k))) this.fail(keyAt, path, `键不能为空 (empty key)`);
        else if (k !== null) this.fail(keyAt, path, `键必须是文本 (a key must be plain text, not a list or map)`);
        continue;
      }
      if (k.tag !== undefined && k.tag !== null) {
        this.fail(keyAt, path, `不支持 YAML 标签 ${k.tag} (YAML tags are not supported)`);
        continue;
      }
      // Keys are text as written: `1.0:` is "1.0", never the number 1.
      const isPlain = k.type === 'PLAIN' || k.type === undefined;
      const r = k.range;
      const key = (isPlain && r ? this.src.slice(r[0], r[1]) : String(k.value)).trim();
      if (key === '') {
        this.fail(keyAt, path, `键不能为空 (empty key)`);
        continue;
      }
      const kpath = path === '' ? key : `${path}.${key}`;
      const prev = entries.get(key);
      if (prev) {
        this.fail(keyAt, kpath, `重复的键, 第 ${prev.keyAt.line} 行已有 (duplicate key, already at line ${prev.keyAt.line})`);
        continue;
      }
      const rawVal = p.value as YamlNode | null;
      let value: PNode | null;
      if (rawVal === null || rawVal === undefined) {
        value = { kind: 'scalar', at: keyAt, value: null, style: 'plain', source: '' };
      } else {
        value = this.node(rawVal, depth + 1, kpath, keyAt);
        if (!value) {
          if (this.stopped) return null;
          continue;
        }
        // `key:` with nothing after it: point at the key, not at the end of the line
        if (value.kind === 'scalar' && value.value === null && value.source === '') value.at = keyAt;
      }
      entries.set(key, { key, keyAt, value });
    }
    return { kind: 'map', at, entries };
  }
}

/**
 * Deep merge (SPEC §7): maps merge key by key (the later file's value wins, recursively), lists
 * and scalars are replaced by the later file's. Keys keep the earlier file's order; new keys follow.
 */
export function mergeNodes(a: PNode, b: PNode): PNode {
  if (a.kind !== 'map' || b.kind !== 'map') return b;
  const entries = new Map<string, PEntry>();
  for (const [k, e] of a.entries) entries.set(k, e);
  for (const [k, e] of b.entries) {
    const prev = entries.get(k);
    entries.set(k, prev ? { key: k, keyAt: e.keyAt, value: mergeNodes(prev.value, e.value) } : e);
  }
  return { kind: 'map', at: b.at, entries };
}
