import type { Distribution } from '../engine/types.js';
import type { Dataset } from '../io/types.js';
import type { Problems } from '../problems.js';
import { bankFileOptions, type BankColumn } from '../render/options.js';
import type { Rules } from '../rules/types.js';
import { q } from '../io/fileContext.js';

const LABELS: Partial<Record<BankColumn, [keyof Dataset['households'][number], string, string]>> = {
  name: ['name', '户主姓名', 'name'],
  account: ['bankAccount', '银行账号', 'bank_account'],
  id_number: ['idNumber', '身份证号', 'id_number'],
  household_id: ['id', '户号', 'household_id'],
};

const DELIMITER_NAME: Record<string, string> = { ',': '逗号 ,', '|': '竖线 |', '\t': '制表符 Tab' };

/**
 * bank.csv goes to a bank's import program, which reads one line per payment and splits on the
 * delimiter; quoting is not something to count on there. A value holding a line break or the
 * delimiter, in a column the bank file writes, for a household the bank file pays, is refused
 * (E_BAD_VALUE at its line in households.csv) instead of being changed.
 */
export function checkBankFields(rules: Rules, data: Dataset, dist: Distribution, file: string, problems: Problems): void {
  const opts = bankFileOptions(rules);
  const cols = opts.columns.map((c) => LABELS[c]).filter((x) => x !== undefined);
  const net = dist.cols.netFen;
  data.households.forEach((h, i) => {
    if (net[i] <= 0n || h.bankAccount === '' || h.payment === 'cash') return; // not in the bank file
    for (const [field, zh, en] of cols) {
      const v = String(h[field]);
      const bad = /[\r\n]/.test(v) ? { zh: '换行', en: 'a line break' } : opts.format === 'csv' && v.includes(opts.delimiter) ? { zh: DELIMITER_NAME[opts.delimiter], en: `the delimiter ${JSON.stringify(opts.delimiter)}` } : null;
      if (!bad) continue;
      problems.error(
        file,
        h.line,
        0,
        'E_BAD_VALUE',
        `${zh}含有${bad.zh}，银行代发文件 bank.csv 无法原样写出：请在成员名册中改正，或在 rules.yaml 的 bank_file.delimiter 换一个分隔符 (${en} holds ${bad.en}, which bank.csv cannot carry): ${q(v)}`,
      );
    }
  });
}
