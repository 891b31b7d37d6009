import { access, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { FILE_SPECS } from '../../io/columns.js';
import { RULES_TEMPLATE } from '../../rules/template.js';
import { EXIT } from '../exitCodes.js';
import type { Output } from '../output.js';
import { printErrors } from './common.js';

const BOM = '\uFEFF';

/** rules.yaml and header-only sheets with the Chinese column names an accountant fills in Excel (the input tables' templates). */
export const INIT_FILES: Record<string, string> = {
  'rules.yaml': RULES_TEMPLATE,
  ...Object.fromEntries(FILE_SPECS.filter((s) => s.template).map((s) => [s.file, BOM + s.template!.join(',') + '\r\n'])),
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
