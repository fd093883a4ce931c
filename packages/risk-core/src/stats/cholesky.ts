import { RiskInputError } from '../errors.ts';
import type { Matrix } from './matrix.ts';
import { requireSquare, zeros } from './matrix.ts';

/** Options of {@link cholesky}. */
export interface CholeskyOptions {
  /** Name of the matrix in error messages, e.g. `market.covariance.daily` (default `matrix`). */
  name?: string;
  /**
   * Accept positive SEMI-definite input: a pivot in [-tol * maxDiag, tol * maxDiag] is treated as 0
   * and its column of L set to 0 (the factor of a PSD matrix of lower rank, e.g. two perfectly
   * correlated tokens). Default 0: strict positive definiteness.
   */
  semidefiniteTolerance?: number;
}

/**
 * Cholesky factor: lower-triangular L with A = L L^T (Golub & Van Loan, Matrix Computations, 4th ed.,
 * Algorithm 4.2.1, column-oriented, reading only the lower triangle of A).
 *
 * @param a symmetric positive definite n x n matrix (only the lower triangle is read; use
 *   {@link validateCovariance} first for user input).
 * @returns L (n x n, zeros above the diagonal).
 * @throws RiskInputError `OUT_OF_DOMAIN` naming `name[j][j]` and the pivot value when the j-th pivot
 *   a_jj - sum_k l_jk^2 is not > 0 (A is not positive definite, or not PSD within the tolerance);
 *   `INVALID_NUMBER` for a non-finite entry; `MALFORMED_DOCUMENT` for a non-square matrix.
 */
export function cholesky(a: Matrix, options: CholeskyOptions = {}): Matrix {
  const name = options.name ?? 'matrix';
  const n = requireSquare(a, name);
  const tol = options.semidefiniteTolerance ?? 0;
  let maxDiag = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const v = a.data[i * n + j] as number;
      if (!Number.isFinite(v)) {
        throw new RiskInputError('INVALID_NUMBER', `${name}[${i}][${j}]`, v, 'must be a finite number');
      }
    }
    maxDiag = Math.max(maxDiag, a.data[i * n + i] as number);
  }
  const l = zeros(n, n);
  const L = l.data;
  for (let j = 0; j < n; j++) {
    let pivot = a.data[j * n + j] as number;
    for (let k = 0; k < j; k++) {
      const v = L[j * n + k] as number;
      pivot -= v * v;
    }
    const zeroBand = tol * maxDiag;
    if (tol > 0 && Math.abs(pivot) <= zeroBand) {
      continue; // rank-deficient direction: column j of L stays 0
    }
    if (!(pivot > 0)) {
      throw new RiskInputError(
        'OUT_OF_DOMAIN',
        `${name}[${j}][${j}]`,
        pivot,
        `${name} is not positive definite: Cholesky pivot ${j} (0-based) is ${pivot} <= 0; repair it with nearestCorrelation/repairCovariance or check the input`,
      );
    }
    const d = Math.sqrt(pivot);
    L[j * n + j] = d;
    for (let i = j + 1; i < n; i++) {
      let s = a.data[i * n + j] as number;
      for (let k = 0; k < j; k++) s -= (L[i * n + k] as number) * (L[j * n + k] as number);
      L[i * n + j] = s / d;
    }
  }
  return l;
}
