// A batch running villages on worker threads answers SIGTERM and SIGINT within seconds (issue 12:
// "every signal stops the process, workers included"), leaving finished villages complete, no lock,
// no temporary folder.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, tempDir } from '../helpers/cli.js';

const base = tempDir('coop-batch-signals-');
afterAll(() => rmSync(base, { recursive: true, force: true }));
const root = path.join(base, 'tw');
mkdirSync(root);
for (let i = 1; i <= 30; i++) cpSync(path.join(ROOT, 'fixtures', 'demo'), path.join(root, `v${String(i).padStart(2, '0')}`), { recursive: true });

describe('signals during a batch with workers', () => {
  for (const [signal, code] of [
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const) {
    it(`${signal} stops it within seconds: exit ${code}, no lock or temporary left, written villages complete`, async () => {
      const out = path.join(base, `out-${signal}`);
      const child = spawn(process.execPath, [BIN, 'batch', root, '--out', out, '--jobs', '2', '--quiet'], { stdio: ['ignore', 'pipe', 'pipe'] });
      const exited = new Promise<number | null>((done) => child.on('exit', (c) => done(c)));
      // wait until the first village folder appears: workers are busy
      const t0 = Date.now();
      while (!(existsSync(out) && readdirSync(out).some((n) => n.startsWith('v'))) && Date.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 20));
      const sent = Date.now();
      child.kill(signal);
      const c = await exited;
      const ms = Date.now() - sent;
      expect(c).toBe(code);
      expect(ms).toBeLessThan(3000);
      const names = readdirSync(out);
      expect(names.filter((n) => /lock|tmp|old/.test(n))).toEqual([]);
      expect(readdirSync(base).filter((n) => n.startsWith(`.out-${signal}`))).toEqual([]);
      for (const v of names.filter((n) => n.startsWith('v'))) {
        expect(readdirSync(path.join(out, v)).sort()).toEqual(['.coop-payout-manifest.json', 'bank.csv', 'disclosure.csv', 'payouts.csv', 'payouts.xlsx', 'report.html', 'summary.json', 'waterfall.csv']);
      }
    }, 60_000);
  }
});
