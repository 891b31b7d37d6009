// The lock's promise under a race: however many processes find the same stale lock (or a takeover
// mutex left by a killed one) at the same moment, at most one holds the lock at any time. Each
// racer appends "enter"/"leave" lines to a shared log while it holds the lock; overlapping holds
// would show as two enters in a row.

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = mkdtempSync(join(tmpdir(), 'coop-lock-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const lockModule = pathToFileURL(join(process.cwd(), 'dist/output/outputLock.js')).href;

function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '0']);
  return r.pid!;
}

const racer = `
const { acquireLock } = await import(process.argv[1]);
const { appendFileSync } = await import('node:fs');
const [, , lock, log, startAt] = process.argv;
while (Date.now() < Number(startAt)) {}
let release;
try { release = acquireLock(lock); } catch (e) { appendFileSync(log, 'refused ' + process.pid + '\\n'); process.exit(0); }
appendFileSync(log, 'enter ' + process.pid + '\\n');
const until = Date.now() + 150; while (Date.now() < until) {}
appendFileSync(log, 'leave ' + process.pid + '\\n');
release();
`;

function race(n: number, prepare: (lock: string) => void): Promise<string[]> {
  const dir = mkdtempSync(join(root, 'r-'));
  const lock = join(dir, '.out.lock');
  const log = join(dir, 'log');
  writeFileSync(log, '');
  prepare(lock);
  const startAt = Date.now() + 700; // every racer spins until the same moment
  const children = Array.from({ length: n }, () =>
    spawn(process.execPath, ['--input-type=module', '-e', racer, lockModule, lock, log, String(startAt)], { stdio: 'inherit' }),
  );
  return Promise.all(children.map((c) => new Promise<number | null>((done) => c.on('exit', done)))).then((codes) => {
    expect(codes.every((c) => c === 0)).toBe(true);
    return readFileSync(log, 'utf8').trim().split('\n');
  });
}

function assertExclusive(lines: string[]): number {
  let holding: string | null = null;
  let enters = 0;
  for (const l of lines) {
    const [what, pid] = l.split(' ');
    if (what === 'enter') {
      expect(holding, `two holders at once: ${lines.join(', ')}`).toBeNull();
      holding = pid;
      enters++;
    } else if (what === 'leave') {
      expect(holding).toBe(pid);
      holding = null;
    }
  }
  return enters;
}

describe('stale-lock takeover under a race', () => {
  it('a dead holder and 4 racers, 5 rounds: never two holders; someone always gets it', async () => {
    for (let round = 0; round < 5; round++) {
      const lines = await race(4, (lock) => writeFileSync(lock, `${hostname()} ${deadPid()}\n`));
      expect(assertExclusive(lines)).toBeGreaterThanOrEqual(1);
    }
  }, 60_000);

  it('a dead takeover mutex as well: never two holders; someone always gets it', async () => {
    for (let round = 0; round < 4; round++) {
      const lines = await race(4, (lock) => {
        writeFileSync(lock, `${hostname()} ${deadPid()}\n`);
        writeFileSync(`${lock}.takeover`, `${hostname()} ${deadPid()} 12345678\n`);
      });
      expect(assertExclusive(lines)).toBeGreaterThanOrEqual(1);
    }
  }, 60_000);
});
