import { RiskInputError } from '../errors.ts';
import type { Matrix } from './matrix.ts';
import { requireSquare, zeros } from './matrix.ts';

/** Correlation matrix and volatilities of a covariance matrix. */
export interface CorrelationDecomposition {
  correlation: Matrix;
  /** sqrt of the diagonal of the covariance (same units as the returns, e.g. daily). */
  volatilities: Float64Array;
}

/**
 * rho_ij = C_ij / sqrt(C_ii C_jj); the diagonal is set to exactly 1.
 * @param name matrix name for errors (default `covariance`).
 * @throws RiskInputError `OUT_OF_DOMAIN` naming `name[i][i]` when a variance is not > 0.
 */
export function covarianceToCorrelation(cov: Matrix, name = 'covariance'): CorrelationDecomposition {
  const n = requireSquare(cov, name);
  const vol = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = cov.data[i * n + i] as number;
    if (!(v > 0) || !Number.isFinite(v)) {
      throw new RiskInputError('OUT_OF_DOMAIN', `${name}[${i}][${i}]`, v, 'variance must be finite and > 0');
    }
    vol[i] = Math.sqrt(v);
  }
  const corr = zeros(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      corr.data[i * n + j] =
        i === j ? 1 : (cov.data[i * n + j] as number) / ((vol[i] as number) * (vol[j] as number));
    }
  }
  return { correlation: corr, volatilities: vol };
}

/**
 * C_ij = rho_ij sigma_i sigma_j.
 * @throws RiskInputError `MALFORMED_DOCUMENT` when the sizes differ, `OUT_OF_DOMAIN` for a negative
 *   or non-finite volatility (named `volatilities[i]`).
 */
export function correlationToCovariance(corr: Matrix, volatilities: ArrayLike<number>): Matrix {
  const n = requireSquare(corr, 'correlation');
  if (volatilities.length !== n) {
    throw new RiskInputError(
      'MALFORMED_DOCUMENT',
      'volatilities',
      volatilities.length,
      `must have ${n} entries`,
    );
  }
  for (let i = 0; i < n; i++) {
    const s = volatilities[i] as number;
    if (!(s >= 0) || !Number.isFinite(s)) {
      throw new RiskInputError('OUT_OF_DOMAIN', `volatilities[${i}]`, s, 'must be finite and >= 0');
    }
  }
  const cov = zeros(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      cov.data[i * n + j] =
        (corr.data[i * n + j] as number) * (volatilities[i] as number) * (volatilities[j] as number);
    }
  }
  return cov;
}
