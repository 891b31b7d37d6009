// Output that cannot be written (issue: faults): a read-only parent directory, a file in the way,
// no space left. Each is E_OUTPUT at `OUT:0:0`, exit 1, an existing OUT left as it was, and no
// temporary folder or lock left behind.
//
// Tests here run as root in CI, where a chmod'ed directory does not stop writes: the read-only case
// then uses a tmpfs remounted read-only, and the no-space case a tiny tmpfs; both are skipped with a
// message where mount is not permitted.

import { execFileSync } from 'node:child_process';
import { statfsSync, chmodSync, mkdirSync, rmSync, symlinkSync, writeFileSync, readFileSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { DEMO, MINI, leftovers, readTree, runCli, sameTree, type RunResult } from './helpers.js';

let root: string;
let miniRef: Map<string, Buffer>;
beforeAll(async () => {
  root = tempDir('coop-unwritable-');
  const r = await runCli(['run', MINI, '--out', path.join(root, 'mini-ref'), '--quiet']);
  expect(r.code, r.stderr).toBe(0);
  miniRef = readTree(path.join(root, 'mini-ref'))!;
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The run failed with E_OUTPUT on OUT only, exit 1, nothing else printed as an error. */
function expectOutputError(r: RunResult, out: string): void {
  expect(r.code, r.stderr).toBe(1);
  const errors = r.stderr.split('\n').filter((l) => /: E_[A-Z_]+: /.test(l));
  expect(errors, r.stderr).toHaveLength(1);
  expect(errors[0].startsWith(`${out}:0:0: E_OUTPUT: `), r.stderr).toBe(true);
  expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
}

function tryMount(dir: string, options: string): string | null {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'pipe' });
    return null;
  } catch (e) {
    return String((e as { stderr?: Buffer }).stderr ?? e).trim() || 'mount failed';
  }
}

function unmount(dir: string): void {
  try {
    execFileSync('umount', [dir], { stdio: 'pipe' });
  } catch {
    execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
  }
}

function writable(dir: string): boolean {
  try {
    const probe = path.join(dir, '.probe');
    writeFileSync(probe, 'x');
    unlinkSync(probe);
    return true;
  } catch {
    return false;
  }
}

describe('unwritable output', () => {
  it('a read-only parent directory: E_OUTPUT, the old output kept', async (ctx) => {
    const parent = path.join(root, 'ro');
    mkdirSync(parent);
    const out = path.join(parent, 'out');
    let undo: () => void;
    // as a normal user a chmod is enough; as root it is not, so a tmpfs is remounted read-only
    chmodSync(parent, 0o555);
    if (!writable(parent)) {
      chmodSync(parent, 0o755);
      expect((await runCli(['run', MINI, '--out', out, '--quiet'])).code).toBe(0);
      chmodSync(parent, 0o555);
      undo = () => chmodSync(parent, 0o755);
    } else {
      chmodSync(parent, 0o755);
      const why = tryMount(parent, 'size=1m,mode=0755');
      if (why !== null) {
        ctx.skip(`running as root, where chmod does not stop writes, and mount is not permitted (${why})`);
        return;
      }
      expect((await runCli(['run', MINI, '--out', out, '--quiet'])).code).toBe(0);
      execFileSync('mount', ['-o', 'remount,ro', parent]);
      undo = () => unmount(parent);
      expect(writable(parent)).toBe(false);
    }
    try {
      expect(sameTree(readTree(out), miniRef)).toBe(true);
      const r = await runCli(['run', DEMO, '--out', out, '--quiet']);
      expectOutputError(r, out);
      expect(sameTree(readTree(out), miniRef)).toBe(true);
      expect(leftovers(out)).toEqual({ tmp: [], old: [], lock: false, other: [] });
      // the same as JSON
      const j = await runCli(['run', DEMO, '--out', out, '--json']);
      expect(j.code).toBe(1);
      expect(JSON.parse(j.stdout)).toEqual({ errors: [expect.objectContaining({ file: out, line: 0, column: 0, code: 'E_OUTPUT' })] });
      // a missing OUT below a read-only parent cannot be created either
      const r2 = await runCli(['run', MINI, '--out', path.join(parent, 'other', 'out'), '--quiet']);
      expectOutputError(r2, path.join(parent, 'other', 'out'));
    } finally {
      undo();
    }
  });

  it('a file in the way: OUT is a file, OUT is below a file, OUT is a symbolic link', async () => {
    const dir = path.join(root, 'inway');
    mkdirSync(dir);
    // OUT is a regular file
    const file = path.join(dir, 'out');
    writeFileSync(file, 'not a folder');
    expectOutputError(await runCli(['run', MINI, '--out', file, '--quiet']), file);
    expect(readFileSync(file, 'utf8')).toBe('not a folder');
    expect(leftovers(file)).toEqual({ tmp: [], old: [], lock: false, other: [] });
    // OUT's parent is a regular file
    const below = path.join(file, 'sub');
    expectOutputError(await runCli(['run', MINI, '--out', below, '--quiet']), below);
    expect(readFileSync(file, 'utf8')).toBe('not a folder');
    // OUT is a symbolic link to a folder holding other things: not followed, not replaced
    const target = path.join(root, 'linked-target');
    mkdirSync(target);
    writeFileSync(path.join(target, 'keep.txt'), 'keep');
    const link = path.join(dir, 'linked');
    symlinkSync(target, link);
    expectOutputError(await runCli(['run', MINI, '--out', link, '--quiet']), link);
    expect(readTree(target)).toEqual(new Map([['keep.txt', Buffer.from('keep')]]));
    expect(leftovers(link)).toEqual({ tmp: [], old: [], lock: false, other: ['out'] });
  });

  it('no space left on the device: E_OUTPUT, no temporary folder left, the old output kept', async (ctx) => {
    const small = path.join(root, 'small');
    mkdirSync(small);
    // fixtures/demo writes ~19 pages of 4 KiB: 64 KiB cannot hold it
    const why = tryMount(small, 'size=64k,mode=0755');
    if (why !== null) {
      ctx.skip(`mount is not permitted here (${why})`);
      return;
    }
    try {
      const out = path.join(small, 'out');
      const r = await runCli(['run', DEMO, '--out', out, '--quiet']);
      expectOutputError(r, out);
      expect(r.stderr).toMatch(/ENOSPC/);
      expect(readTree(out)).toBeNull();
      expect(leftovers(out)).toEqual({ tmp: [], old: [], lock: false, other: [] });
    } finally {
      unmount(small);
    }

    // 96 KiB: room for the small output of fixtures/mini (~13 pages), not for demo's next to it
    const why2 = tryMount(small, 'size=96k,mode=0755');
    expect(why2).toBeNull();
    try {
      const out = path.join(small, 'out');
      expect((await runCli(['run', MINI, '--out', out, '--quiet'])).code).toBe(0);
      expect(sameTree(readTree(out), miniRef)).toBe(true);
      const free = statfsSync(small).bfree;
      const r = await runCli(['run', DEMO, '--out', out, '--quiet']);
      expectOutputError(r, out);
      expect(sameTree(readTree(out), miniRef)).toBe(true);
      expect(leftovers(out)).toEqual({ tmp: [], old: [], lock: false, other: [] });
      // and the space the failed run took is given back
      expect(statfsSync(small).bfree).toBe(free);
    } finally {
      unmount(small);
    }
  });
});
