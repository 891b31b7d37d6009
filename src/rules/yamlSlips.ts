/**
 * The classic slips of a rules.yaml typed with a Chinese input method (issue 13): a full-width colon
 * or comma where YAML needs `:` or `,`, a full-width space or a tab in the indentation, no space after
 * a key's colon. YAML's own message for them ("Implicit keys need to be on a single line") tells an
 * accountant nothing; these say what to change, at the character to change.
 */
export interface Slip {
  line: number;
  column: number;
  zh: string;
  en: string;
  /** A full-width space in the indentation (a slip even when YAML parses the file). */
  wideIndent?: boolean;
}

/** The part of a line before a comment (a `#` after a space or at the start), quotes kept simple. */
function codeOf(line: string): string {
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#' && (i === 0 || /\s/.test(line[i - 1]))) return line.slice(0, i);
  }
  return line;
}

export function findSlips(src: string): Slip[] {
  const slips: Slip[] = [];
  src.split(/\r?\n/).forEach((raw, k) => {
    const line = k + 1;
    const code = codeOf(raw);
    const indent = /^[ \t\u3000]*/.exec(code)![0];
    const tab = indent.indexOf('\t');
    const wide = indent.indexOf('\u3000');
    if (wide >= 0) {
      slips.push({ line, column: wide + 1, zh: '行首有全角空格, 请改为半角空格 (输入法切换到英文状态)', en: 'a full-width space in the indentation; use ASCII spaces', wideIndent: true });
    } else if (tab >= 0) {
      slips.push({ line, column: tab + 1, zh: '行首有 Tab 制表符, YAML 只认空格缩进, 请改为空格', en: 'a tab in the indentation; YAML indents with spaces only' });
    }
    const body = code.slice(indent.length);
    // A full-width colon where the key's colon belongs: before any ASCII `: ` on the line.
    const wideColon = body.search(/：/);
    const asciiColon = body.search(/:(\s|$)/);
    if (wideColon >= 0 && (asciiColon < 0 || wideColon < asciiColon) && /^(- )?[{\w\u4e00-\u9fff]/.test(body)) {
      slips.push({ line, column: indent.length + wideColon + 1, zh: '用了全角冒号 "：", 请改为半角冒号 ":" 并在后面加一个空格', en: 'a full-width colon; write ":" followed by a space' });
    }
    // A full-width comma between the entries of a { … } list.
    if (/\{[^}]*，/.test(body)) {
      slips.push({ line, column: indent.length + body.indexOf('，') + 1, zh: '{ } 里用了全角逗号 "，", 请改为半角逗号 ","', en: 'a full-width comma inside { }; write ","' });
    }
    // `year:2025`: a key's colon needs a space after it.
    const tight = /^(- )?([A-Za-z_]+):(?=[^\s:/])/.exec(body);
    if (tight && !/^[A-Za-z]+:\/\//.test(body)) {
      slips.push({ line, column: indent.length + tight[0].length, zh: `"${tight[2]}:" 后面要有一个空格`, en: `put a space after "${tight[2]}:"` });
    }
  });
  return slips;
}
