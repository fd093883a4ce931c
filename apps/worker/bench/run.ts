/**
 * Worker benchmark (`pnpm --filter @dte/worker bench`, part of `pnpm bench`): the 1,000-position
 * portfolio of the VaR benchmark (packages/risk-core/bench/fixtures/var-1000.json) written into a
 * uuid-named fund of the test database, then one Monte Carlo run of 1,000,000 paths (seed 7; 16
 * chunks, or BENCH_CHUNK_PATHS paths per chunk) per configuration and round, the configurations
 * measured alternately:
 *
 * - 1 process x 1 compute thread, 2 processes x 1 compute thread: the scaling unit is a process with
 *   a fixed compute capacity (`WORKER_COMPUTE_THREADS=1`, the same concurrencies), so 2 processes
 *   have twice the compute of 1; parallel efficiency = T(1 process) / (2 x T(2 processes));
 * - 1 process x 2 compute threads, for comparison (the same compute as 2 processes in one process).
 *
 * Wall time of a run = `finished_at - created_at` of its row (database clock: from the api-style
 * insert to SUCCEEDED, not quantised by polling); best and median of the rounds. The VaR/ES figures
 * must be identical in every configuration. The worker logs' timings give the serial part (plan,
 * final read and merge). Everything it wrote (fund, Redis keys) is removed afterwards. Prints; not a
 * test.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createTestClients, createTestFund, migrateTestDatabase } from '@dte/db/testing';
import type { Queue } from 'bullmq';
import {
  deletePrefix,
  riskQueue,
  type SpawnedWorker,
  spawnWorker,
  stopSpawned,
  submitRun,
  uniquePrefix,
  waitForRun,
  workerEnv,
} from '../test/support.ts';
import { type FixtureDocument, seedFixtureBook } from './fixture-book.ts';

const FIXTURE = fileURLToPath(
  new URL('../../../packages/risk-core/bench/fixtures/var-1000.json', import.meta.url),
);
const PATHS = Number(process.env.BENCH_PATHS ?? 1_000_000);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);
/** Paths per chunk (`chunkPaths`, whole segments of 4,096); default the planner's ~N/16. */
const CHUNK_PATHS = process.env.BENCH_CHUNK_PATHS ? Number(process.env.BENCH_CHUNK_PATHS) : undefined;

/** The measured configurations: processes x compute threads per process. */
const CONFIGS = [
  { processes: 1, threads: 1 },
  { processes: 2, threads: 1 },
  { processes: 1, threads: 2 },
] as const;

interface Level {
  confidence: number;
  var: number;
  es: number;
  stdErrVar: number;
}

interface Config {
  processes: number;
  threads: number;
  queue: Queue;
  started: SpawnedWorker[];
  seconds: number[];
  results: string[];
  levels: Level[];
  tokens: string[];
}

/** Timings the parent job logs ('risk run planned', 'risk run succeeded') for `runId`. */
function serialTimings(workers: readonly SpawnedWorker[], runId: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of workers.flatMap((w) => w.lines)) {
    if (!line.includes(runId) || !line.startsWith('{')) continue;
    const entry = JSON.parse(line) as Record<string, unknown>;
    for (const key of ['planMs', 'readMs', 'mergeMs', 'storeMs'])
      if (typeof entry[key] === 'number') out[key] = entry[key] as number;
  }
  return out;
}

