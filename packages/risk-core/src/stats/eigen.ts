import { RiskInputError } from '../errors.ts';
import type { Matrix } from './matrix.ts';
import { requireSquare, zeros } from './matrix.ts';

/** Eigen-decomposition A = V diag(values) V^T of a symmetric matrix. */
export interface SymmetricEigen {
  /** Eigenvalues in ascending order. */
  values: Float64Array;
  /** Orthogonal matrix whose column i is the unit eigenvector of `values[i]`. */
  vectors: Matrix;
  /** Jacobi sweeps used. */
  sweeps: number;
}

const MAX_SWEEPS = 100;

/**
 * Eigenvalues and eigenvectors of a real symmetric matrix by the cyclic Jacobi method (Golub & Van
 * Loan, Matrix Computations, 4th ed., Algorithms 8.5.1 (symmetric Schur 2x2) and 8.5.3 (cyclic
 * Jacobi)): row-by-row sweeps of plane rotations, each zeroing one off-diagonal pair, until
 * off(A) <= 1e-15 ||A||_F. Quadratically convergent; accurate eigenvalues also for small ones
 * (Demmel & Veselic 1992). O(n^3) per sweep, meant for covariance matrices of tens of tokens.
 *
 * @param a symmetric n x n matrix (only symmetry within rounding is assumed; the lower triangle
 *   is mirrored to the upper one first).
 * @throws RiskInputError `MALFORMED_DOCUMENT` for a non-square matrix, `INVALID_NUMBER` for a
 *   non-finite entry (named `matrix[i][j]`), `NO_SOLUTION` if 100 sweeps do not converge.
 */
export function symmetricEigen(a: Matrix): SymmetricEigen {
  const n = requireSquare(a, 'matrix');
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const v = a.data[i * n + j] as number;
      if (!Number.isFinite(v))
        throw new RiskInputError('INVALID_NUMBER', `matrix[${i}][${j}]`, v, 'must be finite');
      A[i * n + j] = v;
      A[j * n + i] = v;
    }
  }
  const V = zeros(n, n);
  const v = V.data;
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  let frob = 0;
  for (let i = 0; i < n * n; i++) frob += (A[i] as number) ** 2;
  const target = 1e-15 * Math.sqrt(frob);
  let sweeps = 0;
  for (; sweeps <= MAX_SWEEPS; sweeps++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += (A[p * n + q] as number) ** 2;
    if (Math.sqrt(2 * off) <= target) break;
    if (sweeps === MAX_SWEEPS) {
      throw new RiskInputError(
        'NO_SOLUTION',
        'matrix',
        Math.sqrt(2 * off),
        'Jacobi eigen-solver did not converge',
      );
    }
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = A[p * n + q] as number;
        if (apq === 0) continue;
        const app = A[p * n + p] as number;
        const aqq = A[q * n + q] as number;
        // symmetric Schur 2x2: choose t = tan(theta) of the smaller rotation (GvL 8.5.1)
        const tau = (aqq - app) / (2 * apq);
        const t = tau >= 0 ? 1 / (tau + Math.sqrt(1 + tau * tau)) : -1 / (-tau + Math.sqrt(1 + tau * tau));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = t * c;
        // A <- J^T A J on rows/columns p, q
        for (let k = 0; k < n; k++) {
          const akp = A[k * n + p] as number;
          const akq = A[k * n + q] as number;
          A[k * n + p] = c * akp - s * akq;
          A[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = A[p * n + k] as number;
          const aqk = A[q * n + k] as number;
          A[p * n + k] = c * apk - s * aqk;
          A[q * n + k] = s * apk + c * aqk;
        }
        A[p * n + q] = 0;
        A[q * n + p] = 0;
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p] as number;
          const vkq = v[k * n + q] as number;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  // sort ascending
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (i, j) => (A[i * n + i] as number) - (A[j * n + j] as number),
  );
  const values = new Float64Array(n);
  const vectors = zeros(n, n);
  order.forEach((src, dst) => {
    values[dst] = A[src * n + src] as number;
    for (let k = 0; k < n; k++) vectors.data[k * n + dst] = v[k * n + src] as number;
  });
  return { values, vectors, sweeps };
}

/** V diag(f(values)) V^T: rebuilds a symmetric matrix from an eigen-decomposition with mapped eigenvalues. */
export function fromEigen(e: SymmetricEigen, map: (value: number) => number): Matrix {
  const n = e.values.length;
  const out = zeros(n, n);
  const d = Float64Array.from(e.values, map);
  const V = e.vectors.data;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += (V[i * n + k] as number) * (d[k] as number) * (V[j * n + k] as number);
      out.data[i * n + j] = s;
      out.data[j * n + i] = s;
    }
  }
  return out;
}
