import type { Checker } from '../check.js';
import type { PMap } from '../yamlTree.js';
import { entry } from './common.js';

/** `legal_form` (SPEC §9.5): a 农民专业合作社 must return at least 60 % by transactions. */
export function readLegalForm(c: Checker, root: PMap): 'joint_venture' | 'farmers_cooperative' {
  const n = entry(root, 'legal_form');
  return (n && c.oneOf(n, 'legal_form', ['joint_venture', 'farmers_cooperative'] as const)) || 'joint_venture';
}

/** `payment_default` (SPEC §9.8): how a household with an empty `payment` cell is paid. */
export function readPaymentDefault(c: Checker, root: PMap): 'bank' | 'cash' {
  const n = entry(root, 'payment_default');
  return (n && c.oneOf(n, 'payment_default', ['bank', 'cash'] as const)) || 'bank';
}
