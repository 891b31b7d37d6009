/**
 * Reads a run directory's input tables (SPEC §2–§3, §10) into a Dataset, streaming: each CSV file is
 * decoded in 1 MiB chunks, tokenized, checked row by row and folded into per-household totals; a
 * workbook (NAME.xlsx, or a sheet of 录入表.xlsx) feeds the same reader row by row. Which file or
 * sheet holds which table is decided first (inputPlan.ts). Every problem is collected (not only the
 * first); rules.yaml is read elsewhere.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { errorText, fileState } from './fileState.js';
import type { Problems } from '../problems.js';
import type { Rules } from '../rules/types.js';
import { FILE_SPECS, WORKBOOK_FILES, type FileSpec } from './columns.js';
import { CsvTokenizer } from './csvTokenizer.js';
import { readTextFile } from './encoding.js';
import { checkInput, NotRegularFileError } from './openRegular.js';
import { FileContext } from './fileContext.js';
import { DatasetTarget, LaborFastLane, laborFastLaneSwitch } from './laborFastLane.js';
import { MonthsFastLane, monthsFastLaneSwitch } from './monthsFastLane.js';
import { RecordLane, recordLaneSwitch } from './recordLane.js';
import { prefetchLabor, replayLabor, type LaborPrefetch } from './laborPrefetch.js';
import { DatasetBuilder } from './datasetBuilder.js';
import { MAX_COLUMNS, MAX_FIELD_LENGTH, TableReader } from './tableReader.js';
import type { Dataset, ReadOptions } from './types.js';
import { planInputs, type InputPlan, type TableSource } from './inputPlan.js';
import { TABLES } from './tables/registry.js';
import { readXlsxTable } from './xlsxSource.js';

export async function readRunDir(dir: string, rules: Rules | null, opts: ReadOptions, problems: Problems): Promise<Dataset> {
  // Only regular files, and links only inside the run folder (batch: ROOT) unless --follow-symlinks.
  const policy = { root: opts.root ?? dir, followSymlinks: opts.followSymlinks };
  const plan = await planInputs(dir, policy, problems);
  const b = new DatasetBuilder(rules, opts);
  const labor = startLabor(plan, rules, opts, policy);
  try {
    for (const spec of FILE_SPECS) await readOne(dir, spec, plan, b, opts, problems, labor);
  } finally {
    labor?.cancel();
  }
  if (rules !== null) needPersonsFile(dir, rules, plan, b, problems);
  if (opts.extraRevenue) b.ds.revenue.push(...opts.extraRevenue);
  return b.ds;
}

/** A labor.csv that one file holds, read by a worker from now on (laborPrefetch.ts); null: read here in its turn. */
function startLabor(plan: InputPlan, rules: Rules | null, opts: ReadOptions, policy: { root: string; followSymlinks?: boolean }): LaborPrefetch | null {
  const sources = plan.tables.get('labor') ?? [];
  const src = sources[0];
  if (sources.length !== 1 || src.type !== 'file' || src.xlsx || checkInput(src.path, src.name, policy) !== 'file') return null;
  // Room for at least as many ids as households.csv has rows, guessing 48 bytes a line (over rather
  // than under: on a thread that makes little garbage, arrays outgrown stay in memory for long).
  const hh = plan.tables.get('households')?.[0];
  let households = 0;
  try {
    if (hh?.type === 'file') households = Math.min(statSync(hh.path).size / 48, 1 << 20);
  } catch {
    /* only a hint */
  }
  return prefetchLabor(src.path, src.name, rules, opts, laborFastLaneSwitch.enabled, households);
}

/** One table in its turn (households first: they size every total). */
async function readOne(dir: string, spec: FileSpec, plan: InputPlan, b: DatasetBuilder, opts: ReadOptions, problems: Problems, labor: LaborPrefetch | null): Promise<void> {
  const r = await readTable(dir, spec, plan, b, opts, problems, labor);
  if (spec.kind === 'households') {
    b.householdsComplete = r !== null && !r.aborted && r.reader.usable && !r.reader.broken;
    b.allocTotals();
    labor?.households(b.index, b.ds.households.length);
    if (r !== null && !r.aborted && r.reader.headerLine > 0 && r.reader.rows === 0 && !r.reader.broken) {
      r.reader.ctx.error(0, 0, 'E_NO_HOUSEHOLDS', `${r.reader.ctx.file} 只有表头，没有任何成员户 (no households: header only)`);
    }
  }
  if (r !== null) afterFile(spec, r.reader, b);
}

