// Privacy (issue): the sheets with full ID and account numbers are readable by their owner only;
// the public files (公示表 disclosure.csv, report.html) never hold a full ID or account number; and
// messages on the terminal or in --json (cron mail, screenshots) never show one either.

import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { DEMO, MINI, modeOf, runCli } from './helpers.js';

let root: string;
beforeAll(() => {
  root = tempDir('coop-privacy-');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Every id_number and bank_account of a households.csv (accounts without blanks), non-empty. */
function secrets(householdsCsv: string): { ids: string[]; accounts: string[] } {
  const [header, ...rows] = readFileSync(householdsCsv, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim() !== '');
  const cols = header.split(',');
  const iId = cols.findIndex((c) => ['id_number', '身份证号', '身份证号码'].includes(c.trim()));
  const iAcc = cols.findIndex((c) => ['bank_account', '银行账号', '账号', '一卡通账号'].includes(c.trim()));
  expect(iId).toBeGreaterThanOrEqual(0);
  expect(iAcc).toBeGreaterThanOrEqual(0);
  const fields = rows.map((r) => r.split(','));
  return {
    ids: fields.map((f) => f[iId]?.trim() ?? '').filter((s) => s !== ''),
    accounts: fields.map((f) => (f[iAcc] ?? '').replace(/\s+/g, '')).filter((s) => s !== ''),
  };
}

/** The secrets found in `text` (case-insensitive for the X of an ID; separators between digits ignored too). */
function leaked(text: string, values: string[]): string[] {
  const plain = text.toUpperCase();
  const squeezed = plain.replace(/[\s\-–—_.·]/g, '');
  return values.filter((v) => plain.includes(v.toUpperCase()) || squeezed.includes(v.toUpperCase()));
}

describe('privacy', () => {
  describe('output files of a run on fixtures/demo', () => {
    const outs: Record<string, string> = {};
    beforeAll(async () => {
      for (const lang of ['zh', 'en']) {
        outs[lang] = path.join(root, `demo-${lang}`);
        const r = await runCli(['run', DEMO, '--out', outs[lang], '--lang', lang, '--quiet']);
        expect(r.code, r.stderr).toBe(0);
      }
    });

    it('payouts.csv, bank.csv and payouts.xlsx are created with mode 0600', () => {
      for (const out of Object.values(outs)) {
        for (const f of ['payouts.csv', 'bank.csv', 'payouts.xlsx']) expect(modeOf(path.join(out, f)).toString(8), f).toBe('600');
        // the public files are meant to be shared
        for (const f of ['disclosure.csv', 'report.html']) expect(modeOf(path.join(out, f)) & 0o444, f).toBe(0o444);
      }
    });

    it('disclosure.csv and report.html never contain a full ID number or bank account', () => {
      const { ids, accounts } = secrets(path.join(DEMO, 'households.csv'));
      expect(ids.length).toBeGreaterThan(20);
      expect(accounts.length).toBeGreaterThan(20);
      for (const [lang, out] of Object.entries(outs)) {
        // the private sheet does hold them (so the check below is not vacuous)
        expect(leaked(readFileSync(path.join(out, 'payouts.csv'), 'utf8'), accounts)).toEqual(accounts);
        for (const f of ['disclosure.csv', 'report.html']) {
          const text = readFileSync(path.join(out, f), 'utf8');
          expect(leaked(text, ids), `${lang} ${f}`).toEqual([]);
          expect(leaked(text, accounts), `${lang} ${f}`).toEqual([]);
          // and the masked forms are there: region code and last 4 of an ID
          expect(text, `${lang} ${f}`).toContain(`${ids[0].slice(0, 6)}********${ids[0].slice(-4)}`);
        }
        const disclosure = readFileSync(path.join(out, 'disclosure.csv'), 'utf8');
        expect(disclosure.match(/\d{12,}/g), 'a long run of digits in disclosure.csv').toBeNull();
      }
    });
  });

  describe('messages never show a full ID or account number', () => {
    let dir: string;
    let allSecrets: string[];
    beforeAll(() => {
      dir = path.join(root, 'bad-ids');
      cpSync(MINI, dir, { recursive: true });
      // wrong check digit (…0179 is right), wrong length, lower-case x with a wrong check digit,
      // Excel-mangled accounts (one realistic, one that still carries every digit)
      const rows = [
        'household_id,name,village,id_number,bank_account,category',
        'XZ001,杨再兴,小寨一组,522634197506180170,6230520110040000114,脱贫户',
        'XZ002,吴小花,小寨一组,5226341975061801791,6.23052E+18,一般户',
        'XZ003,龙老岩,小寨二组,52263419750618017x,6230520110040000379E+00,一般户',
        'XZ004,潘阿妹,小寨二组,52263419880808042X,6217790110030079193e+0,一般户',
      ];
      writeFileSync(path.join(dir, 'households.csv'), rows.join('\n') + '\n');
      // an ID number and an account typed into number columns
      writeFileSync(path.join(dir, 'deductions.csv'), 'household_id,kind,amount,note\nXZ002,已预支工资,6217790110030158385,\n');
      writeFileSync(path.join(dir, 'labor.csv'), 'household_id,date,worker,job,days\nXZ001,2025-04-02,杨再兴,采茶,522634197506180179\n');
      allSecrets = [
        '522634197506180170', '5226341975061801791', '52263419750618017X', '52263419880808042X', '522634197506180179',
        '6230520110040000379', '6217790110030079193', '6217790110030158385',
      ];
    });

    const commands = (d: string) => [
      ['validate', d],
      ['validate', d, '--json'],
      ['run', d, '--out', path.join(root, 'never')],
      ['run', d, '--out', path.join(root, 'never'), '--json'],
      ['explain', d, 'XZ001'],
    ];

    it('on stderr and in --json, for every command', async () => {
      for (const args of commands(dir)) {
        const r = await runCli(args);
        const what = `${args.join(' ')}\n${r.stderr}${r.stdout}`;
        expect(r.code, what).toBe(1);
        const text = r.stdout + r.stderr;
        // the problems were reported (so the check is not vacuous) …
        expect(text, what).toMatch(/E_BAD_ID_NUMBER/);
        expect(text, what).toMatch(/E_EXCEL_MANGLED/);
        expect(text, what).toMatch(/E_TOO_LARGE|E_BAD_NUMBER/);
        // … without the numbers
        expect(leaked(text, allSecrets), what).toEqual([]);
        expect(text.match(/\d{17}[\dXx]|\d{16,19}/g), what).toBeNull();
        if (args.includes('--json')) {
          const errors = (JSON.parse(r.stdout) as { errors: { message: string }[] }).errors;
          expect(errors.length, what).toBeGreaterThanOrEqual(6);
          expect(leaked(errors.map((e) => e.message).join('\n'), allSecrets), what).toEqual([]);
        }
      }
    });

    // ID numbers typed with blanks or dashes are still masked.
    it('an ID number written with blanks or dashes is not shown in full', async () => {
      const d = path.join(root, 'grouped-id');
      cpSync(MINI, d, { recursive: true });
      writeFileSync(
        path.join(d, 'households.csv'),
        'household_id,name,id_number,bank_account\nXZ001,杨再兴,522634 19750618 0179,\nXZ002,吴小花,522634-19750618-0179,\nXZ003,龙老岩,,\n',
      );
      const r = await runCli(['validate', d]);
      expect(r.stderr).toMatch(/E_BAD_ID_NUMBER/);
      expect(leaked(r.stderr, ['522634197506180179'])).toEqual([]);
    });

    // ID numbers typed in full-width digits are still masked.
    it('an ID number in full-width digits is not shown in full', async () => {
      const d = path.join(root, 'fullwidth-id');
      cpSync(MINI, d, { recursive: true });
      writeFileSync(path.join(d, 'households.csv'), 'household_id,name,id_number\nXZ001,杨再兴,５２２６３４１９７５０６１８０１７９\nXZ002,吴小花,\nXZ003,龙老岩,\n');
      const r = await runCli(['validate', d]);
      expect(r.stderr).toMatch(/E_BAD_ID_NUMBER/);
      expect(leaked(r.stderr.normalize('NFKC'), ['522634197506180179'])).toEqual([]);
    });
  });
});
