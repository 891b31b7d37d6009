/**
 * persons.csv (人口, SPEC §9.1): one Person per valid row; every row naming a known household is
 * counted, for the check against households.csv's `persons` column (E_PERSONS_MISMATCH).
 */
import type { DatasetBuilder } from '../datasetBuilder.js';
import { type FileContext, q } from '../fileContext.js';
import type { ColumnIndex, RowFn, TableReader } from '../tableReader.js';
import type { Person } from '../types.js';
import { checkDate, DATE_FORMAT, DATE_FORMS, DATE_OK, isExcelMangled, isValidIdNumber, normalizeValue } from '../values.js';
import { idMessage, mangledMessage } from './idMessages.js';
import { idx } from './idx.js';
import { Interned } from './interned.js';
import type { TableFold } from './tableFold.js';

/** SPEC §9.1 `tags`: labels separated by `;` `；` `、` or `|`. */
const TAG_SEPARATORS = /[;；、|]/;
const NO_TAGS: readonly string[] = Object.freeze([]);

export const persons: TableFold = {
  rows(b: DatasetBuilder, ctx: FileContext, cols: ColumnIndex): RowFn {
    b.personsPresent();
    const cId = idx(cols, 'household_id');
    const cName = idx(cols, 'name');
    const cIdn = idx(cols, 'id_number');
    const cBirth = idx(cols, 'birth_date');
    const cTags = idx(cols, 'tags');
    const cMonths = idx(cols, 'months');
    const year = b.rules ? b.rules.year : null;
    const out = b.ds.persons!;
    const counts = b.personsRows!;
    const tagStrings = new Interned();
    return (f, line) => {
      const id = normalizeValue(f[cId].trim());
      const h = b.household(ctx, id, line, cId + 1);
      if (h >= 0) counts[h]++;
      let ok = h >= 0;
      const name = f[cName].trim();
      if (name === '') {
        ok = false;
        ctx.error(line, cName + 1, 'E_BAD_VALUE', `姓名不能为空 (name is empty)`);
      }
      const idNumber = cIdn >= 0 ? f[cIdn].trim() : '';
      if (idNumber !== '') {
        if (isExcelMangled(idNumber)) {
          ok = false;
          ctx.error(line, cIdn + 1, 'E_EXCEL_MANGLED', mangledMessage('身份证号', 'id_number', idNumber));
        } else if (!isValidIdNumber(idNumber)) {
          ok = false;
          ctx.error(line, cIdn + 1, 'E_BAD_ID_NUMBER', idMessage(idNumber));
        }
      }
      let age: number | null = null;
      if (cBirth >= 0) {
        const raw = normalizeValue(f[cBirth].trim());
        if (raw !== '') {
          const birthYear = birthYearOf(ctx, raw, year, line, cBirth + 1);
          if (birthYear < 0) ok = false;
          else if (year !== null) age = year - birthYear;
        }
      }
      let tags = NO_TAGS;
      if (cTags >= 0) {
        const text = f[cTags].trim();
        if (text !== '') {
          const list: string[] = [];
          for (const t of text.split(TAG_SEPARATORS)) {
            const tag = t.trim();
            if (tag !== '' && !list.includes(tag)) list.push(tagStrings.get(tag));
          }
          if (list.length > 0) tags = list;
        }
      }
      const months = b.months(ctx, f, cMonths, line);
      if (!ok || months === 0) return;
      const p: Person = { household: h, line, name, age, tags, months };
      out.push(p);
    };
  },

  finish(b, reader) {
    b.personsPresent();
    checkPersonsCount(reader, b);
  },

  forget(b) {
    b.ds.persons = null;
    b.personsRows = null;
  },
};

/** A birth date's year, or -1 when reported: one of the §10 forms, a real date, not after 31 December of `year`. */
function birthYearOf(ctx: FileContext, raw: string, year: number | null, line: number, column: number): number {
  const r = checkDate(raw, null);
  if (r === DATE_OK) {
    const y = Number(raw.slice(0, 4));
    if (year === null || y <= year) return y;
    ctx.error(line, column, 'E_BAD_DATE', `出生日期晚于 ${year} 年 12 月 31 日，请核对 (birth_date after 31 December ${year}): ${q(raw)}`);
    return -1;
  }
  const msg =
    r === DATE_FORMAT
      ? `出生日期格式应为 ${DATE_FORMS} 之一，如 1958-03-15 或 1958年3月15日 (birth_date must be YYYY-MM-DD, YYYY-M-D, YYYY/M/D, YYYY.M.D or YYYY年M月D日): ${q(raw)}`
      : `出生日期不存在 (no such date): ${q(raw)}`;
  ctx.error(line, column, 'E_BAD_DATE', msg);
  return -1;
}

/**
 * SPEC §9.1: with both the households' `persons` column and persons.csv, every household's count
 * must equal its rows there (E_PERSONS_MISMATCH at the household's line, in households.csv order).
 */
function checkPersonsCount(reader: TableReader, b: DatasetBuilder): void {
  const hctx = b.householdsCtx;
  const counts = b.personsRows;
  if (hctx === null || counts === null || b.householdsPersonsCol < 0 || !b.householdsComplete) return;
  // A persons file not read to its end would give follow-on errors for every household after the break.
  if (!reader.usable || reader.broken) return;
  const file = reader.ctx.file;
  const column = b.householdsPersonsCol + 1;
  const empty = reader.rows === 0;
  const households = b.ds.households;
  for (let h = 0; h < households.length; h++) {
    const hh = households[h];
    const want = hh.persons ?? 0;
    if (want === counts[h] || b.badPersonsCells.has(h)) continue;
    const have = counts[h];
    hctx.error(
      hh.line,
      column,
      'E_PERSONS_MISMATCH',
      `户 ${q(hh.id)} 的人数填的是 ${want}，但 ${file} 中该户有 ${have} 人：请改正人数，或在 ${file} 中补齐或删去该户的成员` +
        (empty ? `（${file} 只有表头：不用人口名册时请删除它）` : '') +
        ` (persons is ${want} but ${file} lists ${have} for household ${q(hh.id)}; correct the count or ${file}` +
        (empty ? `; ${file} has no rows: delete it if you do not use it` : '') +
        ')',
    );
  }
  hctx.flush();
}
