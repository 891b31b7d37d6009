import type { RevenueLine } from '../io/types.js';
import type { Problem } from '../problems.js';
import type { Lang } from '../lang.js';

/** One village's work, as sent to a worker thread (structured-clone safe: bigint is fine). */
export interface VillageJob {
  /** Position in name order. */
  index: number;
  /** Folder name under ROOT (the village's name in the batch). */
  folder: string;
  /** ROOT joined with the folder, as the user gave ROOT (used in messages). */
  dir: string;
  /** ROOT/rules.yaml when it exists (merged before the village's own rules.yaml). */
  inheritedRules: string[];
  /** The village's share of a pooled project (SPEC §8), as income lines. */
  extraRevenue: RevenueLine[];
  encoding: 'auto' | 'utf8' | 'gb18030';
  outputEncoding: 'utf8' | 'gb18030';
  lang: Lang;
  /** `--max-rows`: a larger input file is E_TOO_LARGE. */
  maxRows?: number;
  followSymlinks?: boolean;
  /** `--date` (制表日期), as for `run`. */
  date?: string;
}

/** The summary figures a township sheet shows, in fen. */
export interface VillageFigures {
  households: number;
  pooledIncomeFen: bigint;
  incomeFen: bigint;
  expensesFen: bigint;
  wagesFen: bigint;
  landRentFen: bigint;
  guaranteedFen: bigint;
  surplusFen: bigint;
  membersPoolFen: bigint;
  floorTopupFen: bigint;
  totalFen: bigint;
  deductionsFen: bigint;
  netPayableFen: bigint;
}

export interface InputHash {
  file: string;
  sha256: string;
  /** Data rows; null when the village failed before its files were counted. */
  rows: number | null;
}

/**
 * What a worker hands back: the village's rendered files (exactly what `run` writes) and its
 * figures, or its problems. `internal` is a bug in the tool (exit 3), not the village's fault.
 */
export interface VillageResult {
  index: number;
  folder: string;
  status: 'ok' | 'failed' | 'internal';
  /** rules.yaml `name` when the rules could be read. */
  name: string | null;
  /** rules.yaml `year` when the rules could be read. */
  year: number | null;
  errors: Problem[];
  warnings: Problem[];
  /** Every file `run` writes, in its order; `mode` as `run` gives it (0o600 for bank data). */
  files: { name: string; data: Uint8Array; mode?: number }[];
  figures: VillageFigures | null;
  /** The village's pooled-project share (0 when it is in no pool), known even when it failed. */
  pooledIncomeFen: bigint;
  inputs: InputHash[];
  /** sha256 of the rules as the run saw them (summary.json's rules_sha256). */
  rulesSha256: string | null;
  /** sha256 of the village's own rules.yaml bytes; null when it has none. */
  ownRulesSha256: string | null;
}

/** A village after its output folder was written (or not). */
export interface VillageOutcome extends Omit<VillageResult, 'files'> {
  status: 'ok' | 'failed' | 'internal';
  /** Names of the files written to OUT/<folder>/. */
  written: string[];
}
