/**
 * rules.yaml (SPEC §4): parse with positions → merge (batch, SPEC §7) → validate strictly → Rules.
 * Every problem is E_BAD_RULES with the key's path, at the YAML line:column of the key or value
 * in the file it came from; all problems are collected, and null is returned if there was any.
 */
import { createHash } from 'node:crypto';
import { InternalError, type Problems } from '../problems.js';
import { pow10, unitsAt, exactToString, type Exact } from '../money/exact.js';
import { BASES, type Basis, type FixedEntry, type Floor, type MemberBasis, type Rules, type ShareClass, type ShareEntry } from './types.js';
import { Checker, pathIndex, pathKey, rulePos, suggest, clip } from './check.js';
import { badAt, mergeNodes, parseYamlSource, sha256Hex, type PMap, type PNode } from './yamlTree.js';

export interface RulesSource {
  /** Path as the user gave it; kept exactly in every problem. */
  file: string;
  text: string;
}

/** `disclosure:` (公示), stored in Rules.extra.disclosure; only the keys written. */
export interface DisclosureRules {
  mask_names?: boolean;
}

export const BANK_COLUMNS = ['seq', 'name', 'account', 'amount', 'id_number', 'household_id', 'note'] as const;
export type BankColumn = (typeof BANK_COLUMNS)[number];
export const BANK_DELIMITERS = [',', '|', '\t'] as const;
export const BANK_ENCODINGS = ['gb18030', 'utf8'] as const;

/** `bank_file:` (代发文件), stored in Rules.extra.bank_file; only the keys written. */
export interface BankFileRules {
  columns?: BankColumn[];
  delimiter?: (typeof BANK_DELIMITERS)[number];
  header?: boolean;
  encoding?: (typeof BANK_ENCODINGS)[number];
}

export const ROOT_KEYS = [
  'name',
  'year',
  'wages',
  'land',
  'share_classes',
  'guaranteed_shortfall',
  'distribution',
  'members',
  'floors',
  'disclosure',
  'bank_file',
] as const;

export const YEAR_MIN = 1900;
export const YEAR_MAX = 2999;

/**
 * sha256 of one source's text (UTF-8); for several sources (batch: ROOT then village), sha256 of
 * the lines `<sha256 of each text>\n` in order, so that no two different pairs hash alike.
 */
export function rulesSha256(sources: readonly RulesSource[]): string {
  if (sources.length === 1) return sha256Hex(sources[0].text);
  const h = createHash('sha256');
  for (const s of sources) h.update(sha256Hex(s.text) + '\n', 'utf8');
  return h.digest('hex');
}

export function loadRules(sources: RulesSource[], problems: Problems): Rules | null {
  if (sources.length === 0) throw new InternalError('loadRules: no rules source');
  const before = problems.errors.length;

  let merged: PNode | null = null;
  let parsedOk = true;
  for (const s of sources) {
    const r = parseYamlSource(s.file, s.text, problems);
    if (!r.ok) {
      parsedOk = false;
      continue;
    }
    if (r.root === null) continue; // empty: contributes nothing to a merge
    if (r.root.kind !== 'map') {
      badAt(problems, r.root.at, '文件顶层应为 "键: 值" 的映射 (the file must be a map of keys at the top level)');
      parsedOk = false;
      continue;
    }
    merged = merged === null ? r.root : mergeNodes(merged, r.root);
  }
  if (!parsedOk) return null;
  if (merged === null) {
    for (const s of sources) badAt(problems, { file: s.file, line: 0, column: 0 }, '规则文件为空 (the rules file is empty)');
    return null;
  }

  const rules = validate(merged, new Checker(problems), sources[sources.length - 1].file, rulesSha256(sources));
  if (problems.errors.length > before || rules === null) return null;
  return rules;
}

function entry(m: PMap | undefined, key: string): PNode | undefined {
  return m?.entries.get(key)?.value;
}

/** Σ of exact values, as an Exact at the largest scale. */
function sumExact(xs: readonly Exact[]): Exact {
  const scale = xs.reduce((s, x) => Math.max(s, x.scale), 0);
  let units = 0n;
  for (const x of xs) units += unitsAt(x, scale);
  return { units, scale };
}

function isHundred(x: Exact): boolean {
  return x.units === 100n * pow10(x.scale);
}

