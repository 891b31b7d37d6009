import type { Checker } from '../check.js';
import type { DisclosureRules } from '../types.js';
import type { PMap } from '../yamlTree.js';
import { entry } from './common.js';

/** `disclosure` (公示): only the keys written; {} when the section is absent or empty. */
export function readDisclosure(c: Checker, root: PMap): DisclosureRules {
  const extra: { disclosure?: DisclosureRules } = {};
  const discNode = entry(root, 'disclosure');
  if (discNode && !c.isNull(discNode)) {
    const m = c.map(discNode, 'disclosure', ['mask_names']);
    if (m) {
      const out: DisclosureRules = {};
      const mn = entry(m, 'mask_names');
      if (mn) {
        const v = c.bool(mn, 'disclosure.mask_names');
        if (v !== undefined) out.mask_names = v;
      }
      extra.disclosure = out;
    }
  }
  return extra.disclosure ?? {};
}
