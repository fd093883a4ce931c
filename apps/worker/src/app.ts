import { createPrismaClient } from '@dte/db';
import { QUEUES } from '@dte/jobs';
import { checkDatabase, checkRedis } from '@dte/service';
import type { Worker } from 'bullmq';
import type { Logger } from 'pino';
import type { WorkerEnv } from './env.ts';
import { closeServer, createHealthServer, listen } from './health-server.ts';
import { createQueueWorker } from './queue-worker.ts';
import { createRedisConnection } from './redis.ts';

/** A running worker process: its health port and an orderly stop. */
export interface RunningWorker {
  /** Port of `/healthz` and `/readyz`. */
  port: number;
  workers: readonly Worker[];
  /** Stops taking jobs (waits for active ones), then closes the health server, Redis and the database. */
  stop(): Promise<void>;
}

/** Connects Redis and the database, starts the queue workers and the health server. */
export async function startWorker(env: WorkerEnv, logger: Logger): Promise<RunningWorker> {
  const redis = createRedisConnection(env.REDIS_URL);
  redis.on('error', (error) => logger.warn({ err: error }, 'redis connection error'));
  const prisma = createPrismaClient({ url: env.APP_DATABASE_URL, max: 2, applicationName: 'dte-worker' });

  const workers = [
    createQueueWorker({
      queue: QUEUES.system,
      connection: redis,
      prefix: env.QUEUE_PREFIX,
      concurrency: env.WORKER_CONCURRENCY,
      logger,
    }),
  ];

  const server = createHealthServer({
    redis: () => checkRedis(redis),
    database: () => checkDatabase(prisma),
  });
  const port = await listen(server, env.WORKER_PORT, env.WORKER_HOST);
  logger.info({ port, host: env.WORKER_HOST, queues: workers.map((w) => w.name) }, 'worker started');

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await Promise.all(workers.map((worker) => worker.close()));
      await closeServer(server);
      if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
      else redis.disconnect();
      await prisma.$disconnect();
      logger.info('worker stopped');
    })();
    return stopping;
  };
  return { port, workers, stop };
}
