/**
 * labor.csv (务工, SPEC §3): days per household, in total and per job. The plain rows of a CSV file
 * skip this fold and go through the fast lane (laborFastLane.ts), which makes the same checks on bytes.
 */
import type { DatasetBuilder, NumberRule } from '../datasetBuilder.js';
import { type FileContext, q } from '../fileContext.js';
import type { ColumnIndex, RowFn } from '../tableReader.js';
import { normalizeValue } from '../values.js';
import { idx } from './idx.js';
import type { TableFold } from './tableFold.js';
import { noJobColumnMessage, unknownJobMessage } from './unknownValue.js';

const DAYS: NumberRule = { col: 'days', zh: '天数', scale: 2, max: 1e9, maxText: '10 亿 (10^9)', money: false, positive: true };

export const labor: TableFold = {
  rows(b: DatasetBuilder, ctx: FileContext, cols: ColumnIndex): RowFn {
    const cId = idx(cols, 'household_id');
    const cDays = idx(cols, 'days');
    const cJob = idx(cols, 'job');
    const cDate = idx(cols, 'date');
    const rules = b.rules;
    const perDay = rules ? rules.wages.perDay : null;
    const hasDefault = rules ? rules.wages.defaultPerDay !== null : true;
    const total = b.ds.laborDays;
    const byJob = b.ds.laborDaysByJob;
    let lastJob: string | null = null;
    let lastArr: Float64Array | null = null;
    return (f, line) => {
      const id = normalizeValue(f[cId].trim());
      const h = b.household(ctx, id, line, cId + 1);
      const days = b.number(ctx, f[cDays].trim(), DAYS, line, cDays + 1);
      let ok = h >= 0 && days >= 0;
      const job = cJob >= 0 ? f[cJob].trim() : '';
      if (job !== lastJob) {
        // A job seen for the first time: check it once per change, not per row.
        if (job === '' ? !hasDefault : perDay !== null && !perDay.has(job)) {
          ok = false;
          // Absent job column with no default rate is reported once, by finish below.
          if (cJob >= 0) ctx.error(line, cJob + 1, 'E_UNKNOWN_JOB', unknownJobMessage(job, perDay === null ? [] : [...perDay.keys()]));
        } else {
          lastJob = job;
          lastArr = null;
        }
      }
      if (cDate >= 0 && !b.date(ctx, f, cDate, line)) ok = false;
      if (!ok) return;
      if (lastArr === null) lastArr = b.column(byJob, job);
      lastArr[h] += days;
      total[h] += days;
    };
  },

  finish(b, reader) {
    const ctx = reader.ctx;
    const rules = b.rules;
    if (rules && rules.wages.defaultPerDay === null && reader.usable && reader.rows > 0 && !reader.cols.has('job')) {
      ctx.error(reader.headerLine, 0, 'E_UNKNOWN_JOB', noJobColumnMessage(ctx.file, [...rules.wages.perDay.keys()]));
    }
    b.checkSums(ctx, b.ds.laborDays, '工日合计 (labor days)');
    for (const [job, a] of b.ds.laborDaysByJob) b.checkSums(ctx, a, `工种 ${job ? q(job) : '(空)'} 的工日合计 (labor days)`);
  },
};
