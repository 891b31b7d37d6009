import { Chalk, type ChalkInstance } from 'chalk';
import { formatProblem, type Problem } from '../problems.js';
import { maskNumbers } from '../privacy/mask.js';
import { oneLine, terminalText } from './terminalText.js';

/** The only place that writes to the terminal. Colour only on a terminal, and never with NO_COLOR. */
export class Output {
  readonly err: ChalkInstance;

  constructor(
    private readonly stdout: NodeJS.WriteStream = process.stdout,
    private readonly stderr: NodeJS.WriteStream = process.stderr,
  ) {
    const colour = Boolean(stderr.isTTY) && process.env.NO_COLOR === undefined && process.env.TERM !== 'dumb';
    this.err = new Chalk({ level: colour ? 1 : 0 });
  }

  get interactive(): boolean {
    return Boolean(this.stderr.isTTY);
  }

  line(text = ''): void {
    this.stdout.write(terminalText(text) + '\n');
  }

  json(value: unknown): void {
    this.stdout.write(JSON.stringify(value, null, 2) + '\n');
  }

  problem(p: Problem): void {
    const text = oneLine(maskNumbers(formatProblem(p)));
    const painted = p.code.startsWith('W_') ? this.err.yellow(text) : this.err.red(text);
    this.stderr.write(painted + '\n');
  }

  note(text: string): void {
    this.stderr.write(text + '\n');
  }

  /** A progress line that rewrites itself on a terminal. */
  progress(text: string): void {
    if (this.interactive) this.stderr.write('\r\x1b[2K' + text);
  }

  endProgress(): void {
    if (this.interactive) this.stderr.write('\r\x1b[2K');
  }
}
