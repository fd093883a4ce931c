import { describe, expect, it } from 'vitest';
import { meanVar } from '../../test/reference/sample-checks.ts';
import { RiskInputError } from '../errors.ts';
import { cholesky } from '../stats/cholesky.ts';
import { matrixFromRows } from '../stats/matrix.ts';
import { MultivariateNormalSampler, MultivariateStudentTSampler } from './multivariate.ts';
import { chunkStream } from './stream.ts';

// Daily covariance of the portfolio-format example (spec/portfolio-format.md): BTC, ETH.
const SIGMA = [
  [0.0009, 0.001],
  [0.001, 0.0016],
];
const N = 100_000;
/** Tolerance in standard errors for sample covariances (var of s_ij ~ (S_ii S_jj + S_ij^2)/N for normals). */
const Z_TOL = 5;

function sampleCov(x: Float64Array, d: number): number[][] {
  const n = x.length / d;
  const c = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (let p = 0; p < n; p++) {
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++)
        (c[i] as number[])[j] =
          ((c[i] as number[])[j] as number) + ((x[p * d + i] as number) * (x[p * d + j] as number)) / n;
    }
  }
  return c;
}

describe('MultivariateNormalSampler', () => {
  const L = cholesky(matrixFromRows(SIGMA));

  it('reproduces the covariance within sampling error', () => {
    const s = new MultivariateNormalSampler(L);
    const out = new Float64Array(N * 2);
    s.fillPaths(chunkStream(3, 0), out, N);
    const c = sampleCov(out, 2);
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 2; j++) {
        const sij = (SIGMA[i] as number[])[j] as number;
        const se = Math.sqrt(
          (((SIGMA[i] as number[])[i] as number) * ((SIGMA[j] as number[])[j] as number) + sij * sij) / N,
        );
        expect(Math.abs(((c[i] as number[])[j] as number) - sij)).toBeLessThan(Z_TOL * se);
      }
    }
  });

  it('is x = L z with z the next d normals of the stream', () => {
    const s = new MultivariateNormalSampler(L);
    const x = new Float64Array(2);
    s.sampleInto(chunkStream(5, 9), x);
    const z = new Float64Array(2);
    chunkStream(5, 9).fillNormal(z);
    expect(x[0]).toBe((L.data[0] as number) * (z[0] as number));
    expect(x[1]).toBe((L.data[2] as number) * (z[0] as number) + (L.data[3] as number) * (z[1] as number));
  });

  it('antithetic pairs are exact negatives', () => {
    const s = new MultivariateNormalSampler(L);
    const a = new Float64Array(2);
    const b = new Float64Array(2);
    s.sampleAntitheticInto(chunkStream(1, 1), a, b);
    expect(Array.from(b)).toEqual(Array.from(a, (v) => -v));
  });

  it('rejects a factor that is not lower triangular or not finite', () => {
    expect(
      () =>
        new MultivariateNormalSampler(
          matrixFromRows([
            [1, 1],
            [0, 1],
          ]),
        ),
    ).toThrow(/choleskyFactor\[0\]\[1\]/);
    const bad = matrixFromRows([
      [1, 0],
      [0, 1],
    ]);
    bad.data[3] = Number.NaN;
    expect(() => new MultivariateNormalSampler(bad)).toThrow(RiskInputError);
  });
});

describe('MultivariateStudentTSampler', () => {
  const L = cholesky(matrixFromRows(SIGMA));
  const nu = 6;

  it("'covariance' scaling keeps Cov(x) = Sigma; 'dispersion' gives nu/(nu-2) Sigma", () => {
    for (const [scaling, factor] of [
      ['covariance', 1],
      ['dispersion', nu / (nu - 2)],
    ] as const) {
      const s = new MultivariateStudentTSampler(L, nu, scaling);
      const out = new Float64Array(N * 2);
      s.fillPaths(chunkStream(11, 0), out, N);
      const v0 = meanVar(out.filter((_, i) => i % 2 === 0)).variance;
      const target = 0.0009 * factor;
      // sample variance of a t variable: var = (m4 - v^2)/N with kurtosis 3 + 6/(nu-4) = 6 for nu = 6
      const se = Math.sqrt((6 * target * target - target * target) / N);
      expect(Math.abs(v0 - target)).toBeLessThan(Z_TOL * se);
    }
  });

  it('shares one chi-square draw across components (the ratio x1/x0 does not depend on W)', () => {
    const s = new MultivariateStudentTSampler(L, nu, 'dispersion');
    const x = new Float64Array(2);
    s.sampleInto(chunkStream(2, 2), x);
    const z = new Float64Array(2);
    chunkStream(2, 2).fillNormal(z);
    const ratio =
      ((L.data[2] as number) * (z[0] as number) + (L.data[3] as number) * (z[1] as number)) /
      ((L.data[0] as number) * (z[0] as number));
    expect((x[1] as number) / (x[0] as number)).toBeCloseTo(ratio, 12);
  });

  it('rejects nu <= 2 with covariance scaling and unknown scalings', () => {
    expect(() => new MultivariateStudentTSampler(L, 2, 'covariance')).toThrow(/nu/);
    expect(() => new MultivariateStudentTSampler(L, 1.5, 'dispersion')).not.toThrow();
    expect(() => new MultivariateStudentTSampler(L, 5, 'scale' as never)).toThrow(/scaling/);
  });
});
