import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OutputError, writeOutputDir } from '../../src/output/writeOutputDir.js';
import { pieceWriterSwitch, SLOT_BYTES } from '../../src/output/pieceWriter.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'coop-out-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, prefix: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.isDirectory()) walk(join(d, e.name), prefix + e.name + '/');
      else if (!(prefix === '' && e.name === '.coop-payout-manifest.json')) out[prefix + e.name] = readFileSync(join(d, e.name), 'utf8');
    }
  };
  walk(dir, '');
  return out;
}

function oldOutput(): string {
  const out = join(root, 'out');
  mkdirSync(join(out, 'sub'), { recursive: true });
  writeFileSync(join(out, 'payouts.csv'), 'old payouts');
  writeFileSync(join(out, 'stale.txt'), 'from an earlier run');
  writeFileSync(join(out, 'sub', 'x.json'), '{}');
  // Written by this tool: a folder without the manifest is refused (issue 12).
  writeFileSync(join(out, '.coop-payout-manifest.json'), JSON.stringify({ tool: 'coop-payout', files: ['payouts.csv', 'stale.txt', 'sub/x.json'] }));
  return out;
}

describe('writeOutputDir', () => {
  it('creates the output directory and its missing parents', async () => {
    const out = join(root, 'a', 'b', 'out');
    await writeOutputDir(out, [
      { name: 'payouts.csv', data: Buffer.from('p') },
      { name: 'summary.json', data: '{}\n' },
      { name: 'zaopo/waterfall.csv', data: 'w' },
    ]);
    expect(tree(out)).toEqual({ 'payouts.csv': 'p', 'summary.json': '{}\n', 'zaopo/waterfall.csv': 'w' });
    expect(readdirSync(join(root, 'a', 'b'))).toEqual(['out']);
  });

  it('replaces an existing output directory fully and leaves no temporary directory behind', async () => {
    const out = oldOutput();
    await writeOutputDir(out, [{ name: 'payouts.csv', data: 'new payouts' }]);
    expect(tree(out)).toEqual({ 'payouts.csv': 'new payouts' });
    expect(readdirSync(root)).toEqual(['out']);
  });

  it('leaves the old directory intact when a file cannot be created', async () => {
    const out = oldOutput();
    const before = tree(out);
    const err = await writeOutputDir(out, [
      { name: 'payouts.csv', data: 'new' },
      { name: 'x'.repeat(300) + '.csv', data: 'too long a name' },
    ]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OutputError);
    expect((err as OutputError).message).toContain(out);
    expect(tree(out)).toEqual(before);
    expect(readdirSync(root)).toEqual(['out']);
  });

  it('writes a deferred file from its pieces, in order, beside plain ones', async () => {
    const out = oldOutput();
    await writeOutputDir(out, [
      { name: 'payouts.csv', render: (write) => ['a,b\r\n', '户主', '\r\n'].forEach((p) => write(Buffer.from(p))), mode: 0o600 },
      { name: 'summary.json', data: '{}' },
    ]);
    expect(tree(out)).toEqual({ 'payouts.csv': 'a,b\r\n户主\r\n', 'summary.json': '{}' });
    expect(statSync(join(out, 'payouts.csv')).mode & 0o777).toBe(0o600);
    expect(readdirSync(root)).toEqual(['out']);
  });

  it('writes sheets of many pieces through the writer thread while the next file is made, each file exactly', async () => {
    const saved = pieceWriterSwitch.url;
    pieceWriterSwitch.url = new URL('../../dist/output/pieceWriterWorker.js', import.meta.url);
    try {
      const out = join(root, 'out');
      // Bytes of file k, piece p: a pattern that tells every piece of every file apart.
      const piece = (k: number, p: number, n: number) => {
        const b = Buffer.allocUnsafe(n);
        for (let i = 0; i < n; i++) b[i] = (i * 7 + p * 13 + k * 31) & 0xff;
        return b;
      };
      const sizes = [SLOT_BYTES, 5, SLOT_BYTES - 1, 3 * 1024, SLOT_BYTES, 1];
      const files = Array.from({ length: 20 }, (_, k) =>
        k % 3 === 0
          ? { name: `big${k}.bin`, data: Buffer.concat(sizes.map((n, p) => piece(k, p, n))) }
          : { name: `sheet${k}.csv`, render: (write: (b: Buffer) => void) => sizes.forEach((n, p) => write(piece(k, p, n))) },
      );
      await writeOutputDir(out, files);
      for (let k = 0; k < files.length; k++) {
        const want = Buffer.concat(sizes.map((n, p) => piece(k, p, n)));
        expect(readFileSync(join(out, files[k].name)).equals(want)).toBe(true);
      }
    } finally {
      pieceWriterSwitch.url = saved;
    }
  });

  it('a deferred file whose render fails: its own error (a bug, exit 3), not a write failure, and the old folder intact', async () => {
    const out = oldOutput();
    const before = tree(out);
    const bug = new Error('render bug');
    const err = await writeOutputDir(out, [
      { name: 'summary.json', data: '{}' },
      {
        name: 'payouts.csv',
        render: (write) => {
          write(Buffer.from('half'));
          throw bug;
        },
      },
    ]).catch((e: unknown) => e);
    expect(err).toBe(bug);
    expect(tree(out)).toEqual(before);
    expect(readdirSync(root)).toEqual(['out']);
  });

  it('leaves the old directory intact when a name would leave the directory or comes twice', async () => {
    const out = oldOutput();
    const before = tree(out);
    for (const files of [
      [{ name: '../escape.csv', data: 'x' }],
      [{ name: '/abs.csv', data: 'x' }],
      [
        { name: 'a.csv', data: 'x' },
        { name: 'a.csv', data: 'y' },
      ],
      [
        { name: 'a', data: 'x' },
        { name: 'a/b.csv', data: 'y' },
      ],
    ]) {
      await expect(writeOutputDir(out, files)).rejects.toBeInstanceOf(OutputError);
      expect(tree(out)).toEqual(before);
      expect(readdirSync(root)).toEqual(['out']);
    }
  });

  it('refuses to replace a directory that holds input files', async () => {
    const run = join(root, 'village');
    mkdirSync(run);
    writeFileSync(join(run, 'households.csv'), 'household_id,name\n');
    await expect(writeOutputDir(run, [{ name: 'payouts.csv', data: 'x' }])).rejects.toThrow(/households\.csv/);
    expect(readdirSync(run)).toEqual(['households.csv']);

    const batchRoot = join(root, 'township');
    mkdirSync(join(batchRoot, 'zaopo'), { recursive: true });
    writeFileSync(join(batchRoot, 'zaopo', 'rules.yaml'), 'name: x\n');
    await expect(writeOutputDir(batchRoot, [{ name: 'batch.json', data: '{}' }])).rejects.toBeInstanceOf(OutputError);
    expect(readdirSync(join(batchRoot, 'zaopo'))).toEqual(['rules.yaml']);
  });

  it('refuses to replace a file that is in the way', async () => {
    const out = join(root, 'out');
    writeFileSync(out, 'not a directory');
    await expect(writeOutputDir(out, [{ name: 'payouts.csv', data: 'x' }])).rejects.toThrow(/not a directory/);
    expect(readFileSync(out, 'utf8')).toBe('not a directory');
    expect(readdirSync(root)).toEqual(['out']);
  });

  it('fails with the parent path when the parent cannot be created', async () => {
    writeFileSync(join(root, 'file'), 'x');
    const out = join(root, 'file', 'out');
    await expect(writeOutputDir(out, [{ name: 'payouts.csv', data: 'x' }])).rejects.toThrow(join(root, 'file'));
    expect(readdirSync(root)).toEqual(['file']);
  });

  it('gives files the requested mode', async () => {
    if (process.platform === 'win32') return;
    const out = join(root, 'out');
    await writeOutputDir(out, [
      { name: 'private.csv', data: 'x', mode: 0o600 },
      { name: 'public.csv', data: 'y' },
    ]);
    expect(statSync(join(out, 'private.csv')).mode & 0o777).toBe(0o600 & ~process.umask());
    expect(statSync(join(out, 'public.csv')).mode & 0o777).toBe(0o644 & ~process.umask());
  });
});
