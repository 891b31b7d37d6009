import { isCommitted, runAbortCleanups } from '../output/abortCleanup.js';

/** SIGINT/SIGTERM stop cleanly: temporary folders and locks removed, exit 130/143 (128 + signal). */
export function installSignalHandlers(note: (text: string) => void): void {
  const stop = (signal: 'SIGINT' | 'SIGTERM', code: number) => () => {
    if (isCommitted()) return; // the output is complete; the run ends by itself in a moment
    runAbortCleanups();
    note(`coop-payout: ${signal} — 已停止: 正在写的输出已撤回, 已写完的保持完整 (stopped: the output being written was discarded; outputs already finished are complete)`);
    process.exit(code);
  };
  process.once('SIGINT', stop('SIGINT', 130));
  process.once('SIGTERM', stop('SIGTERM', 143));
}

/**
 * A reader that goes away (`coop-payout explain … | head`) is not an error: stop quietly instead
 * of dying on EPIPE with a stack trace. Anything else on the standard streams is left to Node.
 */
export function installPipeHandlers(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
      runAbortCleanups();
      process.exit(process.exitCode ?? 0);
    });
  }
}
