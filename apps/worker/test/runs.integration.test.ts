import { createTestClients } from '@dte/db/testing';
import { QUEUES } from '@dte/jobs';
import type { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningWorker } from '../src/app.ts';
import {
  type BookFund,
  createBookFund,
  deletePrefix,
  HISTORY_AS_OF,
  producerQueue,
  readRun,
  referenceResult,
  SUMMARY_FORMS,
  startTestWorker,
  submitRun,
  uniquePrefix,
  waitForRun,
  workerEnv,
} from './support.ts';

const { admin, close } = createTestClients();
const prefix = uniquePrefix('runs');
let fixture: BookFund;
let worker: RunningWorker;
let queue: Queue;

const MC = {
  paths: 40_960,
  chunkPaths: 8192,
  seed: 11,
  historyAsOf: HISTORY_AS_OF,
  confidences: [0.95, 0.99],
};

beforeAll(async () => {
  fixture = await createBookFund(admin, 'worker-runs');
  queue = producerQueue(QUEUES.risk, prefix);
  worker = await startTestWorker(workerEnv(prefix, [fixture.fund.fundId]));
});

afterAll(async () => {
  await worker?.stop();
  await queue?.close();
  await deletePrefix(prefix);
  await fixture?.fund.cleanup();
  await close();
});

describe('risk runs on real Redis and PostgreSQL', () => {
  it('splits a Monte Carlo run into chunk jobs, stores every chunk once and merges them', async () => {
    const runId = await submitRun(admin, queue, fixture.fund.fundId, 'MONTE_CARLO_VAR', MC);
    const run = await waitForRun(admin, runId, 60_000);
    expect(run.errorCode).toBeNull();
    expect(run.status).toBe('SUCCEEDED');
    expect(run.chunksTotal).toBe(5);
    expect(run.chunksDone).toBe(5);
    expect(run.chunkRows).toBe(5);
    expect(run.progress).toBe(1);
    const result = run.result as {
      method: string;
      paths: number;
      levels: { var: number; es: number }[];
      book: { snapshotId: string };
    };
    expect(result.method).toBe('monte-carlo');
    expect(result.paths).toBe(40_960);
    expect(result.levels).toHaveLength(2);
    expect(result.levels[1]?.var).toBeGreaterThan(0);
    expect(result.levels[1]?.es).toBeGreaterThanOrEqual(result.levels[1]?.var ?? Infinity);
    expect(result.book.snapshotId).toBe(fixture.book.snapshotId);
    // Chunk rows hold binary summaries; the plan lived in its own column and is gone once finished.
    const stored = await admin.$queryRaw<{ binary: number; json: number; plan: boolean }[]>`
      SELECT count(*) FILTER (WHERE c.summary IS NOT NULL)::int AS "binary",
        count(*) FILTER (WHERE c.result IS NOT NULL)::int AS "json", bool_or(r.plan IS NOT NULL) AS "plan"
      FROM risk_run_chunk c JOIN risk_run r ON r.id = c.run_id WHERE c.run_id = ${runId}::uuid`;
    expect(stored[0]).toEqual({ binary: 5, json: 0, plan: false });

    // The same run computed without queues, the summaries merged in every form the merge task takes
    // (whole binary summaries, heads with only the entries the merge needs, JSON rows of older
    // versions, a mix): identical to the worker's result.
    for (const form of SUMMARY_FORMS) {
      expect(await referenceResult(fixture.fund.fundId, MC, form), form).toEqual(result);
    }

    // Same seed and book, other chunking: the identical result (chunks never change the numbers).
    const again = await submitRun(admin, queue, fixture.fund.fundId, 'MONTE_CARLO_VAR', {
      ...MC,
      chunkPaths: 16_384,
    });
    const second = await waitForRun(admin, again, 60_000);
    expect(second.chunksTotal).toBe(3);
    expect((second.result as { levels: unknown }).levels).toEqual(result.levels);
  });

  it('fails a run with invalid params at once, with INVALID_PARAMS naming the field', async () => {
    const runId = await submitRun(admin, queue, fixture.fund.fundId, 'MONTE_CARLO_VAR', { paths: 5 });
    const run = await waitForRun(admin, runId, 30_000);
    expect(run.status).toBe('FAILED');
    expect(run.errorCode).toBe('INVALID_PARAMS');
    expect(run.error).toContain('params.paths');
    const job = await queue.getJob(runId);
    expect(await job?.getState()).toBe('failed');
    expect(job?.attemptsMade).toBe(1);
  });

  it("fails a run the engine refuses with risk-core's code (no retries)", async () => {
    const runId = await submitRun(admin, queue, fixture.fund.fundId, 'MONTE_CARLO_VAR', {
      ...MC,
      chunkPaths: 1000,
    });
    const run = await waitForRun(admin, runId, 30_000);
    expect(run.status).toBe('FAILED');
    expect(run.errorCode).toBe('OUT_OF_DOMAIN');
    expect(run.error).toContain('chunkPaths');
  });

  it('computes a historical run in one job', async () => {
    const runId = await submitRun(admin, queue, fixture.fund.fundId, 'HISTORICAL_VAR', {
      lookback: 250,
      historyAsOf: HISTORY_AS_OF,
    });
    const run = await waitForRun(admin, runId, 60_000);
    expect(run.errorCode).toBeNull();
    expect(run.status).toBe('SUCCEEDED');
    expect(run.chunksTotal).toBe(0);
    const result = run.result as { method: string; paths: number; levels: { var: number }[] };
    expect(result.method).toBe('historical');
    expect(result.paths).toBe(250);
    expect(result.levels[0]?.var).toBeGreaterThan(0);
  });

  it("runs the params the api stores (distribution 'STUDENT_T' with nu, lookbackDays)", async () => {
    const params = {
      confidences: [0.99],
      horizonDays: 1,
      lookbackDays: 365,
      paths: 20_000,
      seed: 3,
      distribution: 'STUDENT_T',
      nu: 5,
      antithetic: false,
    };
    const runId = await submitRun(admin, queue, fixture.fund.fundId, 'MONTE_CARLO_VAR', params);
    const run = await waitForRun(admin, runId, 60_000);
    expect(run.error).toBeNull();
    expect(run.status).toBe('SUCCEEDED');
    const result = run.result as {
      details: { distribution: unknown };
      covariance: { window: { returns: number } };
    };
    expect(result.details.distribution).toEqual({ kind: 'student-t', nu: 5 });
    expect(result.covariance.window.returns).toBe(365);
    const historical = await submitRun(admin, queue, fixture.fund.fundId, 'HISTORICAL_VAR', {
      confidences: [0.99],
      horizonDays: 1,
      lookbackDays: 365,
    });
    expect((await waitForRun(admin, historical, 60_000)).status).toBe('SUCCEEDED');
  });

  it('leaves terminal runs alone', async () => {
    const runId = await submitRun(admin, queue, fixture.fund.fundId, 'MONTE_CARLO_VAR', { paths: 5 });
    await waitForRun(admin, runId, 30_000);
    const before = await readRun(admin, runId);
    await worker.reconciler.runOnce(true);
    expect(await readRun(admin, runId)).toEqual(before);
  });
});
