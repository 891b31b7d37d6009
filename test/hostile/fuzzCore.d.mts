// Types of fuzzCore.mjs (plain JavaScript so that scripts/fuzz.mjs can run it under bare node).
import type fc from 'fast-check';

export interface RunFile {
  name: string;
  content: Buffer;
}
export interface Mutation {
  file: string;
  kind: string;
  a: number;
  b: number;
  c: number;
  bytes: Uint8Array;
  text: string;
}
export interface FuzzCase {
  base: number;
  encoding: 'auto' | 'utf8' | 'gb18030';
  mutations: Mutation[];
}
export type Problemish = Record<string, unknown>;
export interface Pipeline {
  analyseRun: (dir: string, opts: { encoding: 'auto' | 'utf8' | 'gb18030' }) => Promise<any>;
  renderRunFiles: (...args: any[]) => Promise<{ files: { name: string }[]; summary: { checks: { ok: boolean }[] } }>;
}

export const RUN_FILES: string[];
export const CSV_FILES: string[];
export const MUTATION_KINDS: string[];
export const PROBLEM_LINE: RegExp;
export function loadRunFolder(dir: string): RunFile[];
export function writeRunFolder(dir: string, files: RunFile[]): void;
export function mutate(content: Buffer | null, m: Omit<Mutation, 'file'>): Buffer | null;
export function caseArbitrary(fixedBases: number): fc.Arbitrary<FuzzCase>;
export function describeCase(c: FuzzCase): string;
export function caseFiles(c: FuzzCase, bases: RunFile[][], village: (seed: number) => { files: RunFile[] }): RunFile[];
export function problemDefects(p: Problemish, dir: string, codeRe: RegExp): string[];
export class FuzzFailure extends Error {}
export function checkFolder(
  dir: string,
  encoding: FuzzCase['encoding'],
  pipeline: Pipeline,
  slowMs?: number,
): Promise<{ outcome: 'rejected' | 'accepted'; errors: number; codes: string[]; ms: number }>;
