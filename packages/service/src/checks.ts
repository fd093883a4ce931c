import type { Redis } from 'ioredis';

/** Result of one dependency check. */
export type CheckStatus = 'ok' | 'down';

/** Something that can run `SELECT 1` (the app-role Prisma client). */
export interface SqlPinger {
  $queryRaw<T = unknown>(query: TemplateStringsArray, ...values: unknown[]): PromiseLike<T>;
}

/** Rejects after `ms` so a hung dependency cannot hang a health check. */
function withTimeout<T>(promise: PromiseLike<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    Promise.resolve(promise).then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** `ok` when Redis answers PING within `timeoutMs`. */
export async function checkRedis(redis: Redis, timeoutMs = 1000): Promise<CheckStatus> {
  try {
    return (await withTimeout(redis.ping(), timeoutMs)) === 'PONG' ? 'ok' : 'down';
  } catch {
    return 'down';
  }
}

/** `ok` when the database answers `SELECT 1` within `timeoutMs`. */
export async function checkDatabase(db: SqlPinger, timeoutMs = 2000): Promise<CheckStatus> {
  try {
    await withTimeout(db.$queryRaw`SELECT 1`, timeoutMs);
    return 'ok';
  } catch {
    return 'down';
  }
}
