import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseExact, type Exact } from '../../src/money/exact.js';
import { BASES } from '../../src/bases/registry.js';
import { load } from './helpers.js';

/** A name: Chinese or ASCII words, sometimes digits only ("1", "2.5" stay text when used as keys). */
const word = fc.oneof(
  fc.string({ unit: fc.constantFrom(...'水田旱地采摘管护公积金益企业村集体脱贫户监测一般'), minLength: 1, maxLength: 6 }),
  fc.string({ unit: fc.constantFrom(...'abcdefghijkmopqrstvwxyz_'), minLength: 1, maxLength: 8 }).map((s) => 'x' + s),
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 4 }),
  fc.tuple(fc.nat(99), fc.nat(99)).map(([a, b]) => `${a}.${b}`),
);

/** A key as YAML text: quoted (JSON is valid YAML) or, when it cannot be misread, plain. */
const keyText = (k: string, plain: boolean): string => (plain && /^[\d\u4e00-\u9fff]/.test(k) ? k : JSON.stringify(k));

/** A non-negative decimal as written, e.g. "0", "12", "1.20", "0.0625". */
const decimal = (maxInt: number, maxScale: number, positive = false) =>
  fc
    .tuple(fc.nat(maxInt), fc.nat(maxScale))
    .chain(([int, scale]) => fc.tuple(fc.constant(int), fc.constant(scale), fc.nat(10 ** scale - 1)))
    .map(([int, scale, frac]) => (scale === 0 ? String(int) : `${int}.${String(frac).padStart(scale, '0')}`))
    .filter((t) => !positive || parseExact(t)!.units > 0n);

/** n positive parts of 100, written with `scale` decimals each (trailing zeros kept). */
const percents = (maxParts: number) =>
  fc
    .tuple(fc.integer({ min: 1, max: maxParts }), fc.nat(3))
    .chain(([n, scale]) => {
      const total = 100 * 10 ** scale;
      return fc
        .uniqueArray(fc.integer({ min: 1, max: total - 1 }), { minLength: Math.min(n - 1, total - 1), maxLength: Math.min(n - 1, total - 1) })
        .map((cuts) => {
          const c = [0, ...cuts.sort((a, b) => a - b), total];
          return c.slice(1).map((v, i) => {
            const part = v - c[i];
            if (scale === 0) return String(part);
            const s = String(part).padStart(scale + 1, '0');
            return `${s.slice(0, -scale)}.${s.slice(-scale)}`;
          });
        });
    });

const rulesArb = fc
  .record({
    name: fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim() !== ''),
    year: fc.integer({ min: 1900, max: 2999 }),
    plainKeys: fc.boolean(),
    defaultPerDay: fc.option(decimal(500, 2), { nil: undefined }),
    perDay: fc.uniqueArray(fc.tuple(word, decimal(500, 2)), { selector: ([k]) => k, maxLength: 4 }),
    rent: fc.uniqueArray(fc.tuple(word, decimal(2000, 2)), { selector: ([k]) => k, maxLength: 4 }),
    units: fc.uniqueArray(fc.tuple(word, decimal(10, 4, true)), { selector: ([k]) => k, maxLength: 4 }),
    classes: fc.uniqueArray(fc.tuple(word, fc.option(decimal(500, 3), { nil: undefined }), fc.option(decimal(5, 3), { nil: undefined })), {
      selector: ([k]) => k,
      minLength: 1,
      maxLength: 4,
    }),
    shortfall: fc.constantFrom(undefined, 'pay', 'scale'),
    entryNames: fc.uniqueArray(word, { minLength: 6, maxLength: 6 }),
    fixedAmounts: fc.array(decimal(100000, 2), { maxLength: 2 }),
    sharePercents: percents(4),
    withMembers: fc.boolean(),
    memberPercents: percents(4),
    memberBases: fc.array(fc.constantFrom(...BASES), { minLength: 4, maxLength: 4 }),
    restrict: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
    floorMins: fc.array(decimal(5000, 2), { maxLength: 2 }),
  })
  .map((r) => {
    const k = (s: string) => keyText(s, r.plainKeys);
    const q = (s: string) => JSON.stringify(s);
    const fixed = r.fixedAmounts.map((a, i) => ({ to: r.entryNames[i], amount: a }));
    const shareTos = r.sharePercents.map((_, i) => r.entryNames[2 + i] ?? `s${i}`);
    if (r.withMembers) shareTos[shareTos.length - 1] = 'members';
    const shares = r.sharePercents.map((p, i) => ({ to: shareTos[i], percent: p }));
    const fundable = [...fixed.map((f) => f.to), ...shares.map((s) => s.to)].filter((t) => t !== 'members');
    const members = r.withMembers
      ? r.memberPercents.map((p, i) => ({
          basis: r.memberBases[i],
          percent: p,
          classes: r.memberBases[i] === 'share_units' && r.restrict[i] ? [r.classes[0][0]] : null,
        }))
      : [];
    const floors = fundable.length ? r.floorMins.map((m, i) => ({ category: `类别${i}`, minTotal: m, fundedBy: fundable[i % fundable.length] })) : [];

    const lines: string[] = [`name: ${q(r.name)}`, `year: ${r.year}`];
    lines.push('wages:');
    if (r.defaultPerDay !== undefined) lines.push(`  default_per_day: ${r.defaultPerDay}`);
    lines.push('  per_day:' + (r.perDay.length ? '' : ' {}'));
    for (const [job, rate] of r.perDay) lines.push(`    ${k(job)}: ${rate}`);
    lines.push('land:');
    lines.push(`  rent_per_mu: {${r.rent.map(([t, v]) => ` ${k(t)}: ${v}`).join(',')} }`);
    lines.push('  units_per_mu:' + (r.units.length ? '' : ' {}'));
    for (const [t, v] of r.units) lines.push(`    ${k(t)}: ${v}`);
    lines.push('share_classes:');
    for (const [c, g, w] of r.classes) {
      const parts = [g !== undefined ? `guaranteed_per_unit: ${g}` : null, w !== undefined ? `weight: ${w}` : null].filter(Boolean);
      lines.push(`  ${k(c)}: { ${parts.join(', ')} }`);
    }
    if (r.shortfall) lines.push(`guaranteed_shortfall: ${r.shortfall}`);
    lines.push('distribution:');
    if (fixed.length) {
      lines.push('  fixed:');
      for (const f of fixed) lines.push(`    - { to: ${q(f.to)}, amount: ${f.amount} }`);
    }
    lines.push('  shares:');
    for (const s of shares) lines.push(`    - to: ${q(s.to)}\n      percent: ${s.percent}`);
    if (members.length) {
      lines.push('members:');
      for (const m of members) {
        lines.push(`  - { basis: ${m.basis}, percent: ${m.percent}${m.classes ? `, classes: [${m.classes.map(q).join(', ')}]` : ''} }`);
      }
    }
    if (floors.length) {
      lines.push('floors:');
      for (const f of floors) lines.push(`  - { category: ${q(f.category)}, min_total: ${f.minTotal}, funded_by: ${q(f.fundedBy)} }`);
    }
    return { text: lines.join('\n') + '\n', r, fixed, shares, members, floors };
  });

