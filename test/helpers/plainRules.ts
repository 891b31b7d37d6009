/** Hand-built Rules for tests: the SPEC §9 parts of a rules file that uses none of them. */
import type { MemberBasis, Rules } from '../../src/rules/types.js';

/** The §9 keys of a basis when none is written (a §4 basis). */
export const PLAIN_BASIS = {
  categories: null,
  categoryWeights: null,
  rate: null,
  rateStep: null,
  remainderTo: null,
  minAge: null,
  maxAge: null,
  tags: null,
  by: 'amount',
  productWeights: null,
} as const satisfies Omit<MemberBasis, 'basis' | 'percent' | 'classes' | 'pos'>;

/** The §9 top-level sections of a rules file that writes none of them. */
export const NO_SECTION_9 = {
  shareHolders: [],
  shareHoldersGiven: false,
  legalForm: 'joint_venture',
  coopLawPos: null,
  opening: null,
  paymentDefault: 'bank',
} as const satisfies Pick<Rules, 'shareHolders' | 'shareHoldersGiven' | 'legalForm' | 'coopLawPos' | 'opening' | 'paymentDefault'>;
