import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RiskInputError } from '../errors.ts';
import { cholesky } from './cholesky.ts';
import { symmetricEigen } from './eigen.ts';
import type { Matrix } from './matrix.ts';
import { matrixFromRows, matrixToRows, multiply, transpose, zeros } from './matrix.ts';
import { nearestCorrelation } from './nearest-correlation.ts';
import { repairCovariance } from './repair-covariance.ts';
import { validateCovariance } from './validate-covariance.ts';

/** Reconstruction tolerances for O(n^3) double-precision factorizations of O(1) matrices, n <= 8. */
const FACTOR_ABS_TOL = 1e-12;
/** Published examples are printed to 4 decimals: half a unit in the 4th decimal. */
const PRINTED_4DP_TOL = 5e-5 + 1e-12;
/** Optimality certificate of the nearest correlation matrix (Higham 2002 eq. 2.4): iteration stops at 1e-12. */
const KKT_TOL = 1e-8;

function maxAbsDiff(a: Matrix, b: Matrix): number {
  let m = 0;
  for (let i = 0; i < a.data.length; i++)
    m = Math.max(m, Math.abs((a.data[i] as number) - (b.data[i] as number)));
  return m;
}

/** Random symmetric positive definite n x n: B B^T + n I with B entries in [-1, 1]. */
const spd = (n: number) =>
  fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: n * n, maxLength: n * n }).map((v) => {
    const b = zeros(n, n);
    b.data.set(v);
    const a = multiply(b, transpose(b));
    for (let i = 0; i < n; i++) a.data[i * n + i] = (a.data[i * n + i] as number) + n;
    return a;
  });

/** Random symmetric matrix with unit diagonal and off-diagonal entries in [-1, 1] (usually indefinite). */
const pseudoCorrelation = (n: number) =>
  fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: n * n, maxLength: n * n }).map((v) => {
    const a = zeros(n, n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++)
        a.data[i * n + j] = i === j ? 1 : (v[Math.min(i, j) * n + Math.max(i, j)] as number);
    }
    return a;
  });

describe('cholesky', () => {
  it('factors the classic example [[4,12,-16],[12,37,-43],[-16,-43,98]] = L L^T, L = [[2],[6,1],[-8,5,3]]', () => {
    const l = cholesky(
      matrixFromRows([
        [4, 12, -16],
        [12, 37, -43],
        [-16, -43, 98],
      ]),
    );
    expect(matrixToRows(l)).toEqual([
      [2, 0, 0],
      [6, 1, 0],
      [-8, 5, 3],
    ]);
  });

  it('L L^T reproduces random SPD matrices', () => {
    fc.assert(
      fc.property(spd(5), (a) => {
        const l = cholesky(a);
        expect(maxAbsDiff(multiply(l, transpose(l)), a)).toBeLessThan(FACTOR_ABS_TOL);
      }),
    );
  });

  it('names the matrix, the failing pivot and its value when not positive definite', () => {
    try {
      cholesky(
        matrixFromRows([
          [1, 0.9, 0.9],
          [0.9, 1, -0.9],
          [0.9, -0.9, 1],
        ]),
        { name: 'market.covariance.daily' },
      );
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RiskInputError);
      const err = e as RiskInputError;
      expect(err.code).toBe('OUT_OF_DOMAIN');
      expect(err.field).toBe('market.covariance.daily[2][2]');
      // pivot 2 = 1 - 0.9^2 - ((-0.9 - 0.81)/sqrt(0.19))^2 < 0
      expect(err.value as number).toBeCloseTo(1 - 0.81 - (-0.9 - 0.81) ** 2 / 0.19, 12);
    }
  });

  it('accepts a rank-deficient PSD matrix only with a semidefinite tolerance', () => {
    const a = matrixFromRows([
      [1, 1],
      [1, 1],
    ]);
    expect(() => cholesky(a)).toThrow(RiskInputError);
    const l = cholesky(a, { semidefiniteTolerance: 1e-12 });
    expect(matrixToRows(l)).toEqual([
      [1, 0],
      [1, 0],
    ]);
  });
});

