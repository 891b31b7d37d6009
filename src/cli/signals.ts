import { runAbortCleanups } from '../report/abortCleanup.js';

/** SIGINT/SIGTERM stop cleanly: temporary folders and locks removed, exit 130/143 (128 + signal). */
export function installSignalHandlers(note: (text: string) => void): void {
  const stop = (signal: 'SIGINT' | 'SIGTERM', code: number) => () => {
    runAbortCleanups();
    note(`coop-payout: ${signal} — 已停止, 未写出任何文件 (stopped; nothing half-written)`);
    process.exit(code);
  };
  process.once('SIGINT', stop('SIGINT', 130));
  process.once('SIGTERM', stop('SIGTERM', 143));
}