function validate(tree: PNode, c: Checker, file: string, sha256: string): Rules | null {
  const root = c.map(tree, '', ROOT_KEYS);
  if (!root) return null;
  c.required(root, '', ['name', 'year', 'distribution']);

  // name, year
  let name = '';
  const nameNode = entry(root, 'name');
  if (nameNode) name = c.text(nameNode, 'name') ?? '';
  let year = 0;
  const yearNode = entry(root, 'year');
  if (yearNode) {
    const y = c.integer(yearNode, 'year');
    if (y !== undefined) {
      if (y < YEAR_MIN || y > YEAR_MAX) c.bad(yearNode.at, 'year', `年份应在 ${YEAR_MIN}–${YEAR_MAX} 之间: ${y}`, `a year from ${YEAR_MIN} to ${YEAR_MAX}`);
      else year = y;
    }
  }

  // wages
  let defaultPerDay: Exact | null = null;
  const perDay = new Map<string, Exact>();
  const wagesNode = entry(root, 'wages');
  if (wagesNode) {
    const w = c.map(wagesNode, 'wages', ['default_per_day', 'per_day']);
    const d = entry(w, 'default_per_day');
    if (d) defaultPerDay = c.number(d, 'wages.default_per_day', 'ge0') ?? null;
    const pd = entry(w, 'per_day');
    if (pd) readRates(c, pd, 'wages.per_day', 'ge0', perDay);
  }

  // land
  const rentPerMu = new Map<string, Exact>();
  const unitsPerMu = new Map<string, Exact>();
  const landNode = entry(root, 'land');
  if (landNode) {
    const l = c.map(landNode, 'land', ['rent_per_mu', 'units_per_mu']);
    const r = entry(l, 'rent_per_mu');
    if (r) readRates(c, r, 'land.rent_per_mu', 'ge0', rentPerMu);
    const u = entry(l, 'units_per_mu');
    if (u) readRates(c, u, 'land.units_per_mu', 'gt0', unitsPerMu);
  }

  // share classes
  const shareClasses = new Map<string, ShareClass>();
  let classesOk = true;
  const scNode = entry(root, 'share_classes');
  if (scNode) {
    const sc = c.namedMap(scNode, 'share_classes');
    if (!sc) classesOk = false;
    for (const e of sc?.entries.values() ?? []) {
      const path = pathKey('share_classes', e.key);
      const m = c.map(e.value, path, ['guaranteed_per_unit', 'weight']);
      if (!m) {
        classesOk = false;
        continue;
      }
      const g = entry(m, 'guaranteed_per_unit');
      const wt = entry(m, 'weight');
      const gv = g ? c.number(g, pathKey(path, 'guaranteed_per_unit'), 'ge0') : { units: 0n, scale: 0 };
      const wv = wt ? c.number(wt, pathKey(path, 'weight'), 'ge0') : { units: 1n, scale: 0 };
      if (gv && wv) shareClasses.set(e.key, { guaranteedPerUnit: gv, weight: wv, pos: rulePos(e.keyAt) });
    }
  }

  // guaranteed_shortfall
  let guaranteedShortfall: 'pay' | 'scale' = 'pay';
  const gsNode = entry(root, 'guaranteed_shortfall');
  if (gsNode) guaranteedShortfall = c.oneOf(gsNode, 'guaranteed_shortfall', ['pay', 'scale'] as const) ?? 'pay';

  // distribution
  const fixed: FixedEntry[] = [];
  const shares: ShareEntry[] = [];
  /** every `to` seen, with its path (for duplicates and funded_by) */
  const names = new Map<string, string>();
  let namesComplete = true;
  let membersEntry: PNode | undefined; // the shares item with `to: members`
  const distNode = entry(root, 'distribution');
  if (distNode) {
    const d = c.map(distNode, 'distribution', ['fixed', 'shares']);
    if (!d) namesComplete = false;
    if (d) c.required(d, 'distribution', ['shares'], root.entries.get('distribution')!.keyAt);

    const fixedNode = entry(d, 'fixed');
    if (fixedNode) {
      const list = c.seq(fixedNode, 'distribution.fixed');
      if (!list) namesComplete = false;
      list?.items.forEach((item, i) => {
        const path = pathIndex('distribution.fixed', i);
        const m = c.map(item, path, ['to', 'amount']);
        if (!m) {
          namesComplete = false;
          return;
        }
        c.required(m, path, ['to', 'amount']);
        const to = readTo(c, m, path, names, 'fixed');
        if (to === undefined) namesComplete = false;
        const a = entry(m, 'amount');
        const amountFen = a ? c.moneyFen(a, pathKey(path, 'amount')) : undefined;
        if (to !== undefined && amountFen !== undefined) fixed.push({ to, amountFen, pos: rulePos(m.at) });
      });
    }

    const sharesNode = entry(d, 'shares');
    if (sharesNode) {
      const list = c.seq(sharesNode, 'distribution.shares');
      if (!list) namesComplete = false;
      if (list && list.items.length === 0) c.bad(list.at, 'distribution.shares', '至少需要一项', 'must list at least one entry');
      let percentsOk = !!list;
      const percents: Exact[] = [];
      list?.items.forEach((item, i) => {
        const path = pathIndex('distribution.shares', i);
        const m = c.map(item, path, ['to', 'percent']);
        if (!m) {
          namesComplete = false;
          percentsOk = false;
          return;
        }
        c.required(m, path, ['to', 'percent']);
        const to = readTo(c, m, path, names, 'shares');
        if (to === undefined) namesComplete = false;
        if (to === 'members') membersEntry = m;
        const p = entry(m, 'percent');
        const percent = p ? c.number(p, pathKey(path, 'percent'), 'gt0') : undefined;
        if (percent === undefined) percentsOk = false;
        else percents.push(percent);
        if (to !== undefined && percent !== undefined) shares.push({ to, percent, pos: rulePos(m.at) });
      });
      if (list && percentsOk && list.items.length > 0) {
        checkHundred(c, percents, d!.entries.get('shares')!.keyAt, 'distribution.shares');
      }
    }
  }

  // members
  const members: MemberBasis[] = [];
  const membersNode = entry(root, 'members');
  const membersGiven = membersNode !== undefined && !c.isNull(membersNode);
  if (membersEntry && !membersGiven) {
    c.bad(
      membersEntry.at,
      'members',
      '缺少必填项: distribution.shares 有 members 条目, 须写明 members 按什么分',
      'required key missing: distribution.shares has a members entry, so members must say how it is split',
    );
  }
  if (membersNode) {
    const list = c.seq(membersNode, 'members');
    // A members section without a `members` entry is harmless (its pool is 0): accepted, still validated.
    if (list && list.items.length === 0 && membersEntry) c.bad(list.at, 'members', '至少需要一项', 'must list at least one basis');
    let percentsOk = !!list;
    const percents: Exact[] = [];
    list?.items.forEach((item, i) => {
      const path = pathIndex('members', i);
      const m = c.map(item, path, ['basis', 'percent', 'classes']);
      if (!m) {
        percentsOk = false;
        return;
      }
      c.required(m, path, ['basis', 'percent']);
      const b = entry(m, 'basis');
      const basis = b ? c.oneOf<Basis>(b, pathKey(path, 'basis'), BASES) : undefined;
      const p = entry(m, 'percent');
      const percent = p ? c.number(p, pathKey(path, 'percent'), 'gt0') : undefined;
      if (percent === undefined) percentsOk = false;
      else percents.push(percent);
      let classes: string[] | null = null;
      let classesValid = true;
      const cl = m.entries.get('classes');
      if (cl) {
        const cpath = pathKey(path, 'classes');
        if (basis !== undefined && basis !== 'share_units') {
          c.bad(cl.keyAt, cpath, `classes 只能用于 share_units, 不能用于 ${basis}`, `classes is only allowed with basis share_units, not ${basis}`);
          classesValid = false;
        } else {
          const cs = c.seq(cl.value, cpath);
          if (!cs) classesValid = false;
          else if (cs.items.length === 0) {
            c.bad(cs.at, cpath, '至少列出一个股份类别 (不需要限制就删去 classes)', 'list at least one class, or leave classes out for all classes');
            classesValid = false;
          } else {
            classes = [];
            const seen = new Set<string>();
            cs.items.forEach((ci, j) => {
              const ipath = pathIndex(cpath, j);
              const name = c.text(ci, ipath);
              if (name === undefined) {
                classesValid = false;
                return;
              }
              if (seen.has(name)) {
                c.bad(ci.at, ipath, `股份类别 ${name} 重复`, `class ${name} is listed twice`);
                classesValid = false;
                return;
              }
              seen.add(name);
              if (classesOk && !shareClasses.has(name)) {
                const known = [...shareClasses.keys()];
                const s = suggest(name, known);
                c.bad(
                  ci.at,
                  ipath,
                  `share_classes 中没有类别 ${name}${s ? `, 是否应为 ${s}?` : ''}`,
                  `no class ${name} in share_classes${s ? `; did you mean ${s}?` : ''}`,
                );
                classesValid = false;
                return;
              }
              classes!.push(name);
            });
          }
        }
      }
      if (basis !== undefined && percent !== undefined && classesValid) members.push({ basis, percent, classes, pos: rulePos(m.at) });
    });
    if (list && percentsOk && list.items.length > 0) checkHundred(c, percents, root.entries.get('members')!.keyAt, 'members');
  }

  // floors
  const floors: Floor[] = [];
  const floorsNode = entry(root, 'floors');
  if (floorsNode) {
    const list = c.seq(floorsNode, 'floors');
    list?.items.forEach((item, i) => {
      const path = pathIndex('floors', i);
      const m = c.map(item, path, ['category', 'min_total', 'funded_by']);
      if (!m) return;
      c.required(m, path, ['category', 'min_total', 'funded_by']);
      const cat = entry(m, 'category');
      const category = cat ? c.text(cat, pathKey(path, 'category')) : undefined;
      const mt = entry(m, 'min_total');
      const minTotalFen = mt ? c.moneyFen(mt, pathKey(path, 'min_total')) : undefined;
      const fb = entry(m, 'funded_by');
      const fpath = pathKey(path, 'funded_by');
      let fundedBy = fb ? c.text(fb, fpath) : undefined;
      if (fb && fundedBy !== undefined) {
        if (fundedBy === 'members') {
          c.bad(fb.at, fpath, '不能由 members 出资 (成员效益分红不是资金来源), 请填写 fixed 或 shares 中的条目', 'members cannot fund a floor; name a fixed or shares entry');
          fundedBy = undefined;
        } else if (namesComplete && !names.has(fundedBy)) {
          const known = [...names.keys()].filter((n) => n !== 'members');
          const s = suggest(fundedBy, known);
          c.bad(
            fb.at,
            fpath,
            `distribution 中没有名为 ${clip(fundedBy)} 的条目${s ? `, 是否应为 ${s}?` : `, 可选: ${known.join(', ')}`}`,
            `no distribution entry named ${clip(fundedBy)}${s ? `; did you mean ${s}?` : `; entries: ${known.join(', ')}`}`,
          );
          fundedBy = undefined;
        }
      }
      if (category !== undefined && minTotalFen !== undefined && fundedBy !== undefined) {
        floors.push({ category, minTotalFen, fundedBy, pos: rulePos(m.at) });
      }
    });
  }

  // later issues' sections, validated strictly
  const extra: Record<string, unknown> = {};
  const discNode = entry(root, 'disclosure');
  if (discNode && !c.isNull(discNode)) {
    const m = c.map(discNode, 'disclosure', ['mask_names']);
    if (m) {
      const out: DisclosureRules = {};
      const mn = entry(m, 'mask_names');
      if (mn) {
        const v = c.bool(mn, 'disclosure.mask_names');
        if (v !== undefined) out.mask_names = v;
      }
      extra.disclosure = out;
    }
  }
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

  return {
    name,
    year,
    wages: { defaultPerDay, perDay },
    land: { rentPerMu, unitsPerMu },
    shareClasses,
    guaranteedShortfall,
    fixed,
    shares,
    members,
    floors,
    extra,
    file,
    sha256,
  };
}

