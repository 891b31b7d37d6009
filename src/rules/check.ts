/**
 * Typed readers over the positioned YAML tree (yamlTree.ts). Each reader reports what is wrong as
 * E_BAD_RULES at the key's or value's place, with the key's path, and returns undefined; the
 * caller carries on so that every problem is found in one pass.
 */
import { parseExact, pow10, type Exact } from '../money/exact.js';
import type { Problems } from '../problems.js';
import type { RulePos } from './types.js';
import { badAt, type At, type PMap, type PNode, type PScalar, type PSeq } from './yamlTree.js';
import { suggest } from '../util/suggest.js';

/** Rule numbers: below 10^12 and at most this many decimals. */
export const MAX_INT_DIGITS = 12;
export const MAX_DECIMALS = 10;

export function pathKey(parent: string, key: string): string {
  return parent === '' ? key : `${parent}.${key}`;
}

export function pathIndex(parent: string, i: number): string {
  return `${parent}[${i}]`;
}

export function rulePos(at: At): RulePos {
  return { line: at.line, column: at.column, file: at.file };
}

function describe(n: PNode): string {
  if (n.kind === 'map') return '映射 (a map)';
  if (n.kind === 'seq') return '列表 (a list)';
  if (n.value === null) return '空值 (empty)';
  if (n.style !== 'plain') return `带引号的文本 "${clip(n.source)}" (quoted text)`;
  if (typeof n.value === 'boolean') return `布尔值 ${n.source} (a boolean)`;
  if (typeof n.value === 'number' || typeof n.value === 'bigint') return `数字 ${clip(n.source)} (a number)`;
  return `文本 "${clip(n.source)}" (text)`;
}

export function clip(s: string): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > 40 ? one.slice(0, 40) + '…' : one;
}

export class Checker {
  constructor(readonly problems: Problems) {}

  /** `path: 中文 (English)` as E_BAD_RULES at `at`. */
  bad(at: At, path: string, zh: string, en: string): void {
    badAt(this.problems, at, `${path}: ${zh} (${en})`);
  }

  wrongType(n: PNode, path: string, zh: string, en: string): void {
    const got = describe(n);
    this.problems.error(n.at.file, n.at.line, n.at.column, 'E_BAD_RULES', `${path}: 应为${zh}, 实际为${got} (expected ${en})`);
  }

  isNull(n: PNode): boolean {
    return n.kind === 'scalar' && n.value === null;
  }

  /**
   * A map with only the `allowed` keys (others: unknown key, with a suggestion). `null` (a key
   * written with nothing after it) reads as an empty map.
   */
  map(n: PNode, path: string, allowed: readonly string[]): PMap | undefined {
    if (this.isNull(n)) return { kind: 'map', at: n.at, entries: new Map() };
    if (n.kind !== 'map') {
      this.wrongType(n, path, '映射 (键: 值)', 'a map of keys');
      return undefined;
    }
    let before: PNode | null = null;
    for (const e of n.entries.values()) {
      const prev = before;
      before = e.value;
      if (allowed.includes(e.key)) continue;
      // `amount: 30,000` inside { }: the entry before holds the number's first digits
      const digits = prev?.kind === 'scalar' && /^\d{1,3}$/.test(prev.source) ? prev.source : null;
      this.unknownKey(e.keyAt, pathKey(path, e.key), allowed, digits);
    }
    return n;
  }

  /** A map whose keys the caller checks itself; null = empty. */
  anyMap(n: PNode, path: string): PMap | undefined {
    return this.map(n, path, [...(n.kind === 'map' ? n.entries.keys() : [])]);
  }

