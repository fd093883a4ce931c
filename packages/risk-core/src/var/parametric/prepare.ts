import { RiskInputError } from '../../errors.ts';
import type { PortfolioDocument } from '../../portfolio/types.ts';
import { compilePortfolio, portfolioAxes } from '../compile/compile.ts';
import type { CovarianceOptions, ResolvedCovariance } from '../input/covariance.ts';
import { resolveCovariance } from '../input/covariance.ts';
import { checkConfidences, checkHorizon } from '../input/params.ts';
import type { LogQuadratic } from './quadratic.ts';
import { toLogQuadratic } from './quadratic.ts';
import { portfolioSensitivities } from './sensitivities.ts';

/** Parameters of the parametric methods. */
export interface ParametricParams {
  /** Horizon h in days (> 0); default 1. */
  horizonDays?: number;
  /** Default [0.99]. */
  confidences?: number[];
  covariance?: CovarianceOptions;
}

/** What both parametric methods start from. */
export interface ParametricInputs {
  horizonDays: number;
  confidences: number[];
  tokens: string[];
  accounts: string[];
  covariance: ResolvedCovariance;
  /** h x daily covariance, d x d row-major. */
  horizonCov: Float64Array;
  total: LogQuadratic;
  byToken: LogQuadratic[];
  byAccount: LogQuadratic[];
}

/**
 * Validates the parameters, resolves the covariance, compiles the portfolio and expands its P&L to
 * second order in the log returns (`portfolioSensitivities`, `toLogQuadratic`), in total and per
 * token and account (the components add up to the total).
 *
 * @throws RiskInputError as `resolveCovariance` / `compilePortfolio`, for horizonDays <= 0 or
 *   confidences outside (0, 1).
 */
export function prepareParametric(doc: PortfolioDocument, params: ParametricParams): ParametricInputs {
  const horizonDays = checkHorizon(params.horizonDays ?? 1);
  const confidences = checkConfidences(params.confidences ?? [0.99]);
  const { tokens, accounts } = portfolioAxes(doc);
  if (tokens.length === 0) {
    throw new RiskInputError(
      'OUT_OF_DOMAIN',
      'positions',
      doc.positions.length,
      'no position depends on a non-stable token',
    );
  }
  const covariance = resolveCovariance(doc, tokens, params.covariance);
  const daily = Float64Array.from(covariance.daily.flat());
  const compiled = compilePortfolio(doc, { horizonDays, tokens, accounts });
  const s = portfolioSensitivities(compiled);
  const log = (q: typeof s.total) => toLogQuadratic(q, daily, horizonDays);
  return {
    horizonDays,
    confidences,
    tokens,
    accounts,
    covariance,
    horizonCov: daily.map((v) => v * horizonDays),
    total: log(s.total),
    byToken: s.byToken.map(log),
    byAccount: s.byAccount.map(log),
  };
}

/** The sum of `parts` with part k scaled by scales[k] (for Euler allocation by differentiation). */
export function scaledSum(
  parts: readonly LogQuadratic[],
  scales: ArrayLike<number>,
  d: number,
): LogQuadratic {
  const a = new Float64Array(d);
  const b = new Float64Array(d * d);
  let c = 0;
  parts.forEach((q, k) => {
    const w = scales[k] as number;
    c += w * q.c;
    for (let i = 0; i < d; i++) a[i] = (a[i] as number) + w * (q.a[i] as number);
    for (let i = 0; i < d * d; i++) b[i] = (b[i] as number) + w * (q.b[i] as number);
  });
  return { c, a, b };
}
