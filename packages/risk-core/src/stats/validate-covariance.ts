import { RiskInputError } from '../errors.ts';
import { symmetricEigen } from './eigen.ts';
import type { Matrix } from './matrix.ts';
import { matrixFromRows } from './matrix.ts';
import { symmetrize } from './symmetric.ts';

/** Options of {@link validateCovariance}. */
export interface ValidateCovarianceOptions {
  /** Field name used in errors (default `covariance.daily`, as in the portfolio document). */
  name?: string;
  /** Token of each row, used to describe a failing direction (default `#i`). */
  tokens?: readonly string[];
  /** Allowed |c_ij - c_ji| relative to the largest |entry| (default 1e-12). */
  symmetryTolerance?: number;
  /** Allowed negative eigenvalue relative to the largest eigenvalue (default 1e-12). */
  psdTolerance?: number;
}

/** A covariance matrix that passed validation. */
export interface ValidatedCovariance {
  /** The exact symmetrization (C + C^T)/2 of the input. */
  covariance: Matrix;
  /** Eigenvalues, ascending. */
  eigenvalues: Float64Array;
  /** True when the smallest eigenvalue is > psdTolerance x largest (Cholesky will succeed). */
  positiveDefinite: boolean;
}

/**
 * Validates a user-given covariance matrix (e.g. `market.covariance.daily`): square, finite,
 * symmetric, variances >= 0, |c_ij| <= sqrt(c_ii c_jj) (Cauchy-Schwarz), and positive
 * semidefinite (smallest eigenvalue >= -psdTolerance x largest, Jacobi eigen-solver).
 *
 * @param cov nested arrays (JSON) or a {@link Matrix}.
 * @throws RiskInputError naming the offending entry `name[i][j]`: `MALFORMED_DOCUMENT` (shape),
 *   `INVALID_NUMBER` (non-finite), `OUT_OF_DOMAIN` (asymmetric, negative variance, correlation
 *   beyond +-1). For a matrix that is not PSD, `OUT_OF_DOMAIN` on `name` with the smallest
 *   eigenvalue and the token combination (eigenvector) whose variance it is; repairCovariance fixes it.
 */
export function validateCovariance(
  cov: Matrix | readonly (readonly number[])[],
  options: ValidateCovarianceOptions = {},
): ValidatedCovariance {
  const name = options.name ?? 'covariance.daily';
  const m = Array.isArray(cov)
    ? matrixFromRows(cov as readonly (readonly number[])[], name)
    : (cov as Matrix);
  const sym = symmetrize(m, name, options.symmetryTolerance ?? 1e-12);
  const n = sym.rows;
  const tokens = options.tokens;
  if (tokens !== undefined && tokens.length !== n) {
    throw new RiskInputError('MALFORMED_DOCUMENT', 'tokens', tokens.length, `must list ${n} tokens`);
  }
  for (let i = 0; i < n; i++) {
    const v = sym.data[i * n + i] as number;
    if (v < 0) throw new RiskInputError('OUT_OF_DOMAIN', `${name}[${i}][${i}]`, v, 'a variance must be >= 0');
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const c = sym.data[i * n + j] as number;
      const bound = Math.sqrt((sym.data[i * n + i] as number) * (sym.data[j * n + j] as number));
      if (Math.abs(c) > bound * (1 + 1e-12)) {
        throw new RiskInputError(
          'OUT_OF_DOMAIN',
          `${name}[${i}][${j}]`,
          c,
          `covariance exceeds sqrt(var_i var_j) = ${bound} (implied correlation ${c / bound})`,
        );
      }
    }
  }
  const eig = symmetricEigen(sym);
  const min = eig.values[0] as number;
  const max = eig.values[n - 1] as number;
  const tol = (options.psdTolerance ?? 1e-12) * Math.max(max, 0);
  if (min < -tol) {
    const label = (i: number) => tokens?.[i] ?? `#${i}`;
    const parts: string[] = [];
    for (let i = 0; i < n; i++) {
      const w = eig.vectors.data[i * n] as number;
      if (Math.abs(w) >= 0.05) parts.push(`${w >= 0 ? '+' : '-'}${Math.abs(w).toFixed(2)} ${label(i)}`);
    }
    throw new RiskInputError(
      'OUT_OF_DOMAIN',
      name,
      min,
      `matrix is not positive semidefinite: smallest eigenvalue ${min} (largest ${max}); the portfolio ${parts.join(' ')} would have negative variance; use repairCovariance`,
    );
  }
  return { covariance: sym, eigenvalues: eig.values, positiveDefinite: min > tol };
}
