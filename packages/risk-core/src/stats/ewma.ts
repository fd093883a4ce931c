import { RiskInputError } from '../errors.ts';
import { finiteNumber } from './guards.ts';
import type { Matrix } from './matrix.ts';
import { zeros } from './matrix.ts';

/** RiskMetrics decay factor for daily data (Technical Document, 4th ed., 1996, section 5.3.2). */
export const RISKMETRICS_DAILY_LAMBDA = 0.94;

/**
 * How the EWMA recursion is started (the RiskMetrics document leaves it to the user: its finite-sum
 * form, eq. 5.1 / Table 5.1, has weights (1 - lambda) lambda^i that sum to 1 - lambda^T):
 * - `normalized`: Sigma_T = sum_{i=0}^{T-1} w_i r_{T-i} r_{T-i}^T with w_i = (1-lambda) lambda^i / (1 - lambda^T),
 *   i.e. the recursion started from 0 and divided by the total weight (weights sum to 1 for any T).
 * - `sample` with `window` m: Sigma_m = (1/m) sum_{t<=m} r_t r_t^T (zero-mean second moment of the
 *   first m returns), then the recursion for t = m+1 .. T; the start keeps weight lambda^(T-m).
 */
export type EwmaInit = { method: 'normalized' } | { method: 'sample'; window: number };

/** Options of {@link ewmaCovariance}. */
export interface EwmaOptions {
  /** Decay factor in (0, 1); default 0.94. */
  lambda?: number;
  /** Start of the recursion; default `{ method: 'normalized' }`. */
  init?: EwmaInit;
}

/** Result of {@link ewmaCovariance}. */
export interface EwmaCovariance {
  /** Forecast covariance for the day after the last return. */
  covariance: Matrix;
  lambda: number;
  /** Weight left on the initial estimate (lambda^(T-m) for `sample`, 0 for `normalized`). */
  initWeight: number;
}

function resolve(options: EwmaOptions, t: number): { lambda: number; window: number; normalized: boolean } {
  const lambda = finiteNumber('lambda', options.lambda ?? RISKMETRICS_DAILY_LAMBDA);
  if (!(lambda > 0 && lambda < 1))
    throw new RiskInputError('OUT_OF_DOMAIN', 'lambda', lambda, 'must be in (0, 1)');
  const init = options.init ?? { method: 'normalized' };
  if (init.method === 'normalized') return { lambda, window: 0, normalized: true };
  if (init.method !== 'sample') {
    throw new RiskInputError(
      'UNSUPPORTED',
      'init.method',
      (init as { method: unknown }).method,
      "must be 'normalized' or 'sample'",
    );
  }
  const w = init.window;
  if (!Number.isSafeInteger(w) || w < 1 || w > t) {
    throw new RiskInputError(
      'OUT_OF_DOMAIN',
      'init.window',
      w,
      `must be an integer in [1, ${t}] (number of returns)`,
    );
  }
  return { lambda, window: w, normalized: false };
}

/**
 * Exponentially weighted (EWMA) covariance with zero mean, RiskMetrics Technical Document (1996)
 * eq. 5.3 / 5.4: Sigma_{t+1|t} = lambda Sigma_{t|t-1} + (1 - lambda) r_t r_t^T, started as `init` says.
 *
 * @param returns T x K log returns (rows = dates in time order).
 * @throws RiskInputError `OUT_OF_DOMAIN` for T = 0, lambda outside (0, 1) or a bad init window;
 *   `INVALID_NUMBER` for a non-finite return (named `returns[t][j]`).
 */
export function ewmaCovariance(returns: Matrix, options: EwmaOptions = {}): EwmaCovariance {
  const t = returns.rows;
  if (t === 0) throw new RiskInputError('OUT_OF_DOMAIN', 'returns.rows', 0, 'need at least one observation');
  const { lambda, window, normalized } = resolve(options, t);
  const k = returns.cols;
  const s = zeros(k, k);
  const S = s.data;
  const r = returns.data;
  for (let i = 0; i < r.length; i++) {
    if (!Number.isFinite(r[i] as number)) {
      throw new RiskInputError(
        'INVALID_NUMBER',
        `returns[${Math.floor(i / k)}][${i % k}]`,
        r[i],
        'must be finite',
      );
    }
  }
  // sample start: mean of r r^T over the first `window` rows
  for (let row = 0; row < window; row++) {
    for (let i = 0; i < k; i++) {
      const ri = r[row * k + i] as number;
      for (let j = 0; j <= i; j++)
        S[i * k + j] = (S[i * k + j] as number) + (ri * (r[row * k + j] as number)) / window;
    }
  }
  const w = 1 - lambda;
  for (let row = window; row < t; row++) {
    for (let i = 0; i < k; i++) {
      const ri = r[row * k + i] as number;
      for (let j = 0; j <= i; j++) {
        S[i * k + j] = lambda * (S[i * k + j] as number) + w * ri * (r[row * k + j] as number);
      }
    }
  }
  const scale = normalized ? 1 / (1 - lambda ** t) : 1;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      const v = (S[i * k + j] as number) * scale;
      S[i * k + j] = v;
      S[j * k + i] = v;
    }
  }
  return { covariance: s, lambda, initWeight: normalized ? 0 : lambda ** (t - window) };
}

/**
 * One-step-ahead EWMA variance forecasts of a single return series (for rolling VaR backtests):
 * `out[i]` is the forecast of the variance of return i made with returns 0 .. i-1, for i = 0 .. T
 * (`out[T]` forecasts the next, unobserved day). Entries before the start are NaN: i < 1 for
 * `normalized`, i < window for `sample`. Same recursion and starts as {@link ewmaCovariance}.
 * @throws RiskInputError as {@link ewmaCovariance} (field `returns[t]`).
 */
export function ewmaVarianceForecasts(returns: ArrayLike<number>, options: EwmaOptions = {}): Float64Array {
  const t = returns.length;
  if (t === 0)
    throw new RiskInputError('OUT_OF_DOMAIN', 'returns.length', 0, 'need at least one observation');
  const { lambda, window, normalized } = resolve(options, t);
  const out = new Float64Array(t + 1).fill(Number.NaN);
  let s = 0;
  for (let i = 0; i < t; i++) {
    const x = returns[i] as number;
    if (!Number.isFinite(x)) throw new RiskInputError('INVALID_NUMBER', `returns[${i}]`, x, 'must be finite');
    if (!normalized && i < window) {
      s += (x * x) / window;
      if (i === window - 1) out[i + 1] = s;
      continue;
    }
    s = lambda * s + (1 - lambda) * x * x;
    out[i + 1] = normalized ? s / (1 - lambda ** (i + 1)) : s;
  }
  return out;
}
