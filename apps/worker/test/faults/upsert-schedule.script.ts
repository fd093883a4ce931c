/**
 * Run by concurrent-schedule.test.ts as a separate process: upserts the same fund schedule `count`
 * times, as fast as it can, with varying intervals. Args: redisUrl prefix fundId count.
 */
import { QUEUES, upsertFundSchedule } from '@dte/jobs';
import { Queue } from 'bullmq';

const [redisUrl, prefix, fundId, count] = process.argv.slice(2);
const queue = new Queue(QUEUES.schedules, {
  connection: { url: redisUrl as string },
  prefix: prefix as string,
});
await Promise.all(
  Array.from({ length: Number(count) }, (_, i) =>
    upsertFundSchedule(queue, {
      fundId: fundId as string,
      kind: 'LIMIT_CHECK',
      everySeconds: 60 + (i % 7) * 60,
    }),
  ),
);
await queue.close();
process.stdout.write('done\n');
