import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit.ts';
import { TEST_REDIS_URL } from './testing/harness.ts';

describe('RateLimiter (real Redis)', () => {
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  const prefix = `dte-test:rl:${randomUUID()}`;
  const limiter = new RateLimiter(redis, prefix, pino({ level: 'silent' }));
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('allows `limit` hits per window and refuses the next with RATE_LIMITED and a retry time', async () => {
    const rule = { limit: 3, windowSeconds: 60 };
    for (let i = 1; i <= 3; i += 1) expect((await limiter.hit('user', 'u1', rule)).allowed).toBe(true);
    const over = await limiter.hit('user', 'u1', rule);
    expect(over).toMatchObject({ allowed: false, count: 4 });
    expect(over.resetSeconds).toBeGreaterThan(0);
    expect(over.resetSeconds).toBeLessThanOrEqual(60);
    await expect(limiter.consume('user', 'u1', rule)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    // Other subjects and buckets are counted apart.
    expect((await limiter.hit('user', 'u2', rule)).allowed).toBe(true);
    expect((await limiter.hit('apiKey', 'u1', rule)).allowed).toBe(true);
  });

  it('counts shared across limiter instances (several api processes) and expires the window', async () => {
    const other = new RateLimiter(redis, prefix, pino({ level: 'silent' }));
    const rule = { limit: 2, windowSeconds: 1 };
    await limiter.hit('ip', '1.2.3.4', rule);
    await other.hit('ip', '1.2.3.4', rule);
    expect((await limiter.hit('ip', '1.2.3.4', rule)).allowed).toBe(false);
    const keys = await redis.keys(`${prefix}:ip:*`);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(await redis.pttl(key)).toBeLessThanOrEqual(1000);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await limiter.hit('ip', '1.2.3.4', rule)).allowed).toBe(true);
  });

  it('fails open when Redis is unreachable', async () => {
    const down = new Redis('redis://127.0.0.1:1', {
      maxRetriesPerRequest: 0,
      lazyConnect: true,
      retryStrategy: () => null,
    });
    down.on('error', () => {});
    const result = await new RateLimiter(down, prefix, pino({ level: 'silent' })).hit('ip', 'x', {
      limit: 1,
      windowSeconds: 60,
    });
    expect(result.allowed).toBe(true);
    down.disconnect();
  });
});