/** `name: rate` pairs; every rate checked, good ones put into `out` in the order written. */
function readRates(c: Checker, n: PNode, path: string, min: 'ge0' | 'gt0', out: Map<string, Exact>): void {
  const m = c.namedMap(n, path);
  for (const e of m?.entries.values() ?? []) {
    const v = c.number(e.value, pathKey(path, e.key), min);
    if (v !== undefined) out.set(e.key, v);
  }
}

/** The `to` of a fixed or shares entry: text, unique across both lists, `members` only in shares. */
function readTo(c: Checker, m: PMap, path: string, names: Map<string, string>, list: 'fixed' | 'shares'): string | undefined {
  const n = entry(m, 'to');
  if (!n) return undefined;
  const tpath = pathKey(path, 'to');
  const to = c.text(n, tpath);
  if (to === undefined) return undefined;
  if (to === 'members' && list === 'fixed') {
    c.bad(n.at, tpath, 'members 只能出现在 distribution.shares 中', 'members is only allowed in distribution.shares');
    return undefined;
  }
  const first = names.get(to);
  if (first !== undefined) {
    c.bad(n.at, tpath, `名称 ${clip(to)} 重复, ${first} 已使用`, `duplicate name ${clip(to)}, already used by ${first}`);
    return undefined;
  }
  names.set(to, path);
  return to;
}

function checkHundred(c: Checker, percents: readonly Exact[], at: PNode['at'], path: string): void {
  const sum = sumExact(percents);
  if (isHundred(sum)) return;
  const s = exactToString(sum);
  c.bad(at, path, `百分比合计为 ${s}, 必须恰好为 100`, `percents add up to ${s}, must be exactly 100`);
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
