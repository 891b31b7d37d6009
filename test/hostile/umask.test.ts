// Under umask 000 (a careless cron environment) the files with full ID and account numbers are still
// 0600 and output folders 0700: another user can neither read nor replace them (issue 12).
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, tempDir } from '../helpers/cli.js';

const mode = (p: string) => statSync(p).mode & 0o777;

describe('permissions whatever the umask', () => {
  it('run and batch under umask 000: PII files 0600, output folders 0700, the rest 0644', () => {
    const base = tempDir('coop-umask-');
    const out = path.join(base, 'run-out');
    const tw = path.join(base, 'tw-out');
    const sh = (args: string) => spawnSync('sh', ['-c', `umask 000; "${process.execPath}" "${BIN}" ${args}`], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    const r = sh(`run "${path.join(ROOT, 'fixtures', 'demo')}" --out "${out}" --quiet`);
    expect(r.status, r.stderr).toBe(0);
    expect(mode(out)).toBe(0o700);
    for (const f of ['payouts.csv', 'bank.csv', 'payouts.xlsx']) expect(mode(path.join(out, f)), f).toBe(0o600);
    for (const f of ['disclosure.csv', 'summary.json', 'waterfall.csv', 'report.html']) expect(mode(path.join(out, f)), f).toBe(0o644);
    const b = sh(`batch "${path.join(ROOT, 'fixtures', 'township')}" --out "${tw}" --quiet --jobs 1`);
    expect([0, 4]).toContain(b.status);
    expect(mode(tw)).toBe(0o700);
    expect(mode(path.join(tw, 'zaopo'))).toBe(0o700);
    expect(mode(path.join(tw, 'zaopo', 'bank.csv'))).toBe(0o600);
  });
});
