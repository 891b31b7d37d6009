/**
 * pool.yaml (SPEC §8): several villages' funds pooled into one project. Validated as strictly as
 * rules.yaml; every problem is E_BAD_RULES at its YAML line:column in pool.yaml.
 */
import type { Exact } from '../money/exact.js';
import type { Problems } from '../problems.js';
import type { RulePos } from './types.js';
import { Checker, clip, pathKey, rulePos } from './check.js';
import { suggest } from '../util/suggest.js';
import { badAt, parseYamlSource, sha256Hex } from './yamlTree.js';

export interface PoolContribution {
  /** The village folder name, as written (a direct subdirectory of ROOT). */
  village: string;
  /** > 0; any consistent unit (元, 万元 …): only the ratios matter. */
  weight: Exact;
  pos: RulePos;
}

export interface Pool {
  /** The income line's category in each village. */
  name: string;
  /** The project's return to distribute this year, in fen. */
  incomeFen: bigint;
  /** In the order written (ties of the split go to the earlier village). */
  contributions: PoolContribution[];
  /** Path as given. */
  file: string;
  /** sha256 of the text (UTF-8). */
  sha256: string;
}

export const POOL_KEYS = ['name', 'income', 'contributions'] as const;

export function loadPool(file: string, text: string, villageFolders: string[], problems: Problems): Pool | null {
  const before = problems.errors.length;
  const parsed = parseYamlSource(file, text, problems);
  if (!parsed.ok) return null;
  if (parsed.root === null) {
    badAt(problems, { file, line: 0, column: 0 }, 'pool.yaml 为空 (pool.yaml is empty)');
    return null;
  }
  const c = new Checker(problems);
  if (parsed.root.kind !== 'map') {
    badAt(problems, parsed.root.at, '文件顶层应为 "键: 值" 的映射 (the file must be a map of keys at the top level)');
    return null;
  }
  const root = c.map(parsed.root, '', POOL_KEYS);
  if (!root) return null;
  c.required(root, '', POOL_KEYS);

  const nameNode = root.entries.get('name')?.value;
  const name = nameNode ? c.text(nameNode, 'name') : undefined;
  const incomeNode = root.entries.get('income')?.value;
  const incomeFen = incomeNode ? c.moneyFen(incomeNode, 'income') : undefined;

  const contributions: PoolContribution[] = [];
  const cNode = root.entries.get('contributions')?.value;
  if (cNode) {
    const m = c.namedMap(cNode, 'contributions');
    if (m && m.entries.size === 0) c.bad(m.at, 'contributions', '至少需要一个村', 'must list at least one village');
    const folders = new Set(villageFolders);
    for (const e of m?.entries.values() ?? []) {
      const path = pathKey('contributions', e.key);
      let ok = true;
      if (!folders.has(e.key)) {
        ok = false;
        const s = suggest(e.key, villageFolders);
        c.bad(
          e.keyAt,
          path,
          `没有名为 ${clip(e.key)} 的村文件夹${s !== null ? `, 是否应为 ${s}?` : ''}`,
          `no village folder named ${clip(e.key)}${s !== null ? `; did you mean ${s}?` : ''}`,
        );
      }
      const w = c.number(e.value, path, 'gt0');
      if (w !== undefined && ok) contributions.push({ village: e.key, weight: w, pos: rulePos(e.keyAt) });
    }
  }

  if (problems.errors.length > before || name === undefined || incomeFen === undefined) return null;
  return { name, incomeFen, contributions, file, sha256: sha256Hex(text) };
}
