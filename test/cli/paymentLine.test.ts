import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT, tempDir } from '../helpers/cli.js';

const fen = (s: string) => BigInt(s.replace('.', ''));

describe('stdout after a run says what to pay', () => {
  it('bank payments, no-account cash and debts add up to the net payable and match bank.csv', () => {
    const out = path.join(tempDir(), 'out');
    const r = cli(['run', path.join(ROOT, 'fixtures', 'demo'), '--out', out]);
    expect(r.code).toBe(0);
    const m = /银行代发 (\d+) 笔 ([\d.]+) 元.*无账号待付 (\d+) 户 ([\d.]+) 元.*欠款 (\d+) 户 ([\d.]+) 元/.exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    const [, bankN, bank, cashN, cash, owedN, owed] = m!;
    const s = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8'));
    expect(fen(bank) + fen(cash) - fen(owed)).toBe(fen(s.net_payable));
    expect(s.warnings.filter((w: { code: string }) => w.code === 'W_NO_ACCOUNT').length).toBe(Number(cashN));
    expect(s.warnings.filter((w: { code: string }) => w.code === 'W_NEGATIVE_NET').length).toBe(Number(owedN));
    // bank.csv (GB18030 by default): one row per payment after the header
    const rows = new TextDecoder('gb18030').decode(readFileSync(path.join(out, 'bank.csv'))).trim().split(/\r?\n/).length - 1;
    expect(rows).toBe(Number(bankN));
    const bankTotal = s.checks.find((c: { name: string }) => c.name === 'bank_total_equals_positive_nets').figures.bank_file_total;
    expect(bank).toBe(bankTotal);
  });
});
