import { RiskInputError } from '../../errors.ts';
import type { PortfolioDocument } from '../../portfolio/types.ts';
import { compilePortfolio } from '../compile/compile.ts';
import { OptionGridValuation } from '../engine/option-grid.ts';
import { resolveCovariance } from '../input/covariance.ts';
import { checkConfidences, checkHorizon, checkInteger } from '../input/params.ts';
import { quadraticCumulants, toLogQuadratic } from '../parametric/quadratic.ts';
import { portfolioSensitivities } from '../parametric/sensitivities.ts';
import { createTailSpec } from '../tail/spec.ts';
import { buildEngine, createRevaluer, rememberPlannedEngine } from './chunk.ts';
import type {
  ChunkSpec,
  MonteCarloParams,
  MonteCarloPlan,
  MonteCarloRunSpec,
  ReturnDistribution,
} from './types.ts';

/** Default paths per random stream segment. */
export const DEFAULT_STREAM_PATHS = 4096;
/** Default number of work chunks (fewer when N is small: chunks hold whole segments). */
export const DEFAULT_CHUNKS = 16;
/** Loss histogram bins of a run, over the delta-gamma mean +- 8 standard deviations. */
export const HISTOGRAM_BINS = 64;

function checkDistribution(dist: ReturnDistribution | undefined): ReturnDistribution {
  if (dist === undefined || dist.kind === 'normal') return { kind: 'normal' };
  if (dist.kind !== 'student-t') {
    throw new RiskInputError(
      'UNSUPPORTED',
      'distribution.kind',
      (dist as { kind: unknown }).kind,
      "must be 'normal' or 'student-t'",
    );
  }
  const nu = dist.nu;
  if (typeof nu !== 'number' || !Number.isFinite(nu)) {
    throw new RiskInputError('INVALID_NUMBER', 'distribution.nu', nu, 'must be a finite number');
  }
  if (!(nu > 2)) {
    throw new RiskInputError(
      'OUT_OF_DOMAIN',
      'distribution.nu',
      nu,
      'must be > 2 (the covariance must exist)',
    );
  }
  return { kind: 'student-t', nu };
}

/**
 * Histogram edges fixed before simulating: HISTOGRAM_BINS bins over mean +- 8 sd of the loss under
 * the delta-gamma approximation (so the bins follow the portfolio's scale); losses beyond go to
 * the below/above counts.
 */
function histogramEdges(mean: number, sd: number): number[] {
  const width = sd > 0 && Number.isFinite(sd) ? 8 * sd : Math.max(1, Math.abs(mean));
  const lo = mean - width;
  return Array.from({ length: HISTOGRAM_BINS + 1 }, (_, i) => lo + (2 * width * i) / HISTOGRAM_BINS);
}

/**
 * Plans a distributable Monte Carlo VaR/ES run (spec portfolio-format.md "Value-at-Risk request"):
 * validates the parameters, resolves the covariance (given, or estimated from history; see
 * `resolveCovariance`), fixes the tail summary layout (`createTailSpec`: components = tokens then
 * accounts, 20 batches, histogram, contribution window) and cuts the N paths into stream segments
 * of `streamPaths` and work chunks of whole segments. Hand `spec` and one `ChunkSpec` to each worker
 * (`runMonteCarloChunk`), then `mergeMonteCarlo(spec, summaries)`.
 *
 * @throws RiskInputError naming the parameter: `paths` (integer >= 20, even with antithetic),
 *   `seed` (safe integer >= 0), `horizonDays` (> 0), `confidences[i]` (in (0, 1)),
 *   `distribution.nu` (> 2), `streamPaths` (even integer >= 2), `chunkPaths` (multiple of
 *   streamPaths), the covariance errors of `resolveCovariance`, and the document's errors.
 */
export function planMonteCarloRun(doc: PortfolioDocument, params: MonteCarloParams): MonteCarloPlan {
  const paths = checkInteger('paths', params.paths, 20);
  const seed = checkInteger('seed', params.seed ?? 7, 0);
  const horizonDays = checkHorizon(params.horizonDays ?? 1);
  const confidences = checkConfidences(params.confidences ?? [0.99]);
  const distribution = checkDistribution(params.distribution);
  const antithetic = params.antithetic ?? false;
  if (antithetic && paths % 2 !== 0) {
    throw new RiskInputError('OUT_OF_DOMAIN', 'paths', paths, 'must be even with antithetic pairs');
  }
  const pricing = params.pricing ?? 'exact';
  if (pricing !== 'grid' && pricing !== 'exact') {
    throw new RiskInputError('UNSUPPORTED', 'pricing', pricing, "must be 'grid' or 'exact'");
  }
  const streamPaths = checkInteger('streamPaths', params.streamPaths ?? DEFAULT_STREAM_PATHS, 2);
  if (streamPaths % 2 !== 0)
    throw new RiskInputError('OUT_OF_DOMAIN', 'streamPaths', streamPaths, 'must be even');
  const defaultChunk = Math.max(1, Math.ceil(paths / DEFAULT_CHUNKS / streamPaths)) * streamPaths;
  const chunkPaths = checkInteger('chunkPaths', params.chunkPaths ?? defaultChunk, streamPaths);
  if (chunkPaths % streamPaths !== 0) {
    throw new RiskInputError(
      'OUT_OF_DOMAIN',
      'chunkPaths',
      chunkPaths,
      `must be a multiple of streamPaths (${streamPaths})`,
    );
  }
  const window = checkInteger('contributionWindow', params.contributionWindow ?? Math.floor(paths / 2000), 0);

  const compiled = compilePortfolio(doc, { horizonDays });
  const { tokens, accounts } = compiled;
  if (tokens.length === 0) {
    throw new RiskInputError(
      'OUT_OF_DOMAIN',
      'positions',
      doc.positions.length,
      'no position depends on a non-stable token: nothing to simulate',
    );
  }
  const covariance = resolveCovariance(doc, tokens, params.covariance);
  const d = tokens.length;
  const cov = Float64Array.from(covariance.daily.flat());
  const q = toLogQuadratic(portfolioSensitivities(compiled).total, cov, horizonDays);
  const k = quadraticCumulants(
    q,
    cov.map((v) => v * horizonDays),
  );
  const tail = createTailSpec({
    totalPaths: paths,
    minConfidence: Math.min(...confidences),
    components: d + accounts.length,
    batches: 20,
    histogramEdges: histogramEdges(-k.k1, Math.sqrt(Math.max(k.k2, 0))),
    contributionWindow: window,
  });
  const chunks: ChunkSpec[] = [];
  const spec: MonteCarloRunSpec = {
    format: 'dte.var-mc-run.v1',
    seed,
    totalPaths: paths,
    streamPaths,
    horizonDays,
    confidences,
    distribution,
    antithetic,
    pricing,
    tokens,
    accounts,
    positions: doc.positions.length,
    covariance,
    optionGrid: null,
    tail,
  };
  // The revaluer built here (with the grid's error check) serves an in-process run of this plan.
  const revaluer = createRevaluer(compiled, spec, undefined, true);
  if (revaluer.options instanceof OptionGridValuation) {
    const report = revaluer.options.report;
    spec.optionGrid = {
      ...report,
      tokens: report.tokens.map((t) => ({ ...t, symbol: tokens[t.token] as string })),
    };
  }
  rememberPlannedEngine(doc, spec, buildEngine(doc, spec, { compiled, revaluer }));
  for (let start = 0; start < paths; start += chunkPaths) {
    chunks.push({ chunkIndex: chunks.length, start, count: Math.min(chunkPaths, paths - start) });
  }
  return { spec, chunks };
}
