import { Redis } from 'ioredis';

/**
 * An ioredis connection suitable for BullMQ workers: `maxRetriesPerRequest: null` is required by
 * blocking commands, and the connection keeps retrying (with a capped back-off) while Redis is away.
 */
export function createRedisConnection(url: string, connectionName = 'dte-worker'): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: null,
    connectionName,
    retryStrategy: (attempt) => Math.min(attempt * 200, 5000),
  });
}
