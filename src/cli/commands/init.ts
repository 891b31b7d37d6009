import { access, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { FILE_SPECS, inputFileNames } from '../../io/columns.js';
import { INPUT_WORKBOOK, inputWorkbookTemplate } from '../../io/inputWorkbook.js';
import { Problems } from '../../problems.js';
import { loadRules } from '../../rules/loadRules.js';
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

export interface InitOptions {
  /** SPEC §10: rules.yaml and one workbook 录入表.xlsx (a sheet per table) instead of the CSV files. */
  xlsx?: boolean;
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/** The rules the template's drop-down lists come from: the rules.yaml init writes. */
function templateRules() {
  return loadRules([{ file: 'rules.yaml', text: RULES_TEMPLATE }], new Problems());
}

export async function initCommand(dir: string, out: Output, opts: InitOptions = {}): Promise<number> {
  const names = opts.xlsx ? ['rules.yaml', INPUT_WORKBOOK] : Object.keys(INIT_FILES);
  const existing: { file: string; message: string }[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    if (await exists(file)) existing.push({ file, message: '文件已存在, 不覆盖 (already exists; init never overwrites)' });
  }
  if (opts.xlsx) {
    // A table already given as a file would be there twice (E_AMBIGUOUS_INPUT) once the workbook is filled.
    for (const name of inputFileNames()) {
      const file = path.join(dir, name);
      if (!names.includes(name) && (await exists(file)))
        existing.push({ file, message: `已有输入表, ${INPUT_WORKBOOK} 会与它重复: 请先移走 (an input table is already here; the workbook would give it twice)` });
    }
  }
  if (existing.length) {
    printErrors(
      existing.map(({ file, message }) => ({ file, line: 0, column: 0, code: 'E_EXISTS', message })),
      out,
      false,
    );
    return EXIT.invalidInput;
  }
  await mkdir(dir, { recursive: true });
  if (opts.xlsx) {
    const book = await inputWorkbookTemplate(templateRules());
    await writeFile(path.join(dir, 'rules.yaml'), RULES_TEMPLATE, { flag: 'wx' });
    await writeFile(path.join(dir, INPUT_WORKBOOK), book, { flag: 'wx' });
    out.line(`已生成 created ${dir}${path.sep}: ${names.join(' ')}`);
    out.line(`下一步 next: 修改 rules.yaml, 在 Excel 或 WPS 中填写 ${INPUT_WORKBOOK} 的各工作表 (直接保存), 然后运行 coop-payout validate ${dir}`);
    return EXIT.ok;
  }
  for (const [name, text] of Object.entries(INIT_FILES)) await writeFile(path.join(dir, name), text, { flag: 'wx' });
  out.line(`已生成 created ${dir}${path.sep}: ${Object.keys(INIT_FILES).join(' ')}`);
  out.line(`下一步 next: 修改 rules.yaml, 在 Excel 中填写各表 (另存为 CSV), 然后运行 coop-payout validate ${dir}`);
  return EXIT.ok;
}