function ex(t: string): Exact {
  const x = parseExact(t);
  if (!x) throw new Error(`bad generated number ${t}`);
  return x;
}

describe('random valid rules', () => {
  test('serialised to YAML, they load without problems and every number round-trips exactly', () => {
    fc.assert(
      fc.property(rulesArb, ({ text, r, fixed, shares, members, floors }) => {
        const { rules, errors } = load(text);
        expect(errors).toEqual([]);
        const got = rules!;
        expect(got.name).toBe(r.name.trim());
        expect(got.year).toBe(r.year);
        expect(got.wages.defaultPerDay).toEqual(r.defaultPerDay === undefined ? null : ex(r.defaultPerDay));
        expect([...got.wages.perDay]).toEqual(r.perDay.map(([job, v]) => [job, ex(v)]));
        expect([...got.land.rentPerMu]).toEqual(r.rent.map(([t, v]) => [t, ex(v)]));
        expect([...got.land.unitsPerMu]).toEqual(r.units.map(([t, v]) => [t, ex(v)]));
        expect([...got.shareClasses].map(([c, s]) => [c, s.guaranteedPerUnit, s.weight])).toEqual(
          r.classes.map(([c, g, w]) => [c, g === undefined ? { units: 0n, scale: 0 } : ex(g), w === undefined ? { units: 1n, scale: 0 } : ex(w)]),
        );
        expect(got.guaranteedShortfall).toBe(r.shortfall ?? 'pay');
        expect(got.fixed.map((f) => [f.to, f.amountFen])).toEqual(fixed.map((f) => [f.to, ex(f.amount).units * 10n ** BigInt(2 - ex(f.amount).scale)]));
        expect(got.shares.map((s) => [s.to, s.percent])).toEqual(shares.map((s) => [s.to, ex(s.percent)]));
        expect(got.members.map((m) => [m.basis, m.percent, m.classes])).toEqual(members.map((m) => [m.basis, ex(m.percent), m.classes]));
        expect(got.floors.map((f) => [f.category, f.fundedBy])).toEqual(floors.map((f) => [f.category, f.fundedBy]));
      }),
      { numRuns: 300 },
    );
  });

  test('changing one percent of a valid file by the smallest written step is always caught', () => {
    fc.assert(
      fc.property(percents(5), (ps) => {
        const last = ps[ps.length - 1];
        const x = ex(last);
        const bumped = { units: x.units + 1n, scale: x.scale };
        const s = bumped.units.toString().padStart(bumped.scale + 1, '0');
        const text = bumped.scale === 0 ? s : `${s.slice(0, -bumped.scale)}.${s.slice(-bumped.scale)}`;
        const yaml = `name: x\nyear: 2025\ndistribution:\n  shares:\n${[...ps.slice(0, -1), text].map((p, i) => `    - { to: e${i}, percent: ${p} }`).join('\n')}\n`;
        const { errors } = load(yaml);
        expect(errors).toHaveLength(1);
        expect(errors[0].message).toContain('必须恰好为 100');
      }),
      { numRuns: 200 },
    );
  });
});
