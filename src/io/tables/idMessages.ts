/** Messages for the ID-number and bank-account cells of households.csv and persons.csv. */
import { q } from '../fileContext.js';
import { idCheckDigit } from '../values.js';

/** A long number Excel showed as 1.23E+17 and saved so: its last digits are gone. */
export function mangledMessage(zh: string, en: string, value: string): string {
  return `${zh} ${q(value)} 被 Excel 变成了科学计数法，后几位已丢失：请在 Excel 中把该列“设置单元格格式为文本”后重新录入 (Excel turned ${en} into scientific notation; format the column as text and re-enter it)`;
}

export function idMessage(s: string): string {
  const expect = s.length === 18 ? idCheckDigit(s) : null;
  if (expect !== null) {
    return `身份证号校验位不对，按前 17 位应为 ${expect}，请核对号码 (bad ID number check digit, expected ${expect}): ${q(s)}`;
  }
  return `身份证号应为 18 位（末位可为 X）或 15 位数字，现在是 ${s.length} 位 (ID number must be 18 characters or 15 digits): ${q(s)}`;
}
