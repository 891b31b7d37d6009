import path from 'node:path';
import { exactToString } from '../money/exact.js';
import { formatFen } from '../money/fen.js';
import type { Problem } from '../problems.js';
import { num, type Cell, type Row } from '../render/csvWrite.js';
import { toolVersion } from '../version.js';
import type { PoolShare } from './poolSplit.js';
import type { VillageFigures, VillageOutcome } from './types.js';
import type { Lang } from '../lang.js';


/** Money columns of township-summary.csv and batch.json, in sheet order: [json key, figure, 中文]. */
const MONEY: readonly [string, keyof VillageFigures, string][] = [
  ['pooled_income', 'pooledIncomeFen', '统筹项目收益'],
  ['income', 'incomeFen', '收入'],
  ['expenses', 'expensesFen', '支出'],
  ['wages', 'wagesFen', '务工工资'],
  ['land_rent', 'landRentFen', '土地租金'],
  ['guaranteed_dividend', 'guaranteedFen', '保底分红'],
  ['surplus', 'surplusFen', '可分配盈余'],
  ['members_pool', 'membersPoolFen', '成员效益分红'],
  ['floor_topup', 'floorTopupFen', '兜底补差'],
  ['total', 'totalFen', '应分合计'],
  ['deductions', 'deductionsFen', '扣减'],
  ['net_payable', 'netPayableFen', '实发金额'],
];

/** Σ over the villages that were written (failed ones are not in the 合计). */
export function townshipTotals(outcomes: readonly VillageOutcome[]): VillageFigures {
  const t: VillageFigures = {
    households: 0,
    pooledIncomeFen: 0n,
    incomeFen: 0n,
    expensesFen: 0n,
    wagesFen: 0n,
    landRentFen: 0n,
    guaranteedFen: 0n,
    surplusFen: 0n,
    membersPoolFen: 0n,
    floorTopupFen: 0n,
    totalFen: 0n,
    deductionsFen: 0n,
    netPayableFen: 0n,
  };
  for (const o of outcomes) {
    if (o.status !== 'ok' || !o.figures) continue;
    t.households += o.figures.households;
    for (const [, k] of MONEY) (t[k] as bigint) += o.figures[k] as bigint;
  }
  return t;
}

/**
 * Why a village failed, for the township sheets (issue 13: 失败 alone tells the office nothing): its
 * first problem as `FILE:LINE:COLUMN CODE message`, paths relative to the village, and how many more.
 */
export function failureReason(o: VillageOutcome, root: string): string {
  const first = o.errors[0];
  if (!first) return '';
  const rel = path.relative(path.join(root, o.folder), first.file);
  const file = rel === '' || rel.startsWith('..') ? shownPath(root, first.file) : rel.split(path.sep).join('/');
  const at = first.line > 0 ? `${file}:${first.line}:${first.columnLabel ?? first.column}` : file;
  const message = first.message.length > 160 ? first.message.slice(0, 159) + '…' : first.message;
  const more = o.errors.length - 1;
  return `${at} ${first.code} ${message}${more > 0 ? ` (另有 ${more} 个问题 +${more} more)` : ''}`;
}

function countOk(outcomes: readonly VillageOutcome[]): number {
  return outcomes.filter((o) => o.status === 'ok').length;
}

/**
 * township-summary.csv: one row per village in folder order, then the 合计 row (villages written
 * only). A failed village shows its status and empty figures.
 */
export function townshipRows(outcomes: readonly VillageOutcome[], lang: Lang, root = ''): Row[] {
  const zh = lang === 'zh';
  // The 原因 column appears only when some village failed (an all-done township's sheet is as before).
  const withReason = outcomes.some((o) => o.status !== 'ok');
  const header: Cell[] = zh
    ? ['村文件夹', '名称', '状态', '户数', ...MONEY.map(([, , label]) => label)]
    : ['folder', 'name', 'status', 'households', ...MONEY.map(([key]) => key)];
  if (withReason) header.push(zh ? '失败原因' : 'reason');
  const rows: Row[] = [header];
  for (const o of outcomes) {
    const f = o.status === 'ok' ? o.figures : null;
    rows.push([
      o.folder,
      o.name ?? '',
      o.status === 'ok' ? (zh ? '完成' : 'ok') : zh ? '失败' : 'failed',
      f ? num(String(f.households)) : '',
      ...MONEY.map(([, k]) => (f ? num(formatFen(f[k] as bigint)) : '')),
      ...(withReason ? [o.status === 'ok' ? '' : failureReason(o, root)] : []),
    ]);
  }
  const t = townshipTotals(outcomes);
  const ok = countOk(outcomes);
  const failed = outcomes.length - ok;
  rows.push([
    zh ? '合计' : 'total',
    '',
    zh ? `${ok}个完成${failed ? `，${failed}个失败` : ''}` : `${ok} ok${failed ? `, ${failed} failed` : ''}`,
    num(String(t.households)),
    ...MONEY.map(([, k]) => num(formatFen(t[k] as bigint))),
    ...(withReason ? [''] : []),
  ]);
  return rows;
}

/** A path as batch.json shows it: relative to ROOT, `/`-separated (no absolute paths in outputs). */
export function shownPath(root: string, file: string): string {
  const rel = path.relative(root, file);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return file.split(path.sep).join('/');
  return rel.split(path.sep).join('/');
}

function figuresJson(f: VillageFigures | null): Record<string, string | number | null> {
  const o: Record<string, string | number | null> = { households: f ? f.households : null };
  for (const [key, k] of MONEY) o[key] = f ? formatFen(f[k] as bigint) : null;
  return o;
}

export interface BatchJsonInput {
  root: string;
  outcomes: readonly VillageOutcome[];
  notes: readonly Problem[];
  rootRulesSha256: string | null;
  pool: { name: string; incomeFen: bigint; sha256: string; shares: PoolShare[] } | null;
}

/**
 * batch.json: each village's status, errors, figures and input hashes, and the township totals.
 * English keys, money as strings with 2 decimals (as summary.json); paths relative to ROOT; no
 * timestamps, no job count — identical inputs give identical bytes.
 */
export function batchJson(x: BatchJsonInput): Record<string, unknown> {
  const ok = countOk(x.outcomes);
  const problemJson = (p: Problem) => ({ file: shownPath(x.root, p.file), line: p.line, column: p.column, code: p.code, message: p.message });
  return {
    tool_version: toolVersion(),
    root_rules_sha256: x.rootRulesSha256,
    pool: x.pool
      ? {
          name: x.pool.name,
          income: formatFen(x.pool.incomeFen),
          sha256: x.pool.sha256,
          shares: x.pool.shares.map((s) => ({ village: s.village, contribution: exactToString(s.contribution), amount: formatFen(s.amountFen) })),
        }
      : null,
    counts: { villages: x.outcomes.length, ok, failed: x.outcomes.length - ok },
    totals: figuresJson(townshipTotals(x.outcomes)),
    villages: x.outcomes.map((o) => ({
      folder: o.folder,
      name: o.name,
      status: o.status === 'ok' ? 'ok' : 'failed',
      ...figuresJson(o.status === 'ok' ? o.figures : null),
      errors: o.errors.map(problemJson),
      warnings: o.warnings.map(problemJson),
      inputs: o.inputs.map((i) => ({ file: i.file, sha256: i.sha256, rows: i.rows })),
      rules_sha256: o.rulesSha256,
      rules_file_sha256: o.ownRulesSha256,
      files: o.written,
    })),
    skipped: x.notes.map(problemJson),
  };
}

export function batchJsonText(obj: Record<string, unknown>): string {
  return JSON.stringify(obj, null, 2) + '\n';
}
