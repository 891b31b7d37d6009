import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireLock, LOCK_NAME, LockedError } from '../../src/batch/lock.js';
import { tempDir } from '../helpers/cli.js';
import { deadPid } from './helpers.js';

describe('the output folder lock', () => {
  it('is a file holding our pid, removed on release', async () => {
    const out = tempDir();
    const lock = await acquireLock(out);
    const file = path.join(out, LOCK_NAME);
    expect(readFileSync(file, 'utf8')).toBe(`${process.pid}\n${hostname()}\n`);
    await lock.release();
    expect(existsSync(file)).toBe(false);
  });

  it('refuses at once when a live process holds it', async () => {
    const out = tempDir();
    // The parent of this test process is alive for as long as the test runs.
    writeFileSync(path.join(out, LOCK_NAME), `${process.ppid}\n${hostname()}\n`);
    await expect(acquireLock(out)).rejects.toBeInstanceOf(LockedError);
    expect(readFileSync(path.join(out, LOCK_NAME), 'utf8')).toBe(`${process.ppid}\n${hostname()}\n`);
  });

  it('never removes a lock that is no longer its own when it releases', async () => {
    const out = tempDir();
    const first = await acquireLock(out);
    // Someone else's lock replaced ours (e.g. ours was deleted by hand and another batch started).
    writeFileSync(path.join(out, LOCK_NAME), `${process.ppid}\n${hostname()}\n`);
    await expect(acquireLock(out)).rejects.toThrow(/another batch/);
    await first.release(); // not ours any more: left alone
    expect(existsSync(path.join(out, LOCK_NAME))).toBe(true);
  });

  it('takes over a lock whose process is gone', async () => {
    const out = tempDir();
    writeFileSync(path.join(out, LOCK_NAME), `${deadPid()}\n${hostname()}\n`);
    const lock = await acquireLock(out);
    expect(readFileSync(path.join(out, LOCK_NAME), 'utf8')).toBe(`${process.pid}\n${hostname()}\n`);
    await lock.release();
  });

  it('takes over a lock left with our own pid (containers reuse pids)', async () => {
    const out = tempDir();
    writeFileSync(path.join(out, LOCK_NAME), `${process.pid}\n${hostname()}\n`);
    const lock = await acquireLock(out);
    await lock.release();
    expect(existsSync(path.join(out, LOCK_NAME))).toBe(false);
  });

  it('treats a lock from another host as held (its pid cannot be checked from here)', async () => {
    const out = tempDir();
    writeFileSync(path.join(out, LOCK_NAME), `${deadPid()}\nsome-other-host\n`);
    await expect(acquireLock(out)).rejects.toThrow(/some-other-host/);
  });

  it('treats an unreadable lock as held while it is fresh and as stale when old', async () => {
    const out = tempDir();
    const file = path.join(out, LOCK_NAME);
    writeFileSync(file, '');
    await expect(acquireLock(out)).rejects.toBeInstanceOf(LockedError);
    const old = new Date(Date.now() - 10 * 60_000);
    utimesSync(file, old, old);
    const lock = await acquireLock(out);
    await lock.release();
  });
});
