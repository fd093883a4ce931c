/**
 * Test helpers of the worker's integration and fault tests: a uuid-named fund with a demo-like book
 * and real daily closes, runs inserted as the api would (QUEUED row, then the `risk-run` job with
 * jobId = run id), worker processes started in-process or spawned as real processes, and clean-up of
 * a test's Redis keys (each test uses its own queue prefix).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PrismaClient } from '@dte/db';
import { createTestFund, type TestFund, testUrls } from '@dte/db/testing';
import { type DemoBook, seedDemoBook } from '@dte/domain/testing';
import { enqueue, QUEUES, riskRunJob } from '@dte/jobs';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { type RunningWorker, startWorker } from '../src/app.ts';
import { loadEnv } from '../src/env.ts';
import { uniquePrefix } from '../src/test-support.ts';

export { uniquePrefix };

/** The machine's shared Redis (never flushed; tests use their own key prefix). */
export const TEST_REDIS_URL = 'redis://127.0.0.1:6379';

const WORKER_DIR = fileURLToPath(new URL('..', import.meta.url));
const PRICES_CSV = fileURLToPath(new URL('../../../packages/db/data/prices-daily.csv', import.meta.url));

/** Last date of the bundled daily closes: runs of the demo book (valued in 2030) use it as history end. */
export const HISTORY_AS_OF = '2025-02-19';

/** A test fund with the demo-like book and its own copy of the daily closes. */
export interface BookFund {
  fund: TestFund;
  book: DemoBook;
}

/**
 * Creates a uuid-named fund with the demo-like book (`seedDemoBook`) and fund-owned daily closes of
 * BTC, ETH and SOL for `days` days up to {@link HISTORY_AS_OF}.
 */
export async function createBookFund(admin: PrismaClient, label: string, days = 700): Promise<BookFund> {
  const fund = await createTestFund(admin, label);
  const book = await seedDemoBook(admin, fund.fundId);
  await insertHistory(admin, fund.fundId, ['BTC', 'ETH', 'SOL'], days);
  return { fund, book };
}

/** Inserts the bundled daily closes of `tokens` (the last `days` dates up to HISTORY_AS_OF) as the fund's own rows. */
export async function insertHistory(
  admin: PrismaClient,
  fundId: string,
  tokens: readonly string[],
  days: number,
): Promise<void> {
  const from = new Date(Date.parse(`${HISTORY_AS_OF}T00:00:00Z`) - days * 86_400_000)
    .toISOString()
    .slice(0, 10);
  const rows = readFileSync(PRICES_CSV, 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.split(','))
    .filter(
      ([date, token]) =>
        date !== undefined &&
        token !== undefined &&
        tokens.includes(token) &&
        date > from &&
        date <= HISTORY_AS_OF,
    )
    .map(([date, token, close]) => ({
      fundId,
      token: token as string,
      date: new Date(`${date}T00:00:00Z`),
      close: close as string,
      source: 'worker test copy of prices-daily.csv',
    }));
  await admin.priceHistory.createMany({ data: rows });
}

/** Inserts a QUEUED run as the api does (owner client). */
export async function insertRun(
  admin: PrismaClient,
  fundId: string,
  kind: string,
  params: unknown,
): Promise<string> {
  const rows = await admin.$queryRaw<{ id: string }[]>`
    INSERT INTO risk_run (fund_id, kind, params, updated_at)
    VALUES (${fundId}::uuid, ${kind}::"RiskRunKind", ${JSON.stringify(params)}::jsonb, now())
    RETURNING id::text AS "id"`;
  return rows[0]?.id as string;
}

/** Inserts a run and enqueues its `risk-run` job (jobId = run id), as the api does. */
export async function submitRun(
  admin: PrismaClient,
  queue: Queue,
  fundId: string,
  kind: string,
  params: unknown,
): Promise<string> {
  const runId = await insertRun(admin, fundId, kind, params);
  await enqueue(queue, riskRunJob, { runId, fundId }, { jobId: runId });
  return runId;
}

/** A run row as the tests check it. */
export interface RunState {
  status: string;
  progress: number;
  chunksTotal: number;
  chunksDone: number;
  attempts: number;
  error: string | null;
  errorCode: string | null;
  result: unknown;
  chunkRows: number;
}

