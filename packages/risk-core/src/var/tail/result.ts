/** VaR, ES and their allocation from a full set of Monte Carlo (or historical) losses. */
export interface TailRisk {
  confidence: number;
  paths: number;
  /** Inverted-cdf quantile of the loss (numpy `np.quantile(loss, a, method='inverted_cdf')`). */
  var: number;
  /** Mean loss over paths with loss >= var (the reference's `loss[loss >= var].mean()`). */
  es: number;
  /** Number of paths with loss >= var. */
  tailCount: number;
  /** Path index at the VaR rank in canonical order (loss descending, path index ascending). */
  varPath: number;
  /** Contributions of the VaR path (sum to VaR when the components add up to the loss). */
  varContributions: number[];
  /** Mean contributions over the ranks [r - w, r + w] around the VaR rank r (w = contributionWindow). */
  varContributionsSmoothed: number[];
  /** Mean loss over the same window (what the smoothed contributions add up to). */
  varSmoothed: number;
  /** Paths in the smoothing window. */
  smoothingPaths: number;
  /** Mean contributions over the ES tail set (sum to ES when components add up to the loss): Euler/component ES. */
  esContributions: number[];
  /** Batch-means standard error of VaR: std(ddof=1) of the per-batch VaRs / sqrt(batches). */
  stdErrVar: number;
  /** VaR of each batch (path-index batches of numpy.array_split). */
  batchVars: number[];
  mean: number;
  /** Sample standard deviation (ddof = 1) of the loss; NaN for one path. */
  std: number;
  min: number;
  max: number;
  histogram: { edges: number[]; counts: number[]; below: number; above: number };
}

/** Standard deviation (ddof = 1) of a short array by two passes (the reference's np.std(..., ddof=1)). */
export function batchStd(values: readonly number[]): number {
  const n = values.length;
  let s = 0;
  for (const v of values) s += v;
  const m = s / n;
  let ss = 0;
  for (const v of values) ss += (v - m) * (v - m);
  return Math.sqrt(ss / (n - 1));
}
