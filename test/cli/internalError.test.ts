// A broken invariant is a bug in this tool: the one top-level catch reports it as an internal error
// (exit 3), prints no stack trace and writes nothing. The break is made here, in the test, by
// corrupting one household's performance dividend after the real engine step — src/ carries no
// failpoint for it.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ROOT, tempDir } from '../helpers/cli.js';

vi.mock('../../src/engine/members.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/engine/members.js')>();
  return {
    ...real,
    computeMembers: (...args: Parameters<typeof real.computeMembers>) => {
      const m = real.computeMembers(...args);
      if (m && m.performanceFen.length > 0) m.performanceFen[0] += 1n;
      return m;
    },
  };
});

// The worker must keep vitest's own signal handling.
vi.mock('../../src/cli/signals.js', () => ({ installSignalHandlers: () => {}, installPipeHandlers: () => {} }));

const { main } = await import('../../src/cli/main.js');

afterEach(() => vi.restoreAllMocks());

describe('an invariant broken inside the engine', () => {
  it('exits 3 with an internal-error message, not a stack trace, and writes no output', async () => {
    const out = path.join(tempDir(), 'out');
    const err: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => (err.push(String(s)), true));
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const code = await main(['run', path.join(ROOT, 'fixtures', 'mini'), '--out', out, '--quiet']);
    const text = err.join('');
    expect(code, text).toBe(3);
    expect(text).toMatch(/内部错误 internal error/);
    expect(text).toMatch(/invariant broken: Σ performance \(households and holders\) = Σ bases/);
    expect(text).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });
});
