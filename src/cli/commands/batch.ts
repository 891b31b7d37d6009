import { availableParallelism } from 'node:os';
import path from 'node:path';
import { InvalidArgumentError } from 'commander';
import { runBatch } from '../../batch/runBatch.js';
import { BATCH_OUTPUT_NAMES } from '../../batch/outputNames.js';
import type { VillageOutcome } from '../../batch/types.js';
import { formatFen } from '../../money/fen.js';
import type { Problem } from '../../problems.js';
import { EXIT } from '../exitCodes.js';
import type { Output } from '../output.js';
import { printErrors, type CommonOptions } from './common.js';
import { oneLine } from '../terminalText.js';
import type { Lang } from '../../lang.js';

export interface BatchCliOptions extends CommonOptions {
  out?: string;
  jobs?: number;
  lang: Lang;
}

/** commander parser for --jobs: a whole number ≥ 1 (anything else is a usage error, exit 2). */
export function parseJobs(value: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1 || Number(value) > 1024) {
    throw new InvalidArgumentError('--jobs 应为 1 到 1024 的整数 (a whole number from 1 to 1024)');
  }
  return Number(value);
}

function clock(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** Whether a village's problem is in a file of its own folder (else: ROOT/rules.yaml, pool.yaml). */
function inOwnFolder(p: Problem, dir: string): boolean {
  const f = path.resolve(p.file);
  const d = path.resolve(dir);
  return f === d || f.startsWith(d + path.sep);
}

/**
 * Problems in the shared files (ROOT/rules.yaml) are the same in every village that inherits them:
 * each is printed once, after the villages, naming the villages it stopped or warned (issue 13).
 */
class SharedProblems {
  private readonly seen = new Map<string, { p: Problem; folders: string[] }>();
  add(p: Problem, folder: string): void {
    const k = `${p.file}\u0000${p.line}\u0000${p.column}\u0000${p.code}\u0000${p.message}`;
    const e = this.seen.get(k);
    if (e) e.folders.push(folder);
    else this.seen.set(k, { p, folders: [folder] });
  }
  print(out: Output, villages: number): void {
    for (const { p, folders } of this.seen.values()) {
      const who = folders.length === villages && villages > 1 ? `所有 ${villages} 个村 all ${villages} villages: ${folders.map(oneLine).join(', ')}` : folders.map(oneLine).join(', ');
      out.problem({ ...p, message: `[${who}] ${p.message}` });
    }
  }
}

function villageLine(o: VillageOutcome): string {
  if (o.status === 'ok' && o.figures) {
    const f = o.figures;
    const pooled = f.pooledIncomeFen > 0n ? `, 统筹 pooled ${formatFen(f.pooledIncomeFen)}` : '';
    return `${oneLine(o.folder)}: ${o.name ?? ''}, ${f.households} 户 households${pooled}, 实发合计 net payable ${formatFen(f.netPayableFen)}`;
  }
  return `${oneLine(o.folder)}: 失败 FAILED, ${o.errors.length} 个错误 error(s); 未写出 not written`;
}

/**
 * `coop-payout batch ROOT`: every village of a township (SPEC §7–§8). Exit 0 all written, 4 some
 * failed, 1 all failed or ROOT unusable (nothing written), 3 a bug.
 */
export async function batchCommand(root: string, opts: BatchCliOptions, out: Output): Promise<number> {
  const jobs = opts.jobs ?? availableParallelism();
  const quiet = Boolean(opts.quiet);
  const json = Boolean(opts.json);
  const showProgress = out.interactive && !quiet;
  const plainLines = !out.interactive && !quiet && !json;
  const started = Date.now();
  let done = 0;
  let total = 0;
  let timer: NodeJS.Timeout | null = null;

  const progressText = () => {
    const elapsed = Date.now() - started;
    const eta = done > 0 && done < total ? `, 预计剩余 ETA ${clock((elapsed / done) * (total - done))}` : '';
    return `批处理 batch: ${done}/${total} 村 villages, 用时 elapsed ${clock(elapsed)}${eta}`;
  };
  const redraw = () => {
    if (showProgress && total > 0) out.progress(progressText());
  };
  /** Anything to stderr while a progress line may be showing. */
  const aside = (fn: () => void) => {
    if (showProgress) out.endProgress();
    fn();
    redraw();
  };

  const shared = new SharedProblems();
  const result = await (async () => {
    try {
      return await runBatch({
        root,
        out: opts.out,
        jobs,
        lang: opts.lang,
        encoding: opts.encoding ?? 'auto',
        outputEncoding: opts.outputEncoding ?? 'utf8',
        maxRows: opts.maxRows,
        followSymlinks: opts.followSymlinks,
        strict: opts.strict,
        date: opts.date,
        onProgress: (d, t) => {
          done = d;
          total = t;
          if (showProgress && timer === null) {
            timer = setInterval(redraw, 1000);
            timer.unref();
          }
          redraw();
        },
        onVillage: (o) => {
          const dir = path.join(root, o.folder);
          aside(() => {
            for (const e of o.errors) inOwnFolder(e, dir) ? out.problem(e) : shared.add(e, o.folder);
            if (!quiet) for (const w of o.warnings) inOwnFolder(w, dir) ? out.problem(w) : shared.add(w, o.folder);
          });
          if (plainLines) out.line(villageLine(o));
        },
      });
    } finally {
      if (timer) clearInterval(timer);
      if (showProgress) out.endProgress();
    }
  })();

  if (result.kind === 'stopped') {
    if (!quiet) for (const n of result.notes) out.problem(n);
    printErrors(result.errors, out, json);
    out.note(out.err.red(`批处理未开始, 未写出任何文件 (batch not started; nothing written)`));
    return EXIT.invalidInput;
  }

  const { outcomes, notes, outDir } = result;
  shared.print(out, outcomes.length);
  if (!quiet) for (const n of notes) out.problem(n);
  if (result.outputError) out.problem(result.outputError);
  const ok = outcomes.filter((o) => o.status === 'ok').length;
  const failed = outcomes.length - ok;

  if (json) out.json(result.report);
  else if (!quiet) {
    if (out.interactive) for (const o of outcomes) out.line(villageLine(o));
    out.line(
      `${outcomes.length} 个村 villages: ${ok} 完成 ok, ${failed} 失败 failed, 用时 ${clock(Date.now() - started)}; ` +
        `已写出 written: ${outDir}${path.sep} ${BATCH_OUTPUT_NAMES.join(' ')}`,
    );
  }
  if (failed > 0) {
    const names = outcomes.filter((o) => o.status !== 'ok').map((o) => oneLine(o.folder));
    out.note(out.err.red(`${failed} 个村失败, 未写出 (${failed} village(s) failed, not written): ${names.join(', ')}`));
  }

  if (outcomes.some((o) => o.status === 'internal')) return EXIT.internal;
  if (result.outputError) return EXIT.invalidInput;
  if (ok === outcomes.length) return EXIT.ok;
  if (ok === 0) return EXIT.invalidInput;
  return EXIT.batchPartial;
}
