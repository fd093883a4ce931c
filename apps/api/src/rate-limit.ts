/**
 * Fixed-window rate limits in Redis: one counter per (bucket, subject, window), created with a TTL
 * of the window, so every api process shares the same counts. A Redis failure lets the request
 * through (logged): rate limits protect capacity, while the account lock-out that protects
 * passwords lives in PostgreSQL.
 */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { RateLimitedError } from './errors.ts';

/** A limit: at most `limit` hits per `windowSeconds`. */
export interface RateLimitRule {
  limit: number;
  windowSeconds: number;
}

/** Result of one hit. */
export interface RateLimitResult {
  allowed: boolean;
  count: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
}

// INCR, set the TTL on the first hit, return the count and the TTL left (ms).
const HIT_SCRIPT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {n, ttl}
`;

/** Redis-backed fixed-window limiter. */
export class RateLimiter {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #logger: Logger;

  /** @param prefix key namespace, e.g. `dte:rl` (tests use a unique one). */
  constructor(redis: Redis, prefix: string, logger: Logger) {
    this.#redis = redis;
    this.#prefix = prefix;
    this.#logger = logger;
  }

  /** Counts one hit of `subject` in `bucket`; never throws (fails open on Redis errors). */
  async hit(bucket: string, subject: string, rule: RateLimitRule): Promise<RateLimitResult> {
    const windowMs = rule.windowSeconds * 1000;
    const window = Math.floor(Date.now() / windowMs);
    const key = `${this.#prefix}:${bucket}:${subject}:${window}`;
    try {
      const [count, ttlMs] = (await this.#redis.eval(HIT_SCRIPT, 1, key, String(windowMs))) as [
        number,
        number,
      ];
      return { allowed: count <= rule.limit, count, resetSeconds: Math.max(1, Math.ceil(ttlMs / 1000)) };
    } catch (error) {
      this.#logger.warn({ err: error, bucket }, 'rate limiter unavailable, request allowed');
      return { allowed: true, count: 0, resetSeconds: rule.windowSeconds };
    }
  }

  /** Like {@link hit}, but throws {@link RateLimitedError} (code RATE_LIMITED) when over the limit. */
  async consume(bucket: string, subject: string, rule: RateLimitRule): Promise<void> {
    const result = await this.hit(bucket, subject, rule);
    if (!result.allowed) throw new RateLimitedError(bucket, result.resetSeconds);
  }
}
