/**
 * `risk-run` (queue `dte-risk`): one job per run, the parent of the run's chunk jobs.
 *
 * Monte Carlo: the first pass loads the book, plans the run in a compute thread (`planMonteCarloRun`)
 * and stores the frozen plan on the row (QUEUED -> RUNNING, `chunksTotal`); then, for every chunk
 * without a stored summary, it adds a `risk-chunk` job as its CHILD (BullMQ parent/child
 * dependencies, the mechanism behind FlowProducer, with the children added by the parent because
 * only the plan knows how many there are) and moves itself to waiting-children. When the last child
 * has finished, BullMQ processes it again: it merges the stored summaries exactly (`mergeMonteCarlo`)
 * and finishes the run (RUNNING -> SUCCEEDED, once). A child that failed for good leaves its chunk
 * missing; the parent adds it again (up to MAX_CHUNK_ROUNDS rounds), then fails the run.
 *
 * Historical: one pass (load, `runHistorical` in a compute thread, store).
 */

import type { JobPayload, JobResult } from '@dte/jobs';
import {
  type HistoricalRunParams,
  type MonteCarloRunParams,
  RISK_RUN_PARAMS,
  riskChunkJob,
  type riskRunJob,
} from '@dte/jobs';
import { UnrecoverableError, WaitingChildrenError } from 'bullmq';
import type { z } from 'zod';
import type { StoredSummary } from '../compute/tasks.ts';
import { RunInputError } from '../errors.ts';
import type { HandlerContext } from '../handlers/index.ts';
import { dayBefore, documentTokens, loadFundBook, loadFundHistory } from './book.ts';
import type { WorkerDeps } from './deps.ts';
import { runFailure } from './failure.ts';
import {
  type ChunkHead,
  countAttempt,
  failRun,
  finishRun,
  isTerminal,
  loadChunkHeads,
  loadChunkSlices,
  loadPlanText,
  loadRun,
  type RunRow,
  startRun,
  storedChunks,
} from './store.ts';

/** Rounds of chunk jobs a run may need (a chunk that failed for good is retried in the next round). */
export const MAX_CHUNK_ROUNDS = 3;
/** Calendar days of history loaded beyond the lookback (burn-in of weighted methods, margin). */
const HISTORY_MARGIN_DAYS = 160;

type Payload = JobPayload<typeof riskRunJob>;
type Result = JobResult<typeof riskRunJob>;

/** Job data the parent keeps across its passes (next to the payload). */
interface ParentState {
  /** Set once the parent has added chunk jobs and waited for them. */
  waiting?: boolean;
  rounds?: number;
}

