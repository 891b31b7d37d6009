import type { Basis } from '../bases/registry.js';
import type { Exact } from '../money/exact.js';

export type { Basis };

/** A place in rules.yaml, for errors found after loading (e.g. E_EMPTY_BASIS). */
export interface RulePos {
  line: number;
  column: number;
  /** The rules file this place is in (batch: ROOT/rules.yaml or the village's); set by loadRules. */
  file?: string;
}


export interface ShareClass {
  guaranteedPerUnit: Exact; // 元 per time-weighted unit per year; default 0
  weight: Exact; // for the share_units basis; default 1
  pos: RulePos;
}

export interface FixedEntry {
  to: string;
  amountFen: bigint;
  pos: RulePos;
}

export interface ShareEntry {
  to: string; // `members` = the households' performance dividend
  percent: Exact; // > 0; all add up to exactly 100
  pos: RulePos;
}

export interface MemberBasis {
  basis: Basis;
  percent: Exact;
  /** share_units only: restrict to these classes; null = all classes. */
  classes: string[] | null;
  pos: RulePos;
}

export interface Floor {
  category: string;
  minTotalFen: bigint;
  fundedBy: string; // a fixed or shares entry's `to`, never `members`
  pos: RulePos;
}

/** rules.yaml after parse → normalise → validate (SPEC §4). Map order = order written. */
export interface Rules {
  name: string;
  year: number;
  wages: {
    defaultPerDay: Exact | null; // null when not given
    perDay: Map<string, Exact>;
  };
  land: {
    rentPerMu: Map<string, Exact>;
    unitsPerMu: Map<string, Exact>;
  };
  shareClasses: Map<string, ShareClass>;
  guaranteedShortfall: 'pay' | 'scale';
  fixed: FixedEntry[];
  shares: ShareEntry[];
  members: MemberBasis[];
  floors: Floor[];
  /** `disclosure` as written ({} when absent); render/options.ts applies the defaults. */
  disclosure: DisclosureRules;
  /** `bank_file` as written ({} when absent). */
  bankFile: BankFileRules;
  /** Path as given, and sha256 of the file's bytes. */
  file: string;
  sha256: string;
}

/** `disclosure:` (公示), Rules.disclosure; only the keys written. */
export interface DisclosureRules {
  mask_names?: boolean;
}

export const BANK_COLUMNS = ['seq', 'name', 'account', 'amount', 'id_number', 'household_id', 'note'] as const;
export type BankColumn = (typeof BANK_COLUMNS)[number];
export const BANK_DELIMITERS = [',', '|', '\t'] as const;
export const BANK_ENCODINGS = ['gb18030', 'utf8'] as const;

/** `bank_file:` (代发文件), Rules.bankFile; only the keys written. */
export interface BankFileRules {
  columns?: BankColumn[];
  delimiter?: (typeof BANK_DELIMITERS)[number];
  header?: boolean;
  encoding?: (typeof BANK_ENCODINGS)[number];
}
