import { limitCheckJob, QUEUES, riskChunkJob, riskRunJob, riskSnapshotJob } from '@dte/jobs';
import { checkDatabase, checkRedis } from '@dte/service';
import { Queue, type Worker } from 'bullmq';
import type { Logger } from 'pino';
import { ComputePool } from './compute/pool.ts';
import { ResilientDatabase } from './database.ts';
import type { WorkerEnv } from './env.ts';
import { HANDLERS, handlerKey, type JobHandler } from './handlers/index.ts';
import { closeServer, createHealthServer, listen } from './health-server.ts';
import { WorkerMetrics } from './metrics.ts';
import { createQueueWorker } from './queue-worker.ts';
import { Reconciler } from './reconciler.ts';
import { createRedisConnection } from './redis.ts';
import type { WorkerDeps } from './runs/deps.ts';
import { createRiskChunkHandler } from './runs/risk-chunk.ts';
import { createRiskRunHandler } from './runs/risk-run.ts';
import { createLimitCheckHandler, createRiskSnapshotHandler } from './schedules/fund-jobs.ts';

/** A running worker process: its health port and an orderly stop. */
export interface RunningWorker {
  /** Port of `/healthz`, `/readyz` and `/metrics`. */
  port: number;
  workers: readonly Worker[];
  reconciler: Reconciler;
  metrics: WorkerMetrics;
  /**
   * Stops taking jobs (active jobs finish; a chunk is a few seconds of work), then the reconciler,
   * the compute threads, the health server, Redis and the database.
   */
  stop(): Promise<void>;
}

/** Every handler of the worker, bound to its dependencies. */
export function createHandlers(deps: WorkerDeps): ReadonlyMap<string, JobHandler> {
  const bind = <P, R>(fn: (payload: P, ...rest: never[]) => R) => fn as unknown as JobHandler;
  return new Map<string, JobHandler>([
    ...HANDLERS,
    [handlerKey(riskRunJob.queue, riskRunJob.name), bind(createRiskRunHandler(deps))],
    [handlerKey(riskChunkJob.queue, riskChunkJob.name), bind(createRiskChunkHandler(deps))],
    [handlerKey(riskSnapshotJob.queue, riskSnapshotJob.name), bind(createRiskSnapshotHandler(deps))],
    [handlerKey(limitCheckJob.queue, limitCheckJob.name), bind(createLimitCheckHandler(deps))],
  ]);
}

/**
 * Connects Redis and the database, starts the compute threads, a BullMQ worker per queue
 * (`dte-system`, `dte-risk`, `dte-risk-chunks` sized by the compute threads plus one, `dte-schedules`), the
 * reconciler and the health/metrics server.
 */
export async function startWorker(env: WorkerEnv, logger: Logger): Promise<RunningWorker> {
  const redis = createRedisConnection(env.REDIS_URL, `dte-worker:${env.WORKER_NAME}`);
  redis.on('error', (error) => logger.warn({ err: error }, 'redis connection error'));
  const database = new ResilientDatabase({
    url: env.APP_DATABASE_URL,
    max: 4,
    applicationName: `dte-worker:${env.WORKER_NAME}`,
    logger,
  });
  database.start();
  const prisma = database.prisma;
  const pool = new ComputePool(env.WORKER_COMPUTE_THREADS);
  const queueOptions = { connection: redis, prefix: env.QUEUE_PREFIX };
  const queues = {
    system: new Queue(QUEUES.system, queueOptions),
    risk: new Queue(QUEUES.risk, queueOptions),
    riskChunks: new Queue(QUEUES.riskChunks, queueOptions),
    schedules: new Queue(QUEUES.schedules, queueOptions),
  };
  for (const queue of Object.values(queues))
    queue.on('error', (error) => logger.warn({ err: error, queue: queue.name }, 'queue error'));
  const handlers = createHandlers({ prisma, pool, queues, logger });
  const common = {
    connection: redis,
    prefix: env.QUEUE_PREFIX,
    logger,
    handlers,
    name: env.WORKER_NAME,
    lockDurationMs: env.WORKER_LOCK_DURATION_MS,
    stalledIntervalMs: env.WORKER_STALLED_INTERVAL_MS,
  };
  const workers = [
    createQueueWorker({ ...common, queue: QUEUES.system, concurrency: env.WORKER_CONCURRENCY }),
    createQueueWorker({ ...common, queue: QUEUES.risk, concurrency: env.WORKER_CONCURRENCY }),
    // One chunk more than threads: the next chunk computes while the previous one is written to PostgreSQL.
    createQueueWorker({ ...common, queue: QUEUES.riskChunks, concurrency: pool.threads + 1 }),
    createQueueWorker({
      ...common,
      queue: QUEUES.schedules,
      concurrency: Math.max(1, Math.min(pool.threads, env.WORKER_CONCURRENCY)),
    }),
  ];
  const metrics = new WorkerMetrics(Object.values(queues));
  for (const worker of workers) metrics.observe(worker);

  const reconciler = new Reconciler({
    prisma,
    redis,
    prefix: env.QUEUE_PREFIX,
    queues,
    ...(env.WORKER_FUNDS ? { funds: env.WORKER_FUNDS } : {}),
    intervalMs: env.RECONCILE_INTERVAL_SECONDS * 1000,
    graceSeconds: env.RECONCILE_GRACE_SECONDS,
    maxAttempts: env.RUN_MAX_ATTEMPTS,
    name: env.WORKER_NAME,
    logger: logger.child({ component: 'reconciler' }),
    onPass: (report) => metrics.reconciled(report),
  });
  reconciler.start();

  const server = createHealthServer(
    {
      redis: () => checkRedis(redis),
      database: () => checkDatabase(prisma),
    },
    () => metrics.render(),
  );
  const port = await listen(server, env.WORKER_PORT, env.WORKER_HOST);
  await pool.ready();
  logger.info(
    {
      port,
      host: env.WORKER_HOST,
      queues: workers.map((w) => w.name),
      threads: pool.threads,
      name: env.WORKER_NAME,
    },
    'worker started',
  );

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await reconciler.stop();
      await Promise.all(workers.map((worker) => worker.close()));
      await pool.close();
      await closeServer(server);
      await Promise.all(Object.values(queues).map((queue) => queue.close()));
      if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
      else redis.disconnect();
      await database.close();
      logger.info('worker stopped');
    })();
    return stopping;
  };
  return { port, workers, reconciler, metrics, stop };
}
