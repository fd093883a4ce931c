import { RiskInputError } from '../errors.ts';
import { chiSquareSf } from '../stats/chi-square.ts';
import { checkIndicator, xlogy } from './exceptions.ts';

/** Transition counts n_ij = #{t : I_{t-1} = i, I_t = j} of an exception series. */
export interface TransitionCounts {
  n00: number;
  n01: number;
  n10: number;
  n11: number;
}

/** Christoffersen independence test result. */
export interface IndependenceResult extends TransitionCounts {
  /** P(exception | no exception yesterday) = n01 / (n00 + n01). */
  pi01: number;
  /** P(exception | exception yesterday) = n11 / (n10 + n11) (NaN when there is no such day). */
  pi11: number;
  /** Unconditional rate over the T - 1 transitions, (n01 + n11) / (T - 1). */
  pi: number;
  /** LR_ind, asymptotically chi-square(1). */
  statistic: number;
  pValue: number;
}

/** Christoffersen conditional coverage test result. */
export interface ConditionalCoverageResult {
  /** LR_uc on the T - 1 transitions (the first day conditioned on, as in Christoffersen 1998). */
  unconditional: number;
  independence: IndependenceResult;
  /** LR_cc = LR_uc + LR_ind, asymptotically chi-square(2). */
  statistic: number;
  pValue: number;
}

/**
 * Counts day-to-day transitions of a 0/1 exception series.
 * @throws RiskInputError `OUT_OF_DOMAIN` for fewer than 2 days or a value other than 0/1 (named `indicators[t]`).
 */
export function transitionCounts(indicators: ArrayLike<number>): TransitionCounts {
  if (indicators.length < 2) {
    throw new RiskInputError('OUT_OF_DOMAIN', 'indicators.length', indicators.length, 'need at least 2 days');
  }
  const c = { n00: 0, n01: 0, n10: 0, n11: 0 };
  let prev = checkIndicator(indicators, 0);
  for (let t = 1; t < indicators.length; t++) {
    const cur = checkIndicator(indicators, t);
    if (prev === 0) {
      if (cur === 0) c.n00++;
      else c.n01++;
    } else if (cur === 0) c.n10++;
    else c.n11++;
    prev = cur;
  }
  return c;
}

function markovLogLikelihood(c: TransitionCounts): number {
  const row0 = c.n00 + c.n01;
  const row1 = c.n10 + c.n11;
  const pi01 = row0 > 0 ? c.n01 / row0 : 0;
  const pi11 = row1 > 0 ? c.n11 / row1 : 0;
  return xlogy(c.n00, 1 - pi01) + xlogy(c.n01, pi01) + xlogy(c.n10, 1 - pi11) + xlogy(c.n11, pi11);
}

/**
 * Christoffersen (1998) independence test ("Evaluating interval forecasts", International Economic
 * Review 39(4), 841-862, section 3.2): first-order Markov alternative against independence,
 *
 *   LR_ind = -2 ln[(1-pi)^(n00+n10) pi^(n01+n11)]
 *            + 2 ln[(1-pi01)^n00 pi01^n01 (1-pi11)^n10 pi11^n11],
 *
 * with 0 ln 0 = 0; p-value from chi-square(1).
 * @param indicators 0/1 exception series (>= 2 days), e.g. from {@link exceptionIndicators}.
 * @throws RiskInputError as {@link transitionCounts}.
 */
export function christoffersenIndependence(indicators: ArrayLike<number>): IndependenceResult {
  const c = transitionCounts(indicators);
  const n = c.n00 + c.n01 + c.n10 + c.n11;
  const ones = c.n01 + c.n11;
  const pi = ones / n;
  const logL0 = xlogy(n - ones, 1 - pi) + xlogy(ones, pi);
  const statistic = Math.max(0, -2 * (logL0 - markovLogLikelihood(c)));
  return {
    ...c,
    pi01: c.n00 + c.n01 > 0 ? c.n01 / (c.n00 + c.n01) : Number.NaN,
    pi11: c.n10 + c.n11 > 0 ? c.n11 / (c.n10 + c.n11) : Number.NaN,
    pi,
    statistic,
    pValue: chiSquareSf(statistic, 1),
  };
}

/**
 * Christoffersen (1998) conditional coverage test, section 3.3:
 * LR_cc = -2 ln[(1-p)^(n00+n10) p^(n01+n11)] + 2 ln L(Pi_1) = LR_uc + LR_ind, both parts on the
 * T - 1 transitions (it differs from Kupiec's LR_POF over all T days + LR_ind only through the
 * first day). p-value from chi-square(2).
 * @param indicators 0/1 exception series (>= 2 days).
 * @param confidence VaR confidence level in (0, 1); p = 1 - confidence.
 * @throws RiskInputError as {@link transitionCounts}, or for a confidence outside (0, 1).
 */
export function christoffersenConditionalCoverage(
  indicators: ArrayLike<number>,
  confidence: number,
): ConditionalCoverageResult {
  if (typeof confidence !== 'number' || !(confidence > 0 && confidence < 1)) {
    throw new RiskInputError('OUT_OF_DOMAIN', 'confidence', confidence, 'must be strictly between 0 and 1');
  }
  const independence = christoffersenIndependence(indicators);
  const p = 1 - confidence;
  const n = indicators.length - 1;
  const ones = independence.n01 + independence.n11;
  const logLp = (n - ones) * Math.log1p(-p) + xlogy(ones, p);
  const logLpi = xlogy(n - ones, 1 - ones / n) + xlogy(ones, ones / n);
  const unconditional = Math.max(0, -2 * (logLp - logLpi));
  const statistic = Math.max(0, -2 * (logLp - markovLogLikelihood(independence)));
  return { unconditional, independence, statistic, pValue: chiSquareSf(statistic, 2) };
}
