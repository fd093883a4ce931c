import type { ResolvedCovariance } from './input/covariance.ts';

/** VaR methods. */
export type VarMethod = 'monte-carlo' | 'historical' | 'delta-normal' | 'delta-gamma';

/** A risk figure split per token and per account (each set adds up to the figure). */
export interface Contributions {
  byToken: Record<string, number>;
  byAccount: Record<string, number>;
}

/** VaR and ES at one confidence level (USD, loss positive). */
export interface VarLevel {
  confidence: number;
  /** a-quantile of the loss. */
  var: number;
  /** Mean loss at or beyond VaR. */
  es: number;
  /** Batch-means standard error of VaR (Monte Carlo, historical); null for parametric methods. */
  stdErrVar: number | null;
  /**
   * Euler allocations: component VaR (Monte Carlo / historical: mean contributions of the scenarios
   * ranked around VaR, rescaled to add up to VaR; parametric: dVaR/dw_k w_k) and component ES
   * (mean contributions over the tail set; parametric: dES/dw_k w_k).
   */
  contributions: { var: Contributions; es: Contributions };
  /** Scenarios with loss >= VaR (simulation methods). */
  tailCount?: number;
  /** Path (MC) or scenario index (historical) at the VaR rank. */
  varPath?: number;
  /** Unscaled mean loss of the ranks around VaR whose contributions are averaged. */
  varWindowMean?: number;
}

/** Summary of the simulated or modelled P&L distribution (USD). */
export interface PnlDistribution {
  meanPnl: number;
  stdPnl: number;
  minPnl: number | null;
  maxPnl: number | null;
  /** Loss quantiles at standard levels (those a run supports) and the requested ones. */
  lossQuantiles: { level: number; loss: number }[];
  /** Loss histogram (numpy.histogram bins plus out-of-range counts); null when not available. */
  lossHistogram: { edges: number[]; counts: number[]; below: number; above: number } | null;
  /** Skewness and excess kurtosis of the P&L (parametric delta-gamma). */
  skewness?: number;
  excessKurtosis?: number;
}

/** Result of every VaR method. JSON. */
export interface VarResult {
  method: VarMethod;
  horizonDays: number;
  tokens: string[];
  accounts: string[];
  /** Simulated paths (Monte Carlo) or historical scenarios; null for parametric methods. */
  paths: number | null;
  /** One per requested confidence, in the requested order (the first is the primary level). */
  levels: VarLevel[];
  distribution: PnlDistribution;
  /** Covariance used (Monte Carlo, parametric). */
  covariance?: Omit<ResolvedCovariance, 'daily'>;
  /** Method-specific details (seed, weights, window, ...). */
  details: Record<string, unknown>;
  /** Conditions the user should know about (e.g. Cornish-Fisher outside its domain). */
  warnings: string[];
}

/** Standard loss-quantile levels reported in distribution summaries. */
export const STANDARD_LEVELS: readonly number[] = [0.5, 0.9, 0.95, 0.975, 0.99, 0.995, 0.999];

/** Splits a component vector (tokens, then accounts) into named records, times `scale`. */
export function splitContributions(
  values: ArrayLike<number>,
  tokens: readonly string[],
  accounts: readonly string[],
  scale = 1,
): Contributions {
  const d = tokens.length;
  return {
    byToken: Object.fromEntries(tokens.map((t, i) => [t, (values[i] as number) * scale])),
    byAccount: Object.fromEntries(accounts.map((a, j) => [a, (values[d + j] as number) * scale])),
  };
}

/** The requested and standard levels a result reports quantiles for, ascending, >= `from`. */
export function quantileLevels(confidences: readonly number[], from: number): number[] {
  return [...new Set([...STANDARD_LEVELS, ...confidences])].filter((a) => a >= from).sort((a, b) => a - b);
}
