import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { statsReference as R } from '../../test/reference/stats-reference.ts';
import { RiskInputError } from '../errors.ts';
import { correlationToCovariance, covarianceToCorrelation } from './correlation.ts';
import { sampleCovariance } from './covariance.ts';
import { ewmaCovariance, ewmaVarianceForecasts } from './ewma.ts';
import type { Matrix } from './matrix.ts';
import { matrixFromRows } from './matrix.ts';
import { logReturns } from './returns.ts';

// References (stats_reference.py, real BTC/ETH/SOL log returns of 2024): numpy.cov(ddof=1),
// numpy.corrcoef, EWMA (lambda 0.94) by explicit normalized weights and by a straightforward loop.
/**
 * Relative tolerance of second moments of 365 returns: summation order differs from numpy
 * (pairwise / einsum vs. sequential), ~365 ulp worst case, 1e-13 in practice.
 */
const MOMENT_REL_TOL = 1e-12;

const lr = logReturns(
  R.returns.tokens.map((token, j) => ({
    token,
    dates: R.returns.dates,
    prices: R.returns.closes[j] as number[],
  })),
  { gaps: 'error' },
);

function expectMatrix(m: Matrix, rows: number[][], tol: number): void {
  rows.forEach((row, i) => {
    row.forEach((v, j) => {
      const got = m.data[i * m.cols + j] as number;
      expect(Math.abs(got - v) / Math.abs(v)).toBeLessThanOrEqual(tol);
    });
  });
}

describe('sample covariance and correlation vs numpy', () => {
  it('numpy.cov(rowvar=False, ddof=1)', () => {
    expectMatrix(sampleCovariance(lr.returns), R.returns.sampleCovariance, MOMENT_REL_TOL);
  });
  it('numpy.corrcoef, unit diagonal, and back to the covariance', () => {
    const cov = sampleCovariance(lr.returns);
    const { correlation, volatilities } = covarianceToCorrelation(cov);
    expectMatrix(correlation, R.returns.correlation, MOMENT_REL_TOL);
    expectMatrix(
      correlationToCovariance(correlation, volatilities),
      R.returns.sampleCovariance,
      MOMENT_REL_TOL,
    );
  });
  it('ddof = 0 is the (T-1)/T multiple', () => {
    const c1 = sampleCovariance(lr.returns, 1);
    const c0 = sampleCovariance(lr.returns, 0);
    const t = lr.returns.rows;
    expect(
      Math.abs((c0.data[4] as number) - ((c1.data[4] as number) * (t - 1)) / t) / (c0.data[4] as number),
    ).toBeLessThan(1e-15);
  });
});

describe('EWMA (RiskMetrics, lambda 0.94)', () => {
  it('normalized start equals the explicit finite-sum weights', () => {
    const e = ewmaCovariance(lr.returns, { lambda: 0.94, init: { method: 'normalized' } });
    expectMatrix(e.covariance, R.returns.ewmaNormalized, MOMENT_REL_TOL);
    expect(e.initWeight).toBe(0);
  });
  it('sample start over 30 returns equals the numpy recursion', () => {
    const e = ewmaCovariance(lr.returns, { init: { method: 'sample', window: 30 } });
    expectMatrix(e.covariance, R.returns.ewmaSample30, MOMENT_REL_TOL);
    expect(
      Math.abs(e.initWeight - R.returns.ewmaSample30InitWeight) / R.returns.ewmaSample30InitWeight,
    ).toBeLessThan(1e-13);
  });
  it('one-step variance forecasts of BTC match at the checked indices', () => {
    const btc = Float64Array.from({ length: lr.returns.rows }, (_, t) => lr.returns.data[t * 3] as number);
    const s = ewmaVarianceForecasts(btc, { init: { method: 'sample', window: 30 } });
    const n = ewmaVarianceForecasts(btc);
    R.returns.forecastIndices.forEach((idx, i) => {
      const ws = R.returns.btcForecastsSample30[i];
      const wn = R.returns.btcForecastsNormalized[i];
      if (ws === null || ws === undefined) expect(Number.isNaN(s[idx] as number)).toBe(true);
      else expect(Math.abs((s[idx] as number) - ws) / ws).toBeLessThanOrEqual(MOMENT_REL_TOL);
      if (wn === null || wn === undefined) expect(Number.isNaN(n[idx] as number)).toBe(true);
      else expect(Math.abs((n[idx] as number) - wn) / wn).toBeLessThanOrEqual(MOMENT_REL_TOL);
    });
    // the last forecast equals the univariate EWMA covariance entry
    const full = ewmaCovariance(lr.returns, { init: { method: 'sample', window: 30 } }).covariance
      .data[0] as number;
    expect(Math.abs((s[btc.length] as number) - full) / full).toBeLessThan(1e-14);
  });
  it('a constant series r gives exactly r^2 for any lambda (weights sum to 1)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        fc.double({ min: -0.2, max: 0.2, noNaN: true }),
        (lambda, r) => {
          const m = matrixFromRows(Array.from({ length: 50 }, () => [r]));
          const v = ewmaCovariance(m, { lambda }).covariance.data[0] as number;
          expect(v).toBeCloseTo(r * r, 15);
        },
      ),
    );
  });
  it('rejects bad lambda, init window and non-finite returns', () => {
    expect(() => ewmaCovariance(lr.returns, { lambda: 1 })).toThrow(/lambda/);
    expect(() => ewmaCovariance(lr.returns, { init: { method: 'sample', window: 0 } })).toThrow(
      /init.window/,
    );
    const bad = matrixFromRows([[0.1], [0.2]]);
    bad.data[1] = Number.NaN;
    expect(() => ewmaCovariance(bad)).toThrow(/returns\[1\]\[0\]/);
  });
});

describe('invalid input', () => {
  it('sample covariance needs 2 observations and finite values', () => {
    expect(() => sampleCovariance(matrixFromRows([[1, 2]]))).toThrow(RiskInputError);
    const m = matrixFromRows([
      [1, 2],
      [3, 4],
    ]);
    m.data[3] = Number.POSITIVE_INFINITY;
    expect(() => sampleCovariance(m)).toThrow(/returns\[1\]\[1\]/);
  });
  it('correlation needs positive variances', () => {
    expect(() =>
      covarianceToCorrelation(
        matrixFromRows([
          [1, 0],
          [0, 0],
        ]),
      ),
    ).toThrow(/covariance\[1\]\[1\]/);
  });
});
