import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT, tempDir } from '../helpers/cli.js';

const fen = (s: string) => BigInt(s.replace('.', ''));
const formatFen = (f: bigint) => `${f / 100n}.${String(f % 100n).padStart(2, '0')}`;

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

  it('with households paid in cash (SPEC §9.8): 现金 counts them and the bank households without account; bank.csv, signoff.csv and cash_total agree', () => {
    // fixtures/demo with a 发放方式 column: LS001–LS005 in cash (all have accounts), LS006 (owes) in cash too,
    // LS019 (no account) by bank: W_NO_ACCOUNT as before, counted as cash but not on the sign-off sheet.
    const dir = path.join(tempDir(), 'demo-cash');
    cpSync(path.join(ROOT, 'fixtures', 'demo'), dir, { recursive: true, filter: (src) => !src.endsWith('expected.json') });
    const file = path.join(dir, 'households.csv');
    const [header, ...rows] = readFileSync(file, 'utf8').split(/\r?\n/);
    const cash = new Set(['LS001', 'LS002', 'LS003', 'LS004', 'LS005', 'LS006']);
    writeFileSync(file, [header + ',发放方式', ...rows.map((r) => (r.trim() === '' ? r : `${r},${cash.has(r.split(',')[0]) ? '现金' : ''}`))].join('\n'));
    const out = path.join(tempDir(), 'out');
    const r = cli(['run', dir, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const m = /银行代发 (\d+) 笔 ([\d.]+) 元 \(bank file: \d+ payments\) · 现金 (\d+) 户 ([\d.]+) 元, 其中无账号 (\d+) 户 ([\d.]+) 元不在签收表上 \(cash: (\d+) on signoff.csv, (\d+) bank household without an account\) · 欠款 (\d+) 户 ([\d.]+) 元/.exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    const [, bankN, bank, cashN, cashFen, noAccN, noAcc, signedN, noAccN2, owedN, owed] = m!;
    expect([cashN, noAccN, signedN, noAccN2, owedN]).toEqual(['6', '1', '5', '1', '1']);
    const s = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8'));
    expect(fen(bank) + fen(cashFen) - fen(owed)).toBe(fen(s.net_payable));
    expect(s.warnings.filter((w: { code: string }) => w.code === 'W_NO_ACCOUNT').length).toBe(1);
    const bankRows = new TextDecoder('gb18030').decode(readFileSync(path.join(out, 'bank.csv'))).trim().split(/\r?\n/).slice(1);
    expect(bankRows.length).toBe(Number(bankN));
    const signoff = readFileSync(path.join(out, 'signoff.csv'), 'utf8').replace(/^\uFEFF/, '').split('\r\n');
    const signed = signoff.slice(1).filter((l) => /^\d+,/.test(l));
    expect(signed.map((l) => l.split(',')[1])).toEqual(['LS001', 'LS002', 'LS003', 'LS004', 'LS005']);
    for (const l of signed) expect(bankRows.join('\n')).not.toContain(l.split(',')[2]); // no cash household's name in bank.csv
    const check = s.checks.at(-1);
    expect(check.name).toBe('cash_total');
    expect(check.ok).toBe(true);
    expect(check.figures).toEqual({ bank_file_total: bank, cash_total: formatFen(fen(cashFen) - fen(noAcc)), no_account: noAcc, owed, net_payable: s.net_payable });
    expect(signoff.find((l) => l.startsWith('合计,'))!.split(',')[4]).toBe(check.figures.cash_total);
    expect(r.stdout).toContain('signoff.csv');
  });
});
