import { RiskInputError } from '../../errors.ts';
import type { PortfolioDocument } from '../../portfolio/types.ts';
import { MultivariateNormalSampler, MultivariateStudentTSampler } from '../../rng/multivariate.ts';
import type { RandomSource } from '../../rng/source.ts';
import { PhiloxStream } from '../../rng/stream.ts';
import { cholesky } from '../../stats/cholesky.ts';
import { compilePortfolio } from '../compile/compile.ts';
import type { CompiledPortfolio } from '../compile/types.ts';
import { OptionGridValuation } from '../engine/option-grid.ts';
import { ExactOptionValuation } from '../engine/option-valuation.ts';
import type { ContractPricerFactory } from '../engine/pricer.ts';
import { defaultBlockPaths, PortfolioRevaluer } from '../engine/revaluer.ts';
import { TailAccumulator } from '../tail/accumulator.ts';
import type { ChunkSummary } from '../tail/summary.ts';
import type { ChunkSpec, MonteCarloRunSpec } from './types.ts';

/** The option grid covers ln g within +-GRID_SDS standard deviations (beyond: exact pricing). */
const GRID_SDS = 7;
/** Paths per block with the grid (no per-contract buffers). */
const GRID_BLOCK_PATHS = 256;

interface Sampler {
  sampleInto(rng: RandomSource, out: Float64Array, offset?: number): void;
}

/** A portfolio compiled for one run spec, reusable across its chunks (e.g. cached by a worker). */
export interface MonteCarloEngine {
  readonly kind: 'dte.var-mc-engine';
  readonly spec: MonteCarloRunSpec;
  readonly compiled: CompiledPortfolio;
  readonly revaluer: PortfolioRevaluer;
  readonly sampler: Sampler;
  /** h sigma_i^2 / 2 per token: the lognormal drift correction. */
  readonly halfVariance: Float64Array;
}

/**
 * Compiles `doc` for the run `spec` (tokens, accounts, horizon of the spec) and builds the
 * sampler: x = L z with L = cholesky(h x daily covariance) (semidefinite allowed), or the
 * elliptical Student-t with covariance scaling.
 *
 * @param pricerFactory option pricing kernel (default `defaultPricer`: WebAssembly SIMD).
 * @throws RiskInputError when the document does not match the spec (`positions`, tokens,
 *   accounts) or is invalid.
 */
export function prepareMonteCarlo(
  doc: PortfolioDocument,
  spec: MonteCarloRunSpec,
  pricerFactory?: ContractPricerFactory,
): MonteCarloEngine {
  const planned = pricerFactory === undefined ? PLANNED.get(spec) : undefined;
  if (planned !== undefined && planned.doc === doc) return planned.engine;
  return buildEngine(doc, spec, undefined, pricerFactory);
}

/**
 * Engines built while planning, by spec object: an in-process run of the same (doc, spec) reuses
 * the plan's compilation and option grid instead of building them again.
 */
const PLANNED = new WeakMap<MonteCarloRunSpec, { doc: PortfolioDocument; engine: MonteCarloEngine }>();

/** Records the engine the plan built for (doc, spec). @internal */
export function rememberPlannedEngine(
  doc: PortfolioDocument,
  spec: MonteCarloRunSpec,
  engine: MonteCarloEngine,
): void {
  PLANNED.set(spec, { doc, engine });
}

/**
 * {@link prepareMonteCarlo} from an optional compilation and revaluer already built for the spec.
 * @internal
 */
export function buildEngine(
  doc: PortfolioDocument,
  spec: MonteCarloRunSpec,
  built?: { compiled: CompiledPortfolio; revaluer: PortfolioRevaluer },
  pricerFactory?: ContractPricerFactory,
): MonteCarloEngine {
  if (doc.positions.length !== spec.positions) {
    throw new RiskInputError(
      'MALFORMED_DOCUMENT',
      'positions',
      doc.positions.length,
      `the run was planned for ${spec.positions} positions`,
    );
  }
  const compiled =
    built?.compiled ??
    compilePortfolio(doc, {
      horizonDays: spec.horizonDays,
      tokens: spec.tokens,
      accounts: spec.accounts,
    });
  const d = spec.tokens.length;
  const h = spec.horizonDays;
  const scaled = Float64Array.from(spec.covariance.daily.flat(), (v) => v * h);
  const l = cholesky(
    { rows: d, cols: d, data: scaled },
    { name: 'covariance', semidefiniteTolerance: 1e-12 },
  );
  const sampler: Sampler =
    spec.distribution.kind === 'student-t'
      ? new MultivariateStudentTSampler(l, spec.distribution.nu, 'covariance')
      : new MultivariateNormalSampler(l);
  const halfVariance = Float64Array.from({ length: d }, (_, i) => 0.5 * (scaled[i * d + i] as number));
  const revaluer = built?.revaluer ?? createRevaluer(compiled, spec, pricerFactory);
  return {
    kind: 'dte.var-mc-engine',
    spec,
    compiled,
    revaluer,
    sampler,
    halfVariance,
  };
}

/**
 * The revaluation engine of a run: exact option pricing, or the option grid over ln g within
 * +-GRID_SDS standard deviations of the horizon return (paths beyond it are priced exactly).
 * `checkGrid` measures the grid's interpolation error (done once, when the run is planned).
 */
