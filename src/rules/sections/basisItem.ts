import type { Exact } from '../../money/exact.js';
import { BASES, BASIS_DEFS, basisDef, type Basis } from '../../bases/registry.js';
import { type Checker, pathIndex, pathKey, rulePos } from '../check.js';
import { suggest } from '../../util/suggest.js';
import type { MemberBasis, ShareClass } from '../types.js';
import type { At, PMap, PNode } from '../yamlTree.js';
import { entry } from './common.js';

/** Keys every basis may have (SPEC §4, §9.2, §9.3); a basis's own keys come from its registry entry. */
const COMMON_KEYS = ['basis', 'percent', 'categories', 'category_weights', 'rate', 'rate_step', 'remainder_to'] as const;
const RATE_DECIMALS = 4;
const MAX_AGE = 150;

/** What the readers of `members` and of `distribution.shares` (§9.9) need to check a basis. */
export interface BasisContext {
  shareClasses: Map<string, ShareClass>;
  classesOk: boolean;
}

/** A basis as read, with where its `remainder_to` was written (checked once every entry is known). */
export interface ReadBasis {
  basis: MemberBasis;
  remainderToAt: At | null;
  /** The key path of `remainder_to` (members[1].remainder_to), for its messages. */
  remainderToPath: string;
}

/** Every key any basis may have: for the item's allowed-key check before its basis is known. */
function allowedKeys(basis: Basis | undefined, extra: readonly string[]): string[] {
  const own = basis ? [...(basisDef(basis).classes ? ['classes'] : []), ...basisDef(basis).keys] : BASIS_DEFS.flatMap((d) => [...(d.classes ? ['classes'] : []), ...d.keys]);
  return [...extra, ...COMMON_KEYS, ...new Set(own)];
}

/** Which basis allows `key` (for "min_age is only for persons"). */
function ownerOf(key: string): string {
  return BASIS_DEFS.filter((d) => (key === 'classes' ? d.classes : d.keys.includes(key)))
    .map((d) => d.key)
    .join(', ');
}

/**
 * One basis: `{ basis, percent, …keys of §9 }` as a map already taken from a list item. `extra` are
 * the keys of the list it sits in (`to`, `reserve` in distribution.shares). Returns undefined when
 * something is wrong (every problem reported).
 */
export function readBasisItem(c: Checker, m: PMap, path: string, ctx: BasisContext, extra: readonly string[] = []): ReadBasis | undefined {
  const b = entry(m, 'basis');
  const basis = b ? c.oneOf<Basis>(b, pathKey(path, 'basis'), BASES) : undefined;
  const allowed = allowedKeys(basis, extra);
  const known = allowedKeys(undefined, extra);
  let ok = basis !== undefined;
  for (const e of m.entries.values()) {
    if (allowed.includes(e.key)) continue;
    if (basis !== undefined && known.includes(e.key)) {
      c.bad(e.keyAt, pathKey(path, e.key), `${e.key} 只能用于 ${ownerOf(e.key)}, 不能用于 ${basis}`, `${e.key} is only allowed with basis ${ownerOf(e.key)}, not ${basis}`);
    } else c.unknownKey(e.keyAt, pathKey(path, e.key), allowed);
    ok = false;
  }
  c.required(m, path, ['basis', 'percent']);
  const p = entry(m, 'percent');
  const percent = p ? c.number(p, pathKey(path, 'percent'), 'gt0') : undefined;
  if (percent === undefined) ok = false;

  const list = (key: string): string[] | null | undefined => readNames(c, m, path, key);
  const classes = basis !== undefined && basisDef(basis).classes ? list('classes') : null;
  if (classes === undefined) ok = false;
  if (classes && ctx.classesOk) {
    const cl = entry(m, 'classes')!;
    classes.forEach((name, j) => {
      if (ctx.shareClasses.has(name)) return;
      const s = suggest(name, [...ctx.shareClasses.keys()]);
      const at = cl.kind === 'seq' ? cl.items[j].at : cl.at;
      c.bad(at, pathIndex(pathKey(path, 'classes'), j), `share_classes 中没有类别 ${name}${s ? `, 是否应为 ${s}?` : ''}`, `no class ${name} in share_classes${s ? `; did you mean ${s}?` : ''}`);
      ok = false;
    });
  }

  const categories = list('categories');
  const categoryWeights = readFactors(c, m, path, 'category_weights');
  if (categories === undefined || categoryWeights === undefined) ok = false;
  if (categories && categoryWeights) {
    c.bad(m.entries.get('category_weights')!.keyAt, pathKey(path, 'category_weights'), 'categories 与 category_weights 只能写一个', 'give categories or category_weights, not both');
    ok = false;
  }

  const rate = readRate(c, m, path, 'rate', 'ge0');
  const rateStep = readRate(c, m, path, 'rate_step', 'gt0');
  if (rate === undefined || rateStep === undefined) ok = false;
  if (rate && rateStep) {
    c.bad(m.entries.get('rate_step')!.keyAt, pathKey(path, 'rate_step'), 'rate 与 rate_step 只能写一个 (rate 是公布的单价, rate_step 让工具按步长算出单价)', 'give rate or rate_step, not both');
    ok = false;
  }
  const rt = m.entries.get('remainder_to');
  let remainderTo: string | null = null;
  let remainderToAt: At | null = null;
  if (rt) {
    const t = c.text(rt.value, pathKey(path, 'remainder_to'));
    if (t === undefined) ok = false;
    else if (!m.entries.has('rate') && !m.entries.has('rate_step')) {
      c.bad(rt.keyAt, pathKey(path, 'remainder_to'), 'remainder_to 只用于按单价分配 (rate 或 rate_step)', 'remainder_to only goes with rate or rate_step');
      ok = false;
    } else if (rate && rateStep) {
      /* reported at rate_step */
    } else {
      remainderTo = t;
      remainderToAt = rt.value.at;
    }
  } else if ((rate || rateStep) && rate !== undefined && rateStep !== undefined) {
    c.bad(m.at, pathKey(path, 'remainder_to'), '按单价分配须写明零头归入哪一项 (remainder_to: 某个 distribution 条目, 如 村集体)', 'a rated basis needs remainder_to: the distribution entry that keeps the odd fen');
    ok = false;
  }

  const minAge = readAge(c, m, path, 'min_age');
  const maxAge = readAge(c, m, path, 'max_age');
  if (minAge === undefined || maxAge === undefined) ok = false;
  if (minAge !== null && minAge !== undefined && maxAge !== null && maxAge !== undefined && minAge > maxAge) {
    c.bad(m.entries.get('max_age')!.value.at, pathKey(path, 'max_age'), `max_age ${maxAge} 小于 min_age ${minAge}, 没有人符合`, `max_age ${maxAge} is below min_age ${minAge}: nobody matches`);
    ok = false;
  }
  const tags = list('tags');
  if (tags === undefined) ok = false;

  let by: 'amount' | 'quantity' = 'amount';
  const byNode = entry(m, 'by');
  if (byNode) {
    const v = c.oneOf(byNode, pathKey(path, 'by'), ['amount', 'quantity'] as const);
    if (v === undefined) ok = false;
    else by = v;
  }
  const productWeights = readFactors(c, m, path, 'product_weights');
  if (productWeights === undefined) ok = false;
  if (productWeights && by !== 'quantity') {
    c.bad(m.entries.get('product_weights')!.keyAt, pathKey(path, 'product_weights'), 'product_weights 只用于 by: quantity (按交易量)', 'product_weights only goes with by: quantity');
    ok = false;
  }

  if (!ok || basis === undefined || percent === undefined) return undefined;
  return {
    basis: {
      basis,
      percent,
      classes: classes ?? null,
      categories: categories ?? null,
      categoryWeights: categoryWeights ?? null,
      rate: rate ?? null,
      rateStep: rateStep ?? null,
      remainderTo,
      minAge: minAge ?? null,
      maxAge: maxAge ?? null,
      tags: tags ?? null,
      by,
      productWeights: productWeights ?? null,
      pos: rulePos(m.at),
    },
    remainderToAt,
    remainderToPath: pathKey(path, 'remainder_to'),
  };
}

