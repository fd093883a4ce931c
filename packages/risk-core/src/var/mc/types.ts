import type { OptionGridReport } from '../engine/option-grid.ts';
import type { CovarianceOptions, ResolvedCovariance } from '../input/covariance.ts';
import type { TailSpec } from '../tail/spec.ts';

/** Distribution of the simulated daily-covariance-scaled log returns. */
export type ReturnDistribution =
  | { kind: 'normal' }
  /**
   * Multivariate Student-t with `nu` > 2 degrees of freedom, scaled so that its covariance is
   * h x the daily covariance (elliptical t, one chi-square per path; `MultivariateStudentTSampler`
   * with `covariance` scaling).
   */
  | { kind: 'student-t'; nu: number };

/** How options are revalued on each path. */
export type OptionPricingMode = 'grid' | 'exact';

/** What the caller asks of a Monte Carlo run. */
export interface MonteCarloParams {
  /** Total paths N (>= 20; even with antithetic). */
  paths: number;
  /** Run seed (safe integer >= 0); default 7, as the reference. */
  seed?: number;
  /** Horizon h in days (> 0); default 1. */
  horizonDays?: number;
  /** Confidence levels in (0, 1); default [0.99]. */
  confidences?: number[];
  /** Default normal. */
  distribution?: ReturnDistribution;
  /** Antithetic pairs (x, -x) from one draw; default false. */
  antithetic?: boolean;
  /** Covariance source (default: `market.covariance`, else estimated from `history`). */
  covariance?: CovarianceOptions;
  /**
   * Paths per random stream segment (default 4096, even). Segment s of the run draws from the
   * Philox stream (seed, s), so results depend on (seed, N, streamPaths) only, never on how the
   * segments are grouped into chunks or threads.
   */
  streamPaths?: number;
  /**
   * Paths per work chunk, a multiple of streamPaths (default: about N/16 rounded up to whole
   * segments). A chunk's summary keeps min(chunk, ~(1 - a_min) N) losses, so chunks much smaller
   * than the kept tail only add merge work.
   */
  chunkPaths?: number;
  /**
   * Option revaluation: `exact` (default; every distinct contract priced in full on every path by
   * the fused WebAssembly kernel, see `FusedOptionValuation`) or `grid` (each token's option P&L
   * revalued in full on a fine grid of its move and interpolated by cubic Hermite pieces, error
   * ~1e-10 of notional, measured and reported; see `OptionGridValuation`).
   */
  pricing?: OptionPricingMode;
  /** Half-width (ranks) of the window around the VaR path for VaR contributions; default floor(N / 2000). */
  contributionWindow?: number;
}

/**
 * Everything every chunk of one run must agree on. Plain JSON (what a job queue carries); fixed
 * by {@link planMonteCarloRun} before any path is simulated.
 */
export interface MonteCarloRunSpec {
  format: 'dte.var-mc-run.v1';
  seed: number;
  totalPaths: number;
  streamPaths: number;
  horizonDays: number;
  confidences: number[];
  distribution: ReturnDistribution;
  antithetic: boolean;
  pricing: OptionPricingMode;
  /** Simulated tokens (the portfolio's non-stable tokens, covariance order). */
  tokens: string[];
  /** Accounts, contribution order after the tokens. */
  accounts: string[];
  /** Positions in the document the run was planned for (a cheap consistency check). */
  positions: number;
  /** The daily covariance used, with its source (given, estimated, repaired). */
  covariance: ResolvedCovariance;
  /**
   * The option grid built for this run (grid pricing): per token its cells, contracts, step and the
   * largest interpolation error of the total option P&L at the cell midpoints (USD), measured
   * against exact prices; null for exact pricing or no options.
   */
  optionGrid: OptionGridReport | null;
  /** Tail summary layout: components = tokens then accounts. */
  tail: TailSpec;
}

/**
 * One unit of work: paths [start, start + count), made of whole stream segments
 * (start = first segment x streamPaths). JSON.
 */
export interface ChunkSpec {
  /** Work-unit number (0 .. chunks - 1), for bookkeeping; the random streams are per segment. */
  chunkIndex: number;
  start: number;
  count: number;
}

/** Output of {@link planMonteCarloRun}. */
export interface MonteCarloPlan {
  spec: MonteCarloRunSpec;
  chunks: ChunkSpec[];
}
