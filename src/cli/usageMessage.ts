import type { CommanderError } from 'commander';

const COMMANDS = 'run, validate, explain, init, batch';

/**
 * A usage error (exit 2) in Chinese first, with the fix, from commander's English message. Commander
 * words its errors one way per code; anything not recognised keeps its English after a Chinese lead.
 */
export function usageMessage(err: CommanderError): string {
  const en = err.message.replace(/^error: /, '');
  const m = (re: RegExp) => re.exec(en);
  let zh: string;
  let r: RegExpExecArray | null;
  switch (err.code) {
    case 'commander.unknownOption':
      r = m(/unknown option '([^']+)'/);
      zh = `没有 ${r?.[1] ?? '这个'} 选项, 请检查拼写 (coop-payout 命令 --help 列出可用选项)`;
      break;
    case 'commander.unknownCommand':
      r = m(/unknown command '([^']+)'/);
      zh = `没有 ${r?.[1] ?? '这个'} 命令, 可用的命令: ${COMMANDS}`;
      break;
    case 'commander.missingArgument':
      r = m(/missing required argument '([^']+)'/);
      zh = `缺少参数 ${r?.[1] ?? ''}: ${r?.[1] === 'household' ? '请写上户号或户主姓名' : '请写上文件夹 (例如 coop-payout run 村名文件夹)'}`;
      break;
    case 'commander.optionMissingArgument':
      r = m(/option '([^']+)' argument missing/);
      zh = `选项 ${r?.[1] ?? ''} 后面缺少取值`;
      break;
    case 'commander.invalidArgument':
      r = m(/option '([^']+)' argument '([^']*)' is invalid\.?\s*(.*)$/);
      zh = r ? `选项 ${r[1]} 的取值 "${r[2]}" 无效${r[3] ? `: ${translateAllowed(r[3])}` : ''}` : '参数取值无效';
      break;
    case 'commander.excessArguments':
      zh = '参数太多: 文件夹路径里有空格时请加引号';
      break;
    default:
      zh = '命令行有误';
  }
  return `${zh} (${en})`;
}

function translateAllowed(s: string): string {
  return s.replace(/^Allowed choices are (.*)\.$/, '可选 $1');
}
