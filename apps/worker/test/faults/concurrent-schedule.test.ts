/** The same fund schedule upserted from two processes at once: exactly one job scheduler, one next job. */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { fundSchedulerId, QUEUES } from '@dte/jobs';
import { afterAll, describe, expect, it } from 'vitest';
import { deletePrefix, producerQueue, TEST_REDIS_URL, uniquePrefix } from '../support.ts';

const prefix = uniquePrefix('sched-race');
const TSX_CLI = fileURLToPath(new URL('../../../../node_modules/tsx/dist/cli.mjs', import.meta.url));
const SCRIPT = fileURLToPath(new URL('./upsert-schedule.script.ts', import.meta.url));

afterAll(async () => {
  await deletePrefix(prefix);
});

function upserter(fundId: string, count: number): Promise<number | null> {
  const child = spawn(process.execPath, [TSX_CLI, SCRIPT, TEST_REDIS_URL, prefix, fundId, String(count)], {
    stdio: 'inherit',
  });
  return new Promise((resolve) => child.once('exit', resolve));
}

describe('concurrent schedule upserts', () => {
  it('leave exactly one scheduler and one pending job per (fund, kind)', async () => {
    const fundId = randomUUID();
    const codes = await Promise.all([upserter(fundId, 50), upserter(fundId, 50)]);
    expect(codes).toEqual([0, 0]);
    const queue = producerQueue(QUEUES.schedules, prefix);
    try {
      const schedulers = await queue.getJobSchedulers(0, -1);
      expect(schedulers.map((s) => s.key)).toEqual([fundSchedulerId(fundId, 'LIMIT_CHECK')]);
      const pending = await queue.getJobs(['delayed', 'waiting', 'prioritized']);
      expect(pending).toHaveLength(1);
      expect(pending[0]?.data).toEqual({ fundId });
      console.log(
        `2 processes x 50 concurrent upserts: ${schedulers.length} scheduler, ${pending.length} pending job`,
      );
    } finally {
      await queue.close();
    }
  });
});
