import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { statsReference as R } from '../../test/reference/stats-reference.ts';
import { RiskInputError } from '../errors.ts';
import { binomialCdf, binomialSf } from './binomial.ts';
import { chiSquareCdf, chiSquareIsf, chiSquarePdf, chiSquareQuantile, chiSquareSf } from './chi-square.ts';
import { logGamma } from './special/log-gamma.ts';
import { studentTCdf, studentTPdf, studentTQuantile, studentTSf } from './student-t.ts';

// References: scipy.stats.t / chi2 / binom (cdf, sf) and 40-digit mpmath (densities, quantiles by
// root finding), from test/reference/stats_reference.py.

/**
 * Relative tolerance of distribution values: the prefactor exp(a ln x - x - lnGamma(a)) has an
 * exponent up to ~630 in the fixture (values down to 1e-274), each ulp of which is 1e-16 relative.
 */
const DIST_REL_TOL = 1e-12;
/**
 * Student-t with nu = 1e5: I_x(nu/2, 1/2) at x = nu/(nu + t^2) near 1 has a relative condition
 * number ~ 5e4 in x, so ~5e4 ulp (see special/incomplete-beta.ts).
 */
const LARGE_NU_REL_TOL = 2e-11;
/** Quantiles vs 40-digit roots: a few ulp of the cdf, amplified by 1 / (x f(x) / F) <= ~1e2. */
const QUANTILE_REL_TOL = 1e-13;
/** ln Gamma: absolute 1e-14 (relative for |lnGamma| > 1): shifted Stirling series, ~30 ulp of ln terms. */
const LGAMMA_TOL = 1e-14;

function expectRel(got: number, want: number, tol: number): void {
  if (want === 0) expect(got).toBe(0);
  else expect(Math.abs(got - want) / Math.abs(want)).toBeLessThanOrEqual(tol);
}

const tolFor = (nu: number) => (nu > 1000 ? LARGE_NU_REL_TOL : DIST_REL_TOL);

describe('Student-t vs scipy / mpmath', () => {
  it.each(R.studentT.cdf)('cdf/sf t=$t nu=$nu', ({ t, nu, cdf, sf }) => {
    expectRel(studentTCdf(t, nu), cdf, tolFor(nu));
    expectRel(studentTSf(t, nu), sf, tolFor(nu));
  });
  it.each(R.studentT.pdf)('pdf t=$t nu=$nu', ({ t, nu, pdf }) => {
    expectRel(studentTPdf(t, nu), pdf, tolFor(nu));
  });
  it.each(R.studentT.quantile)('quantile p=$p nu=$nu', ({ p, nu, x }) => {
    expectRel(studentTQuantile(p, nu), x, nu > 1000 ? LARGE_NU_REL_TOL : QUANTILE_REL_TOL);
  });
});

describe('chi-square vs scipy / mpmath', () => {
  it.each(R.chiSquare.cdf)('cdf/sf/pdf x=$x k=$k', ({ x, k, cdf, sf, pdf }) => {
    expectRel(chiSquareCdf(x, k), cdf, DIST_REL_TOL);
    expectRel(chiSquareSf(x, k), sf, DIST_REL_TOL);
    expectRel(chiSquarePdf(x, k), pdf, DIST_REL_TOL);
  });
  it.each(R.chiSquare.quantile)('quantile p=$p k=$k', ({ p, k, x }) => {
    expectRel(chiSquareQuantile(p, k), x, QUANTILE_REL_TOL);
  });
  it.each(R.chiSquare.isf)('upper quantile q=$q k=$k', ({ q, k, x }) => {
    expectRel(chiSquareIsf(q, k), x, QUANTILE_REL_TOL);
  });
  it('closed forms: chi2(2) sf = exp(-x/2); chi2(1) 95% point = 1.959963984540054^2', () => {
    // chi2(2) is exponential with mean 2 (A&S 26.4.21 with nu = 2)
    for (const x of [0.1, 1, 7, 50]) expectRel(chiSquareSf(x, 2), Math.exp(-x / 2), DIST_REL_TOL);
    // z_{0.975} = 1.959963984540054 (A&S Table 26.5 to 15 digits): chi2(1) quantile is its square
    expectRel(chiSquareQuantile(0.95, 1), 1.959963984540054 ** 2, QUANTILE_REL_TOL);
  });
});

describe('binomial vs scipy', () => {
  it.each(R.binomial)('x=$x n=$n p=$p', ({ x, n, p, cdf, sf }) => {
    expectRel(binomialCdf(x, n, p), cdf, DIST_REL_TOL);
    expectRel(binomialSf(x, n, p), sf, DIST_REL_TOL);
  });
  it('P(X <= 0) = (1 - p)^n exactly in closed form', () => {
    expectRel(binomialCdf(0, 250, 0.01), 0.99 ** 250, DIST_REL_TOL);
  });
});

describe('logGamma vs scipy.special.gammaln', () => {
  it.each(R.logGamma)('x=$x', ({ x, lgamma }) => {
    expect(Math.abs(logGamma(x) - lgamma) / Math.max(1, Math.abs(lgamma))).toBeLessThanOrEqual(LGAMMA_TOL);
  });
});

describe('properties', () => {
  const nu = fc.double({ min: 0.3, max: 500, noNaN: true });
  const t = fc.double({ min: -60, max: 60, noNaN: true });
  it('t: cdf + sf = 1, symmetry, monotone', () => {
    fc.assert(
      fc.property(t, t, nu, (a, b, n) => {
        expect(studentTCdf(a, n) + studentTSf(a, n)).toBeCloseTo(1, 14);
        expect(studentTCdf(-a, n)).toBe(studentTSf(a, n));
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(studentTCdf(lo, n)).toBeLessThanOrEqual(studentTCdf(hi, n));
      }),
    );
  });
  it('t and chi-square quantiles invert their cdfs', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-9, max: 1 - 1e-9, noNaN: true }), nu, (p, n) => {
        expect(studentTCdf(studentTQuantile(p, n), n)).toBeCloseTo(p, 12);
        expect(chiSquareCdf(chiSquareQuantile(p, n), n)).toBeCloseTo(p, 12);
      }),
    );
  });
  it('chi-square cdf is increasing in x and decreasing in k', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 200, noNaN: true }),
        fc.double({ min: 0.5, max: 100, noNaN: true }),
        (x, k) => {
          expect(chiSquareCdf(x * 1.01, k)).toBeGreaterThanOrEqual(chiSquareCdf(x, k));
          expect(chiSquareCdf(x, k * 1.01)).toBeLessThanOrEqual(chiSquareCdf(x, k));
        },
      ),
    );
  });
});

describe('invalid input names the field', () => {
  it.each([
    [() => studentTCdf(1, 0), 'nu'],
    [() => studentTCdf(Number.NaN, 3), 't'],
    [() => studentTQuantile(1, 3), 'p'],
    [() => studentTQuantile(0.5, -1), 'nu'],
    [() => chiSquareSf(1, Number.NaN), 'k'],
    [() => chiSquareQuantile(0, 3), 'p'],
    [() => chiSquareIsf(1.5, 3), 'q'],
    [() => binomialCdf(1.5, 10, 0.1), 'x'],
    [() => binomialCdf(1, 0, 0.1), 'n'],
    [() => binomialCdf(1, 10, 1), 'p'],
  ])('%#', (fn, field) => {
    try {
      fn();
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RiskInputError);
      expect((e as RiskInputError).field).toBe(field);
    }
  });
});
