/** Same seed => the identical result with 1, 2 and 4 real worker processes (and equal to one process without queues). */
import { createTestClients } from '@dte/db/testing';
import type { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BookFund,
  countLines,
  createBookFund,
  deletePrefix,
  FAULT_RUN,
  referenceResult,
  riskQueue,
  type SpawnedWorker,
  spawnWorker,
  stopSpawned,
  submitRun,
  uniquePrefix,
  waitForRun,
  workerEnv,
} from '../support.ts';

const { admin, close } = createTestClients();
const prefix = uniquePrefix('determinism');
let fixture: BookFund;
let queue: Queue;
const workers: SpawnedWorker[] = [];

beforeAll(async () => {
  fixture = await createBookFund(admin, 'worker-determinism');
  queue = riskQueue(prefix);
});

afterAll(async () => {
  await Promise.all(workers.map((w) => stopSpawned(w)));
  await queue?.close();
  await deletePrefix(prefix);
  await fixture?.fund.cleanup();
  await close();
});

describe('distributed Monte Carlo on real worker processes', () => {
  it('gives the identical result on 1, 2 and 4 processes', async () => {
    const env = workerEnv(prefix, [fixture.fund.fundId]);
    const reference = (await referenceResult(fixture.fund.fundId, FAULT_RUN)) as { levels: unknown };
    const results: Record<number, unknown> = {};
    const report: string[] = [];
    for (const processes of [1, 2, 4]) {
      while (workers.length < processes)
        workers.push(await spawnWorker({ ...env, WORKER_NAME: `det-${workers.length}` }));
      const before = workers.map((w) => countLines([w], '"job":"risk-chunk"', 'job completed'));
      const started = Date.now();
      const runId = await submitRun(admin, queue, fixture.fund.fundId, 'MONTE_CARLO_VAR', FAULT_RUN);
      const run = await waitForRun(admin, runId, 90_000);
      expect(run.status, run.error ?? '').toBe('SUCCEEDED');
      expect(run.chunkRows).toBe(16);
      results[processes] = run.result;
      const perProcess = workers.map(
        (w, i) => countLines([w], '"job":"risk-chunk"', 'job completed') - (before[i] ?? 0),
      );
      report.push(
        `${processes} process(es): ${Date.now() - started} ms, chunks per process ${perProcess.join('/')}`,
      );
      if (processes > 1) expect(perProcess.filter((n) => n > 0).length).toBeGreaterThanOrEqual(2);
    }
    console.log(report.join('\n'));
    expect(results[2]).toEqual(results[1]);
    expect(results[4]).toEqual(results[1]);
    expect((results[1] as { levels: unknown }).levels).toEqual(reference.levels);
  });
});