describe('symmetricEigen (cyclic Jacobi)', () => {
  it('finds the closed-form eigenvalues 2 - 2 cos(k pi / (n+1)) of the (-1, 2, -1) tridiagonal matrix', () => {
    const n = 7;
    const a = zeros(n, n);
    for (let i = 0; i < n; i++) {
      a.data[i * n + i] = 2;
      if (i > 0) a.data[i * n + i - 1] = -1;
      if (i < n - 1) a.data[i * n + i + 1] = -1;
    }
    const { values } = symmetricEigen(a);
    for (let k = 1; k <= n; k++)
      expect(Math.abs((values[k - 1] as number) - (2 - 2 * Math.cos((k * Math.PI) / (n + 1))))).toBeLessThan(
        FACTOR_ABS_TOL,
      );
  });

  it('V diag V^T = A and V^T V = I for random symmetric matrices', () => {
    fc.assert(
      fc.property(pseudoCorrelation(6), (a) => {
        const { values, vectors } = symmetricEigen(a);
        const d = zeros(6, 6);
        values.forEach((v, i) => {
          d.data[i * 6 + i] = v;
        });
        expect(maxAbsDiff(multiply(multiply(vectors, d), transpose(vectors)), a)).toBeLessThan(
          FACTOR_ABS_TOL,
        );
        const id = zeros(6, 6);
        for (let i = 0; i < 6; i++) id.data[i * 6 + i] = 1;
        expect(maxAbsDiff(multiply(transpose(vectors), vectors), id)).toBeLessThan(FACTOR_ABS_TOL);
        for (let i = 1; i < 6; i++)
          expect(values[i] as number).toBeGreaterThanOrEqual(values[i - 1] as number);
      }),
    );
  });
});

describe('nearestCorrelation (Higham 2002)', () => {
  it("reproduces Higham's 3x3 example [[1,1,0],[1,1,1],[0,1,1]] -> off-diagonals 0.7607, 0.1573", () => {
    // N. J. Higham, "The nearest correlation matrix", blog post 2013-02-13 / IMA J. Numer. Anal. 2002
    const r = nearestCorrelation(
      matrixFromRows([
        [1, 1, 0],
        [1, 1, 1],
        [0, 1, 1],
      ]),
    );
    const x = matrixToRows(r.correlation);
    expect(Math.abs(((x[0] as number[])[1] as number) - 0.7607)).toBeLessThan(PRINTED_4DP_TOL);
    expect(Math.abs(((x[0] as number[])[2] as number) - 0.1573)).toBeLessThan(PRINTED_4DP_TOL);
    expect(Math.abs(((x[1] as number[])[2] as number) - 0.7607)).toBeLessThan(PRINTED_4DP_TOL);
    expect(r.converged).toBe(true);
  });

  it('reproduces the MATLAB nearcorr documentation example (5x5, 4 decimals)', () => {
    // MathWorks Financial Toolbox, nearcorr reference page, "Compute the Nearest Correlation Matrix"
    const a = [
      [1, 0, 0, 0, -0.936],
      [0, 1, -0.55, -0.3645, -0.53],
      [0, -0.55, 1, -0.0351, 0.0875],
      [0, -0.3645, -0.0351, 1, 0.4557],
      [-0.936, -0.53, 0.0875, 0.4557, 1],
    ];
    const b = [
      [1, 0.0372, 0.01, -0.0219, -0.8478],
      [0.0372, 1, -0.5449, -0.3757, -0.4849],
      [0.01, -0.5449, 1, -0.0381, 0.0996],
      [-0.0219, -0.3757, -0.0381, 1, 0.4292],
      [-0.8478, -0.4849, 0.0996, 0.4292, 1],
    ];
    const r = nearestCorrelation(matrixFromRows(a));
    expect(maxAbsDiff(r.correlation, matrixFromRows(b))).toBeLessThan(PRINTED_4DP_TOL);
    // printed eigenvalues of A: smallest -0.1244
    expect(Math.abs(r.minEigenvalueBefore + 0.1244)).toBeLessThan(PRINTED_4DP_TOL);
    expect(r.minEigenvalueAfter).toBeGreaterThan(-1e-12);
  });

  it('satisfies the optimality conditions: X - A - diag(theta) = Z PSD with Z X = 0 (Higham 2002, Thm 2.4)', () => {
    fc.assert(
      fc.property(pseudoCorrelation(5), (a) => {
        const { correlation: x } = nearestCorrelation(a);
        const n = 5;
        const m = zeros(n, n);
        for (let i = 0; i < n * n; i++) m.data[i] = (x.data[i] as number) - (a.data[i] as number);
        const mx = multiply(m, x);
        // theta_i = (M X)_ii / X_ii with X_ii = 1
        for (let i = 0; i < n; i++)
          m.data[i * n + i] = (m.data[i * n + i] as number) - (mx.data[i * n + i] as number);
        const zx = multiply(m, x);
        for (const v of zx.data) expect(Math.abs(v)).toBeLessThan(KKT_TOL);
        expect(symmetricEigen(m).values[0] as number).toBeGreaterThan(-KKT_TOL);
        for (let i = 0; i < n; i++) expect(x.data[i * n + i]).toBe(1);
      }),
      { numRuns: 40 },
    );
  });

  it('with minEigenvalue > 0 the result is positive definite (Cholesky succeeds); valid input is returned unchanged', () => {
    fc.assert(
      fc.property(pseudoCorrelation(5), (a) => {
        const r = nearestCorrelation(a, { minEigenvalue: 1e-6 });
        expect(r.minEigenvalueAfter).toBeGreaterThan(1e-7);
        expect(() => cholesky(r.correlation)).not.toThrow();
        const again = nearestCorrelation(r.correlation, { minEigenvalue: 1e-7 });
        expect(again.iterations).toBe(0);
        expect(again.frobeniusChange).toBe(0);
      }),
      { numRuns: 30 },
    );
  });
});

