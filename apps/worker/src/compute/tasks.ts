/**
 * The CPU-bound work of the worker, as pure functions of JSON-like arguments: they run in the compute
 * threads (`pool.ts`, `thread.ts`) and never touch Redis or PostgreSQL. Big payloads (plans, chunk
 * summaries, results) travel as JSON TEXT, so the main thread only moves strings between the threads
 * and the database and never parses or builds megabytes of JSON on its event loop.
 */

import type { HistoricalRunParams, MonteCarloRunParams } from '@dte/jobs';
import {
  type ChunkSpec,
  type CovarianceOptions,
  type DailyClose,
  type HistoricalParams,
  type MonteCarloEngine,
  type MonteCarloParams,
  type MonteCarloRunSpec,
  mergeMonteCarlo,
  type PortfolioDocument,
  parseChunkSummary,
  parsePortfolio,
  planMonteCarloRun,
  prepareMonteCarlo,
  runHistorical,
  runMonteCarloChunk,
} from '@dte/risk-core';

export { limitMeasuresTask, riskSnapshotTask } from './fund-tasks.ts';

/** Format tag of the frozen plan stored on a RUNNING `risk_run` row (`result` column). */
export const PLAN_FORMAT = 'dte.risk-run-plan.v1';

/** Where the run's book came from (stored with the plan and the result). */
export interface BookInfo {
  snapshotId: string;
  asOf: string;
  /** Rows left out of the document, with the reason. */
  unmapped: { source: string; rowId: string; reason: string }[];
  warnings: string[];
}

/** The frozen plan of a Monte Carlo run: everything every chunk must agree on. */
export interface StoredPlan {
  format: typeof PLAN_FORMAT;
  book: BookInfo;
  /** The portfolio document as mapped from the book when the run was planned (raw JSON). */
  document: unknown;
  spec: MonteCarloRunSpec;
  chunks: ChunkSpec[];
}

/** Arguments of {@link planMonteCarloTask}. */
export interface PlanArgs {
  document: unknown;
  params: MonteCarloRunParams;
  history: DailyClose[];
  historyAsOf: string | null;
  book: BookInfo;
}

/** The covariance options risk-core needs, from the run params and the loaded history. */
function covarianceOptions(
  params: MonteCarloRunParams,
  history: DailyClose[],
  asOf: string | null,
): CovarianceOptions {
  return {
    ...(params.covariance ?? {}),
    ...(history.length > 0 ? { history } : {}),
    ...(asOf ? { asOf } : {}),
  };
}

/** The document with the params' given covariance, if any (`market.covariance`). */
function withCovariance(document: unknown, params: MonteCarloRunParams): unknown {
  if (!params.marketCovariance) return document;
  const doc = document as { market: Record<string, unknown> };
  return { ...doc, market: { ...doc.market, covariance: params.marketCovariance } };
}

/**
 * Plans a Monte Carlo run on the mapped document (`planMonteCarloRun`): validates the params,
 * resolves the covariance and cuts the paths into chunks. Returns the plan to store, as JSON text,
 * and its chunk count.
 * @throws RiskInputError for invalid params or a document the engine cannot value.
 */
export function planMonteCarloTask(args: PlanArgs): { planJson: string; chunks: number } {
  const document = withCovariance(args.document, args.params);
  const doc = parsePortfolio(document);
  const p = args.params;
  const params: MonteCarloParams = {
    paths: p.paths,
    ...(p.seed !== undefined ? { seed: p.seed } : {}),
    ...(p.horizonDays !== undefined ? { horizonDays: p.horizonDays } : {}),
    ...(p.confidences !== undefined ? { confidences: p.confidences } : {}),
    ...(p.distribution !== undefined ? { distribution: p.distribution } : {}),
    ...(p.antithetic !== undefined ? { antithetic: p.antithetic } : {}),
    ...(p.pricing !== undefined ? { pricing: p.pricing } : {}),
    ...(p.streamPaths !== undefined ? { streamPaths: p.streamPaths } : {}),
    ...(p.chunkPaths !== undefined ? { chunkPaths: p.chunkPaths } : {}),
    ...(p.contributionWindow !== undefined ? { contributionWindow: p.contributionWindow } : {}),
    covariance: covarianceOptions(p, args.history, args.historyAsOf),
  };
  const { spec, chunks } = planMonteCarloRun(doc, params);
  const plan: StoredPlan = { format: PLAN_FORMAT, book: args.book, document, spec, chunks };
  return { planJson: JSON.stringify(plan), chunks: chunks.length };
}

