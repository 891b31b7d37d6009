import { access, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { RULES_TEMPLATE } from '../../rules/template.js';
import { EXIT } from '../exitCodes.js';
import type { Output } from '../output.js';
import { printErrors } from './common.js';

const BOM = '\uFEFF';

/** Header-only sheets with the Chinese column names an accountant fills in Excel. */
export const INIT_FILES: Record<string, string> = {
  'rules.yaml': RULES_TEMPLATE,
  'households.csv': BOM + '户号,户主,村组,身份证号,银行账号,类别\r\n',
  'revenue.csv': BOM + '日期,收支,科目,金额,备注\r\n',
  'land.csv': BOM + '户号,地块编号,地类,面积(亩),方式,月数\r\n',
  'shares.csv': BOM + '户号,股份类别,股数,月数\r\n',
  'labor.csv': BOM + '户号,日期,务工人员,工种,天数\r\n',
  'deductions.csv': BOM + '户号,类型,金额,备注\r\n',
};

export async function initCommand(dir: string, out: Output): Promise<number> {
  const existing: string[] = [];
  for (const name of Object.keys(INIT_FILES)) {
    const file = path.join(dir, name);
    if (await access(file).then(() => true, () => false)) existing.push(file);
  }
  if (existing.length) {
    printErrors(
      existing.map((file) => ({ file, line: 0, column: 0, code: 'E_EXISTS', message: '文件已存在, 不覆盖 (already exists; init never overwrites)' })),
      out,
      false,
    );
    return EXIT.invalidInput;
  }
  await mkdir(dir, { recursive: true });
  for (const [name, text] of Object.entries(INIT_FILES)) await writeFile(path.join(dir, name), text, { flag: 'wx' });
  out.line(`已生成 created ${dir}${path.sep}: ${Object.keys(INIT_FILES).join(' ')}`);
  out.line(`下一步 next: 修改 rules.yaml, 在 Excel 中填写各表 (另存为 CSV), 然后运行 coop-payout validate ${dir}`);
  return EXIT.ok;
}
