/** households.csv (成员名册, SPEC §3): one household per row, in file order; they define every total's index. */
import type { DatasetBuilder, NumberRule } from '../datasetBuilder.js';
import { type FileContext, q } from '../fileContext.js';
import type { ColumnIndex, RowFn } from '../tableReader.js';
import { isExcelMangled, isValidIdNumber, normalizeValue, stripSpaces } from '../values.js';
import { idMessage, mangledMessage } from './idMessages.js';
import { idx } from './idx.js';
import { Interned } from './interned.js';
import type { TableFold } from './tableFold.js';

/** `persons`: read at 4 decimals so that `3.0` (a number cell) is 3; must be whole. */
const PERSONS: NumberRule = { col: 'persons', zh: '人数', scale: 4, max: 1e9, maxText: '10 亿 (10^9)', money: false, positive: false };

/** SPEC §9.8 `payment` words, after NFKC, trim and lower-case. */
const PAYMENTS = new Map<string, 'bank' | 'cash'>([
  ['bank', 'bank'],
  ['银行', 'bank'],
  ['银行代发', 'bank'],
  ['cash', 'cash'],
  ['现金', 'cash'],
]);

export const households: TableFold = {
  rows(b: DatasetBuilder, ctx: FileContext, cols: ColumnIndex): RowFn {
    const cId = idx(cols, 'household_id');
    const cName = idx(cols, 'name');
    const cVillage = idx(cols, 'village');
    const cIdn = idx(cols, 'id_number');
    const cBank = idx(cols, 'bank_account');
    const cCat = idx(cols, 'category');
    const cPersons = idx(cols, 'persons');
    const cPayment = idx(cols, 'payment');
    const ds = b.ds;
    const index = b.index;
    const paymentDefault = b.rules ? b.rules.paymentDefault : 'bank';
    b.householdsCtx = ctx;
    b.householdsPersonsCol = cPersons;
    // A county's million households share a few dozen villages and categories: one string each.
    const villages = new Interned();
    const categories = new Interned();
    return (f, line) => {
      const id = normalizeValue(f[cId].trim());
      const name = f[cName].trim();
      const idNumber = cIdn >= 0 ? f[cIdn].trim() : '';
      const bank = cBank >= 0 ? stripSpaces(f[cBank].trim()) : '';
      if (id === '') ctx.error(line, cId + 1, 'E_BAD_VALUE', `户号不能为空 (household_id is empty)`);
      if (name === '') ctx.error(line, cName + 1, 'E_BAD_VALUE', `户主姓名不能为空 (name is empty)`);
      if (idNumber !== '') {
        if (isExcelMangled(idNumber)) {
          ctx.error(line, cIdn + 1, 'E_EXCEL_MANGLED', mangledMessage('身份证号', 'id_number', idNumber));
        } else if (!isValidIdNumber(idNumber)) {
          ctx.error(line, cIdn + 1, 'E_BAD_ID_NUMBER', idMessage(idNumber));
        }
      }
      if (bank !== '' && isExcelMangled(bank)) {
        ctx.error(line, cBank + 1, 'E_EXCEL_MANGLED', mangledMessage('银行账号', 'bank_account', bank));
      }
      const persons = cPersons >= 0 ? personsCell(b, ctx, f[cPersons].trim(), line, cPersons + 1) : null;
      let payment = paymentDefault;
      if (cPayment >= 0) {
        const raw = f[cPayment].trim();
        const word = raw.normalize('NFKC').trim().toLowerCase();
        if (word !== '') {
          const p = PAYMENTS.get(word);
          if (p === undefined)
            ctx.error(
              line,
              cPayment + 1,
              'E_BAD_VALUE',
              `发放方式应为 银行 / 银行代发 / bank 或 现金 / cash，留空则按规则 payment_default (payment must be bank, 银行, 银行代发, cash or 现金): ${q(raw)}`,
            );
          else payment = p;
        }
      }
      if (id === '') return;
      const k = index.insert(id);
      if (k < 0) {
        const first = ds.households[-1 - k].line;
        ctx.error(line, cId + 1, 'E_DUPLICATE_HOUSEHOLD', `户号 ${q(id)} 重复，第 ${first} 行已有 (duplicate household_id, first on line ${first})`);
        return;
      }
      ds.households.push({
        id,
        name,
        village: cVillage >= 0 ? villages.get(f[cVillage].trim()) : '',
        idNumber,
        bankAccount: bank,
        category: cCat >= 0 ? categories.get(f[cCat].trim()) : '',
        line,
        persons: persons === null ? null : Math.max(persons, 0),
        payment,
      });
      if (persons !== null && persons < 0) b.badPersonsCells.add(ds.households.length - 1);
    };
  },
};

/** The `persons` cell: a whole number ≥ 0, empty = 0; -1 when reported. */
function personsCell(b: DatasetBuilder, ctx: FileContext, text: string, line: number, column: number): number {
  if (normalizeValue(text) === '') return 0;
  const v = b.number(ctx, text, PERSONS, line, column);
  if (v < 0) return -1;
  if (v % 10000 !== 0) {
    ctx.error(line, column, 'E_BAD_NUMBER', `人数必须是整数 (persons must be a whole number): ${q(text)}`);
    return -1;
  }
  return v / 10000;
}
