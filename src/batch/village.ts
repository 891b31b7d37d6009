import path from 'node:path';
import { inputFileNames } from '../io/columns.js';
import { sha256OfRegular } from '../io/hashRegular.js';
import { analyseRun } from '../pipeline/analyseRun.js';
import { renderRunFiles } from '../pipeline/renderRunFiles.js';
import type { InputHash, VillageJob, VillageResult } from './types.js';

/** Input file names a run directory may hold (SPEC §2, §10), in SPEC order: the input tables' own list, then the one workbook. */
const INPUT_NAMES = inputFileNames();

/** Synchronous: a worker has nothing else to do meanwhile (rules files; a failed village's inputs). */
const sha256Of = sha256OfRegular;

/** Hashes of the input files present, for a village whose run did not get as far as counting rows. */
function hashPresentInputs(dir: string): InputHash[] {
  const out: InputHash[] = [];
  for (const file of INPUT_NAMES) {
    const sha256 = sha256Of(path.join(dir, file));
    if (sha256 !== null) out.push({ file, sha256, rows: null });
  }
  return out;
}

/** A copy that owns exactly its bytes, so it can be transferred to the main thread without copying a pool. */
function ownBytes(b: Buffer | string): Uint8Array {
  return typeof b === 'string' ? new Uint8Array(Buffer.from(b, 'utf8')) : new Uint8Array(b);
}

/**
 * One village, start to finish short of writing: the same analysis and rendering `run` does,
 * with ROOT/rules.yaml inherited and the pooled income added. Runs in a worker thread (or in the
 * main thread with --jobs 1); never throws — a bug comes back as status `internal`.
 */
/** The village's share of pooled projects (its extra income lines). */
function pooledIncome(job: VillageJob): bigint {
  return job.extraRevenue.reduce((s, l) => s + (l.kind === 'income' ? l.amountFen : 0n), 0n);
}

export async function processVillage(job: VillageJob): Promise<VillageResult> {
  const pooledIncomeFen = pooledIncome(job);
  const base = {
    index: job.index,
    folder: job.folder,
    pooledIncomeFen,
  };
  try {
    const ownRulesSha256 = sha256Of(path.join(job.dir, 'rules.yaml'));
    const a = await analyseRun(job.dir, {
      encoding: job.encoding,
      maxRows: job.maxRows,
      followSymlinks: job.followSymlinks,
      inheritedRules: job.inheritedRules,
      extraRevenue: job.extraRevenue,
      ...(job.date ? { date: job.date } : {}),
      folderName: job.folder,
    });
    const { rules, data, dist } = a;
    if (!a.problems.ok || !rules || !data || !dist) {
      return {
        ...base,
        status: 'failed',
        name: rules?.name ?? null,
        year: rules?.year ?? null,
        errors: a.problems.errors.length
          ? a.problems.errors
          : [{ file: job.dir, line: 0, column: 0, code: 'E_INTERNAL', message: 'analysis failed without an error' }],
        warnings: a.warnings,
        files: [],
        figures: null,
        inputs: hashPresentInputs(job.dir),
        rulesSha256: null,
        ownRulesSha256,
      };
    }
    // Exactly what `run` does with a passed analysis.
    const warnings = a.warnings.map(({ code, message }) => ({ code, message }));
    const { files } = await renderRunFiles(rules, data, dist, warnings, {
      lang: job.lang,
      encoding: job.outputEncoding,
    });
    return {
      ...base,
      status: 'ok',
      name: rules.name,
      year: rules.year,
      errors: [],
      warnings: a.warnings,
      files: files.map((f) => ({ name: f.name, data: ownBytes(f.data), ...(f.mode !== undefined ? { mode: f.mode } : {}) })),
      figures: {
        households: dist.households,
        pooledIncomeFen,
        incomeFen: dist.incomeFen,
        expensesFen: dist.expensesFen,
        wagesFen: dist.wagesFen,
        landRentFen: dist.landRentFen,
        guaranteedFen: dist.guaranteedFen,
        surplusFen: dist.surplusFen,
        membersPoolFen: dist.membersPoolFen,
        floorTopupFen: dist.floorTopupFen,
        totalFen: dist.totalFen,
        deductionsFen: dist.deductionsFen,
        netPayableFen: dist.netPayableFen,
      },
      inputs: data.inputs.map((x) => ({ file: x.file, sha256: x.sha256, rows: x.rows })),
      rulesSha256: rules.sha256,
      ownRulesSha256,
    };
  } catch (err) {
    const what = err instanceof Error ? (err.stack ?? err.message) : String(err);
    return {
      ...internalFailure(job, `内部错误 internal error (a bug in coop-payout, not in your files): ${what.split('\n').slice(0, 6).join(' | ')}`),
      inputs: hashPresentInputs(job.dir), // never throws: sha256Of catches
    };
  }
}

/** A village that hit a bug of ours (or whose worker died): reported as E_INTERNAL, nothing written. */
export function internalFailure(job: VillageJob, message: string): VillageResult {
  return {
    index: job.index,
    folder: job.folder,
    status: 'internal',
    name: null,
    year: null,
    errors: [{ file: job.dir, line: 0, column: 0, code: 'E_INTERNAL', message }],
    warnings: [],
    files: [],
    figures: null,
    pooledIncomeFen: pooledIncome(job),
    inputs: [],
    rulesSha256: null,
    ownRulesSha256: null,
  };
}
