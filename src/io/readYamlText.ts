import { isUtf8 } from 'node:buffer';
import { closeSync, readSync } from 'node:fs';
import iconv from 'iconv-lite';
import { errorText } from './fileState.js';
import { checkInput, openRegular, type InputPolicy, type InputRefusal } from './openRegular.js';

// rules.yaml and pool.yaml over MAX_BYTES are refused by parseYamlSource, after decoding.
import { MAX_BYTES as YAML_MAX_BYTES } from '../rules/yamlTree.js';

/**
 * rules.yaml / pool.yaml bytes → text, the same way for every command and for batch's ROOT files:
 * a UTF-8 BOM or valid UTF-8 is UTF-8; anything else is GB 18030 (Notepad on Chinese Windows
 * saves GBK; SPEC §3's detection for the CSV files).
 */
export function decodeYamlBytes(bytes: Buffer): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.toString('utf8');
  return isUtf8(bytes) ? bytes.toString('utf8') : iconv.decode(bytes, 'gb18030');
}

/**
 * A YAML file read safely: only a regular file (a FIFO or device is refused, never waited on;
 * NotRegularFileError) and never more than just over the 1 MiB limit, so a huge file costs no
 * memory: its text is still over the limit and parseYamlSource refuses it with its usual message.
 */
export function readYamlText(file: string): { bytes: Buffer; text: string } {
  const { fd, size } = openRegular(file);
  try {
    const want = Math.min(size, YAML_MAX_BYTES + 4);
    const buf = Buffer.alloc(want);
    let got = 0;
    while (got < want) {
      const n = readSync(fd, buf, got, want - got, got);
      if (n === 0) break;
      got += n;
    }
    const bytes = buf.subarray(0, got);
    return { bytes, text: decodeYamlBytes(bytes) };
  } finally {
    closeSync(fd);
  }
}

/**
 * A YAML input as every command reads it: 'absent', why it is refused (a FIFO, a device, a folder,
 * a dangling link or one leading outside the folder: the run-folder inputs' rules), or its bytes
 * and text.
 */
export function readYamlInput(file: string, name: string, policy: InputPolicy): 'absent' | InputRefusal | { bytes: Buffer; text: string } {
  const c = checkInput(file, name, policy);
  if (c !== 'file') return c;
  try {
    return readYamlText(file);
  } catch (e) {
    return { code: 'E_MISSING_FILE', message: `无法读取 ${name}：${errorText(e)} (cannot read file)` };
  }
}
