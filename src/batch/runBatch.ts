// Long because the batch's order of steps (lock, discovery, ROOT files, pool, workers, writes, township sheets) is its safety argument and reads best in one place.
import { inputFileNames } from '../io/columns.js';
import { readTownshipInputs } from './townshipInputs.js';
import { exactToString } from '../money/exact.js';
import { shownDate } from '../util/dateText.js';
import { readRegular } from '../io/openRegular.js';
import { randomBytes } from 'node:crypto';
import { closeSync, constants as fsConstants, fsyncSync, openSync, writeFileSync } from 'node:fs';
import { lstat, mkdir, open, readdir, realpath, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Problem, ProblemCode } from '../problems.js';
import { townshipReportHtml } from '../render/township.js';
import { unlinkOnAbort } from '../output/abortCleanup.js';
import { csvBytes } from '../render/csvWrite.js';
import { acquireLock, assertNoRelatedLock, BATCH_LOCK_NAME, LockedError, lockFileFor } from '../output/outputLock.js';
import { checkOutputTarget, manifestText, MANIFEST_NAME, OutputError, recoverOutputDir, writeOutputDir } from '../output/writeOutputDir.js';
import { discoverVillages, isInside } from './discover.js';
import type { PoolShare } from './poolSplit.js';
import { runJobs, WORKER_URL } from './runJobs.js';
import { batchJson, batchJsonText, failureReason, townshipRows } from './township.js';
import type { VillageJob, VillageOutcome, VillageResult } from './types.js';

import { BATCH_JSON, REPORT_HTML, SUMMARY_CSV } from './outputNames.js';
import type { Lang } from '../lang.js';
export { BATCH_JSON, REPORT_HTML, SUMMARY_CSV };
/**
 * The batch's lock, inside OUT: hidden (never taken for a village), and not of the form
 * `.<name>.lock`, which is the lock `run --out OUT/<name>` takes on a village folder.
 */
export const LOCK_NAME = BATCH_LOCK_NAME;

/** Village folders being written at once (each write is mostly waiting for fsync). */
const WRITE_CONCURRENCY = 4;

export interface BatchOptions {
  root: string;
  /** Default ROOT/out. */
  out?: string;
  /** Worker threads; ≤ 1 runs in this thread. */
  jobs: number;
  lang: Lang;
  encoding: 'auto' | 'utf8' | 'gb18030';
  outputEncoding: 'utf8' | 'gb18030';
  maxRows?: number;
  /** `--follow-symlinks` (ROOT's files and every village's inputs). */
  followSymlinks?: boolean;
  /** `--strict` (cron): a village with any warning fails like one with an error (nothing written for it). */
  strict?: boolean;
  /** `--date`: 制表日期 on every village's sheets and the township report. */
  date?: string;
  /** Called when a village is finished (written or failed), in the order they finish. */
  onProgress?: (done: number, total: number) => void;
  /** Called once per village, in folder order, after its output folder was written (or not). */
  onVillage?: (o: VillageOutcome) => void;
  /** For tests: the worker script. */
  workerUrl?: URL;
}

/** The batch did not start: nothing was written (exit 1). */
export interface BatchStopped {
  kind: 'stopped';
  errors: Problem[];
  notes: Problem[];
}

export interface BatchDone {
  kind: 'done';
  /** OUT as shown to the user. */
  outDir: string;
  outcomes: VillageOutcome[];
  /** Folders left out (symlinks leading outside ROOT, …), as warnings. */
  notes: Problem[];
  pool: { name: string; shares: PoolShare[] } | null;
  /** batch.json's content (also written to OUT/batch.json). */
  report: Record<string, unknown>;
  /** township-summary.csv or batch.json could not be written. */
  outputError: Problem | null;
}

export type BatchResult = BatchStopped | BatchDone;

const whole = (file: string, code: ProblemCode, message: string): Problem => ({ file, line: 0, column: 0, code, message });

