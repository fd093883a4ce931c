import { RiskInputError } from '../errors.ts';
import { fromEigen, symmetricEigen } from './eigen.ts';
import type { Matrix } from './matrix.ts';
import { zeros } from './matrix.ts';
import { difference, symmetrize } from './symmetric.ts';

/** Options of {@link nearestCorrelation}. */
export interface NearestCorrelationOptions {
  /** Lower bound delta >= 0 on the eigenvalues of the result (default 0: nearest PSD correlation). */
  minEigenvalue?: number;
  /** Relative change between iterates at which to stop (default 1e-12). */
  tolerance?: number;
  /** Iteration cap (default 1000). */
  maxIterations?: number;
  /** Matrix name in errors (default `correlation`). */
  name?: string;
}

/** Nearest correlation matrix and how far it moved from the input. */
export interface NearestCorrelationResult {
  correlation: Matrix;
  iterations: number;
  converged: boolean;
  /** ||result - input||_F. */
  frobeniusChange: number;
  /** max_ij |result_ij - input_ij|. */
  maxAbsChange: number;
  /** Smallest eigenvalue of the (symmetrized) input with unit diagonal imposed. */
  minEigenvalueBefore: number;
  /** Smallest eigenvalue of the result (>= minEigenvalue up to rounding). */
  minEigenvalueAfter: number;
}

/**
 * Nearest correlation matrix in the Frobenius norm by alternating projections with Dykstra's
 * correction, Higham, "Computing the nearest correlation matrix - a problem from finance", IMA J.
 * Numer. Anal. 22 (2002) 329-343, Algorithm 3.3 with W = I:
 *   R_k = Y_{k-1} - dS_{k-1};  X_k = P_S(R_k);  dS_k = X_k - R_k;  Y_k = P_U(X_k),
 * P_S replacing eigenvalues below delta by delta (Higham section 3.2 with the shifted cone
 * {X : lambda_min(X) >= delta}), P_U setting the diagonal to 1; stop when X and Y change by less
 * than `tolerance` relatively and ||X_k - Y_k|| <= tolerance ||Y_k||. The returned matrix is
 * D^-1/2 X_k D^-1/2 (D = diag X_k): exactly unit diagonal and, by Sylvester's law of inertia, as
 * definite as X_k, so delta > 0 guarantees a matrix that Cholesky accepts.
 *
 * @param a symmetric matrix with entries in [-1, 1] expected (the diagonal is forced to 1).
 * @throws RiskInputError for a non-square, non-finite or non-symmetric input (naming the entry), or
 *   `OUT_OF_DOMAIN` for minEigenvalue outside [0, 1).
 */
export function nearestCorrelation(
  a: Matrix,
  options: NearestCorrelationOptions = {},
): NearestCorrelationResult {
  const name = options.name ?? 'correlation';
  const delta = options.minEigenvalue ?? 0;
  if (!(delta >= 0 && delta < 1)) {
    throw new RiskInputError('OUT_OF_DOMAIN', 'minEigenvalue', delta, 'must be in [0, 1)');
  }
  const tol = options.tolerance ?? 1e-12;
  const maxIter = options.maxIterations ?? 1000;
  const input = symmetrize(a, name);
  const n = input.rows;
  const start = zeros(n, n);
  start.data.set(input.data);
  for (let i = 0; i < n; i++) start.data[i * n + i] = 1;
  const minBefore = symmetricEigen(start).values[0] as number;

  let y = start;
  let x = start;
  const dS = new Float64Array(n * n);
  let iterations = 0;
  let converged = false;
  if (minBefore >= delta) {
    converged = true;
  } else {
    for (iterations = 1; iterations <= maxIter; iterations++) {
      const r = zeros(n, n);
      for (let i = 0; i < n * n; i++) r.data[i] = (y.data[i] as number) - (dS[i] as number);
      const xNext = fromEigen(symmetricEigen(r), (v) => Math.max(v, delta));
      for (let i = 0; i < n * n; i++) dS[i] = (xNext.data[i] as number) - (r.data[i] as number);
      const yNext = zeros(n, n);
      yNext.data.set(xNext.data);
      for (let i = 0; i < n; i++) yNext.data[i * n + i] = 1;
      const dx = difference(xNext, x).frobenius / norm(xNext);
      const dy = difference(yNext, y).frobenius / norm(yNext);
      const dxy = difference(yNext, xNext).frobenius / norm(yNext);
      x = xNext;
      y = yNext;
      if (Math.max(dx, dy, dxy) <= tol) {
        converged = true;
        break;
      }
    }
    if (!converged) iterations = maxIter;
  }
  const result = rescaleToUnitDiagonal(x);
  const change = difference(result, input);
  return {
    correlation: result,
    iterations,
    converged,
    frobeniusChange: change.frobenius,
    maxAbsChange: change.maxAbs,
    minEigenvalueBefore: minBefore,
    minEigenvalueAfter: symmetricEigen(result).values[0] as number,
  };
}

function norm(m: Matrix): number {
  let s = 0;
  for (let i = 0; i < m.data.length; i++) s += (m.data[i] as number) ** 2;
  return Math.sqrt(s);
}

/** D^-1/2 X D^-1/2 with D = diag(X) (a congruence: keeps the signs of the eigenvalues). */
export function rescaleToUnitDiagonal(x: Matrix): Matrix {
  const n = x.rows;
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = 1 / Math.sqrt(x.data[i * n + i] as number);
  const out = zeros(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      out.data[i * n + j] = i === j ? 1 : (x.data[i * n + j] as number) * (d[i] as number) * (d[j] as number);
    }
  }
  return out;
}
