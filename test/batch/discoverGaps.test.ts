/**
 * Issue 12, "nothing silently dropped", for village discovery: a link to a village counted twice, a
 * folder that cannot be read, a folder name that is not UTF-8 (a Windows zip unpacked on Linux).
 * Unit tests here; the same through the spawned CLI (printed, in batch.json) in discoverCli.test.ts.
 */
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverVillages, escapedName, NODE_FS, unreadableReason, utf8Name, type DiscoveryFs } from '../../src/batch/discover.js';
import { tempDir } from '../helpers/cli.js';

/** 大坪 and 成员名册 as GBK bytes: what `unzip` leaves on Linux for a zip made on Chinese Windows. */
const DAPING_GBK = Buffer.from([0xb4, 0xf3, 0xc6, 0xba]);
const HOUSEHOLDS_GBK = Buffer.from([0xb3, 0xc9, 0xd4, 0xb1, 0xc3, 0xfb, 0xb2, 0xe1]);

function village(root: string, name: string, files: string[] = ['households.csv']): string {
  const dir = path.join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const f of files) writeFileSync(path.join(dir, f), 'x\n');
  return dir;
}

const errno = (code: string): NodeJS.ErrnoException => Object.assign(new Error(`${code}: simulated`), { code });

/** The real file system, except that listing `failing` throws `code`. */
function failingFs(failing: string, code: string): DiscoveryFs {
  return {
    ...NODE_FS,
    readdir: (dir) => (String(dir) === failing ? Promise.reject(errno(code)) : NODE_FS.readdir(dir)),
  };
}

describe('a symlink to a village of ROOT', () => {
  it('counts the village once, keeps the real folder, and names both in the warning', async () => {
    const root = tempDir();
    village(root, 'b');
    symlinkSync(path.join(root, 'b'), path.join(root, 'a'), 'dir'); // sorts first, but is the link
    symlinkSync('b', path.join(root, 'c'), 'dir'); // relative
    const d = await discoverVillages(root, path.join(root, 'out'));
    expect(d.villages.map((v) => v.folder)).toEqual(['b']);
    expect(d.notes.map((n) => [n.file, n.code])).toEqual([
      [path.join(root, 'a'), 'W_DUPLICATE_VILLAGE'],
      [path.join(root, 'c'), 'W_DUPLICATE_VILLAGE'],
    ]);
    // Chinese first, then English in parentheses; the kept village is named in both.
    expect(d.notes[0].message).toMatch(/^符号链接与村 "b" 指向同一个文件夹.* \(a symbolic link to the same folder as the village "b".*\)$/);
  });

  it('keeps the first link in code-point order when only links lead to the folder', async () => {
    const root = tempDir();
    village(root, '.archive/2025');
    for (const n of ['杨省庄', 'Zhang', 'zaopo']) symlinkSync(path.join(root, '.archive', '2025'), path.join(root, n), 'dir');
    const d = await discoverVillages(root, path.join(root, 'out'));
    expect(d.villages.map((v) => v.folder)).toEqual(['Zhang']);
    expect(d.notes.map((n) => [path.basename(n.file), n.code])).toEqual([
      ['zaopo', 'W_DUPLICATE_VILLAGE'],
      ['杨省庄', 'W_DUPLICATE_VILLAGE'],
    ]);
    expect(d.notes.every((n) => n.message.includes('"Zhang"'))).toBe(true);
  });

  it('leaves links to different villages alone', async () => {
    const root = tempDir();
    village(root, '.v/a');
    village(root, '.v/b');
    symlinkSync(path.join(root, '.v', 'a'), path.join(root, 'x'), 'dir');
    symlinkSync(path.join(root, '.v', 'b'), path.join(root, 'y'), 'dir');
    const d = await discoverVillages(root, path.join(root, 'out'));
    expect(d.villages.map((v) => v.folder)).toEqual(['x', 'y']);
    expect(d.notes).toEqual([]);
  });
});

