/**
 * `risk-chunk` (queue `dte-risk-chunks`): simulates one chunk of a planned Monte Carlo run in a
 * compute thread and stores its summary (insert-if-absent on (run, chunk)). A chunk whose row exists
 * is not computed again; a chunk of a run that is no longer RUNNING is skipped.
 */
import type { JobPayload, JobResult, riskChunkJob } from '@dte/jobs';
import { UnrecoverableError } from 'bullmq';
import type { WorkerDeps } from './deps.ts';
import { runFailure } from './failure.ts';
import { failRun, hasChunk, loadPlanText, loadRun, storeChunk } from './store.ts';

type Payload = JobPayload<typeof riskChunkJob>;
type Result = JobResult<typeof riskChunkJob>;

/** Plans (JSON text) of the last runs this process worked on, so a run's chunks read it once. */
const PLAN_CACHE_SIZE = 4;

/** Builds the `risk-chunk` handler. */
export function createRiskChunkHandler(deps: WorkerDeps) {
  const { prisma, pool, logger } = deps;
  const plans = new Map<string, string>();

  async function planOf(fundId: string, runId: string): Promise<string | null> {
    const cached = plans.get(runId);
    if (cached !== undefined) return cached;
    const text = await loadPlanText(prisma, fundId, runId);
    if (text === null) return null;
    plans.set(runId, text);
    for (const key of plans.keys()) {
      if (plans.size <= PLAN_CACHE_SIZE) break;
      plans.delete(key);
    }
    return text;
  }

  return async (payload: Payload): Promise<Result> => {
    const { runId, fundId, chunkIndex } = payload;
    const skipped: Result = { runId, chunkIndex, outcome: 'skipped' };
    const run = await loadRun(prisma, fundId, runId);
    if (run?.status !== 'RUNNING') return skipped;
    if (await hasChunk(prisma, fundId, runId, chunkIndex)) return { runId, chunkIndex, outcome: 'present' };
    const planJson = await planOf(fundId, runId);
    if (planJson === null) return skipped;
    try {
      const t0 = performance.now();
      const { summary } = await pool.run('monteCarloChunk', { runId, planJson, chunkIndex });
      const t1 = performance.now();
      const outcome = await storeChunk(prisma, fundId, runId, chunkIndex, summary);
      logger.debug(
        {
          runId,
          chunkIndex,
          outcome,
          computeMs: Math.round(t1 - t0),
          storeMs: Math.round(performance.now() - t1),
        },
        'risk chunk done',
      );
      return { runId, chunkIndex, outcome };
    } catch (error) {
      const failure = runFailure(error);
      if (!failure) throw error;
      if (await failRun(prisma, fundId, runId, failure.code, failure.message)) {
        logger.warn(
          { runId, fundId, chunkIndex, errorCode: failure.code, error: failure.message },
          'risk run failed',
        );
      }
      throw new UnrecoverableError(`${failure.code}: ${failure.message}`);
    }
  };
}
