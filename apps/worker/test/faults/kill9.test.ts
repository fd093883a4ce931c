/** kill -9 of a worker process in the middle of a run: the run completes once, no duplicate chunk, the clean result. */
import { createTestClients } from '@dte/db/testing';
import { QUEUES } from '@dte/jobs';
import type { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BookFund,
  createBookFund,
  deletePrefix,
  FAULT_RUN,
  producerQueue,
  readRun,
  referenceResult,
  riskQueue,
  type SpawnedWorker,
  settledLineCount,
  spawnWorker,
  stopSpawned,
  submitRun,
  uniquePrefix,
  waitForRun,
  workerEnv,
} from '../support.ts';

const { admin, close } = createTestClients();
const prefix = uniquePrefix('kill9');
let fixture: BookFund;
let queue: Queue;
let chunks: Queue;
let victim: SpawnedWorker | undefined;
let survivor: SpawnedWorker | undefined;

beforeAll(async () => {
  fixture = await createBookFund(admin, 'worker-kill9');
  queue = riskQueue(prefix);
  chunks = producerQueue(QUEUES.riskChunks, prefix);
});

afterAll(async () => {
  await stopSpawned(victim);
  await stopSpawned(survivor);
  await queue?.close();
  await chunks?.close();
  await deletePrefix(prefix);
  await fixture?.fund.cleanup();
  await close();
});

describe('a worker process killed with SIGKILL mid-run', () => {
  it('does not lose or duplicate work', async () => {
    // Short locks so the survivor takes the dead worker's jobs over within seconds.
    const env = workerEnv(prefix, [fixture.fund.fundId], {
      WORKER_LOCK_DURATION_MS: '3000',
      WORKER_STALLED_INTERVAL_MS: '1000',
    });
    victim = await spawnWorker({ ...env, WORKER_NAME: 'kill9-victim' });
    survivor = await spawnWorker({ ...env, WORKER_NAME: 'kill9-survivor' });
    const started = Date.now();
    const runId = await submitRun(admin, queue, fixture.fund.fundId, 'MONTE_CARLO_VAR', FAULT_RUN);
    // Wait until the victim has stored a chunk and is working on another one.
    await waitForRun(admin, runId, 60_000, (s) => s.chunksDone >= 3);
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const active = await chunks.getActive();
      if (active.some((j) => j.processedBy === 'kill9-victim')) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const atKill = await readRun(admin, runId);
    victim.child.kill('SIGKILL');
    await victim.exited;
    const run = await waitForRun(admin, runId, 90_000);
    const elapsed = Date.now() - started;
    expect(run.status, run.error ?? '').toBe('SUCCEEDED');
    expect(run.chunksTotal).toBe(16);
    expect(run.chunksDone).toBe(16);
    expect(run.chunkRows).toBe(16);
    expect(await settledLineCount([victim, survivor], ['risk run succeeded', runId])).toBe(1);
    const reference = (await referenceResult(fixture.fund.fundId, FAULT_RUN)) as { levels: unknown };
    expect((run.result as { levels: unknown }).levels).toEqual(reference.levels);
    console.log(`kill -9 at ${atKill.chunksDone}/16 chunks; run completed ${elapsed} ms after submit`);
  });
});
