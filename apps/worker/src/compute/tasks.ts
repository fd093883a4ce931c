/**
 * The CPU-bound work of the worker, as pure functions of JSON-like arguments: they run in the compute
 * threads (`pool.ts`, `thread.ts`) and never touch Redis or PostgreSQL. Big payloads travel as JSON
 * TEXT (plans, results) or bytes (chunk summaries in risk-core's binary form), so the main thread only
 * moves strings and buffers between the threads and the database and never parses or builds megabytes
 * of JSON on its event loop.
 */

import type { HistoricalRunParams, MonteCarloRunParams } from '@dte/jobs';
import {
  type ChunkSpec,
  type CovarianceOptions,
  completeSummary,
  type DailyClose,
  decodeChunkSummary,
  decodeSummaryHead,
  encodeChunkSummary,
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
  tailPrefixLengths,
} from '@dte/risk-core';

export { limitMeasuresTask, riskSnapshotTask } from './fund-tasks.ts';

/** Format tag of the frozen plan stored on a RUNNING `risk_run` row (`plan` column). */
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
  /** The run being planned: this thread keeps the plan's engine for the run's chunks. */
  runId: string;
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
 * and its chunk count. The thread keeps the engine the planning compiled (portfolio and option grid,
 * risk-core's planned-engine reuse), so the run's chunks it computes skip that work.
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
  const planJson = JSON.stringify(plan);
  remember({ key: engineKey(args.runId, planJson), plan, doc, engine: null });
  return { planJson, chunks: chunks.length };
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

/** Cache key of a run's plan: the plan text (stored verbatim in `risk_run.plan`) is fixed per run. */
const engineKey = (runId: string, planJson: string) => `${runId}:${planJson.length}`;

function remember(entry: CachedEngine): CachedEngine {
  const i = engines.findIndex((e) => e.key === entry.key);
  if (i >= 0) engines.splice(i, 1);
  engines.unshift(entry);
  engines.length = Math.min(engines.length, ENGINE_CACHE_SIZE);
  return entry;
}

function engineFor(runId: string, planJson: string): CachedEngine {
  const key = engineKey(runId, planJson);
  const found = engines.find((e) => e.key === key);
  if (found) return found;
  const plan = JSON.parse(planJson) as StoredPlan;
  if (plan.format !== PLAN_FORMAT)
    throw new Error(`run ${runId}: stored plan has format ${String(plan.format)}`);
  return remember({ key, plan, doc: parsePortfolio(plan.document), engine: null });
}

/** Arguments of {@link monteCarloChunkTask}. */
export interface ChunkArgs {
  runId: string;
  planJson: string;
  chunkIndex: number;
}

/**
 * Simulates chunk `chunkIndex` of a stored plan (`runMonteCarloChunk` on the thread's cached engine)
 * and returns its tail summary in risk-core's binary form (`encodeChunkSummary`).
 * @throws RiskInputError for a chunk outside the plan or a non-finite loss.
 */
export function monteCarloChunkTask(args: ChunkArgs): { summary: Uint8Array; paths: number } {
  const cached = engineFor(args.runId, args.planJson);
  const chunk = cached.plan.chunks[args.chunkIndex];
  if (!chunk) throw new Error(`run ${args.runId}: the plan has no chunk ${args.chunkIndex}`);
  cached.engine ??= prepareMonteCarlo(cached.doc, cached.plan.spec);
  const summary = runMonteCarloChunk(cached.engine, cached.plan.spec, chunk);
  return { summary: encodeChunkSummary(summary), paths: chunk.count };
}

/**
 * A stored chunk summary as the merge gets it: the head of a binary summary with the prefix of its
 * entries the merge needs ({@link summaryPrefixesTask}), a whole binary summary, or JSON text (rows
 * written before binary summaries).
 */
export type StoredSummary =
  | { head: Uint8Array; entries: Uint8Array }
  | { binary: Uint8Array }
  | { json: string };

/** Arguments of {@link summaryPrefixesTask}. */
export interface PrefixArgs {
  /** Heads of binary chunk summaries of one run (risk-core `summaryHeadLength` bytes each). */
  heads: Uint8Array[];
}

/**
 * Which bytes of each binary summary the merge needs: its entries from the head's end, as many as
 * risk-core's `tailPrefixLengths` says (those at or above the run's boundary). Computed over the
 * binary summaries alone, the boundary is at or below the one over every summary of the run (the
 * k-th largest of a subset is not larger), so the prefixes are also enough when JSON summaries of
 * older rows take part in the merge.
 * @throws RiskInputError for a malformed head.
 */
export function summaryPrefixesTask(args: PrefixArgs): { slices: { offset: number; length: number }[] } {
  const heads = args.heads.map((bytes) => decodeSummaryHead(bytes));
  const lengths = tailPrefixLengths(heads);
  return {
    slices: heads.map((h, i) => ({ offset: h.headBytes, length: (lengths[i] as number) * h.entryBytes })),
  };
}

/** Arguments of {@link mergeMonteCarloTask}. */
export interface MergeArgs {
  planJson: string;
  /** Chunk summaries as stored, any order. */
  summaries: StoredSummary[];
}

/**
 * Merges the stored chunk summaries of a run exactly (`mergeMonteCarlo`, after `decodeChunkSummary`
 * or `parseChunkSummary` validates each) and returns the result document as JSON text: risk-core's `VarResult` plus the
 * book it was computed on.
 * @throws RiskInputError when the summaries do not belong to the plan or do not cover every path.
 */
export function mergeMonteCarloTask(args: MergeArgs): { resultJson: string } {
  const plan = JSON.parse(args.planJson) as StoredPlan;
  const summaries = args.summaries.map((s) => {
    if ('head' in s) return completeSummary(decodeSummaryHead(s.head), s.entries);
    if ('binary' in s) return decodeChunkSummary(s.binary);
    return parseChunkSummary(JSON.parse(s.json));
  });
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
