/** The worker's PostgreSQL connections are terminated mid-run (pg_terminate_backend): it reconnects and completes. */
import { createTestClients } from '@dte/db/testing';
import type { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BookFund,
  createBookFund,
  deletePrefix,
  FAULT_RUN,
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
const prefix = uniquePrefix('pg-drop');
const name = `pgdrop-${prefix.slice(-8)}`;
let fixture: BookFund;
let queue: Queue;
let worker: SpawnedWorker | undefined;

beforeAll(async () => {
  fixture = await createBookFund(admin, 'worker-pgdrop');
  queue = riskQueue(prefix);
});

afterAll(async () => {
  await stopSpawned(worker);
  await queue?.close();
  await deletePrefix(prefix);
  await fixture?.fund.cleanup();
  await close();
});

/** Terminates every backend of this test's worker; returns how many. */
async function terminateWorkerConnections(): Promise<number> {
  const rows = await admin.$queryRaw<{ ok: boolean }[]>`
    SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = ${`dte-worker:${name}`}`;
  return rows.filter((r) => r.ok).length;
}

describe('PostgreSQL connections of the worker dropped mid-run', () => {
  it('recovers and completes the run with the clean result', async () => {
    worker = await spawnWorker({ ...workerEnv(prefix, [fixture.fund.fundId]), WORKER_NAME: name });
    const runId = await submitRun(admin, queue, fixture.fund.fundId, 'MONTE_CARLO_VAR', FAULT_RUN);
    await waitForRun(admin, runId, 60_000, (s) => s.chunksDone >= 2);
    let terminated = 0;
    const drops: number[] = [];
    // Every 50 ms for 2 s: idle pooled connections and connections in the middle of a transaction.
    const until = Date.now() + 2000;
    while (Date.now() < until) {
      const n = await terminateWorkerConnections();
      terminated += n;
      if (n > 0) drops.push((await readRun(admin, runId)).chunksDone);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(terminated).toBeGreaterThan(0);
    const run = await waitForRun(admin, runId, 90_000);
    expect(run.status, run.error ?? '').toBe('SUCCEEDED');
    expect(run.chunkRows).toBe(16);
    const reference = (await referenceResult(fixture.fund.fundId, FAULT_RUN)) as { levels: unknown };
    expect((run.result as { levels: unknown }).levels).toEqual(reference.levels);
    expect(await settledLineCount([worker], ['risk run succeeded', runId])).toBe(1);
    // The same process did it all: a connection that breaks while checked out must not end it.
    expect(worker.child.exitCode).toBeNull();
    expect(worker.child.signalCode).toBeNull();
    const ready = await fetch(`http://127.0.0.1:${worker.port}/readyz`);
    expect(ready.status).toBe(200);
    const failedAttempts = worker.lines.filter((l) => l.includes('"msg":"job failed"')).length;
    const lost = worker.lines.filter((l) => l.includes('"msg":"database connection lost')).length;
    console.log(
      `terminated ${terminated} backends (at chunks ${[...new Set(drops)].join(', ')} of 16); ${lost} connection errors reported; ${failedAttempts} job attempts failed and were retried`,
    );
  });
});
