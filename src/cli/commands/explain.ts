import path from 'node:path';
import { tieOrder } from '../../explain/context.js';
import { explainHousehold } from '../../explain/explainHousehold.js';
import { findHousehold, householdRef, lookupKey } from '../../explain/lookup.js';
import { townshipOf, townshipPreface } from '../../explain/township.js';
import type { Said } from '../../explain/splitWords.js';
import { inputName } from '../../explain/util.js';
import { analyseRun, type AnalyseOptions } from '../../pipeline/analyseRun.js';
import { EXIT } from '../exitCodes.js';
import type { Output } from '../output.js';
import { checkRunDir, printErrors, reportAnalysis } from './common.js';
import type { Lang } from '../../lang.js';

/** Households of the same name listed in full; more are counted. */
const MAX_LISTED = 10;

/**
 * `explain DIR WHO`: one household's calculation, step by step. WHO is its 户号 or its head's name
 * (户主). DIR inside a township (its parent holds rules.yaml / pool.yaml and DIR is one of its
 * villages) is computed as `batch` computes it: the township's rules inherited, the pool added.
 */
export async function explainCommand(
  dir: string,
  household: string,
  opts: { lang: Lang; encoding?: 'auto' | 'utf8' | 'gb18030'; followSymlinks?: boolean },
  out: Output,
): Promise<number> {
  if (!(await checkRunDir(dir, out, false))) return EXIT.invalidInput;
  const query = lookupKey(household);
  const town = await townshipOf(dir, { followSymlinks: opts.followSymlinks });
  if (town.errors.length > 0) {
    printErrors(town.errors, out, false);
    return EXIT.invalidInput;
  }
  const village = town.village;
  const base: AnalyseOptions = {
    encoding: opts.encoding ?? 'auto',
    followSymlinks: opts.followSymlinks,
    // As batch's processVillage (src/batch/village.ts) runs the village.
    ...(village ? { inheritedRules: village.inheritedRules, extraRevenue: village.extraRevenue, folderName: village.folder } : {}),
  };
  let a = await analyseRun(dir, { ...base, detailFor: query });
  const failed = reportAnalysis(a, out, { quiet: true });
  if (failed !== null) return failed;
  if (!a.rules || !a.data || !a.dist) throw new Error('analysis passed without a result');
  const found = findHousehold(a.data, query);
  const householdsFile = path.join(dir, inputName(a.data, 'households.csv'));
  if (found.kind === 'several') {
    const shown = found.matches.slice(0, MAX_LISTED);
    const more = found.matches.length - shown.length;
    const list = shown.map((h) => householdRef(a.data!.households[h], 'zh')).join('、') + (more > 0 ? ` 等 (另有 ${more} 户)` : '');
    const en = shown.map((h) => householdRef(a.data!.households[h], 'en')).join('; ') + (more > 0 ? `; ${more} more` : '');
    printErrors(
      [
        {
          file: householdsFile,
          line: 0,
          column: 0,
          code: 'E_UNKNOWN_HOUSEHOLD',
          message: `户主叫 "${query}" 的有 ${found.matches.length} 户: ${list}; 请改用户号, 例如 coop-payout explain ${dir} ${a.data.households[found.matches[0]].id} (${found.matches.length} households are headed by "${query}": ${en}; give the household id instead)`,
        },
      ],
      out,
      false,
    );
    return EXIT.invalidInput;
  }
  if (found.kind === 'none') {
    const close = found.close.map((h) => householdRef(a.data!.households[h], 'zh')).join('、');
    const closeEn = found.close.map((h) => householdRef(a.data!.households[h], 'en')).join('; ');
    printErrors(
      [
        {
          file: householdsFile,
          line: 0,
          column: 0,
          code: 'E_UNKNOWN_HOUSEHOLD',
          message:
            `成员名册中没有户号或户主姓名为 "${query}" 的户` +
            (close
              ? `; 相近的有: ${close} (no household with that id or head's name; close ones: ${closeEn})`
              : `; 请写 ${path.basename(householdsFile)} 中的户号或户主姓名 (no household with that id or head's name; give a household id or the head's name as in ${path.basename(householdsFile)})`),
        },
      ],
      out,
      false,
    );
    return EXIT.invalidInput;
  }
  const hh = a.data.households[found.h];
  // The rows of one household are kept while reading: found by name, read again for its id.
  if (found.by === 'name' && hh.id !== query) {
    a = await analyseRun(dir, { ...base, detailFor: hh.id });
    if (!a.problems.ok || !a.rules || !a.data || !a.dist) throw new Error('the second reading of the run folder differs from the first');
  }
  const { rules, data, dist } = a;
  if (!rules || !data || !dist || data.households[found.h]?.id !== hh.id) throw new Error('analysis passed without a result');
  const said: Said = { rule: false, first: tieOrder(data, village?.pool != null) };
  const preface = village ? townshipPreface(village, dir, opts.lang, said) : [];
  if (found.by === 'name') {
    preface.push(opts.lang === 'zh' ? `(按户主姓名 "${query}" 找到 ${householdRef(hh, 'zh')})` : `(found by the head's name "${query}": ${householdRef(hh, 'en')})`);
  }
  for (const line of explainHousehold(rules, data, dist, found.h, opts.lang, { preface, said })) out.line(line);
  return EXIT.ok;
}
