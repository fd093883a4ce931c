/**
 * Redis restarted mid-run without persistence (a private redis-server on its own port): every
 * queued and running job is lost; the reconciler re-creates the jobs from PostgreSQL and the
 * workers (BullMQ with the fix of issue 4585) resume consuming on their own.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestClients } from '@dte/db/testing';
import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BookFund,
  createBookFund,
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
const prefix = uniquePrefix('redis-restart');
const dir = mkdtempSync(join(tmpdir(), 'dte-redis-'));
let port = 0;
let redis: ChildProcess | undefined;
let fixture: BookFund;
let queue: Queue;
const workers: SpawnedWorker[] = [];

/** A free TCP port from 6390 up. */
async function freePort(from: number): Promise<number> {
  for (let p = from; p < from + 200; p++) {
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(p, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return p;
  }
  throw new Error('no free port');
}

/** Starts our own redis-server (no RDB, no AOF) and waits until it answers. */
async function startRedis(): Promise<void> {
  redis = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    {
      stdio: 'ignore',
    },
  );
  const client = new Redis(port, '127.0.0.1', {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
  });
  for (let i = 0; i < 100; i++) {
    try {
      await client.connect();
      if ((await client.ping()) === 'PONG') break;
    } catch {
      client.disconnect();
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  client.disconnect();
}

async function killRedis(): Promise<void> {
  const child = redis;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

beforeAll(async () => {
  port = await freePort(6390);
  await startRedis();
  fixture = await createBookFund(admin, 'worker-redis');
  queue = riskQueue(prefix, `redis://127.0.0.1:${port}`);
  queue.on('error', () => {}); // refused connections while our Redis is down
});

afterAll(async () => {
  await Promise.all(workers.map((w) => stopSpawned(w)));
  await queue?.close();
  await killRedis();
  rmSync(dir, { recursive: true, force: true });
  await fixture?.fund.cleanup();
  await close();
});

describe('Redis restarted without persistence in the middle of runs', () => {
  it('completes every run (reconciler) and keeps the scheduler', async () => {
    const env = workerEnv(prefix, [fixture.fund.fundId], { REDIS_URL: `redis://127.0.0.1:${port}` });
    for (const name of ['redis-a', 'redis-b']) workers.push(await spawnWorker({ ...env, WORKER_NAME: name }));
    await admin.schedule.create({
      data: { fundId: fixture.fund.fundId, kind: 'LIMIT_CHECK', everySeconds: 3600 },
    });
    const started = Date.now();
    const runs = [
      await submitRun(admin, queue, fixture.fund.fundId, 'MONTE_CARLO_VAR', FAULT_RUN),
      await submitRun(admin, queue, fixture.fund.fundId, 'MONTE_CARLO_VAR', { ...FAULT_RUN, seed: 6 }),
      await submitRun(admin, queue, fixture.fund.fundId, 'HISTORICAL_VAR', {
        lookback: 250,
        historyAsOf: FAULT_RUN.historyAsOf,
      }),
    ];
    await waitForRun(admin, runs[0] as string, 60_000, (s) => s.chunksDone >= 2);
    const atCrash = await Promise.all(runs.map((id) => readRun(admin, id)));
    await killRedis();
    // Longer than the blocking timeout (drainDelay 5 s + 1 s): the case of BullMQ issue 4585.
    await new Promise((r) => setTimeout(r, 7000));
    await startRedis();
    const restartedAt = Date.now();
    const finals = await Promise.all(runs.map((id) => waitForRun(admin, id, 90_000)));
    for (const run of finals) expect(run.status, run.error ?? '').toBe('SUCCEEDED');
    for (const run of finals.slice(0, 2)) {
      expect(run.chunkRows).toBe(16);
      expect(run.chunksDone).toBe(16);
    }
    const reference = (await referenceResult(fixture.fund.fundId, FAULT_RUN)) as { levels: unknown };
    expect((finals[0] as { result: { levels: unknown } }).result.levels).toEqual(reference.levels);
    for (const runId of runs) expect(await settledLineCount(workers, ['risk run succeeded', runId])).toBe(1);
    expect(await settledLineCount(workers, ['reconciler pass', 'runsRequeued'])).toBeGreaterThan(0);
    const probe = new Redis(port, '127.0.0.1');
    const schedulers = await probe.zcard(`${prefix}:dte-schedules:repeat`);
    probe.disconnect();
    expect(schedulers).toBe(1);
    console.log(
      `Redis killed at chunks ${atCrash.map((r) => `${r.chunksDone}/${r.chunksTotal}`).join(', ')} (statuses ${atCrash.map((r) => r.status).join(', ')}); ` +
        `all ${runs.length} runs done ${Date.now() - restartedAt} ms after the restart, ${Date.now() - started} ms after submit`,
    );
  });
});