/** SPEC §9.1: a `persons` basis that filters by age or tag cannot work from the `persons` column alone. */
function needPersonsFile(dir: string, rules: Rules, plan: InputPlan, b: DatasetBuilder, problems: Problems): void {
  if (b.ds.persons !== null) return;
  const filtered = rules.members.find((m) => (m.basis as string) === 'persons' && (m.minAge !== null || m.maxAge !== null || m.tags !== null));
  if (filtered === undefined) return;
  const keys = [filtered.minAge !== null ? 'min_age' : '', filtered.maxAge !== null ? 'max_age' : '', filtered.tags !== null ? 'tags' : ''].filter(Boolean).join(', ');
  const unfilled = plan.unfilled.get('persons');
  if (unfilled !== undefined) {
    problems.error(
      unfilled.path,
      0,
      0,
      'E_MISSING_FILE',
      `规则中 persons 基数按 ${keys} 筛选人员（rules.yaml 第 ${filtered.pos.line} 行），需要人口名册：${unfilled.name} 还没有填写，请每人一行填写 户号、姓名、出生日期、标签、月数 (a persons basis with ${keys} needs the persons table: ${unfilled.name} is not filled in)`,
    );
    return;
  }
  // A persons table there but unreadable (E_AMBIGUOUS_INPUT, a folder, a dangling link…) was reported already.
  if ((plan.tables.get('persons') ?? []).length > 0 || plan.workbookUnreadable) return;
  problems.error(
    join(dir, 'persons.csv'),
    0,
    0,
    'E_MISSING_FILE',
    `规则中 persons 基数按 ${keys} 筛选人员（rules.yaml 第 ${filtered.pos.line} 行），需要人口名册 persons.csv：每人一行，列为 户号、姓名、出生日期、标签、月数 (a persons basis with ${keys} needs persons.csv, one row per person)`,
  );
}

interface TableResult {
  reader: TableReader;
  /** Decoding stopped at an encoding problem. */
  aborted: boolean;
}

async function readTable(
  dir: string,
  spec: FileSpec,
  plan: InputPlan,
  b: DatasetBuilder,
  opts: ReadOptions,
  problems: Problems,
  labor: LaborPrefetch | null,
): Promise<TableResult | null> {
  const sources = plan.tables.get(spec.kind) ?? [];
  const policy = { root: opts.root ?? dir, followSymlinks: opts.followSymlinks };
  let refused = false;
  for (const s of sources) {
    if (s.type !== 'file') continue;
    const c = checkInput(s.path, s.name, policy);
    if (c !== 'absent' && c !== 'file') {
      problems.error(s.path, 0, 0, c.code, c.message);
      refused = true;
    }
  }
  if (refused) return null;
  if (sources.length > 1) {
    ambiguous(spec, sources, problems);
    return null;
  }
  const src = sources[0];
  if (src === undefined) {
    if (spec.required && !plan.workbookUnreadable) problems.error(join(dir, spec.file), 0, 0, 'E_MISSING_FILE', missingMessage(spec));
    return null;
  }
  if (src.type === 'sheet') {
    if (src.sheet.part === null) {
      problems.error(src.path, 0, 0, 'E_BAD_ENCODING', `${src.name}：不是普通工作表（可能是图表页），无法读取 (not a worksheet: a chart sheet?)`);
      return null;
    }
    const before = problems.errors.length + problems.warnings.length;
    const r = await readXlsxTable({ path: src.book.path, name: src.name, place: src.path, sheet: { part: src.sheet.part, sha256: src.book.sha256 } }, spec, b, problems);
    // An optional table's sheet left as init --xlsx wrote it (a header, no row), or blank, is as if
    // absent: 人口 unfilled must not add a 人数 column of zeros to every sheet. Unless it had a problem.
    if (r !== null && !spec.required && r.reader.rows === 0 && !r.aborted && problems.errors.length + problems.warnings.length === before) {
      b.ds.inputs.pop();
      b.forgetTable(spec.kind);
      plan.unfilled.set(spec.kind, src);
      return null;
    }
    return r;
  }
  if (src.xlsx) return readXlsxTable({ path: src.path, name: src.name, place: src.path }, spec, b, problems);
  if (labor !== null && spec.kind === 'labor' && labor.path === src.path && fileState(src.path) === 'file') {
    const replayed = replayLabor(await labor.result, src.path, src.name, spec, b, problems);
    if (replayed !== null) return replayed;
  }
  return readCsvTable(src.path, src.name, spec, b, opts, problems);
}

