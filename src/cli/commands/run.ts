import type { ErrorCode } from '../../problemCodes.js';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { formatFen } from '../../money/fen.js';
import { paymentBreakdown, type PaymentBreakdown } from '../../render/payments.js';
import { analyseRun } from '../../pipeline/analyseRun.js';
import { renderRunFiles } from '../../pipeline/renderRunFiles.js';
import { markCommitted } from '../../output/abortCleanup.js';
import { acquireLock, assertNoRelatedLock, LockedError, lockFileFor } from '../../output/outputLock.js';
import { checkOutputTarget, OutputError, recoverOutputDir, writeOutputDir } from '../../output/writeOutputDir.js';
import { EXIT } from '../exitCodes.js';
import type { Output } from '../output.js';
import { checkRunDir, printErrors, reportAnalysis, type CommonOptions } from './common.js';
import type { Lang } from '../../lang.js';

export interface RunOptions extends CommonOptions {
  out?: string;
  lang: Lang;
}

export async function runCommand(dir: string, opts: RunOptions, out: Output): Promise<number> {
  if (!(await checkRunDir(dir, out, opts.json))) return EXIT.invalidInput;
  const outDir = opts.out ?? path.join(dir, 'out');
  const outError = (message: string, code: ErrorCode = 'E_OUTPUT') => {
    printErrors([{ file: outDir, line: 0, column: 0, code, message }], out, opts.json);
    return EXIT.invalidInput;
  };

  // Take the output's lock first, so a second run on the same OUT fails fast instead of interleaving.
  try {
    await checkOutputTarget(outDir, { inputDirs: [dir] });
  } catch (err) {
    if (!(err instanceof OutputError)) throw err;
    return outError(err.message, (err as OutputError & { locked?: boolean }).locked ? 'E_LOCKED' : 'E_OUTPUT');
  }
  let release: () => void;
  try {
    await mkdir(path.dirname(path.resolve(outDir)), { recursive: true });
    release = acquireLock(lockFileFor(outDir));
    try {
      assertNoRelatedLock(outDir, lockFileFor(outDir));
    } catch (e) {
      release();
      throw e;
    }
  } catch (err) {
    if (err instanceof LockedError) return outError(err.message, 'E_LOCKED');
    return outError(`无法写入输出目录 (cannot write the output folder): ${(err as Error).message}`);
  }
  try {
    await recoverOutputDir(outDir);
    const encoding = opts.encoding ?? 'auto';
    const a = await analyseRun(dir, { encoding, maxRows: opts.maxRows, followSymlinks: opts.followSymlinks, date: opts.date });
    const failed = reportAnalysis(a, out, opts);
    if (failed !== null) return failed;
    const { rules, data, dist } = a;
    if (!rules || !data || !dist) throw new Error('analysis passed without a result');

    const warnings = a.warnings.map(({ code, message }) => ({ code, message }));
    const { files, summary, extraWarnings } = await renderRunFiles(rules, data, dist, warnings, {
      lang: opts.lang,
      encoding: opts.outputEncoding ?? 'utf8',
      defer: true,
    });
    const renderWarnings = extraWarnings.map((w) => ({ file: outDir, line: 0, column: 0, ...w }));
    if (opts.strict && renderWarnings.length > 0) {
      printErrors(renderWarnings, out, opts.json);
      out.note(out.err.red(`--strict: ${renderWarnings.length} 个警告按错误处理, 未写出任何文件 (warning(s) treated as errors; nothing written)`));
      return EXIT.invalidInput;
    }
    if (!opts.quiet) for (const w of renderWarnings) out.problem(w);
    try {
      await writeOutputDir(outDir, files, { onSwapped: markCommitted });
    } catch (err) {
      if (!(err instanceof OutputError)) throw err;
      return outError(err.message);
    }

    if (opts.json) out.json(summary);
    else if (!opts.quiet) {
      out.line(`${rules.name}: ${dist.households} 户 households`);
      out.line(`  收入 income ${formatFen(dist.incomeFen)}  支出 expenses ${formatFen(dist.expensesFen)}  可分配盈余 surplus ${formatFen(dist.surplusFen)}`);
      out.line(`  应分合计 total ${formatFen(dist.totalFen)}  扣减 deductions ${formatFen(dist.deductionsFen)}  实发合计 net payable ${formatFen(dist.netPayableFen)}`);
      out.line(`  ${paymentLine(paymentBreakdown(data, dist))}`);
      out.line(`  已写出 written: ${outDir}${path.sep} ${files.map((f) => f.name).join(' ')}`);
    }
    return EXIT.ok;
  } finally {
    release();
  }
}

/**
 * 银行代发 N 笔 X 元 · 现金 M 户 Y 元 · 欠款 K 户 Z 元: what to send to the bank, hand out, and collect
 * (X + Y − Z is the net payable). Without a household paid in cash (SPEC §9.8) the cash part is the
 * bank households without an account, as it always was; with one, it is every household paid in
 * cash, those on signoff.csv and the bank households without an account, always shown.
 */
export function paymentLine(p: PaymentBreakdown): string {
  const parts = [`银行代发 ${p.bank.count} 笔 ${formatFen(p.bank.fen)} 元 (bank file: ${p.bank.count} payments)`];
  if (p.cashPayment) {
    const signed = p.cash.count - p.noAccount.count;
    const n = p.noAccount.count;
    parts.push(
      `现金 ${p.cash.count} 户 ${formatFen(p.cash.fen)} 元` +
        (n ? `, 其中无账号 ${n} 户 ${formatFen(p.noAccount.fen)} 元不在签收表上` : '') +
        ` (cash: ${signed} on signoff.csv` +
        (n ? `, ${n} bank household${n === 1 ? '' : 's'} without an account` : '') +
        ')',
    );
  } else if (p.cash.count) parts.push(`无账号待付 ${p.cash.count} 户 ${formatFen(p.cash.fen)} 元 (no account: pay in cash)`);
  if (p.owed.count) parts.push(`欠款 ${p.owed.count} 户 ${formatFen(p.owed.fen)} 元 (owed by households)`);
  return parts.join(' · ');
}
