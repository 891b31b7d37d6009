import { createHash } from 'node:crypto';
import path from 'node:path';
import { readYamlInput } from '../io/readYamlText.js';
import type { RevenueLine } from '../io/types.js';
import { Problems } from '../problems.js';
import { loadPool, type Pool } from '../rules/loadPool.js';
import { parseYamlSource } from '../rules/yamlTree.js';
import { isoDate, parseDateText } from '../util/dateText.js';
import { splitPool, type PoolShare } from './poolSplit.js';

/** What a township's ROOT gives every village: its rules to inherit and its pooled project (SPEC §7–§8). */
export interface TownshipInputs {
  problems: Problems;
  /** [ROOT/rules.yaml] when there is one (merged before each village's own), else []. */
  inheritedRules: string[];
  rootRulesSha256: string | null;
  /** ROOT/rules.yaml's `prepared_on` (制表日期 of the township report), YYYY-MM-DD. */
  rootPreparedOn: string | null;
  /** ROOT/pool.yaml read and split among the villages, when there is one. */
  pool: { pool: Pool; shares: PoolShare[] } | null;
  /** A village's share of the pool as the income line batch adds to its revenue ([] if none). */
  extraRevenue(folder: string): RevenueLine[];
}

/**
 * ROOT/rules.yaml and ROOT/pool.yaml as `batch` reads them — the one place, used by `batch` and by
 * `explain` in a village folder (which must compute the village exactly as batch does). A rules file
 * that does not parse, or a bad pool, is in `problems` (batch stops on them).
 */
export function readTownshipInputs(root: string, villageFolders: readonly string[], opts: { followSymlinks?: boolean }): TownshipInputs {
  const problems = new Problems();
  const policy = { root, followSymlinks: opts.followSymlinks };
  const rootRules = path.join(root, 'rules.yaml');
  const inheritedRules: string[] = [];
  let rootRulesSha256: string | null = null;
  let rootPreparedOn: string | null = null;
  const rulesInput = readYamlInput(rootRules, 'rules.yaml', policy);
  if (rulesInput !== 'absent' && 'code' in rulesInput) problems.error(rootRules, 0, 0, rulesInput.code, rulesInput.message);
  else if (rulesInput !== 'absent') {
    rootRulesSha256 = createHash('sha256').update(rulesInput.bytes).digest('hex');
    // A syntax error would fail every village the same way: found here, once.
    const parsed = parseYamlSource(rootRules, rulesInput.text, problems);
    const po = parsed.root?.kind === 'map' ? parsed.root.entries.get('prepared_on')?.value : undefined;
    const d = po?.kind === 'scalar' && typeof po.source === 'string' ? parseDateText(po.source) : null;
    if (d) rootPreparedOn = isoDate(d);
    inheritedRules.push(rootRules);
  }

  const poolFile = path.join(root, 'pool.yaml');
  let pool: TownshipInputs['pool'] = null;
  const poolInput = readYamlInput(poolFile, 'pool.yaml', policy);
  if (poolInput !== 'absent' && 'code' in poolInput) problems.error(poolFile, 0, 0, poolInput.code, poolInput.message);
  else if (poolInput !== 'absent') {
    const before = problems.errors.length;
    const p = loadPool(poolFile, poolInput.text, [...villageFolders], problems);
    if (p && problems.errors.length === before) pool = { pool: p, shares: splitPool(p) };
    else if (problems.errors.length === before) problems.error(poolFile, 0, 0, 'E_BAD_RULES', 'pool.yaml 无法读取 (pool.yaml could not be read)');
  }
  const extra = new Map<string, RevenueLine[]>();
  for (const s of pool?.shares ?? []) extra.set(s.village, [{ kind: 'income', category: pool!.pool.name, amountFen: s.amountFen }]);
  return { problems, inheritedRules, rootRulesSha256, rootPreparedOn, pool, extraRevenue: (folder) => extra.get(folder) ?? [] };
}
