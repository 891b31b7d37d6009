import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runJobs } from '../../src/batch/runJobs.js';
import type { VillageJob, VillageResult } from '../../src/batch/types.js';
import { tempDir } from '../helpers/cli.js';

/** A stand-in worker: answers every job at once, except `boom`, which kills its thread. */
function fakeWorker(): URL {
  const file = path.join(tempDir(), 'fake-worker.mjs');
  writeFileSync(
    file,
    `import { parentPort } from 'node:worker_threads';
parentPort.on('message', (job) => {
  if (job.folder === 'boom') throw new Error('boom');
  const data = new TextEncoder().encode(job.folder);
  parentPort.postMessage({ index: job.index, folder: job.folder, status: 'ok', name: job.folder, year: 2025, errors: [], warnings: [],
    files: [{ name: 'x.txt', data }], figures: null, pooledIncomeFen: 0n, inputs: [], rulesSha256: null, ownRulesSha256: null }, [data.buffer]);
});
`,
  );
  return pathToFileURL(file);
}

const job = (index: number, folder: string): VillageJob => ({
  index,
  folder,
  dir: `/nowhere/${folder}`,
  inheritedRules: [],
  extraRevenue: [{ kind: 'income', category: 'pool', amountFen: 5n }],
  encoding: 'auto',
  outputEncoding: 'utf8',
  lang: 'zh',
});

describe('running villages on worker threads', () => {
  it('returns one result per village, with the file bytes, whatever the number of threads', async () => {
    const jobs = ['a', 'b', 'c', 'd', 'e'].map((f, i) => job(i, f));
    for (const threads of [2, 3, 8]) {
      const results: VillageResult[] = [];
      await runJobs(jobs, threads, (r) => results.push(r), fakeWorker());
      expect(results.map((r) => r.folder).sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
      for (const r of results) expect(Buffer.from(r.files[0].data).toString()).toBe(r.folder);
    }
  });

  it('loses only the village whose worker died (reported as internal), and carries on with a new worker', async () => {
    const jobs = ['a', 'boom', 'c', 'd', 'e', 'f'].map((f, i) => job(i, f));
    const results: VillageResult[] = [];
    await runJobs(jobs, 2, (r) => results.push(r), fakeWorker());
    expect(results).toHaveLength(6);
    const boom = results.find((r) => r.folder === 'boom')!;
    expect(boom.status).toBe('internal');
    expect(boom.errors[0]).toMatchObject({ file: '/nowhere/boom', code: 'E_INTERNAL' });
    expect(boom.pooledIncomeFen).toBe(5n);
    expect(results.filter((r) => r.status === 'ok').map((r) => r.folder).sort()).toEqual(['a', 'c', 'd', 'e', 'f']);
  });

  it('a job its worker had finished just before dying keeps its result; the job waiting behind the fatal one is done elsewhere', async () => {
    // Each worker holds two jobs: 'a' is answered and 'boom' kills the thread right after, so the
    // death can be heard before a's answer. Repeated, since the order of the two is up to timing.
    for (let round = 0; round < 15; round++) {
      const jobs = ['a', 'boom', 'c', 'd', 'e'].map((f, i) => job(i, f));
      const results: VillageResult[] = [];
      await runJobs(jobs, 2, (r) => results.push(r), fakeWorker());
      const status = Object.fromEntries(results.map((r) => [r.folder, r.status]));
      expect(results, `round ${round}`).toHaveLength(5);
      expect(status, `round ${round}`).toEqual({ a: 'ok', boom: 'internal', c: 'ok', d: 'ok', e: 'ok' });
    }
  }, 60_000);

  it('does nothing for no village', async () => {
    const results: VillageResult[] = [];
    await runJobs([], 4, (r) => results.push(r), fakeWorker());
    expect(results).toEqual([]);
  });
});
