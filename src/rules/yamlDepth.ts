import { Lexer, LineCounter, Parser } from 'yaml';

/**
 * The nesting depth check that runs before `parseDocument`: yaml's composer recurses, and a few
 * thousand nested `[` abort the whole process (a stack overflow is not catchable there). yaml's
 * own CST parser is iterative, so it is driven here one lexical token at a time and its stack of
 * open collections is watched; the check stops at the first token deeper than `limit`, so a 1 MiB
 * run of `[` costs microseconds, not a full parse. Returns that token's offset, or -1.
 * `lines` (when given) learns every line start passed, to turn the offset into line:column.
 */
export function findTooDeep(text: string, limit: number, lines?: LineCounter): number {
  const parser = new Parser(lines?.addNewLine);
  lines?.addNewLine(0);
  for (const lexeme of new Lexer().lex(text)) {
    for (const _ of parser.next(lexeme));
    if (parser.stack.length > limit && collectionDepth(parser.stack) > limit) return parser.offset;
  }
  for (const _ of parser.end());
  return -1;
}

/** Open collections (block maps and sequences, flow collections) on the parser's stack. */
function collectionDepth(stack: readonly { type: string }[]): number {
  let d = 0;
  for (const t of stack) if (t.type === 'block-map' || t.type === 'block-seq' || t.type === 'flow-collection') d++;
  return d;
}
