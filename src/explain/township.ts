/**
 * `explain ROOT/village HOUSEHOLD` inside a township (SPEC §7–§8): when the folder's parent holds a
 * rules.yaml and/or a pool.yaml and the folder is one of its villages (batch's discovery), the
 * village is computed exactly as `batch` computes it — ROOT/rules.yaml inherited (analyseRun's
 * merge) and its share of the pooled income (loadPool + splitPool) added as an income line — and
 * the explanation says so in its first lines.
 *
 * The steps are batch's own functions (readTownshipInputs, discoverVillages): nothing is repeated.
 */
import path from 'node:path';
import { stat } from 'node:fs/promises';
import { discoverVillages } from '../batch/discover.js';
import type { PoolShare } from '../batch/poolSplit.js';
import { readTownshipInputs } from '../batch/townshipInputs.js';
import type { RevenueLine } from '../io/types.js';
import type { Lang } from '../lang.js';
import { unitsAt, exactToString } from '../money/exact.js';
import { formatFen } from '../money/fen.js';
import type { Problem } from '../problems.js';
import type { Pool } from '../rules/loadPool.js';
import { leftoverFen } from './remainders.js';
import { exactYuan, firstFenPhrase, ruleOnce, verdict, type Said, type SplitSay } from './splitWords.js';

export interface TownshipVillage {
  /** ROOT as shown (the folder's parent). */
  root: string;
  /** The village's folder name under ROOT. */
  folder: string;
  /** [ROOT/rules.yaml] when there is one (analyseRun merges the village's own over it), else []. */
  inheritedRules: string[];
  /** What batch adds to the village's revenue: its share of the pool, as one income line. */
  extraRevenue: RevenueLine[];
  /** ROOT/pool.yaml read and split, when there is one. */
  pool: { pool: Pool; shares: PoolShare[] } | null;
  /** Whether the village folder has its own rules.yaml. */
  ownRules: boolean;
}

async function isFile(p: string): Promise<boolean> {
  return (await stat(p).catch(() => null))?.isFile() ?? false;
}

/**
 * The township `dir` is a village of, or null when it is a plain run folder. Errors: ROOT's
 * rules.yaml or pool.yaml cannot be read or pool.yaml is wrong (batch would stop on them too).
 */
export async function townshipOf(dir: string, opts: { followSymlinks?: boolean }): Promise<{ village: TownshipVillage | null; errors: Problem[] }> {
  const root = path.join(dir, '..');
  const folder = path.basename(path.resolve(dir));
  const rootRules = path.join(root, 'rules.yaml');
  const poolFile = path.join(root, 'pool.yaml');
  const none = { village: null, errors: [] };
  if (!(await isFile(rootRules)) && !(await isFile(poolFile))) return none;
  let villages;
  try {
    // batch's discovery, with batch's default output folder left out.
    villages = (await discoverVillages(root, path.join(root, 'out'))).villages;
  } catch {
    return none;
  }
  if (!villages.some((v) => v.folder === folder)) return none;

  // batch's own reading of ROOT/rules.yaml and pool.yaml, and its income line for the village.
  const t = readTownshipInputs(root, villages.map((v) => v.folder), { followSymlinks: opts.followSymlinks });
  if (!t.problems.ok) return { village: null, errors: t.problems.errors };
  const { inheritedRules, pool } = t;
  const extraRevenue = t.extraRevenue(folder);
  return { village: { root, folder, inheritedRules, extraRevenue, pool, ownRules: await isFile(path.join(dir, 'rules.yaml')) }, errors: [] };
}

/** The first lines of a township village's explanation: whose rules, and its pooled income worked out. */
export function townshipPreface(v: TownshipVillage, dir: string, lang: Lang, said: Said): string[] {
  const t = (zh: string, en: string) => (lang === 'zh' ? zh : en);
  const out: string[] = [];
  out.push(t(`本村是 ${v.root} 全镇批处理 (batch) 的一个村, 以下按 batch 的算法计算:`, `This is a village of the township ${v.root}; computed exactly as \`batch\` computes it:`));
  if (v.inheritedRules.length > 0) {
    out.push(
      v.ownRules
        ? t(
            `  分配方案: 全镇的 ${v.inheritedRules[0]}, 再合并本村的 ${path.join(dir, 'rules.yaml')} (本村写了的键优先, 列表整体替换)`,
            `  rules: the township's ${v.inheritedRules[0]}, merged with the village's ${path.join(dir, 'rules.yaml')} (its keys win; lists are replaced whole)`,
          )
        : t(`  分配方案: 全镇的 ${v.inheritedRules[0]} (本村没有自己的 rules.yaml)`, `  rules: the township's ${v.inheritedRules[0]} (the village has no rules.yaml of its own)`),
    );
  }
  if (v.pool === null) return out;
  const { pool, shares } = v.pool;
  const k = shares.findIndex((s) => s.village === v.folder);
  const ratios = pool.contributions.map((c) => `${c.village} ${exactToString(c.weight)}`).join(' : ');
  if (k < 0) {
    out.push(t(`  打捆项目 ${pool.name} (${pool.file}): 本村不在出资名单里, 没有分到收益`, `  pooled project ${pool.name} (${pool.file}): the village is not among the contributors, no income from it`));
    return out;
  }
  out.push(
    t(
      `  打捆项目 ${pool.name} (${pool.file}): 收益 ${formatFen(pool.incomeFen)} 元, 按出资 ${ratios} 分到各村`,
      `  pooled project ${pool.name} (${pool.file}): income ${formatFen(pool.incomeFen)}, split by contribution ${ratios}`,
    ),
  );
  const scale = pool.contributions.reduce((m, c) => Math.max(m, c.weight.scale), 0);
  const weights = pool.contributions.map((c) => unitsAt(c.weight, scale));
  const l = leftoverFen(pool.incomeFen, (j) => weights[j], weights.length, k, shares[k].amountFen);
  const say: SplitSay = {
    lang,
    part: { zh: '村', en: 'village', enPlural: 'villages' },
    self: { zh: '本村', en: 'this village' },
    order: { file: 'pool.yaml' },
    nameOf: (j) => pool.contributions[j].village,
    said,
  };
  const total = pool.contributions.reduce((s, c) => s + unitsAt(c.weight, scale), 0n);
  if (l.leftover > 0n && l.remainder > 0n) out.push(...ruleOnce(say, '    '));
  out.push(
    `    ${formatFen(pool.incomeFen)} × ${exactToString(pool.contributions[k].weight)} / ${exactToString({ units: total, scale })} = ${exactYuan(l)}${t(' 元', '')}${firstFenPhrase(l, lang)}`,
  );
  const v2 = verdict(l, say);
  if (v2 !== null) out.push(`    ${v2}`);
  out.push(t(`  本村分得 ${formatFen(shares[k].amountFen)} 元, 作为收入 "${pool.name}" 计入本村收入`, `  the village's ${formatFen(shares[k].amountFen)} is counted as its income line "${pool.name}"`));
  return out;
}
