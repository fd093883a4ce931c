import { enqueue, pingJob, QUEUES } from '@dte/jobs';
import { Queue, QueueEvents, type Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueueWorker } from './queue-worker.ts';
import { createRedisConnection } from './redis.ts';
import { TEST_REDIS_URL, uniquePrefix } from './test-support.ts';

describe('dte-system worker on real Redis', () => {
  const prefix = uniquePrefix('worker');
  let connection: Redis;
  let worker: Worker;
  let queue: Queue;
  let events: QueueEvents;

  beforeAll(async () => {
    connection = createRedisConnection(TEST_REDIS_URL, 'dte-worker-test');
    worker = createQueueWorker({
      queue: QUEUES.system,
      connection,
      prefix,
      concurrency: 2,
      logger: pino({ level: 'silent' }),
    });
    queue = new Queue(QUEUES.system, { connection: { url: TEST_REDIS_URL }, prefix });
    events = new QueueEvents(QUEUES.system, { connection: { url: TEST_REDIS_URL }, prefix });
    await Promise.all([worker.waitUntilReady(), events.waitUntilReady()]);
  });

  afterAll(async () => {
    await worker?.close();
    await queue?.obliterate({ force: true });
    await Promise.all([events?.close(), queue?.close()]);
    await connection?.quit();
    // Nothing of this run may stay in Redis.
    const cleanup = createRedisConnection(TEST_REDIS_URL, 'dte-worker-test-cleanup');
    const left = await cleanup.keys(`${prefix}:*`);
    if (left.length > 0) await cleanup.del(...left);
    await cleanup.quit();
  });

  it('completes a ping enqueued through the shared definition', async () => {
    const sentAt = new Date().toISOString();
    const job = await enqueue(queue, pingJob, { sentAt, message: 'hello' });
    const result = pingJob.parseResult(await job.waitUntilFinished(events, 10_000));
    expect(result.pong).toBe(true);
    expect(result.sentAt).toBe(sentAt);
    expect(result.message).toBe('hello');
    expect(Date.parse(result.receivedAt)).toBeGreaterThanOrEqual(Date.parse(sentAt));
    expect(await queue.getJobState(job.id ?? '')).toBe('completed');
  });

  it('refuses an invalid payload before it reaches Redis', async () => {
    await expect(enqueue(queue, pingJob, { sentAt: 'not a date' })).rejects.toMatchObject({
      code: 'JOB_PAYLOAD_INVALID',
    });
    expect(await queue.getWaitingCount()).toBe(0);
  });

  it('fails a malformed job at once, without retries', async () => {
    // Bypass the definition, as a foreign producer could.
    const job = await queue.add(pingJob.name, { sentAt: 42 }, { attempts: 3 });
    await expect(job.waitUntilFinished(events, 10_000)).rejects.toThrow(/JOB_PAYLOAD_INVALID/);
    const failed = await queue.getJob(job.id ?? '');
    expect(failed?.attemptsMade).toBe(1);
  });
});