export function createRevaluer(
  compiled: CompiledPortfolio,
  spec: MonteCarloRunSpec,
  pricerFactory?: ContractPricerFactory,
  checkGrid = false,
): PortfolioRevaluer {
  const d = spec.tokens.length;
  const h = spec.horizonDays;
  const variance = (i: number) => h * (spec.covariance.daily[i]?.[i] as number);
  const center = Float64Array.from({ length: d }, (_, i) => -0.5 * variance(i));
  const sd = Float64Array.from({ length: d }, (_, i) => Math.sqrt(variance(i)));
  if (spec.pricing === 'grid') {
    return new PortfolioRevaluer(
      compiled,
      (contracts, dim, maxPaths) =>
        new OptionGridValuation(contracts, dim, maxPaths, {
          lo: center.map((c, i) => c - GRID_SDS * (sd[i] as number)),
          hi: center.map((c, i) => c + GRID_SDS * (sd[i] as number)),
          check: checkGrid,
          ...(pricerFactory ? { pricerFactory } : {}),
        }),
      GRID_BLOCK_PATHS,
    );
  }
  if (pricerFactory === undefined) return new PortfolioRevaluer(compiled);
  return new PortfolioRevaluer(
    compiled,
    (contracts, dim, maxPaths) => new ExactOptionValuation(contracts, dim, maxPaths, pricerFactory),
    defaultBlockPaths(compiled.options.count),
  );
}

/** Options of {@link runMonteCarloChunk}. */
export interface ChunkRunOptions {
  /** Called after each block with the paths of this chunk done so far. */
  onProgress?: (pathsDone: number) => void;
  pricerFactory?: ContractPricerFactory;
}

function checkChunk(spec: MonteCarloRunSpec, chunk: ChunkSpec): void {
  const { start, count } = chunk;
  if (!Number.isSafeInteger(start) || start < 0 || start % spec.streamPaths !== 0) {
    throw new RiskInputError(
      'OUT_OF_DOMAIN',
      'chunk.start',
      start,
      `must be a multiple of streamPaths (${spec.streamPaths})`,
    );
  }
  const end = start + count;
  if (!Number.isSafeInteger(count) || count < 1 || end > spec.totalPaths) {
    throw new RiskInputError(
      'OUT_OF_DOMAIN',
      'chunk.count',
      count,
      `must be >= 1 with start + count <= ${spec.totalPaths}`,
    );
  }
  if (end !== spec.totalPaths && end % spec.streamPaths !== 0) {
    throw new RiskInputError(
      'OUT_OF_DOMAIN',
      'chunk.count',
      count,
      'a chunk must end on a stream segment boundary',
    );
  }
}

/**
 * Simulates the paths of one chunk and returns their mergeable tail summary (plain JSON): for each
 * stream segment s of the chunk, the Philox stream (seed, s) draws the paths in order; per path
 * x ~ N(0, h Sigma) (or the Student-t), every spot and forward of token i is moved by
 * exp(x_i - h sigma_i^2 / 2), the portfolio is revalued in full (`PortfolioRevaluer`) and the loss
 * with its per-token and per-account contributions goes into a `TailAccumulator`. With antithetic
 * pairs, path 2j + 1 of a segment is the mirror -x of path 2j. Only one block of paths is held in
 * memory (never a positions x paths matrix).
 *
 * @param source the document (compiled here) or an engine from {@link prepareMonteCarlo} (reuse it
 *   for many chunks).
 * @throws RiskInputError for a chunk outside the run or not aligned on stream segments, a document
 *   that does not match the spec, or a non-finite loss (e.g. an overflowing Student-t draw).
 */
export function runMonteCarloChunk(
  source: PortfolioDocument | MonteCarloEngine,
  spec: MonteCarloRunSpec,
  chunk: ChunkSpec,
  options: ChunkRunOptions = {},
): ChunkSummary {
  checkChunk(spec, chunk);
  const engine =
    'kind' in source && source.kind === 'dte.var-mc-engine'
      ? source
      : prepareMonteCarlo(source as PortfolioDocument, spec, options.pricerFactory);
  if (engine.spec !== spec && JSON.stringify(engine.spec) !== JSON.stringify(spec)) {
    throw new RiskInputError(
      'MALFORMED_DOCUMENT',
      'spec',
      spec.format,
      'the engine was prepared for another run spec',
    );
  }
  const { revaluer, sampler, halfVariance } = engine;
  const d = revaluer.dimension;
  const k = revaluer.components;
  const block = revaluer.maxPaths;
  const logG = new Float64Array(block * d);
  const loss = new Float64Array(block);
  const contributions = new Float64Array(block * k);
  const acc = new TailAccumulator(spec.tail, { start: chunk.start, count: chunk.count });
  const end = chunk.start + chunk.count;
  const seg = spec.streamPaths;
  let done = 0;
  for (let segStart = chunk.start; segStart < end; segStart += seg) {
    const stream = new PhiloxStream(spec.seed, segStart / seg);
    const segEnd = Math.min(segStart + seg, end);
    for (let b0 = segStart; b0 < segEnd; b0 += block) {
      const n = Math.min(block, segEnd - b0);
      const step = spec.antithetic ? 2 : 1;
      for (let p = 0; p < n; p += step) {
        const row = p * d;
        sampler.sampleInto(stream, logG, row);
        for (let i = 0; i < d; i++) {
          const x = logG[row + i] as number;
          const hv = halfVariance[i] as number;
          logG[row + i] = x - hv;
          if (step === 2) logG[row + d + i] = -x - hv;
        }
      }
      revaluer.evaluate(logG, n, loss, contributions);
      for (let p = 0; p < n; p++) acc.add(loss[p] as number, contributions, p * k);
      done += n;
      options.onProgress?.(done);
    }
  }
  return acc.finish();
}
