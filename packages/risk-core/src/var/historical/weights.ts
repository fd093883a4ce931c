import { ewmaVarianceForecasts } from '../../stats/ewma.ts';
import type { Matrix } from '../../stats/matrix.ts';

/**
 * Age weights of Boudoukh, Richardson & Whitelaw ("The best of both worlds: a hybrid approach to
 * calculating value at risk", Risk 11(5), 1998): scenario of age k (0 = the most recent) has
 * probability w_k = lambda^k (1 - lambda) / (1 - lambda^n); they sum to 1.
 *
 * @param ages age of each scenario in days (0 = newest).
 */
export function ageWeights(ages: readonly number[], lambda: number): Float64Array {
  const n = ages.length;
  const norm = (1 - lambda) / (1 - lambda ** n);
  return Float64Array.from(ages, (k) => lambda ** k * norm);
}

/**
 * Volatility-weighted returns of Hull & White ("Incorporating volatility updating into the
 * historical simulation method for value-at-risk", J. Risk 1(1), 1998): each token's daily log return
 * of day t is rescaled by sigma_{T+1} / sigma_t, where sigma_t^2 is the EWMA variance forecast for
 * day t made with the returns before t and sigma_{T+1}^2 the forecast for the day after the window
 * (RiskMetrics recursion, `ewmaVarianceForecasts`, normalized start).
 *
 * @param returns T x K daily log returns (time order) including a burn-in of `burnIn` leading rows
 *   used only to start the EWMA.
 * @returns the (T - burnIn) x K rescaled returns of the rows after the burn-in, and the current
 *   volatility sigma_{T+1} per token.
 */
export function volatilityWeighted(
  returns: Matrix,
  burnIn: number,
  lambda: number,
): { returns: Matrix; currentVol: Float64Array } {
  const t = returns.rows;
  const k = returns.cols;
  const rows = t - burnIn;
  const out = new Float64Array(rows * k);
  const currentVol = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    const col = Float64Array.from({ length: t }, (_, i) => returns.data[i * k + j] as number);
    const f = ewmaVarianceForecasts(col, { lambda });
    const now = Math.sqrt(f[t] as number);
    currentVol[j] = now;
    for (let i = burnIn; i < t; i++) {
      const then = Math.sqrt(f[i] as number);
      out[(i - burnIn) * k + j] = then > 0 ? ((col[i] as number) * now) / then : 0;
    }
  }
  return { returns: { rows, cols: k, data: out }, currentVol };
}