  /** `digits`: the value of the entry before, when it may be a number's first digits (`30` of `30,000`). */
  unknownKey(at: At, path: string, allowed: readonly string[], digits: string | null = null): void {
    const key = path.slice(path.lastIndexOf('.') + 1);
    if (/^\d{3}$/.test(key)) {
      // `{ to: 村集体, amount: 20,000 }`: inside { } the comma ends the entry, and `000` looks like a key.
      const parent = path.slice(0, path.lastIndexOf('.'));
      const [written, meant] = digits !== null ? [`${digits},${key}`, `${digits}${key}`] : ['20,000', '20000'];
      this.bad(at, parent, `数字里写了千分位逗号, 被拆成了两项: 请把 ${written} 写成 ${meant}`, `a thousands separator split the number: write ${meant}, not ${written}`);
      return;
    }
    if (key.includes('：')) {
      this.bad(at, path, '用了全角冒号 "：", 请改为半角冒号 ":" 并在后面加一个空格', 'a full-width colon; write ":" followed by a space');
      return;
    }
    const s = suggest(key, allowed);
    if (s !== null) this.bad(at, path, `未知的键, 是否应为 ${s}?`, `unknown key; did you mean ${s}?`);
    else this.bad(at, path, `未知的键, 可用的键: ${allowed.join(', ')}`, `unknown key; allowed: ${allowed.join(', ')}`);
  }

  /** A map whose keys are free names (land types, jobs, classes): any map; null = empty. */
  namedMap(n: PNode, path: string): PMap | undefined {
    if (this.isNull(n)) return { kind: 'map', at: n.at, entries: new Map() };
    if (n.kind !== 'map') {
      this.wrongType(n, path, '映射 (名称: 数值)', 'a map of names');
      return undefined;
    }
    return n;
  }

  /** A list; null = empty. */
  seq(n: PNode, path: string): PSeq | undefined {
    if (this.isNull(n)) return { kind: 'seq', at: n.at, items: [] };
    if (n.kind !== 'seq') {
      this.wrongType(n, path, '列表', 'a list');
      return undefined;
    }
    return n;
  }

  /** Reports required keys missing from `m`, at `at` (the map's own key) or else the map's place. */
  required(m: PMap, path: string, keys: readonly string[], at?: At): void {
    for (const k of keys) {
      if (!m.entries.has(k)) this.bad(at ?? m.at, pathKey(path, k), '缺少必填项', 'required key missing');
    }
  }

  private scalarOrNull(n: PNode, path: string, zh: string, en: string): PScalar | undefined {
    if (n.kind !== 'scalar') {
      this.wrongType(n, path, zh, en);
      return undefined;
    }
    if (n.value === null) {
      this.bad(n.at, path, `缺少值, 应为${zh}`, `value missing; expected ${en}`);
      return undefined;
    }
    return n;
  }

