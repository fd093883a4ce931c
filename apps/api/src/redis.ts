import { Redis } from 'ioredis';

/**
 * The api's Redis connection (health PING, later BullMQ producers). Requests fail fast
 * (`maxRetriesPerRequest: 1`) so a Redis outage degrades a request instead of hanging it.
 */
export function createRedisConnection(url: string): Redis {
  return new Redis(url, {
    connectionName: 'dte-api',
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => Math.min(attempt * 200, 5000),
  });
}