/** Reads a run (owner client). */
export async function readRun(admin: PrismaClient, runId: string): Promise<RunState> {
  const rows = await admin.$queryRaw<RunState[]>`
    SELECT status::text AS "status", progress, chunks_total AS "chunksTotal", chunks_done AS "chunksDone", attempts,
      error, error_code AS "errorCode", result,
      (SELECT count(*)::int FROM risk_run_chunk c WHERE c.run_id = r.id) AS "chunkRows"
    FROM risk_run r WHERE id = ${runId}::uuid`;
  const row = rows[0];
  if (!row) throw new Error(`run ${runId} not found`);
  return row;
}

/** Polls the run until `done(state)` (default: a terminal status) or the timeout. */
export async function waitForRun(
  admin: PrismaClient,
  runId: string,
  timeoutMs: number,
  done: (s: RunState) => boolean = (s) => ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(s.status),
): Promise<RunState> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await readRun(admin, runId);
    if (done(state)) return state;
    if (Date.now() > deadline) {
      throw new Error(
        `run ${runId} not done after ${timeoutMs} ms: ${JSON.stringify({ ...state, result: undefined })}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Environment of a test worker (in-process or spawned). */
export function workerEnv(
  prefix: string,
  fundIds: readonly string[],
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    APP_DATABASE_URL: testUrls().appUrl,
    REDIS_URL: TEST_REDIS_URL,
    WORKER_PORT: '0',
    QUEUE_PREFIX: prefix,
    WORKER_FUNDS: fundIds.join(','),
    WORKER_COMPUTE_THREADS: '1',
    RECONCILE_INTERVAL_SECONDS: '1',
    RECONCILE_GRACE_SECONDS: '2',
    LOG_LEVEL: 'silent',
    ...overrides,
  };
}

/** Starts a worker in this process. */
export function startTestWorker(env: Record<string, string>): Promise<RunningWorker> {
  return startWorker(loadEnv(env), pino({ level: 'silent' }));
}

/** A worker spawned as a real process (`tsx src/main.ts`). */
export interface SpawnedWorker {
  child: ChildProcess;
  port: number;
  /** Every stdout/stderr line so far. */
  lines: string[];
  exited: Promise<number | null>;
}

/**
 * Spawns `node --import tsx src/main.ts` with `env` and resolves once it logged `worker started`. The
 * child IS the worker (no tsx CLI wrapper in between), so a signal sent to it, SIGKILL included,
 * reaches the worker itself.
 */
export async function spawnWorker(env: Record<string, string>, timeoutMs = 30_000): Promise<SpawnedWorker> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: WORKER_DIR,
    env: { PATH: process.env.PATH ?? '', ...env, LOG_LEVEL: 'info' },
    stdio: 'pipe',
  });
  const lines: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`worker not started after ${timeoutMs} ms: ${lines.join('\n')}`)),
      timeoutMs,
    );
    let buffer = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const complete = buffer.split('\n');
      buffer = complete.pop() ?? '';
      for (const line of complete.filter(Boolean)) {
        lines.push(line);
        if (process.env.DTE_TEST_WORKER_LOGS) process.stdout.write(`[worker ${child.pid}] ${line}\n`);
        if (line.includes('"msg":"worker started"')) {
          clearTimeout(timer);
          resolve((JSON.parse(line) as { port: number }).port);
        }
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      lines.push(chunk.toString());
      if (process.env.DTE_TEST_WORKER_LOGS)
        process.stderr.write(`[worker ${child.pid} stderr] ${chunk.toString()}`);
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited with ${code}: ${lines.join('\n')}`));
    });
  });
  return { child, port, lines, exited };
}

/** Stops a spawned worker (SIGTERM, then SIGKILL after `graceMs`). */
export async function stopSpawned(w: SpawnedWorker | undefined, graceMs = 15_000): Promise<void> {
  if (!w || w.child.exitCode !== null || w.child.signalCode !== null) return;
  w.child.kill('SIGTERM');
  const timer = setTimeout(() => w.child.kill('SIGKILL'), graceMs);
  await w.exited;
  clearTimeout(timer);
}

/** A producer-side queue on `redisUrl` with `prefix`. */
export function producerQueue(name: string, prefix: string, redisUrl = TEST_REDIS_URL): Queue {
  return new Queue(name, { connection: { url: redisUrl }, prefix });
}

/** The risk queue as the api uses it. */
export const riskQueue = (prefix: string, redisUrl = TEST_REDIS_URL) =>
  producerQueue(QUEUES.risk, prefix, redisUrl);