  /**
   * A plain decimal number, exactly as written. `min` 'ge0' (≥ 0) or 'gt0' (> 0);
   * `maxDecimals` 2 for money.
   */
  number(n: PNode, path: string, min: 'ge0' | 'gt0', maxDecimals = MAX_DECIMALS): Exact | undefined {
    const s = this.scalarOrNull(n, path, '数字', 'a number');
    if (!s) return undefined;
    if (s.style !== 'plain') {
      this.bad(s.at, path, `应为数字, 不要加引号: ${clip(s.source)}`, 'expected a number, not quoted text');
      return undefined;
    }
    const text = s.source;
    const x = parseExact(text);
    if (x === null) {
      const looksNumeric = typeof s.value === 'number' || typeof s.value === 'bigint' || /^[-+.\d]/.test(text);
      if (!looksNumeric) {
        this.wrongType(s, path, '数字', 'a number');
      } else if (/^-/.test(text)) {
        this.bad(s.at, path, `不能为负数: ${clip(text)}`, 'must not be negative');
      } else if (/^\+/.test(text)) {
        this.bad(s.at, path, `不要写正号: ${clip(text)}`, 'write the number without a sign');
      } else if (/^\d*\.?\d*[eE]/.test(text)) {
        this.bad(s.at, path, `不支持科学计数法, 请直接写出数字: ${clip(text)}`, 'no exponents; write the number out');
      } else if (/^\.\d/.test(text)) {
        this.bad(s.at, path, `请写成 0${clip(text)}`, `write 0${clip(text)}, not ${clip(text)}`);
      } else if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(text)) {
        this.bad(s.at, path, `不要写千分位逗号: ${clip(text)}`, 'no thousands separators');
      } else if (/^\d+\.$/.test(text)) {
        this.bad(s.at, path, `小数点后缺少数字: ${clip(text)}`, 'digits missing after the decimal point');
      } else {
        this.bad(s.at, path, `不是普通的十进制数: ${clip(text)}`, 'not a plain decimal number');
      }
      return undefined;
    }
    if (x.scale > maxDecimals) {
      this.bad(s.at, path, `最多 ${maxDecimals} 位小数: ${clip(text)}`, `at most ${maxDecimals} decimals`);
      return undefined;
    }
    if (x.units >= pow10(MAX_INT_DIGITS + x.scale)) {
      this.bad(s.at, path, `数值过大 (须小于 10^${MAX_INT_DIGITS}): ${clip(text)}`, `too large; must be below 10^${MAX_INT_DIGITS}`);
      return undefined;
    }
    if (min === 'gt0' && x.units === 0n) {
      this.bad(s.at, path, '必须大于 0', 'must be > 0');
      return undefined;
    }
    return x;
  }

  /** Money in 元 (≥ 0, at most 2 decimals), as fen. */
  moneyFen(n: PNode, path: string): bigint | undefined {
    const x = this.number(n, path, 'ge0', 2);
    if (!x) return undefined;
    return x.units * pow10(2 - x.scale);
  }

  /** A whole number written in plain digits. */
  integer(n: PNode, path: string): number | undefined {
    const s = this.scalarOrNull(n, path, '整数', 'a whole number');
    if (!s) return undefined;
    if (s.style !== 'plain') {
      this.bad(s.at, path, `应为整数, 不要加引号: ${clip(s.source)}`, 'expected a whole number, not quoted text');
      return undefined;
    }
    if (!/^\d{1,15}$/.test(s.source)) {
      if (typeof s.value === 'number') this.bad(s.at, path, `应为整数: ${clip(s.source)}`, 'expected a whole number');
      else this.wrongType(s, path, '整数', 'a whole number');
      return undefined;
    }
    return Number(s.source);
  }

  /**
   * Text (trimmed, non-empty). Plain numbers count as text as written (`category: 1` is "1");
   * booleans, empty values, lists and maps do not.
   */
  text(n: PNode, path: string): string | undefined {
    const s = this.scalarOrNull(n, path, '文本', 'text');
    if (!s) return undefined;
    if (typeof s.value === 'boolean') {
      this.wrongType(s, path, '文本', 'text');
      return undefined;
    }
    const t = s.source.trim();
    if (t === '') {
      this.bad(s.at, path, '不能为空', 'must not be empty');
      return undefined;
    }
    return t;
  }

  /** One of `allowed` (text, as written). */
  oneOf<T extends string>(n: PNode, path: string, allowed: readonly T[]): T | undefined {
    const t = this.text(n, path);
    if (t === undefined) return undefined;
    if ((allowed as readonly string[]).includes(t)) return t as T;
    const shown = allowed.map((a) => JSON.stringify(a)).join(', ');
    const s = suggest(t, allowed);
    const hint = s !== null ? `, 是否应为 ${s}?` : '';
    const hintEn = s !== null ? `; did you mean ${s}?` : '';
    this.bad(n.at, path, `"${clip(t)}" 无效, 可选: ${shown}${hint}`, `must be one of ${shown}${hintEn}`);
    return undefined;
  }

  bool(n: PNode, path: string): boolean | undefined {
    const s = this.scalarOrNull(n, path, ' true 或 false', 'true or false');
    if (!s) return undefined;
    if (s.style === 'plain' && typeof s.value === 'boolean') return s.value;
    this.wrongType(s, path, ' true 或 false', 'true or false');
    return undefined;
  }
}