function why(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

async function isFile(p: string): Promise<boolean> {
  return (await stat(p).catch(() => null))?.isFile() ?? false;
}

/** Leftover temporary folders/files of an interrupted earlier batch (we hold the lock, so nobody else writes). */
const TEMP_NAME = /^\..+\.tmp-\d+-[0-9a-f]{12}$/;

async function removeLeftovers(outDir: string): Promise<void> {
  for (const name of await readdir(outDir).catch(() => [] as string[])) {
    if (TEMP_NAME.test(name)) await rm(path.join(outDir, name), { recursive: true, force: true }).catch(() => undefined);
  }
}

/** One file replaced atomically: a temporary sibling, fsynced, renamed over. */
async function writeFileAtomic(file: string, data: Buffer | string): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
  const forget = unlinkOnAbort(tmp);
  try {
    // Synchronous (these are the few township files): an open still queued in libuv's thread pool
    // when a signal's cleanup has run would create the temporary after its removal.
    const fd = openSync(tmp, 'wx', 0o644);
    try {
      writeFileSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  } finally {
    forget();
  }
  if (process.platform !== 'win32') {
    const dh = await open(path.dirname(file), fsConstants.O_RDONLY).catch(() => null);
    await dh?.sync().catch(() => undefined);
    await dh?.close();
  }
}

/** OUT must not be ROOT nor a folder of input files (e.g. a village). */
async function checkOutDir(root: string, outDir: string): Promise<Problem | null> {
  const realRoot = await realpath(root);
  const target = await realpath(outDir).catch(() => path.resolve(outDir));
  if (target === realRoot) return whole(outDir, 'E_OUTPUT', '输出目录不能是 ROOT 本身 (the output directory cannot be ROOT itself)');
  const st = await lstat(outDir).catch(() => null);
  if (st && !st.isDirectory()) return whole(outDir, 'E_OUTPUT', '已存在且不是目录 (exists and is not a directory)');
  for (const m of ['rules.yaml', 'pool.yaml', ...inputFileNames()]) {
    if (st && (await isFile(path.join(outDir, m)))) {
      return whole(outDir, 'E_OUTPUT', `含有输入文件 ${m}, 不能作为输出目录 (holds the input file ${m}; choose another output directory)`);
    }
  }
  if (isInside(target, realRoot)) return whole(outDir, 'E_OUTPUT', '输出目录不能包含 ROOT (the output directory cannot contain ROOT)');
  try {
    await checkOutputTarget(outDir, { inputDirs: [root], topLevelOnly: true, allow: [LOCK_NAME] });
  } catch (e) {
    if (!(e instanceof OutputError)) throw e;
    return whole(outDir, (e as OutputError & { locked?: boolean }).locked ? 'E_LOCKED' : 'E_OUTPUT', e.message);
  }
  return null;
}

/**
 * SPEC §7–§8: every village of ROOT analysed (in parallel), written to OUT/<village>/ all or
 * nothing, then OUT/township-summary.csv and OUT/batch.json. A village that fails is reported and
 * skipped. Stops before writing anything when ROOT is unusable, ROOT/rules.yaml cannot be parsed,
 * pool.yaml is bad, or another batch holds OUT (E_LOCKED). Prints nothing: the CLI does.
 */
export async function runBatch(opts: BatchOptions): Promise<BatchResult> {
  const { root } = opts;
  const stopped = (errors: Problem[], notes: Problem[] = []): BatchStopped => ({ kind: 'stopped', errors, notes });

  const rootStat = await stat(root).catch(() => null);
  if (!rootStat?.isDirectory()) {
    return stopped([whole(root, 'E_MISSING_FILE', rootStat ? '不是目录 (not a directory)' : '找不到目录 (no such directory)')]);
  }
  const outDir = opts.out ?? path.join(root, 'out');
  if (outDir.trim() === '') return stopped([whole(JSON.stringify(outDir), 'E_OUTPUT', '输出目录为空: 请用 --out 指定一个新的或本工具写过的文件夹 (the output folder is empty: give --out a new folder or one this tool wrote)')]);
  const outProblem = await checkOutDir(root, outDir);
  if (outProblem) return stopped([outProblem]);

  let discovery;
  try {
    discovery = await discoverVillages(root, outDir);
  } catch (e) {
    return stopped([whole(root, 'E_MISSING_FILE', `无法读取目录 (cannot read the directory: ${why(e)})`)]);
  }
  const { villages, notes } = discovery;
  // --strict (cron): a folder left out of the township (a link, an unreadable or misnamed folder) stops the batch.
  if (opts.strict && notes.length > 0) return stopped(notes);
  if (villages.length === 0) {
    return stopped([whole(root, 'E_NO_VILLAGES', '没有村文件夹: 没有哪个子目录含有 households.csv (no village: no direct subfolder holds a households.csv)')], notes);
  }

  // ROOT/rules.yaml and pool.yaml: a syntax error or a bad pool stops the batch before any village is written.
  const township = readTownshipInputs(root, villages.map((v) => v.folder), { followSymlinks: opts.followSymlinks });
  const { inheritedRules, rootRulesSha256, rootPreparedOn } = township;
  const pool: BatchDone['pool'] = township.pool ? { name: township.pool.pool.name, shares: township.pool.shares } : null;
  const poolSha256 = township.pool?.pool.sha256 ?? '';
  const poolIncomeFen = township.pool?.pool.incomeFen ?? 0n;
  if (!township.problems.ok) return stopped(township.problems.errors, notes);

  try {
    await mkdir(outDir, { recursive: true, mode: 0o700 });
  } catch (e) {
    return stopped([whole(outDir, 'E_OUTPUT', `无法创建输出目录 (cannot create the output directory: ${why(e)})`)], notes);
  }
  let release: () => void;
  const lockFile = path.join(outDir, LOCK_NAME);
  try {
    release = acquireLock(lockFile);
    try {
      assertNoRelatedLock(outDir, lockFile);
    } catch (e) {
      release();
      throw e;
    }
  } catch (e) {
    if (e instanceof LockedError) {
      return stopped([whole(lockFile, 'E_LOCKED', `另一个批处理正在写这个输出目录, 持有者 ${e.holder} (another batch is writing this output folder; if none is running, delete this file)`)], notes);
    }
    return stopped([whole(outDir, 'E_OUTPUT', `无法创建锁文件 (cannot create the lock file: ${why(e)})`)], notes);
  }

  try {
    await removeLeftovers(outDir);
    // What earlier runs wrote here and is still here stays listed in the manifest.
    const previousManifest: string[] = [];
    try {
      const m = JSON.parse(readRegular(path.join(outDir, MANIFEST_NAME)).toString('utf8')) as { files?: unknown };
      const present = new Set(await readdir(outDir));
      if (Array.isArray(m.files)) for (const f of m.files) if (typeof f === 'string' && present.has(f.replace(/\/$/, '').split('/')[0])) previousManifest.push(f);
    } catch {
      /* none */
    }
    const jobs: VillageJob[] = villages.map((v, index) => ({
      index,
      folder: v.folder,
      dir: v.dir,
      inheritedRules,
      extraRevenue: township.extraRevenue(v.folder),
      encoding: opts.encoding,
      outputEncoding: opts.outputEncoding,
      maxRows: opts.maxRows,
      followSymlinks: opts.followSymlinks,
      lang: opts.lang,
      ...(opts.date ? { date: opts.date } : {}),
    }));
    const total = jobs.length;
    const outcomes: VillageOutcome[] = new Array(total);
    let done = 0;
    let emitted = 0;
    const finish = async (r: VillageResult): Promise<VillageOutcome> => {
      const { files, ...rest } = r;
      if (r.status !== 'ok') return { ...rest, written: [] };
      if (opts.strict && r.warnings.length > 0) {
        // As `run --strict`: the warnings become the village's errors; its folder is left as it was.
        return { ...rest, status: 'failed', figures: null, errors: r.warnings, warnings: [], written: [] };
      }
      const target = path.join(outDir, r.folder);
      const failed = (code: ProblemCode, message: string): VillageOutcome => ({
        ...rest,
        status: 'failed',
        figures: null,
        errors: [whole(target, code, message)],
        written: [],
      });
      // The same lock `run --out OUT/<village>` takes (beside the folder), so the two never interleave.
      let releaseVillage: () => void;
      try {
        releaseVillage = acquireLock(lockFileFor(path.join(outDir, r.folder)));
      } catch (e) {
        return e instanceof LockedError ? failed('E_LOCKED', e.message) : failed('E_OUTPUT', why(e));
      }
      try {
        await recoverOutputDir(target);
        await writeOutputDir(
          target,
          files.map((f) => ({
            name: f.name,
            data: Buffer.from(f.data.buffer, f.data.byteOffset, f.data.byteLength),
            ...(f.mode !== undefined ? { mode: f.mode } : {}),
          })),
        );
      } catch (e) {
        return failed('E_OUTPUT', why(e));
      } finally {
        releaseVillage();
      }
      return { ...rest, written: files.map((f) => f.name) };
    };

    // Workers compute; this thread writes the village folders as results come in, a few at a
    // time (writing is mostly waiting for fsync), while the workers go on.
    const queue: VillageResult[] = [];
    let active = 0;
    let allQueued = false;
    let drained: () => void = () => undefined;
    const whenDrained = new Promise<void>((resolve) => (drained = resolve));
    const pump = () => {
      while (active < WRITE_CONCURRENCY && queue.length > 0) {
        const r = queue.shift()!;
        active++;
        void finish(r).then((o) => {
          outcomes[r.index] = o;
          active--;
          done++;
          opts.onProgress?.(done, total);
          while (emitted < total && outcomes[emitted]) opts.onVillage?.(outcomes[emitted++]);
          pump();
        });
      }
      if (allQueued && active === 0 && queue.length === 0) drained();
    };

    await runJobs(
      jobs,
      opts.jobs,
      (r) => {
        queue.push(r);
        pump();
      },
      opts.workerUrl ?? WORKER_URL,
    );
    allQueued = true;
    pump();
    await whenDrained;

    const report = batchJson({
      root,
      outcomes,
      notes,
      rootRulesSha256,
      pool: pool ? { name: pool.name, incomeFen: poolIncomeFen, sha256: poolSha256, shares: pool.shares } : null,
    });
    let outputError: Problem | null = null;
    // 制表日期: --date, else the township rules' prepared_on (every village inherits it).
    const preparedOn = opts.date ?? rootPreparedOn;
    const years = new Set(outcomes.filter((o) => o.status === 'ok' && o.year !== null).map((o) => o.year as number));
    const html = townshipReportHtml(
      outcomes.map((o) => ({
        folder: o.folder,
        name: o.name ?? '',
        status: o.status === 'ok' ? 'ok' : 'failed',
        householdCount: o.figures?.households ?? 0,
        netPayableFen: o.figures?.netPayableFen ?? 0n,
        incomeFen: o.figures?.incomeFen,
        pooledIncomeFen: o.figures ? o.figures.pooledIncomeFen : undefined,
        totalFen: o.figures?.totalFen,
        warnings: o.warnings.length,
        errors: o.errors.length,
        ...(o.status === 'ok' ? {} : { reason: failureReason(o, root) }),
      })),
      {
        lang: opts.lang,
        ...(years.size === 1 ? { year: [...years][0] } : {}),
        ...(preparedOn ? { preparedOn: shownDate(preparedOn, opts.lang) } : {}),
        ...(pool ? { pool: { name: pool.name, incomeFen: poolIncomeFen, shares: pool.shares.map((s) => ({ village: s.village, contribution: exactToString(s.contribution), amountFen: s.amountFen })) } } : {}),
      },
    );
    for (const [name, data] of [
      [SUMMARY_CSV, csvBytes(townshipRows(outcomes, opts.lang, root), opts.outputEncoding)],
      [BATCH_JSON, batchJsonText(report)],
      [REPORT_HTML, Buffer.from(html, 'utf8')],
      [MANIFEST_NAME, manifestText([...previousManifest, SUMMARY_CSV, BATCH_JSON, REPORT_HTML, ...outcomes.filter((o) => o.written.length > 0).map((o) => o.folder + '/')])],
    ] as const) {
      try {
        await writeFileAtomic(path.join(outDir, name), data);
      } catch (e) {
        outputError ??= whole(path.join(outDir, name), 'E_OUTPUT', `无法写出 (cannot write: ${why(e)})`);
      }
    }
    return { kind: 'done', outDir, outcomes, notes, pool, report, outputError };
  } finally {
    release();
  }
}