describe('a folder of ROOT that cannot be read', () => {
  it('is reported with the reason and the fix when listing it fails (permission denied)', async () => {
    const root = tempDir();
    village(root, 'a');
    const locked = village(root, '大坪');
    const d = await discoverVillages(root, path.join(root, 'out'), failingFs(locked, 'EACCES'));
    expect(d.villages.map((v) => v.folder)).toEqual(['a']);
    expect(d.notes).toHaveLength(1);
    expect(d.notes[0]).toMatchObject({ file: locked, line: 0, column: 0, code: 'W_UNREADABLE_FOLDER' });
    expect(d.notes[0].message).toMatch(/^文件夹无法读取: 没有读取权限, 不处理; 请检查文件夹权限.* \(cannot read the folder: permission denied; .*\)$/);
  });

  it('is reported for an I/O error or any other error too, but not for a folder gone in the meantime', async () => {
    const root = tempDir();
    village(root, 'a');
    const dir = village(root, 'b');
    const eio = await discoverVillages(root, path.join(root, 'out'), failingFs(dir, 'EIO'));
    expect(eio.notes.map((n) => [n.file, n.code])).toEqual([[dir, 'W_UNREADABLE_FOLDER']]);
    const odd = await discoverVillages(root, path.join(root, 'out'), failingFs(dir, 'ESTALE'));
    expect(odd.notes[0].message).toContain('ESTALE');
    const gone = await discoverVillages(root, path.join(root, 'out'), failingFs(dir, 'ENOENT'));
    expect(gone.villages.map((v) => v.folder)).toEqual(['a']);
    expect(gone.notes).toEqual([]);
  });

  it('classifies errors: only "not there" is silent', () => {
    expect(unreadableReason(errno('ENOENT'))).toBeNull();
    expect(unreadableReason(errno('ENOTDIR'))).toBeNull();
    expect(unreadableReason(errno('EACCES'))).toEqual({ zh: '没有读取权限', en: 'permission denied' });
    expect(unreadableReason(errno('EPERM'))?.en).toBe('permission denied');
    expect(unreadableReason(errno('ELOOP'))?.en).toContain('loop');
    expect(unreadableReason(errno('EIO'))?.en).toBe('input/output error');
    expect(unreadableReason(errno('EMFILE'))?.zh).toContain('EMFILE');
    expect(unreadableReason(new Error('strange'))?.en).toContain('strange');
  });

  it('reports a link that leads nowhere and a loop of links', async () => {
    const root = tempDir();
    village(root, 'a');
    symlinkSync('/nonexistent/usb/v3', path.join(root, 'v3'), 'dir');
    symlinkSync('loop', path.join(root, 'loop'), 'dir');
    symlinkSync('/nonexistent/pool.yaml', path.join(root, 'pool.yaml')); // a file's link: batch reports it where it reads pool.yaml
    const d = await discoverVillages(root, path.join(root, 'out'));
    expect(d.villages.map((v) => v.folder)).toEqual(['a']);
    expect(d.notes.map((n) => [path.basename(n.file), n.code])).toEqual([
      ['loop', 'W_UNREADABLE_FOLDER'],
      ['v3', 'W_UNREADABLE_FOLDER'],
    ]);
    expect(d.notes[0].message).toContain('loop');
    expect(d.notes[1].message).toContain('leading nowhere');
  });

  // In addition to the injected failures above (which run as root too): the real thing, where it can be.
  it.skipIf(process.getuid?.() === 0)('is reported for a real chmod 000 folder (skipped as root: root reads it anyway)', async () => {
    const root = tempDir();
    village(root, 'a');
    const locked = village(root, 'locked');
    chmodSync(locked, 0o000);
    try {
      const d = await discoverVillages(root, path.join(root, 'out'));
      expect(d.villages.map((v) => v.folder)).toEqual(['a']);
      expect(d.notes.map((n) => [n.file, n.code])).toEqual([[locked, 'W_UNREADABLE_FOLDER']]);
    } finally {
      chmodSync(locked, 0o755);
    }
  });
});