describe('repairCovariance', () => {
  const cov = matrixFromRows([
    [0.0009, 0.0011, -0.0002],
    [0.0011, 0.0016, 0.001],
    [-0.0002, 0.001, 0.0025],
  ]);

  it.each(['higham', 'clip'] as const)(
    '%s: keeps the variances, makes it PD and reports the change',
    (method) => {
      const r = repairCovariance(cov, { method, minEigenvalue: 1e-6 });
      expect(r.changed).toBe(true);
      expect(r.minEigenvalueBefore).toBeLessThan(0);
      expect(r.minEigenvalueAfter).toBeGreaterThan(9e-7);
      for (let i = 0; i < 3; i++)
        expect(Math.abs((r.covariance.data[i * 4] as number) - (cov.data[i * 4] as number))).toBeLessThan(
          1e-18,
        );
      expect(() => cholesky(r.covariance)).not.toThrow();
      expect(r.frobeniusChange).toBeGreaterThan(0);
      expect(r.relativeFrobeniusChange).toBeCloseTo(r.frobeniusChange / Math.hypot(...cov.data), 12);
    },
  );

  it('Higham changes the correlation no more than eigenvalue clipping (it is the Frobenius-nearest)', () => {
    const h = repairCovariance(cov, { method: 'higham', minEigenvalue: 0 });
    const c = repairCovariance(cov, { method: 'clip', minEigenvalue: 0 });
    expect(h.maxCorrelationChange).toBeLessThanOrEqual(c.maxCorrelationChange + 1e-9);
  });

  it('returns a positive definite input unchanged', () => {
    const ok = matrixFromRows([
      [0.0009, 0.001],
      [0.001, 0.0016],
    ]);
    const r = repairCovariance(ok);
    expect(r.changed).toBe(false);
    expect(r.frobeniusChange).toBe(0);
  });
});

describe('validateCovariance', () => {
  const tokens = ['BTC', 'ETH', 'SOL'];
  it('accepts the portfolio-format example and reports definiteness', () => {
    const v = validateCovariance([
      [0.0009, 0.001],
      [0.001, 0.0016],
    ]);
    expect(v.positiveDefinite).toBe(true);
  });
  it.each([
    [[[1, 2], [2]], 'MALFORMED_DOCUMENT', 'covariance.daily[1]'],
    [
      [
        [1, Number.NaN],
        [0, 1],
      ],
      'INVALID_NUMBER',
      'covariance.daily[0][1]',
    ],
    [
      [
        [1, 0.5],
        [0.4, 1],
      ],
      'OUT_OF_DOMAIN',
      'covariance.daily[1][0]',
    ],
    [
      [
        [-1, 0],
        [0, 1],
      ],
      'OUT_OF_DOMAIN',
      'covariance.daily[0][0]',
    ],
    [
      [
        [1, 2],
        [2, 1],
      ],
      'OUT_OF_DOMAIN',
      'covariance.daily[1][0]',
    ],
  ])('%j -> %s at %s', (rows, code, field) => {
    try {
      validateCovariance(rows as number[][]);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RiskInputError);
      expect((e as RiskInputError).code).toBe(code);
      expect((e as RiskInputError).field).toBe(field);
    }
  });
  it('a matrix that is not PSD: names the smallest eigenvalue and the token combination', () => {
    const bad = [
      [1, 0.9, 0.9],
      [0.9, 1, -0.9],
      [0.9, -0.9, 1],
    ];
    try {
      validateCovariance(bad, { tokens });
      expect.unreachable();
    } catch (e) {
      const err = e as RiskInputError;
      expect(err.field).toBe('covariance.daily');
      expect(err.value as number).toBeCloseTo(symmetricEigen(matrixFromRows(bad)).values[0] as number, 14);
      expect(err.message).toMatch(/BTC/);
      expect(err.message).toMatch(/repairCovariance/);
    }
  });
});
