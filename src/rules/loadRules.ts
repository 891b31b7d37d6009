/**
 * rules.yaml (SPEC §4): parse with positions → merge (batch, SPEC §7) → validate strictly → Rules.
 * Every problem is E_BAD_RULES with the key's path, at the YAML line:column of the key or value
 * in the file it came from; all problems are collected, and null is returned if there was any.
 */
import { createHash } from 'node:crypto';
import { InternalError, type Problems } from '../problems.js';
import type { Rules } from './types.js';
import { Checker, rulePos } from './check.js';
import { readBankFile } from './sections/bankFile.js';
import { readCsvOutput } from './sections/csvOutput.js';
import { readDisclosure } from './sections/disclosure.js';
import { readDistribution } from './sections/distribution.js';
import { readFloors } from './sections/floors.js';
import { readHeader } from './sections/header.js';
import { readLand } from './sections/land.js';
import { readMembers } from './sections/members.js';
import { readGuaranteedShortfall, readShareClasses } from './sections/shareClasses.js';
import { readWages } from './sections/wages.js';
import { readShareHolders } from './sections/shareHolders.js';
import { readLegalForm, readPaymentDefault } from './sections/modes.js';
import { readOpening } from './sections/opening.js';
import { checkRemainderTo } from './sections/remainderTo.js';
import { badAt, mergeNodes, parseYamlSource, sha256Hex, type PNode } from './yamlTree.js';

export interface RulesSource {
  /** Path as the user gave it; kept exactly in every problem. */
  file: string;
  text: string;
}

export const ROOT_KEYS = [
  'name',
  'year',
  'prepared_on',
  'wages',
  'land',
  'share_classes',
  'guaranteed_shortfall',
  'distribution',
  'members',
  'floors',
  'share_holders',
  'legal_form',
  'opening',
  'payment_default',
  'disclosure',
  'bank_file',
  'csv',
] as const;

export { YEAR_MAX, YEAR_MIN } from './sections/header.js';
export { BANK_COLUMNS, BANK_DELIMITERS, BANK_ENCODINGS, type BankColumn, type BankFileRules, type DisclosureRules } from './types.js';

/**
 * sha256 of one source's text (UTF-8); for several sources (batch: ROOT then village), sha256 of
 * the lines `<sha256 of each text>\n` in order, so that no two different pairs hash alike.
 */
export function rulesSha256(sources: readonly RulesSource[]): string {
  if (sources.length === 1) return sha256Hex(sources[0].text);
  const h = createHash('sha256');
  for (const s of sources) h.update(sha256Hex(s.text) + '\n', 'utf8');
  return h.digest('hex');
}

export function loadRules(sources: RulesSource[], problems: Problems): Rules | null {
  if (sources.length === 0) throw new InternalError('loadRules: no rules source');
  const before = problems.errors.length;

  let merged: PNode | null = null;
  let parsedOk = true;
  for (const s of sources) {
    const r = parseYamlSource(s.file, s.text, problems);
    if (!r.ok) {
      parsedOk = false;
      continue;
    }
    if (r.root === null) continue; // empty: contributes nothing to a merge
    if (r.root.kind !== 'map') {
      badAt(problems, r.root.at, '文件顶层应为 "键: 值" 的映射 (the file must be a map of keys at the top level)');
      parsedOk = false;
      continue;
    }
    merged = merged === null ? r.root : mergeNodes(merged, r.root);
  }
  if (!parsedOk) return null;
  if (merged === null) {
    for (const s of sources) badAt(problems, { file: s.file, line: 0, column: 0 }, '规则文件为空 (the rules file is empty)');
    return null;
  }

  const rules = validate(merged, new Checker(problems), sources[sources.length - 1].file, rulesSha256(sources));
  if (problems.errors.length > before || rules === null) return null;
  return rules;
}

/**
 * The whole file, one reader per section (src/rules/sections/): each checks its keys and reports
 * at their places; later sections get what they need from earlier ones (names for floors' funded_by).
 */
function validate(tree: PNode, c: Checker, file: string, sha256: string): Rules | null {
  const root = c.map(tree, '', ROOT_KEYS);
  if (!root) return null;
  c.required(root, '', ['name', 'year', 'distribution']);
  const { name, year, preparedOn } = readHeader(c, root);
  const wages = readWages(c, root);
  const land = readLand(c, root);
  const { shareClasses, classesOk } = readShareClasses(c, root);
  const guaranteedShortfall = readGuaranteedShortfall(c, root);
  const ctx = { shareClasses, classesOk };
  const { fixed, shares, names, namesComplete, membersEntry, listedBases, listedInShares } = readDistribution(c, root, ctx);
  const bases = listedInShares ? listedBases : readMembers(c, root, membersEntry, ctx, false);
  if (listedInShares) readMembers(c, root, membersEntry, ctx, true); // reports a members section written as well
  checkRemainderTo(c, bases, names, namesComplete);
  const floors = readFloors(c, root, names, namesComplete);
  const { shareHolders, given: shareHoldersGiven } = readShareHolders(c, root, shareClasses, classesOk);
  const legalForm = readLegalForm(c, root);
  const opening = readOpening(c, root);
  const paymentDefault = readPaymentDefault(c, root);
  const disclosure = readDisclosure(c, root);
  const bankFile = readBankFile(c, root);
  const csv = readCsvOutput(c, root);
  const dist = root.entries.get('distribution');
  const sharesKey = dist && dist.value.kind === 'map' ? dist.value.entries.get('shares')?.keyAt : undefined;
  const coopLawAt = listedInShares ? (sharesKey ?? dist?.keyAt) : root.entries.get('members')?.keyAt;
  return {
    name,
    year,
    preparedOn,
    wages,
    land,
    shareClasses,
    guaranteedShortfall,
    fixed,
    shares,
    members: bases.map((b) => b.basis),
    floors,
    shareHolders,
    shareHoldersGiven,
    legalForm,
    coopLawPos: coopLawAt ? rulePos(coopLawAt) : null,
    opening,
    paymentDefault,
    disclosure,
    bankFile,
    csvExcelText: csv.excelText,
    file,
    sha256,
  };
}
