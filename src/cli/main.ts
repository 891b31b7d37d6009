import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { InternalError } from '../problems.js';
import { toolVersion } from '../version.js';
import { EXIT } from './exitCodes.js';
import { usageMessage } from './usageMessage.js';
import { isoDate, parseDateText } from '../util/dateText.js';
import { Output } from './output.js';
import { installPipeHandlers, installSignalHandlers } from './signals.js';
import { runCommand } from './commands/run.js';
import { validateCommand } from './commands/validate.js';
import { explainCommand } from './commands/explain.js';
import { initCommand } from './commands/init.js';
import { batchCommand, parseJobs } from './commands/batch.js';

/** Thrown by command wiring for a bad invocation (exit 2). */
export class UsageError extends Error {}

function buildProgram(out: Output, setCode: (code: number) => void): Command {
  const program = new Command('coop-payout')
    .description('合作社年度收益分配 — year-end benefit distribution of a rural cooperative, exact to the fen')
    .version(toolVersion(), '-V, --version')
    .exitOverride()
    // Usage errors are worded (Chinese first) and printed by main's catch, as text or --json.
    .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s), outputError: () => {} });

  const maxRows = () =>
    new Option('--max-rows <n>', '每个表最多行数, 超过即报错 refuse an input file with more data rows (E_TOO_LARGE)').argParser((v) => {
      if (!/^[1-9]\d*$/.test(v)) throw new InvalidArgumentError('a whole number > 0');
      return Number(v);
    });
  const followSymlinks = () =>
    new Option('--follow-symlinks', '允许输入文件是指向文件夹之外的符号链接 let input links lead outside the run folder (the target must be a regular file)');
  const strict = () => new Option('--strict', '有警告即按错误处理, 不写文件 (for cron) treat every warning as an error: exit 1, nothing written');
  // The 制表日期 comes from the rules or the command line, never from the clock: reruns stay byte-identical.
  const date = () =>
    new Option('--date <date>', '制表日期 the date printed on the sheets (2025-12-20 or 2025年12月20日), instead of rules.yaml prepared_on').argParser((v) => {
      const d = parseDateText(v);
      if (!d) throw new InvalidArgumentError('应为日期, 如 2025-12-20 (a date such as 2025-12-20)');
      return isoDate(d);
    });
  const lang = () => new Option('--lang <lang>', '表头语言 header language').choices(['zh', 'en']).default('zh');
  // SPEC §10: --encoding is how inputs are read, --output-encoding how CSV sheets are written; gbk means GB18030.
  const encodingChoice = (allowed: string[]) => (v: string) => {
    const k = v.trim().toLowerCase();
    if (!allowed.includes(k)) throw new InvalidArgumentError(`可选 allowed: ${allowed.join(', ')}`);
    return k === 'gbk' ? 'gb18030' : k;
  };
  const encoding = () =>
    new Option('--encoding <enc>', '输入编码 how input files are read: auto (per file), utf8, gb18030 or gbk')
      .argParser(encodingChoice(['auto', 'utf8', 'gb18030', 'gbk']))
      .default('auto');
  const outputEncoding = () =>
    new Option('--output-encoding <enc>', '输出编码 how CSV sheets are written: utf8 (with BOM), gb18030 or gbk')
      .argParser(encodingChoice(['utf8', 'gb18030', 'gbk']))
      .default('utf8');

  program
    .command('run')
    .description('计算并写出分配表 compute the distribution and write the payout sheets')
    .argument('<dir>', 'run directory (rules.yaml, households.csv, revenue.csv, …)')
    .option('--out <dir>', '输出目录 output directory (default DIR/out)')
    .addOption(lang())
    .addOption(encoding())
    .addOption(followSymlinks())
    .addOption(strict())
    .addOption(date())
    .addOption(outputEncoding())
    .addOption(maxRows())
    .option('--json', 'print summary.json (or the errors) as JSON on stdout')
    .option('--quiet', 'print nothing but errors')
    .action(async (dir: string, o) => setCode(await runCommand(dir, o, out)));

  program
    .command('validate')
    .description('检查全部输入, 不写文件 check everything, write nothing')
    .argument('<dir>')
    .addOption(encoding())
    .addOption(followSymlinks())
    .addOption(strict())
    .addOption(maxRows())
    .option('--json', 'print the summary (or the errors) as JSON')
    .option('--quiet', 'print nothing but errors')
    .action(async (dir: string, o) => setCode(await validateCommand(dir, o, out)));

  program
    .command('explain')
    .description('逐项说明一户的计算 explain one household’s calculation, step by step')
    .argument('<dir>')
    .argument('<household>', '户号或户主姓名 household_id or the head of household’s name')
    .addOption(lang())
    .addOption(encoding())
    .addOption(followSymlinks())
    .action(async (dir: string, household: string, o) => setCode(await explainCommand(dir, household, o, out)));

  program
    .command('init')
    .description('生成带注释的 rules.yaml 和空白表格 write a commented rules.yaml and header-only CSVs')
    .argument('<dir>')
    .option('--xlsx', '写一个录入表.xlsx (每张表一个工作表) 代替 CSV write one workbook 录入表.xlsx, a sheet per table, instead of the CSVs')
    .action(async (dir: string, o: { xlsx?: boolean }) => setCode(await initCommand(dir, out, { xlsx: o.xlsx === true })));

  program
    .command('batch')
    .description('全乡镇各村批量计算 run every village of a township (each subfolder with a households.csv)')
    .argument('<root>', 'township folder: one subfolder per village, optional rules.yaml (shared) and pool.yaml')
    .option('--out <dir>', '输出目录 output directory (default ROOT/out)')
    .addOption(new Option('--jobs <n>', '并行数 villages run in parallel (default: the number of CPUs)').argParser(parseJobs))
    .addOption(lang())
    .addOption(encoding())
    .addOption(followSymlinks())
    .addOption(strict())
    .addOption(date())
    .addOption(outputEncoding())
    .addOption(maxRows())
    .option('--json', 'print batch.json (or the errors) as JSON on stdout')
    .option('--quiet', 'print nothing but errors')
    .action(async (root: string, o) => setCode(await batchCommand(root, o, out)));

  return program;
}

/**
 * The one top-level catch: usage errors → 2, broken invariants and anything unexpected → 3.
 * User errors never reach here: commands report them as problems and return 1.
 */
export async function main(argv: string[]): Promise<number> {
  const out = new Output();
  let code: number = EXIT.ok;
  const program = buildProgram(out, (c) => (code = c));
  installSignalHandlers((t) => out.note(t));
  installPipeHandlers();
  try {
    if (argv.length === 0) {
      program.outputHelp({ error: true });
      return EXIT.usage;
    }
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError && err.exitCode === 0) return EXIT.ok; // --help, --version
    if (err instanceof CommanderError || err instanceof UsageError) {
      const message = err instanceof CommanderError ? usageMessage(err) : err.message;
      if (argv.includes('--json')) {
        out.json({ errors: [{ file: '', line: 0, column: 0, code: 'E_USAGE', message }] });
      } else {
        out.note(out.err.red(`coop-payout: E_USAGE: ${message}`));
        out.note('(coop-payout --help 查看用法 / for usage)');
      }
      return EXIT.usage;
    }
    const what = err instanceof InternalError ? err.message : String((err as Error)?.stack ?? err);
    out.note(out.err.red(`coop-payout: 内部错误 internal error (a bug in coop-payout, not in your files): ${what}`));
    return EXIT.internal;
  }
}
