import { RiskInputError } from '../errors.ts';
import { chiSquareSf } from '../stats/chi-square.ts';
import { xlogy } from './exceptions.ts';

/** Kupiec proportion-of-failures test result. */
export interface KupiecResult {
  exceptions: number;
  observations: number;
  /** Expected exception rate p = 1 - confidence. */
  expectedRate: number;
  /** Observed rate x / T. */
  observedRate: number;
  /** LR_POF, asymptotically chi-square(1) under H0: rate = p. */
  statistic: number;
  /** P(chi2(1) > statistic). */
  pValue: number;
}

/**
 * Kupiec (1995) proportion-of-failures likelihood-ratio test ("Techniques for verifying the accuracy
 * of risk measurement models", Journal of Derivatives 3(2), 73-84):
 *
 *   LR_POF = -2 ln[(1-p)^(T-x) p^x] + 2 ln[(1 - x/T)^(T-x) (x/T)^x],  p = 1 - confidence,
 *
 * with 0 ln 0 = 0 (so x = 0 gives -2 T ln(1-p)); p-value from chi-square(1).
 *
 * @param exceptions x, integer in [0, T].
 * @param observations T, integer >= 1.
 * @param confidence VaR confidence level in (0, 1), e.g. 0.99.
 * @throws RiskInputError naming the field for non-integers or values out of range.
 */
export function kupiecPof(exceptions: number, observations: number, confidence: number): KupiecResult {
  const t = observations;
  if (!Number.isSafeInteger(t) || t < 1) {
    throw new RiskInputError('OUT_OF_DOMAIN', 'observations', t, 'must be an integer >= 1');
  }
  const x = exceptions;
  if (!Number.isSafeInteger(x) || x < 0 || x > t) {
    throw new RiskInputError('OUT_OF_DOMAIN', 'exceptions', x, `must be an integer in [0, ${t}]`);
  }
  if (typeof confidence !== 'number' || !(confidence > 0 && confidence < 1)) {
    throw new RiskInputError('OUT_OF_DOMAIN', 'confidence', confidence, 'must be strictly between 0 and 1');
  }
  const p = 1 - confidence;
  const rate = x / t;
  const logL0 = (t - x) * Math.log1p(-p) + xlogy(x, p);
  const logL1 = xlogy(t - x, (t - x) / t) + xlogy(x, rate);
  const statistic = Math.max(0, -2 * (logL0 - logL1));
  return {
    exceptions: x,
    observations: t,
    expectedRate: p,
    observedRate: rate,
    statistic,
    pValue: chiSquareSf(statistic, 1),
  };
}