/** A non-empty list of distinct names; null when the key is absent, undefined when wrong. */
function readNames(c: Checker, m: PMap, path: string, key: string): string[] | null | undefined {
  const e = m.entries.get(key);
  if (!e) return null;
  const kpath = pathKey(path, key);
  const seq = c.seq(e.value, kpath);
  if (!seq) return undefined;
  if (seq.items.length === 0) {
    c.bad(seq.at, kpath, `至少列出一项 (不需要限制就删去 ${key})`, `list at least one, or leave ${key} out`);
    return undefined;
  }
  const out: string[] = [];
  let ok = true;
  seq.items.forEach((item: PNode, j) => {
    const ipath = pathIndex(kpath, j);
    const name = c.text(item, ipath);
    if (name === undefined) ok = false;
    else if (out.includes(name)) {
      c.bad(item.at, ipath, `${name} 重复`, `${name} is listed twice`);
      ok = false;
    } else out.push(name);
  });
  return ok ? out : undefined;
}

/** `name: factor` (≥ 0); null when absent, undefined when wrong. */
function readFactors(c: Checker, m: PMap, path: string, key: string): Map<string, Exact> | null | undefined {
  const e = m.entries.get(key);
  if (!e) return null;
  const kpath = pathKey(path, key);
  const nm = c.namedMap(e.value, kpath);
  if (!nm) return undefined;
  if (nm.entries.size === 0) {
    c.bad(nm.at, kpath, `至少列出一项 (不需要就删去 ${key})`, `list at least one, or leave ${key} out`);
    return undefined;
  }
  const out = new Map<string, Exact>();
  let ok = true;
  for (const f of nm.entries.values()) {
    const v = c.number(f.value, pathKey(kpath, f.key), 'ge0');
    if (v === undefined) ok = false;
    else out.set(f.key, v);
  }
  return ok ? out : undefined;
}

function readRate(c: Checker, m: PMap, path: string, key: string, min: 'ge0' | 'gt0'): Exact | null | undefined {
  const n = entry(m, key);
  if (!n) return null;
  return c.number(n, pathKey(path, key), min, RATE_DECIMALS);
}

function readAge(c: Checker, m: PMap, path: string, key: string): number | null | undefined {
  const n = entry(m, key);
  if (!n) return null;
  const v = c.integer(n, pathKey(path, key));
  if (v === undefined) return undefined;
  if (v > MAX_AGE) {
    c.bad(n.at, pathKey(path, key), `年龄应在 0–${MAX_AGE} 之间: ${v}`, `an age from 0 to ${MAX_AGE}`);
    return undefined;
  }
  return v;
}