/** SPEC §2 and §10: the names a required table may have, Chinese first. */
function missingMessage(spec: FileSpec): string {
  const sheet = `${WORKBOOK_FILES[0]} 中名为 ${spec.names[0]} 的工作表`;
  return (
    `缺少必需的文件 ${spec.file}（${spec.names[0]}）：也可以命名为 ${spec.names.map((n) => `${n}.csv`).join('、')}，或用 .xlsx，或放在 ${sheet} ` +
    `(required file missing: ${spec.file}, or ${spec.names.join(' / ')} as .csv or .xlsx, or a sheet ${spec.names[0]} of ${WORKBOOK_FILES[0]})`
  );
}

/** Two or more sources for one table: E_AMBIGUOUS_INPUT at the last, naming all; none is read. */
function ambiguous(spec: FileSpec, sources: readonly TableSource[], problems: Problems): void {
  const names = sources.map((s) => s.name);
  const last = sources[sources.length - 1];
  const two = names.length === 2;
  problems.error(
    last.path,
    0,
    0,
    'E_AMBIGUOUS_INPUT',
    `${names.join(' 和 ')} ${two ? '' : `${names.length} 个`}同时存在，都是 ${spec.names[0]} (${spec.kind}) 表，无法确定用哪一个：` +
      `${two ? '请删除或改名其中一个' : '只保留一个，其余删除或改名'} ` +
      `(${two ? 'both ' : ''}${names.join(' and ')} are the ${spec.kind} table; ${two ? 'remove or rename one' : 'keep only one'})`,
  );
}

async function readCsvTable(path: string, name: string, spec: FileSpec, b: DatasetBuilder, opts: ReadOptions, problems: Problems): Promise<TableResult | null> {
  const state = fileState(path);
  if (state !== 'file') {
    problems.error(path, 0, 0, 'E_MISSING_FILE', `无法读取 ${name}：${state} (cannot read file)`);
    return null;
  }

  if (spec.kind === 'households') {
    // Size the household index once, guessing 64 bytes a line (at most a million: it grows past that).
    let size = 0;
    try {
      size = statSync(path).size;
    } catch {
      /* reported when the file is read */
    }
    b.expectHouseholds(Math.min(size / 64, 1 << 20));
  }
  const ctx = new FileContext(problems, path, name);
  const reader = new TableReader(ctx, spec, b.factory(spec.kind, ctx));
  reader.maxRows = b.opts.maxRows ?? Infinity;
  const tok = new CsvTokenizer(reader.record, { maxFieldLength: MAX_FIELD_LENGTH, maxFields: MAX_COLUMNS, onIssue: reader.issue });
  const rules = b.rules;
  // labor.csv, land.csv and shares.csv (millions of rows in a county) take their plain rows through
  // byte lanes; every other table's plain lines are cut into fields from the bytes (recordLane.ts).
  const lanes = rules !== null && opts.detailFor === undefined;
  const sink =
    lanes && spec.kind === 'labor' && laborFastLaneSwitch.enabled
      ? new LaborFastLane(tok, reader, new DatasetTarget(b), rules.year, rules.wages.perDay, rules.wages.defaultPerDay !== null)
      : lanes && (spec.kind === 'land' || spec.kind === 'shares') && monthsFastLaneSwitch.enabled
        ? new MonthsFastLane(tok, reader, b, spec.kind)
        : recordLaneSwitch.enabled
          ? new RecordLane(tok, reader, spec.kind === 'households' ? b.index : null)
          : tok;
  let res;
  try {
    res = await readTextFile(path, opts.encoding, sink);
  } catch (e) {
    if (e instanceof NotRegularFileError) {
      problems.error(path, 0, 0, 'E_BAD_INPUT_FILE', e.message);
      ctx.flush();
      return null;
    }
    // Only the file system's refusals (EACCES, EISDIR, EIO…) are the user's; a bug of ours is exit 3.
    if (!/^E[A-Z]+$/.test(String((e as NodeJS.ErrnoException)?.code ?? ''))) throw e;
    problems.error(path, 0, 0, 'E_MISSING_FILE', `无法读取 ${name}：${errorText(e)} (cannot read file)`);
    ctx.flush();
    return null;
  }
  if (res.problem) {
    reader.broken = true;
    ctx.error(res.problem.line, res.problem.column, 'E_BAD_ENCODING', res.problem.message);
  } else {
    tok.end();
    reader.end();
  }
  b.ds.inputs.push({ file: name, sha256: res.sha256, rows: reader.rows, encoding: res.encoding });
  return { reader, aborted: res.problem !== null };
}

/** Checks that need the whole file (the table's own, tables/), then the per-code summaries. */
function afterFile(spec: FileSpec, reader: TableReader, b: DatasetBuilder): void {
  TABLES[spec.kind].finish?.(b, reader);
  reader.ctx.flush();
}
