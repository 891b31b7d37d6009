/** Township test helpers: a fresh copy of fixtures/township, OUT trees, CSV rows. */
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ROOT, tempDir } from '../helpers/cli.js';

export const TOWNSHIP = path.join(ROOT, 'fixtures', 'township');

/** The villages of fixtures/township in code-point order, and the broken one. */
export const VILLAGES = ['dongdulintuan', 'huangnitang', 'shiqiao', 'xiaohekou', 'zaopo', '古城营', '大坪', '杨省庄'];
export const BROKEN = 'huangnitang';

/** A writable copy of fixtures/township (byte-exact). */
export function township(): string {
  const root = path.join(tempDir('coop-township-'), 'township');
  cpSync(TOWNSHIP, root, { recursive: true });
  return root;
}

/** Every file under `dir` (hidden ones excluded) → its bytes, keyed by `/`-separated relative path. */
export function tree(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (d: string, rel: string) => {
    for (const name of readdirSync(d).sort()) {
      if (name.startsWith('.')) continue;
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p, `${rel}${name}/`);
      else files.set(`${rel}${name}`, readFileSync(p));
    }
  };
  walk(dir, '');
  return files;
}

/** A CSV file written by the tool (BOM, CRLF, simple quoting) → rows of cells. */
export function csvRows(bytes: Buffer): string[][] {
  let text = bytes.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const rows: string[][] = [];
  for (const line of text.split('\r\n')) {
    if (line === '') continue;
    const cells: string[] = [];
    let i = 0;
    while (i <= line.length) {
      if (line[i] === '"') {
        let j = i + 1;
        let cell = '';
        for (;;) {
          if (line[j] === '"' && line[j + 1] === '"') {
            cell += '"';
            j += 2;
          } else if (line[j] === '"') break;
          else cell += line[j++];
        }
        cells.push(cell);
        i = j + 2;
      } else {
        const k = line.indexOf(',', i);
        const end = k < 0 ? line.length : k;
        cells.push(line.slice(i, end));
        i = end + 1;
      }
    }
    rows.push(cells);
  }
  return rows;
}

/** "1234.56" / "-7.00" → fen. */
export function fen(text: string): bigint {
  const m = /^(-?)(\d+)\.(\d{2})$/.exec(text);
  if (!m) throw new Error(`not money: ${JSON.stringify(text)}`);
  const v = BigInt(m[2]) * 100n + BigInt(m[3]);
  return m[1] ? -v : v;
}

/** The pid of a process that has exited. */
export function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}
