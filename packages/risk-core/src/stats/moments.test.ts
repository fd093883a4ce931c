import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { statsReference as R } from '../../test/reference/stats-reference.ts';
import { RiskInputError } from '../errors.ts';
import { chiSquareQuantile } from './chi-square.ts';
import { cornishFisherIsMonotone, cornishFisherQuantile } from './cornish-fisher.ts';
import { sampleMoments } from './moments.ts';
import { normInv } from './normal.ts';
import { logReturns } from './returns.ts';

/** Moments of 365 returns vs numpy/scipy (different summation order): relative 1e-11. */
const MOMENT_REL_TOL = 1e-11;
/** The Cornish-Fisher formula re-evaluated in Python: same arithmetic up to normInv ulps. */
const FORMULA_ABS_TOL = 1e-13;

describe('sampleMoments vs numpy / scipy.stats (bias=True) on real 2024 returns', () => {
  const lr = logReturns(
    R.returns.tokens.map((token, j) => ({
      token,
      dates: R.returns.dates,
      prices: R.returns.closes[j] as number[],
    })),
    { gaps: 'error' },
  );
  it.each(R.returns.tokens.map((t, j) => [t, j] as const))('%s', (token, j) => {
    const x = Float64Array.from({ length: lr.returns.rows }, (_, t) => lr.returns.data[t * 3 + j] as number);
    const m = sampleMoments(x);
    const ref = R.returns.moments[token];
    if (ref === undefined) throw new Error(token);
    for (const k of ['mean', 'variance', 'skewness', 'excessKurtosis'] as const) {
      expect(Math.abs(m[k] - ref[k]) / Math.abs(ref[k])).toBeLessThan(MOMENT_REL_TOL);
    }
  });
  it('closed form: {1, 2, 3, 4} has mean 2.5, variance 5/3, skewness 0, excess kurtosis -1.36', () => {
    const m = sampleMoments([1, 2, 3, 4]);
    expect(m.mean).toBe(2.5);
    expect(m.variance).toBeCloseTo(5 / 3, 15);
    expect(m.skewness).toBe(0);
    // m2 = 1.25, m4 = (2*1.5^4 + 2*0.5^4)/4 = 2.5625 -> 2.5625/1.5625 - 3 = -1.36
    expect(m.excessKurtosis).toBeCloseTo(-1.36, 14);
  });
  it('rejects empty or non-finite input', () => {
    expect(() => sampleMoments([])).toThrow(RiskInputError);
    expect(() => sampleMoments([1, Number.NaN])).toThrow(/x\[1\]/);
  });
});

describe('cornishFisherQuantile', () => {
  it.each(R.cornishFisher.formula)(
    'p=$p S=$s K=$k equals the formula evaluated by the reference script',
    ({ p, s, k, w }) => {
      expect(Math.abs(cornishFisherQuantile(p, s, k) - w)).toBeLessThan(FORMULA_ABS_TOL);
    },
  );

  it('is the normal quantile when S = K = 0', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1 - 1e-6, noNaN: true }), (p) => {
        expect(cornishFisherQuantile(p, 0, 0)).toBe(normInv(p));
      }),
    );
  });

  it('approximates standardized chi-square quantiles with error shrinking like k^{-3/2}', () => {
    // chi2(k) standardized: skewness sqrt(8/k), excess kurtosis 12/k; the first omitted CF terms are
    // O(k^{-3/2}), so quadrupling k divides the error by ~8 (ratio checked in [4, 16]).
    for (const p of [0.99, 0.999]) {
      const errs = R.cornishFisher.chiSquare
        .filter((r) => r.p === p)
        .map((r) => {
          // the exact value from our own chi-square quantile must agree with scipy's
          const exact = (chiSquareQuantile(p, r.dof) - r.dof) / Math.sqrt(2 * r.dof);
          expect(Math.abs(exact - r.exact)).toBeLessThan(1e-12);
          return Math.abs(cornishFisherQuantile(p, r.s, r.k) - r.exact);
        });
      for (let i = 1; i < errs.length; i++) {
        const ratio = (errs[i - 1] as number) / (errs[i] as number);
        expect(ratio).toBeGreaterThan(4);
        expect(ratio).toBeLessThan(16);
      }
    }
  });

  it('monotonicity domain (Maillard 2012): normal yes, (S, K) = (0, 8) yes, (1.5, 0) no', () => {
    expect(cornishFisherIsMonotone(0, 0)).toBe(true);
    expect(cornishFisherIsMonotone(0, 8)).toBe(true);
    expect(cornishFisherIsMonotone(1.5, 0)).toBe(false);
    expect(cornishFisherIsMonotone(0, 40)).toBe(false);
  });

  it('inside the domain the expansion is increasing in p', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -0.8, max: 0.8, noNaN: true }),
        fc.double({ min: 0, max: 6, noNaN: true }),
        (s, k) => {
          fc.pre(cornishFisherIsMonotone(s, k));
          let prev = Number.NEGATIVE_INFINITY;
          for (const p of [1e-6, 0.001, 0.01, 0.1, 0.5, 0.9, 0.99, 0.999, 1 - 1e-6]) {
            const w = cornishFisherQuantile(p, s, k);
            expect(w).toBeGreaterThanOrEqual(prev);
            prev = w;
          }
        },
      ),
    );
  });

  it('rejects p outside (0, 1) and non-finite moments', () => {
    expect(() => cornishFisherQuantile(1, 0, 0)).toThrow(/p/);
    expect(() => cornishFisherQuantile(0.5, Number.NaN, 0)).toThrow(/skewness/);
    expect(() => cornishFisherQuantile(0.5, 0, Number.POSITIVE_INFINITY)).toThrow(/excessKurtosis/);
  });
});