interface CachedEngine {
  key: string;
  plan: StoredPlan;
  doc: PortfolioDocument;
  engine: MonteCarloEngine | null;
}

/** Compiled engines of the last runs this thread worked on (a run's chunks reuse its engine). */
const engines: CachedEngine[] = [];
const ENGINE_CACHE_SIZE = 2;

function engineFor(runId: string, planJson: string): CachedEngine {
  const key = `${runId}:${planJson.length}`;
  const found = engines.find((e) => e.key === key);
  if (found) return found;
  const plan = JSON.parse(planJson) as StoredPlan;
  if (plan.format !== PLAN_FORMAT)
    throw new Error(`run ${runId}: stored plan has format ${String(plan.format)}`);
  const entry: CachedEngine = { key, plan, doc: parsePortfolio(plan.document), engine: null };
  engines.unshift(entry);
  engines.length = Math.min(engines.length, ENGINE_CACHE_SIZE);
  return entry;
}

/** Arguments of {@link monteCarloChunkTask}. */
export interface ChunkArgs {
  runId: string;
  planJson: string;
  chunkIndex: number;
}

/**
 * Simulates chunk `chunkIndex` of a stored plan (`runMonteCarloChunk` on the thread's cached engine)
 * and returns its tail summary as JSON text.
 * @throws RiskInputError for a chunk outside the plan or a non-finite loss.
 */
export function monteCarloChunkTask(args: ChunkArgs): { summaryJson: string; paths: number } {
  const cached = engineFor(args.runId, args.planJson);
  const chunk = cached.plan.chunks[args.chunkIndex];
  if (!chunk) throw new Error(`run ${args.runId}: the plan has no chunk ${args.chunkIndex}`);
  cached.engine ??= prepareMonteCarlo(cached.doc, cached.plan.spec);
  const summary = runMonteCarloChunk(cached.engine, cached.plan.spec, chunk);
  return { summaryJson: JSON.stringify(summary), paths: chunk.count };
}

/** Arguments of {@link mergeMonteCarloTask}. */
export interface MergeArgs {
  planJson: string;
  /** Chunk summaries as stored (JSON text), any order. */
  summaries: string[];
}

/**
 * Merges the stored chunk summaries of a run exactly (`mergeMonteCarlo`, after `parseChunkSummary`
 * validates each) and returns the result document as JSON text: risk-core's `VarResult` plus the
 * book it was computed on.
 * @throws RiskInputError when the summaries do not belong to the plan or do not cover every path.
 */
export function mergeMonteCarloTask(args: MergeArgs): { resultJson: string } {
  const plan = JSON.parse(args.planJson) as StoredPlan;
  const summaries = args.summaries.map((text) => parseChunkSummary(JSON.parse(text)));
  summaries.sort((a, b) => (a.ranges[0]?.[0] ?? 0) - (b.ranges[0]?.[0] ?? 0));
  const result = mergeMonteCarlo(plan.spec, summaries);
  return { resultJson: JSON.stringify({ ...result, book: plan.book }) };
}

/** Arguments of {@link historicalVarTask}. */
export interface HistoricalArgs {
  document: unknown;
  params: HistoricalRunParams;
  history: DailyClose[];
  historyAsOf: string | null;
  book: BookInfo;
}

/**
 * Historical-simulation VaR/ES (`runHistorical`) of the mapped document on the fund's price history;
 * returns the result document as JSON text.
 * @throws RiskInputError for invalid params or missing history.
 */
export function historicalVarTask(args: HistoricalArgs): { resultJson: string } {
  const doc = parsePortfolio(args.document);
  const p = args.params;
  const asOf = p.historyAsOf ?? args.historyAsOf;
  const params: HistoricalParams = {
    history: args.history,
    ...(p.horizonDays !== undefined ? { horizonDays: p.horizonDays } : {}),
    ...(p.confidences !== undefined ? { confidences: p.confidences } : {}),
    ...(p.lookback !== undefined ? { lookback: p.lookback } : {}),
    ...(asOf ? { asOf } : {}),
    ...(p.horizonScaling !== undefined ? { horizonScaling: p.horizonScaling } : {}),
    ...(p.ageWeighting !== undefined ? { ageWeighting: p.ageWeighting } : {}),
    ...(p.volatilityWeighting !== undefined ? { volatilityWeighting: p.volatilityWeighting } : {}),
  };
  const result = runHistorical(doc, params);
  return { resultJson: JSON.stringify({ ...result, book: args.book }) };
}