describe('names that are not UTF-8', () => {
  it('reports a GBK-named village folder, read as GB18030, with how to rename it, and does not process it', async () => {
    const root = tempDir();
    village(root, 'a');
    const raw = Buffer.concat([Buffer.from(root + path.sep), DAPING_GBK]);
    mkdirSync(raw);
    writeFileSync(Buffer.concat([raw, Buffer.from('/households.csv')]), 'x\n');
    const d = await discoverVillages(root, path.join(root, 'out'));
    expect(d.villages.map((v) => v.folder)).toEqual(['a']);
    expect(d.notes).toHaveLength(1);
    expect(d.notes[0]).toMatchObject({ file: path.join(root, '\\xB4\\xF3\\xC6\\xBA'), code: 'W_NOT_UTF8_NAME' });
    expect(d.notes[0].message).toContain('"大坪"');
    expect(d.notes[0].message).toContain(`convmv -r -f gbk -t utf8 --notest "${root}"`);
    expect(d.notes[0].message).toMatch(/^文件夹名不是 UTF-8 编码, 按 GB18030 \(GBK\) 读作 "大坪", 不处理; .* \(the folder name is not UTF-8, read as GB18030 \(GBK\) it is "大坪": not processed; .*\)$/);
  });

  it('reports a folder that would be a village but for a GBK file name (成员名册.csv)', async () => {
    const root = tempDir();
    const dir = village(root, 'daping', []);
    writeFileSync(Buffer.concat([Buffer.from(dir + path.sep), HOUSEHOLDS_GBK, Buffer.from('.csv')]), 'x\n');
    const d = await discoverVillages(root, path.join(root, 'out'));
    expect(d.villages).toEqual([]);
    expect(d.notes.map((n) => n.code)).toEqual(['W_NOT_UTF8_NAME']);
    expect(d.notes[0].message).toContain('"成员名册.csv"');
  });

  it('says so when the name is not GB18030 either, and ignores plain files and hidden folders so named', async () => {
    const root = tempDir();
    village(root, 'a');
    mkdirSync(Buffer.concat([Buffer.from(root + path.sep), Buffer.from([0x76, 0xff, 0x31])])); // v\xFF1
    writeFileSync(Buffer.concat([Buffer.from(root + path.sep), DAPING_GBK, Buffer.from('.txt')]), 'x');
    mkdirSync(Buffer.concat([Buffer.from(root + path.sep + '.'), DAPING_GBK]));
    const d = await discoverVillages(root, path.join(root, 'out'));
    expect(d.notes.map((n) => [path.basename(n.file), n.code])).toEqual([['v\\xFF1', 'W_NOT_UTF8_NAME']]);
    expect(d.notes[0].message).toContain('也不是 GB18030');
  });

  it('shows such a name with every byte that is not printable ASCII escaped (GBK often holds valid UTF-8 pieces)', () => {
    // B4 F3 C6 BA: C6 BA alone would be valid UTF-8 ("ƺ"), which would only mislead.
    expect(escapedName(Buffer.concat([Buffer.from('v-'), DAPING_GBK, Buffer.from('\\1')]))).toBe('v-\\xB4\\xF3\\xC6\\xBA\\x5C1');
    expect(utf8Name(Buffer.from('\ufeff大坪'))).toBe('\ufeff大坪');
    expect(utf8Name(Buffer.from([0xed, 0xa0, 0x80]))).toBeNull(); // a UTF-16 surrogate (CESU-8): no string round-trips it
    expect(utf8Name(DAPING_GBK)).toBeNull();
  });
});

describe('village files are recognised as a run recognises them', () => {
  it('takes full-width or space-padded names (NFKC, trimmed), as the run reads them', async () => {
    const root = tempDir();
    village(root, 'a', ['ｈｏｕｓｅｈｏｌｄｓ.csv']);
    village(root, 'b', ['成员名册 .csv']);
    village(root, 'c', ['inputs.xlsx']);
    const d = await discoverVillages(root, path.join(root, 'out'));
    expect(d.villages.map((v) => v.folder)).toEqual(['a', 'b', 'c']);
  });

  it('counts a folder whose households.csv is a dangling link as a village (the run then names the link)', async () => {
    const root = tempDir();
    const dir = village(root, 'a', []);
    symlinkSync('/nonexistent/households.csv', path.join(dir, 'households.csv'));
    const d = await discoverVillages(root, path.join(root, 'out'));
    expect(d.villages.map((v) => v.folder)).toEqual(['a']);
  });
});
