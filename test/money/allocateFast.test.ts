/**
 * The allocator's fast paths (JS numbers where exact, a selection instead of a full sort, column
 * input and output) against the plain bigint algorithm it replaced, which is kept here as the reference.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, allocateColumn } from '../../src/money/allocate.js';

function reference(amount: bigint, weights: readonly bigint[]): bigint[] {
  const n = weights.length;
  const parts = new Array<bigint>(n).fill(0n);
  const total = weights.reduce((s, w) => s + w, 0n);
  if (amount === 0n) return parts;
  const rems: bigint[] = new Array<bigint>(n);
  let given = 0n;
  for (let i = 0; i < n; i++) {
    const p = amount * weights[i];
    const q = p / total;
    parts[i] = q;
    rems[i] = p - q * total;
    given += q;
  }
  const left = Number(amount - given);
  const order: number[] = [];
  for (let i = 0; i < n; i++) if (rems[i] > 0n) order.push(i);
  order.sort((a, b) => (rems[a] > rems[b] ? -1 : rems[a] < rems[b] ? 1 : a - b));
  for (let k = 0; k < left; k++) parts[order[k]] += 1n;
  return parts;
}

function check(amount: bigint, ws: bigint[]): boolean {
  if (!ws.some((w) => w > 0n)) return true;
  const want = reference(amount, ws);
  const got = allocate(amount, ws);
  const asColumn = Array.from(allocateColumn(amount, BigInt64Array.from(ws)));
  const fromArray = Array.from(allocateColumn(amount, ws));
  return [got, asColumn, fromArray].every((g) => g.length === want.length && g.every((p, i) => p === want[i]));
}

describe('allocate fast paths', () => {
  it('split like the bigint algorithm with small weights (the JS number path)', () => {
    const ws = fc.array(fc.bigInt({ min: 0n, max: 50n }), { minLength: 1, maxLength: 60 });
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 10n ** 6n }), ws, (a, w) => check(a, w)), { numRuns: 3000 });
  });

  it('split like the bigint algorithm with large weights and many near-ties (the bigint path)', () => {
    // Weights around 2^62 give remainders that Number() cannot tell apart: the exact tie-break decides.
    const big = fc.oneof(fc.constant(0n), fc.bigInt({ min: 2n ** 62n - 1000n, max: 2n ** 62n }), fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }));
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.array(big, { minLength: 1, maxLength: 40 }), (a, w) => check(a, w)), { numRuns: 2000 });
  });

  it('split like the bigint algorithm right at the 2^53 border of the number path', () => {
    const ws = fc.array(fc.bigInt({ min: 0n, max: 2n ** 26n }), { minLength: 1, maxLength: 30 });
    fc.assert(fc.property(fc.bigInt({ min: 2n ** 26n - 50n, max: 2n ** 27n }), ws, (a, w) => check(a, w)), { numRuns: 2000 });
  });

  it('gives equal remainders to the earlier parts, also over many parts', () => {
    const ws = new Array<bigint>(10000).fill(3n);
    expect(check(10001n, ws)).toBe(true);
    expect(check(7n, [...ws, ...new Array<bigint>(5).fill(2n ** 61n)])).toBe(true);
    expect(allocateColumn(2n, BigInt64Array.from([1n, 1n, 1n]))).toEqual(BigInt64Array.from([1n, 1n, 0n]));
  });

  it('refuses negative weights and amounts as allocate does', () => {
    expect(() => allocateColumn(5n, BigInt64Array.from([1n, -1n]))).toThrow();
    expect(() => allocateColumn(-5n, BigInt64Array.from([1n]))).toThrow();
    expect(() => allocateColumn(5n, new BigInt64Array(3))).toThrow();
    expect(allocateColumn(0n, new BigInt64Array(3))).toEqual(new BigInt64Array(3));
  });
});

describe('allocate selection', () => {
  it('picks the same parts as a full sort would, with many equal remainders', () => {
    const ws = fc.array(fc.constantFrom(0n, 1n, 2n, 3n, 7n, 10n), { minLength: 1, maxLength: 300 });
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 10n ** 4n }), ws, (a, w) => check(a, w)), { numRuns: 3000 });
  });
});

describe('allocate with products beyond 2^53 but amount and total below it', () => {
  it('splits like the bigint algorithm', () => {
    const ws = fc.array(fc.oneof(fc.constant(0n), fc.bigInt({ min: 0n, max: 10n ** 9n })), { minLength: 1, maxLength: 50 });
    fc.assert(fc.property(fc.bigInt({ min: 10n ** 8n, max: 10n ** 12n }), ws, (a, w) => check(a, w)), { numRuns: 3000 });
  });
});
