import { createPrismaClient } from '@dte/db';
import type { Logger } from 'pino';
import type { ApiEnv } from './env.ts';
import { createRedisConnection } from './redis.ts';
import { createRiskJobs } from './risk/jobs.ts';
import { createApiServer } from './server.ts';
import { VERSION } from './version.ts';

/** A running api process. */
export interface RunningApi {
  port: number;
  /** Drains HTTP, then closes Redis and the database pool. */
  stop(): Promise<void>;
}

/** Creates the dependencies and serves the api on `env.PORT` (0 = ephemeral). */
export async function startApi(env: ApiEnv, logger: Logger): Promise<RunningApi> {
  const prisma = createPrismaClient({
    url: env.APP_DATABASE_URL,
    max: env.DATABASE_POOL_MAX,
    applicationName: 'dte-api',
    onConnectionError: (error) =>
      logger.warn({ err: error }, 'database connection lost (dropped from the pool)'),
  });
  const redis = createRedisConnection(env.REDIS_URL);
  redis.on('error', (error) => logger.warn({ err: error }, 'redis connection error'));

  const jobs = createRiskJobs({
    redisUrl: env.JOBS_REDIS_URL ?? env.REDIS_URL,
    prefix: env.JOBS_PREFIX,
    logger,
  });
  const server = createApiServer(
    { prisma, redis, logger, startedAt: Date.now(), version: VERSION, jobs },
    env,
  );
  const port = await server.listen(env.PORT, env.HOST);
  logger.info({ port, host: env.HOST, graphql: `http://${env.HOST}:${port}/graphql` }, 'api started');

  let stopping: Promise<void> | undefined;
  return {
    port,
    stop() {
      stopping ??= (async () => {
        await server.stop();
        await jobs.close();
        if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
        else redis.disconnect();
        await prisma.$disconnect();
        logger.info('api stopped');
      })();
      return stopping;
    },
  };
}