function parseParams<S extends z.ZodType>(schema: S, params: unknown): z.output<S> {
  const parsed = schema.safeParse(params ?? {});
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => `params.${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new RunInputError('INVALID_PARAMS', `invalid run params: ${issues.join('; ')}`);
}

/** Builds the `risk-run` handler. */
export function createRiskRunHandler(deps: WorkerDeps) {
  const { prisma, pool, logger } = deps;

  async function loadHistoryFor(
    fundId: string,
    document: { valuationTime: string; market: { spot: Record<string, number> } },
    asOf: string | undefined,
    lookback: number,
  ) {
    return loadFundHistory(
      prisma,
      fundId,
      documentTokens(document),
      asOf ?? dayBefore(document.valuationTime),
      lookback + HISTORY_MARGIN_DAYS,
    );
  }

  async function plan(run: RunRow): Promise<void> {
    const t0 = performance.now();
    const params: MonteCarloRunParams = parseParams(RISK_RUN_PARAMS.MONTE_CARLO_VAR, run.params);
    const loaded = await loadFundBook(prisma, run.fundId, params.snapshotId);
    const document = loaded.mapped.document;
    const needsHistory = !params.marketCovariance || params.covariance?.source === 'history';
    const history = needsHistory
      ? await loadHistoryFor(run.fundId, document, params.historyAsOf, params.covariance?.lookback ?? 500)
      : { closes: [], asOf: null };
    const { planJson, chunks } = await pool.run('planMonteCarlo', {
      runId: run.id,
      document,
      params,
      history: history.closes,
      historyAsOf: params.historyAsOf ?? history.asOf,
      book: loaded.info,
    });
    await startRun(prisma, run.fundId, run.id, { json: planJson, chunks });
    logger.info(
      { runId: run.id, fundId: run.fundId, chunks, planMs: Math.round(performance.now() - t0) },
      'risk run planned',
    );
  }

  async function monteCarlo(run: RunRow, { job, token }: HandlerContext): Promise<Result> {
    const state = job.data as ParentState;
    if (run.status === 'QUEUED') {
      await plan(run);
      const reloaded = await loadRun(prisma, run.fundId, run.id);
      if (!reloaded || isTerminal(reloaded.status))
        return { runId: run.id, status: (reloaded?.status ?? 'FAILED') as Result['status'] };
      run = reloaded;
    }
    if (!run.planned)
      throw new RunInputError('PLAN_MISSING', `run ${run.id} is RUNNING without a stored plan`);

    for (;;) {
      const done = new Set(await storedChunks(prisma, run.fundId, run.id));
      const missing = Array.from({ length: run.chunksTotal }, (_, i) => i).filter((i) => !done.has(i));
      if (missing.length === 0) break;
      const { unprocessed = 0 } = await job.getDependenciesCount({ unprocessed: true });
      if (unprocessed === 0) {
        const round = (state.rounds ?? 0) + 1;
        if (round > MAX_CHUNK_ROUNDS) {
          const failures = Object.values(await job.getIgnoredChildrenFailures()).slice(0, 3);
          throw new RunInputError(
            'CHUNKS_FAILED',
            `${missing.length} chunk(s) still missing after ${MAX_CHUNK_ROUNDS} rounds${failures.length ? `: ${failures.join('; ')}` : ''}`,
          );
        }
        await job.updateData({ ...job.data, waiting: true, rounds: round });
        state.rounds = round;
        await deps.queues.riskChunks.addBulk(
          missing.map((chunkIndex) => ({
            name: riskChunkJob.name,
            data: riskChunkJob.parsePayload({ runId: run.id, fundId: run.fundId, chunkIndex }),
            opts: {
              ...riskChunkJob.defaultOptions,
              jobId: `${run.id}-${round}-${chunkIndex}`,
              parent: { id: job.id as string, queue: job.queueQualifiedName },
              ignoreDependencyOnFailure: true,
            },
          })),
        );
        logger.info({ runId: run.id, round, chunks: missing.length }, 'risk run chunks queued');
      }
      if (await job.moveToWaitingChildren(token ?? '')) throw new WaitingChildrenError();
      // Every child finished in the meantime: look again.
      const reloaded = await loadRun(prisma, run.fundId, run.id);
      if (!reloaded || isTerminal(reloaded.status))
        return { runId: run.id, status: (reloaded?.status ?? 'FAILED') as Result['status'] };
    }

    const t0 = performance.now();
    const planJson = await loadPlanText(prisma, run.fundId, run.id);
    if (planJson === null) {
      const reloaded = await loadRun(prisma, run.fundId, run.id);
      return { runId: run.id, status: (reloaded?.status ?? 'FAILED') as Result['status'] };
    }
    const summaries = await loadSummaries(run);
    const t1 = performance.now();
    const { resultJson } = await pool.run('mergeMonteCarlo', { planJson, summaries });
    const t2 = performance.now();
    if (await finishRun(prisma, run.fundId, run.id, resultJson)) {
      const ms = (a: number, b: number) => Math.round(b - a);
      logger.info(
        {
          runId: run.id,
          fundId: run.fundId,
          chunks: summaries.length,
          readMs: ms(t0, t1),
          mergeMs: ms(t1, t2),
          storeMs: ms(t2, performance.now()),
        },
        'risk run succeeded',
      );
    }
    return { runId: run.id, status: 'SUCCEEDED' };
  }

  /**
   * The run's stored summaries as the merge needs them: first the heads (kept losses, moments, batch
   * tails), then, of each binary summary, only the prefix of its entries at or above the run's
   * boundary (about `keep` entries over all chunks instead of `keep` per chunk).
   */
  async function loadSummaries(run: RunRow): Promise<StoredSummary[]> {
    const rows = await loadChunkHeads(prisma, run.fundId, run.id);
    const binary = rows.filter((r): r is ChunkHead & { head: Uint8Array } => r.head !== null);
    const { slices } = await pool.run('summaryPrefixes', { heads: binary.map((r) => r.head) });
    const entries = await loadChunkSlices(
      prisma,
      run.fundId,
      run.id,
      binary.map((r, i) => ({
        chunkIndex: r.chunkIndex,
        ...(slices[i] as { offset: number; length: number }),
      })),
    );
    return rows.map((r) =>
      r.head === null
        ? { json: r.json ?? 'null' }
        : { head: r.head, entries: entries.get(r.chunkIndex) ?? new Uint8Array(0) },
    );
  }

  async function historical(run: RunRow): Promise<Result> {
    const params: HistoricalRunParams = parseParams(RISK_RUN_PARAMS.HISTORICAL_VAR, run.params);
    const loaded = await loadFundBook(prisma, run.fundId, params.snapshotId);
    const document = loaded.mapped.document;
    const lookback = (params.lookback ?? 500) + (params.volatilityWeighting?.burnIn ?? 100);
    const history = await loadHistoryFor(run.fundId, document, params.historyAsOf, lookback);
    if (run.status === 'QUEUED') await startRun(prisma, run.fundId, run.id, null);
    const { resultJson } = await pool.run('historicalVar', {
      document,
      params,
      history: history.closes,
      historyAsOf: history.asOf,
      book: loaded.info,
    });
    if (await finishRun(prisma, run.fundId, run.id, resultJson)) {
      logger.info({ runId: run.id, fundId: run.fundId }, 'risk run succeeded');
    }
    return { runId: run.id, status: 'SUCCEEDED' };
  }

  return async (payload: Payload, context: HandlerContext): Promise<Result> => {
    const { runId, fundId } = payload;
    const run = await loadRun(prisma, fundId, runId);
    if (!run)
      throw new UnrecoverableError(`RUN_NOT_FOUND: risk run ${runId} of fund ${fundId} does not exist`);
    if (isTerminal(run.status)) return { runId, status: run.status };
    if (!(context.job.data as ParentState).waiting) await countAttempt(prisma, fundId, runId);
    try {
      if (run.kind === 'MONTE_CARLO_VAR') return await monteCarlo(run, context);
      if (run.kind === 'HISTORICAL_VAR') return await historical(run);
      throw new RunInputError('UNSUPPORTED_RUN_KIND', `the worker does not compute ${run.kind} runs`);
    } catch (error) {
      const failure = runFailure(error);
      if (!failure) throw error;
      if (await failRun(prisma, fundId, runId, failure.code, failure.message)) {
        logger.warn({ runId, fundId, errorCode: failure.code, error: failure.message }, 'risk run failed');
      }
      throw new UnrecoverableError(`${failure.code}: ${failure.message}`);
    }
  };
}
