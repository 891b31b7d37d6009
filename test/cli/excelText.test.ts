/**
 * rules `csv.excel_text: true`: identifiers Excel would mangle are written `="…"` in payouts.csv,
 * disclosure.csv and signoff.csv; every other byte, and every other file, is that of the plain run.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { CsvBuilder, excelWouldConvert } from '../../src/render/csvWrite.js';
import { cli, ROOT, tempDir } from '../helpers/cli.js';

/** RFC 4180 fields of a CRLF file (quotes, doubled quotes); enough for the tool's own CSV. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let f = '';
  let inQ = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inQ) {
      if (c === '"' && text[i + 1] === '"') (f += '"'), i++;
      else if (c === '"') inQ = false;
      else f += c;
    } else if (c === '"') inQ = true;
    else if (c === ',') row.push(f), (f = '');
    else if (c === '\r' && text[i + 1] === '\n') row.push(f), rows.push(row), (row = []), (f = ''), i++;
    else f += c;
  }
  return rows;
}

describe('excelWouldConvert', () => {
  test('long numbers, leading zeros, dates and exponents; not names, short numbers or masked text', () => {
    for (const t of ['6217790110030079193', '522634196803120119', '007', '0', '00', '3-1', '2025/3/1', '1.10', '1E5', '123456789012'])
      expect(excelWouldConvert(t), t).toBe(true);
    for (const t of ['', '1', '12', '12345678901', 'LS001', 'TG008', '52263419800101011X', '522634********0119', '尾号9193', '王德明', '-5', ' 12'])
      expect(excelWouldConvert(t), t).toBe(false);
  });

  test('the builder writes such an identifier as a quoted ="…" field, only when asked', () => {
    const on = new CsvBuilder('utf8', { bom: false, excelText: true });
    on.id('6217790110030079193');
    on.id('LS001');
    on.cell('007');
    on.endRow();
    expect(on.bytes().toString('utf8')).toBe('"=""6217790110030079193""",LS001,007\r\n');
    const off = new CsvBuilder('utf8', { bom: false });
    off.id('6217790110030079193');
    off.endRow();
    expect(off.bytes().toString('utf8')).toBe('6217790110030079193\r\n');
  });
});

describe('run with csv.excel_text: true', () => {
  const base = tempDir();
  const plain = path.join(base, 'plain');
  const excel = path.join(base, 'excel');
  for (const d of [plain, excel]) cpSync(path.join(ROOT, 'fixtures', 'demo'), d, { recursive: true, filter: (s) => !s.includes(`${path.sep}out`) });
  // one household with a leading-zero id and paid in cash: the signoff sheet gets it too
  for (const d of [plain, excel]) {
    const f = path.join(d, 'households.csv');
    const lines = readFileSync(f, 'utf8').split(/\r?\n/);
    lines[0] += ',发放方式';
    for (let i = 1; i < lines.length; i++) if (lines[i]) lines[i] += i === 2 ? ',现金' : ',';
    writeFileSync(f, lines.join('\r\n').replaceAll('LS002', '0002'));
    for (const t of ['labor.csv', 'land.csv', 'shares.csv', 'deductions.csv']) {
      const p = path.join(d, t);
      writeFileSync(p, readFileSync(p, 'latin1').replaceAll('LS002', '0002'), 'latin1'); // GBK files: ASCII bytes replaced only
    }
  }
  writeFileSync(path.join(excel, 'rules.yaml'), readFileSync(path.join(excel, 'rules.yaml'), 'utf8') + '\ncsv:\n  excel_text: true\n');
  const a = cli(['run', plain, '--out', path.join(plain, 'out')]);
  const b = cli(['run', excel, '--out', path.join(excel, 'out')]);

  test('both runs succeed', () => {
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
  });

  test.each(['payouts.csv', 'disclosure.csv', 'signoff.csv'])('%s: the same cells, identifiers Excel would change written ="…"', (name) => {
    const pa = parseCsv(readFileSync(path.join(plain, 'out', name), 'utf8'));
    const pb = parseCsv(readFileSync(path.join(excel, 'out', name), 'utf8'));
    expect(pb.length).toBe(pa.length);
    let guarded = 0;
    pa.forEach((row, r) =>
      row.forEach((v, c) => {
        const w = pb[r][c];
        if (w === v) return;
        expect(w, `${name} row ${r} col ${c}`).toBe(`="${v}"`);
        expect(excelWouldConvert(v)).toBe(true);
        guarded++;
      }),
    );
    expect(guarded).toBeGreaterThan(0);
    // a mangled-looking value is never left plain
    pb.slice(1).forEach((row) => row.forEach((v, c) => expect(excelWouldConvert(v) && ['户号', '身份证号', '银行账号'].includes(pb[0][c])).toBe(false)));
  });

  test('bank.csv, payouts.xlsx, summary.json and the report are byte-identical', () => {
    for (const name of ['bank.csv', 'payouts.xlsx', 'report.html', 'waterfall.csv'])
      expect(readFileSync(path.join(excel, 'out', name)).equals(readFileSync(path.join(plain, 'out', name))), name).toBe(true);
    const sa = JSON.parse(readFileSync(path.join(plain, 'out', 'summary.json'), 'utf8'));
    const sb = JSON.parse(readFileSync(path.join(excel, 'out', 'summary.json'), 'utf8'));
    delete sa.rules_sha256;
    delete sb.rules_sha256;
    expect(sb).toEqual(sa);
  });
});
