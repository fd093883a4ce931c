import { readFileSync } from 'node:fs';

/**
 * Typed loader of stats_reference.json, the fixture written by stats_reference.py (numpy / scipy /
 * mpmath). Tests only.
 */
type Num = number;
type Row = Num[];

export interface TailLevelRef {
  confidence: Num;
  var: Num;
  es: Num;
  tailCount: Num;
  esContributions: Row;
  stdErrVar: Num;
  batchVars: Row;
}

export interface BacktestRef {
  indicators: string;
  confidence: Num;
  exceptions: Num;
  observations: Num;
  kupiec: { statistic: Num; pValue: Num };
  transitions: { n00: Num; n01: Num; n10: Num; n11: Num };
  independence: { statistic: Num; pValue: Num };
  conditionalCoverage: { unconditional: Num; statistic: Num; pValue: Num };
  binomialCdf: Num;
}

export interface StatsReference {
  returns: {
    tokens: string[];
    dates: string[];
    closes: Row[];
    rowsChecked: Num[];
    rows: Row[];
    columnSums: Row;
    count: Num;
    sampleCovariance: Row[];
    correlation: Row[];
    ewmaNormalized: Row[];
    ewmaSample30: Row[];
    ewmaSample30InitWeight: Num;
    forecastIndices: Num[];
    btcForecastsSample30: (Num | null)[];
    btcForecastsNormalized: (Num | null)[];
    moments: Record<string, { mean: Num; variance: Num; skewness: Num; excessKurtosis: Num }>;
  };
  studentT: {
    cdf: { t: Num; nu: Num; cdf: Num; sf: Num }[];
    pdf: { t: Num; nu: Num; pdf: Num }[];
    quantile: { p: Num; nu: Num; x: Num }[];
  };
  chiSquare: {
    cdf: { x: Num; k: Num; cdf: Num; sf: Num; pdf: Num }[];
    quantile: { p: Num; k: Num; x: Num }[];
    isf: { q: Num; k: Num; x: Num }[];
  };
  binomial: { x: Num; n: Num; p: Num; cdf: Num; sf: Num }[];
  logGamma: { x: Num; lgamma: Num }[];
  cornishFisher: {
    formula: { p: Num; s: Num; k: Num; w: Num }[];
    chiSquare: { dof: Num; p: Num; exact: Num; s: Num; k: Num }[];
  };
  tail: {
    n: Num;
    seed: Num;
    scales: Row;
    levels: TailLevelRef[];
    ties: TailLevelRef[];
    mean: Num;
    std: Num;
    min: Num;
    max: Num;
    fsum: Num;
    fsumSquares: Num;
    histogramEdges: Row;
    histogramCounts: Num[];
    histogramBelow: Num;
    histogramAbove: Num;
  };
  exactSum: { seed: Num; count: Num; cancelFirst: Num; fsum: Num; fsumFirst100: Num; naiveSum: Num };
  backtest: { description: string; full: BacktestRef; last250: BacktestRef };
}

export const statsReference: StatsReference = JSON.parse(
  readFileSync(new URL('./stats_reference.json', import.meta.url), 'utf8'),
) as StatsReference;

/** The LCG of stats_reference.py (MINSTD, a = 48271, m = 2^31 - 1), exact in doubles. */
export function minstd(seed: number): () => number {
  let state = seed;
  return () => {
    state = (48271 * state) % 2147483647;
    return state;
  };
}

/**
 * The tail sample of stats_reference.py, reproduced operation by operation (so bit-identical):
 * K = 3 components c_k = y_k + 0.25 y_k^2 (k - 1), y_k = (sum of 4 uniforms - 2) * scale_k,
 * loss = (c0 + c1) + c2.
 */
export function tailSample(
  n: number,
  seed: number,
  scales: readonly number[],
): { losses: Float64Array; contributions: Float64Array } {
  const next = minstd(seed);
  const losses = new Float64Array(n);
  const contributions = new Float64Array(n * 3);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < 3; k++) {
      let acc = 0;
      for (let j = 0; j < 4; j++) acc = acc + next() / 2147483647;
      const y = (acc - 2.0) * (scales[k] as number);
      contributions[i * 3 + k] = y + 0.25 * y * y * (k - 1);
    }
    losses[i] =
      (contributions[i * 3] as number) +
      (contributions[i * 3 + 1] as number) +
      (contributions[i * 3 + 2] as number);
  }
  return { losses, contributions };
}
