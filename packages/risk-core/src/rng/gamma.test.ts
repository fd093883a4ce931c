import { describe, expect, it } from 'vitest';
import { ksCritical, ksStatistic, meanVar } from '../../test/reference/sample-checks.ts';
import { RiskInputError } from '../errors.ts';
import { chiSquareCdf } from '../stats/chi-square.ts';
import { regularizedGamma } from '../stats/special/incomplete-gamma.ts';
import { studentTCdf } from '../stats/student-t.ts';
import { ChiSquareSampler, GammaSampler, StudentTSampler } from './gamma.ts';
import { chunkStream } from './stream.ts';

const N = 100_000;
/** Moment checks: |sample - exact| < Z_TOL standard errors (false alarm ~ 6e-7 per check). */
const Z_TOL = 5;

function draw(
  sampler: { sample: (r: ReturnType<typeof chunkStream>) => number },
  seed: number,
): Float64Array {
  const rng = chunkStream(seed, 0);
  const out = new Float64Array(N);
  for (let i = 0; i < N; i++) out[i] = sampler.sample(rng);
  return out;
}

describe('GammaSampler (Marsaglia-Tsang 2000)', () => {
  it.each([0.3, 1, 2.5, 40])('shape %s: KS against P(a, x) and mean = variance = a', (a) => {
    const x = draw(new GammaSampler(a), 17);
    expect(ksStatistic(x, (v) => (v <= 0 ? 0 : regularizedGamma(a, v)[0]))).toBeLessThan(ksCritical(N));
    const { mean, variance } = meanVar(x);
    // Gamma(a): mean a, variance a, 4th central moment 3a^2 + 6a (var of sample variance ~ (m4 - a^2)/N)
    expect(Math.abs(mean - a)).toBeLessThan(Z_TOL * Math.sqrt(a / N));
    expect(Math.abs(variance - a)).toBeLessThan(Z_TOL * Math.sqrt((2 * a * a + 6 * a) / N));
  });
});

describe('ChiSquareSampler', () => {
  it.each([1, 4, 7.5])('k = %s: KS against the chi-square cdf', (k) => {
    const x = draw(new ChiSquareSampler(k), 5);
    expect(ksStatistic(x, (v) => chiSquareCdf(v, k))).toBeLessThan(ksCritical(N));
  });
});

describe('StudentTSampler', () => {
  it.each([3, 5, 30])('nu = %s: KS against the Student-t cdf, variance nu/(nu-2)', (nu) => {
    const x = draw(new StudentTSampler(nu), 8);
    expect(ksStatistic(x, (v) => studentTCdf(v, nu))).toBeLessThan(ksCritical(N));
    if (nu > 4) {
      const { variance } = meanVar(x);
      const v = nu / (nu - 2);
      // variance of the sample variance ~ (m4 - v^2)/N, m4 = 3 nu^2 / ((nu-2)(nu-4))
      const m4 = (3 * nu * nu) / ((nu - 2) * (nu - 4));
      expect(Math.abs(variance - v)).toBeLessThan(Z_TOL * Math.sqrt((m4 - v * v) / N));
    }
  });
});

describe('invalid parameters', () => {
  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('shape %s is rejected naming the field', (a) => {
    expect(() => new GammaSampler(a)).toThrow(RiskInputError);
    expect(() => new GammaSampler(a)).toThrow(/shape/);
    expect(() => new ChiSquareSampler(a)).toThrow(/k/);
  });
});