/** Deletes every key of `prefix` (SCAN, never KEYS or FLUSH on the shared Redis). */
export async function deletePrefix(prefix: string, redisUrl = TEST_REDIS_URL): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** Monte Carlo params of the fault tests: 16 chunks of ~0.4 s, small summaries (99.9% tail, window 10). */
export const FAULT_RUN = {
  paths: 2_097_152,
  chunkPaths: 131_072,
  seed: 5,
  confidences: [0.999],
  contributionWindow: 10,
  historyAsOf: HISTORY_AS_OF,
} as const;

/** The forms in which {@link referenceResult} hands the chunk summaries to the merge task. */
export const SUMMARY_FORMS = ['binary', 'prefix', 'json', 'mixed'] as const;

/**
 * The result of a run computed in this process without any queue: plan, every chunk in order, merge
 * (the same pure tasks the compute threads run). A distributed run of the same book and params must
 * equal it exactly. `form`: the summaries reach the merge whole (`binary`), as heads with the entry
 * prefixes the merge needs (`prefix`, as the worker reads them), as JSON text (`json`, rows of older
 * versions) or half JSON, half prefixes (`mixed`).
 */
export async function referenceResult(
  fundId: string,
  params: Record<string, unknown>,
  form: (typeof SUMMARY_FORMS)[number] = 'binary',
): Promise<unknown> {
  const { createPrismaClient } = await import('@dte/db');
  const { loadFundBook, loadFundHistory, documentTokens } = await import('../src/runs/book.ts');
  const { planMonteCarloTask, monteCarloChunkTask, mergeMonteCarloTask, summaryPrefixesTask } = await import(
    '../src/compute/tasks.ts'
  );
  const { decodeChunkSummary, summaryHeadLength } = await import('@dte/risk-core');
  const { monteCarloRunParams } = await import('@dte/jobs');
  const prisma = createPrismaClient({ url: testUrls().appUrl, max: 1 });
  try {
    const p = monteCarloRunParams.parse(params);
    const loaded = await loadFundBook(prisma, fundId, p.snapshotId);
    const h = await loadFundHistory(
      prisma,
      fundId,
      documentTokens(loaded.mapped.document),
      p.historyAsOf ?? HISTORY_AS_OF,
      660,
    );
    // Planned under another run id than the chunks below: they compile the plan afresh from its JSON
    // (as a process that did not plan does), while a 1-process worker reuses the planning engine.
    const plan = planMonteCarloTask({
      runId: `reference-plan-${fundId}`,
      document: loaded.mapped.document,
      params: p,
      history: h.closes,
      historyAsOf: p.historyAsOf ?? h.asOf,
      book: loaded.info,
    });
    const binaries = Array.from(
      { length: plan.chunks },
      (_, chunkIndex) =>
        monteCarloChunkTask({ runId: `reference-${fundId}`, planJson: plan.planJson, chunkIndex }).summary,
    );
    const asJson = (bytes: Uint8Array) => ({ json: JSON.stringify(decodeChunkSummary(bytes)) });
    // As the worker: prefixes computed over the binary rows only (JSON rows take part whole).
    const json = (i: number) => form === 'json' || (form === 'mixed' && i % 2 === 0);
    const binaryRows = binaries.filter((_, i) => !json(i));
    const { slices } = summaryPrefixesTask({
      heads: binaryRows.map((b) => b.subarray(0, summaryHeadLength(b))),
    });
    let next = 0;
    const summaries = binaries.map((bytes, i) => {
      if (json(i)) return asJson(bytes);
      if (form === 'binary') return { binary: bytes };
      const { offset, length } = slices[next++] as { offset: number; length: number };
      return { head: bytes.subarray(0, offset), entries: bytes.subarray(offset, offset + length) };
    });
    return JSON.parse(mergeMonteCarloTask({ planJson: plan.planJson, summaries }).resultJson);
  } finally {
    await prisma.$disconnect();
  }
}

/** Counts the log lines of spawned workers that contain every one of `parts`. */
export function countLines(workers: readonly (SpawnedWorker | undefined)[], ...parts: string[]): number {
  return workers.reduce(
    (n, w) => n + (w?.lines.filter((l) => parts.every((p) => l.includes(p))).length ?? 0),
    0,
  );
}

/** Waits (up to `timeoutMs`) until the spawned workers logged at least one line with all `parts`, then a little longer; returns the count. */
export async function settledLineCount(
  workers: readonly (SpawnedWorker | undefined)[],
  parts: string[],
  timeoutMs = 5000,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (countLines(workers, ...parts) === 0 && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 500));
  return countLines(workers, ...parts);
}