const best = (xs: readonly number[]) => Math.min(...xs);
const median = (xs: readonly number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

async function main(): Promise<void> {
  await migrateTestDatabase();
  const doc = JSON.parse(readFileSync(FIXTURE, 'utf8')) as FixtureDocument;
  const { admin, close } = createTestClients();
  const fund = await createTestFund(admin, 'bench-worker');
  const workers: SpawnedWorker[] = [];
  const prefixes: string[] = [];
  const configs: Config[] = [];
  try {
    await seedFixtureBook(admin, fund.fundId, doc);
    const params = {
      paths: PATHS,
      seed: 7,
      confidences: [0.99],
      marketCovariance: doc.market.covariance,
      ...(CHUNK_PATHS ? { chunkPaths: CHUNK_PATHS } : {}),
    };
    // Every configuration is started up front and they are measured alternately, so that the load of
    // a shared machine falls on all of them alike.
    for (const { processes, threads } of CONFIGS) {
      const prefix = uniquePrefix(`bench-${processes}x${threads}`);
      prefixes.push(prefix);
      const env = workerEnv(prefix, [fund.fundId], {
        RECONCILE_INTERVAL_SECONDS: '30',
        WORKER_COMPUTE_THREADS: String(threads),
        WORKER_CONCURRENCY: '4',
      });
      const started: SpawnedWorker[] = [];
      for (let i = 0; i < processes; i++)
        started.push(await spawnWorker({ ...env, WORKER_NAME: `bench-${processes}x${threads}-${i}` }));
      workers.push(...started);
      configs.push({
        processes,
        threads,
        queue: riskQueue(prefix),
        started,
        seconds: [],
        results: [],
        levels: [],
        tokens: [],
      });
    }
    const runOnce = async (c: Config) => {
      const runId = await submitRun(admin, c.queue, fund.fundId, 'MONTE_CARLO_VAR', params);
      const run = await waitForRun(admin, runId, 600_000);
      if (run.status !== 'SUCCEEDED')
        throw new Error(`run ${runId}: ${run.status} ${run.errorCode} ${run.error}`);
      return { runId, run };
    };
    // One run per configuration first, not measured: a fresh process compiles its code on its first run.
    for (const c of configs) await runOnce(c);
    for (let r = 0; r < REPEAT; r++) {
      for (const c of configs) {
        const { runId, run } = await runOnce(c);
        const [row] = await admin.$queryRaw<{ ms: number }[]>`
          SELECT (extract(epoch FROM finished_at - created_at) * 1000)::float8 AS "ms" FROM risk_run WHERE id = ${runId}::uuid`;
        const t = (row?.ms ?? Number.NaN) / 1000;
        c.seconds.push(t);
        const result = run.result as { levels: Level[]; tokens: string[]; distribution: unknown };
        c.results.push(JSON.stringify({ levels: result.levels, distribution: result.distribution }));
        ({ levels: c.levels, tokens: c.tokens } = result);
        const timings = Object.entries(serialTimings(c.started, runId))
          .map(([k, v]) => `${k} ${v}`)
          .join(', ');
        process.stdout.write(
          `  ${c.processes} process(es) x ${c.threads} thread(s), round ${r + 1}: ${t.toFixed(2)} s, ${run.chunksTotal} chunks (${timings})\n`,
        );
      }
    }
    const chunksPerProcess = (c: Config) =>
      c.started
        .map(
          (w) =>
            w.lines.filter((l) => l.includes('"job":"risk-chunk"') && l.includes('job completed')).length,
        )
        .join('/');
    const t1 = configs[0]?.seconds ?? [];
    process.stdout.write(
      `\nMonte Carlo VaR, ${doc.positions.length} positions, ${PATHS.toLocaleString('en-US')} paths, seed 7, ${REPEAT} rounds measured alternately after one warm-up run each; wall = finished_at - created_at of the run row\n`,
    );
    process.stdout.write(
      'processes x threads | best s | median s | efficiency T1/(n T) best, median | chunks per process | VaR 99% | ES 99%\n',
    );
    for (const c of configs) {
      const level = c.levels[0];
      const n = c.processes * c.threads;
      const eff = (f: (xs: readonly number[]) => number) =>
        `${((100 * f(t1)) / (n * f(c.seconds))).toFixed(0)}%`;
      process.stdout.write(
        `${c.processes} x ${c.threads} | ${best(c.seconds).toFixed(2)} | ${median(c.seconds).toFixed(2)} | ${eff(best)}, ${eff(median)} | ${chunksPerProcess(c)} | ${level?.var} | ${level?.es}\n`,
      );
    }
    const all = configs.flatMap((c) => c.results);
    const same = all.every((x) => x === all[0]);
    process.stdout.write(
      `VaR/ES and the loss distribution identical in all ${all.length} runs: ${same ? 'yes' : 'NO'}; simulated tokens ${configs[0]?.tokens.join(', ')}\n`,
    );
    if (!same) process.exitCode = 1;
  } finally {
    for (const c of configs) await c.queue.close();
    await Promise.all(workers.map((w) => stopSpawned(w)));
    for (const p of prefixes) await deletePrefix(p);
    await fund.cleanup();
    await close();
  }
}

await main();
