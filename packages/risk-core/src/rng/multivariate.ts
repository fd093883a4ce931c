import { RiskInputError } from '../errors.ts';
import type { Matrix } from '../stats/matrix.ts';
import { ChiSquareSampler } from './gamma.ts';
import type { RandomSource } from './source.ts';

function checkFactor(factor: Matrix): number {
  const n = factor.rows;
  if (n === 0 || factor.cols !== n) {
    throw new RiskInputError(
      'MALFORMED_DOCUMENT',
      'choleskyFactor',
      `${factor.rows}x${factor.cols}`,
      'must be square',
    );
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const v = factor.data[i * n + j] as number;
      if (!Number.isFinite(v)) {
        throw new RiskInputError('INVALID_NUMBER', `choleskyFactor[${i}][${j}]`, v, 'must be finite');
      }
      if (j > i && v !== 0) {
        throw new RiskInputError(
          'OUT_OF_DOMAIN',
          `choleskyFactor[${i}][${j}]`,
          v,
          'must be lower triangular',
        );
      }
    }
  }
  return n;
}

/**
 * Multivariate normal N(0, Sigma) sampler from a Cholesky factor L (Sigma = L L^T, e.g. from
 * `cholesky(h * dailyCovariance)`): x = L z with z a vector of d independent standard normals drawn
 * in order z_0 .. z_{d-1} (Glasserman, Monte Carlo Methods in Financial Engineering, 2004, 2.3.3).
 * Scratch space is allocated once; sampling allocates nothing.
 */
export class MultivariateNormalSampler {
  readonly dimension: number;
  private readonly l: Float64Array;
  private readonly z: Float64Array;

  /**
   * @param choleskyFactor lower-triangular d x d factor.
   * @throws RiskInputError if it is not square, finite and lower triangular.
   */
  constructor(choleskyFactor: Matrix) {
    this.dimension = checkFactor(choleskyFactor);
    this.l = Float64Array.from(choleskyFactor.data);
    this.z = new Float64Array(this.dimension);
  }

  /** Writes one draw x = L z into `out[offset .. offset+d)`. */
  sampleInto(rng: RandomSource, out: Float64Array, offset = 0): void {
    rng.fillNormal(this.z);
    applyLower(this.l, this.z, this.dimension, 1, out, offset);
  }

  /**
   * Antithetic pair from one z: `out` gets L z and `antithetic` gets -L z (Glasserman 4.2), so the
   * pair's mean is exactly 0; the two are negatively correlated, not independent.
   */
  sampleAntitheticInto(rng: RandomSource, out: Float64Array, antithetic: Float64Array, offset = 0): void {
    this.sampleInto(rng, out, offset);
    negateInto(out, antithetic, offset, this.dimension);
  }

  /** Fills `out` (paths x d, row-major) with `paths` independent draws. */
  fillPaths(rng: RandomSource, out: Float64Array, paths: number): void {
    checkPaths(out, paths, this.dimension);
    for (let p = 0; p < paths; p++) this.sampleInto(rng, out, p * this.dimension);
  }
}

/** How the matrix given to {@link MultivariateStudentTSampler} is read. */
export type StudentTScaling =
  /** Sigma is the covariance of x (needs nu > 2): x = sqrt((nu - 2) / W) L z. */
  | 'covariance'
  /** Sigma is the dispersion (scale) matrix; Cov(x) = nu / (nu - 2) Sigma: x = sqrt(nu / W) L z. */
  | 'dispersion';

/**
 * Multivariate Student-t sampler: x = sqrt(s / W) L z with z ~ N(0, I_d) (drawn first) and one
 * W ~ chi-square(nu) per draw shared by all components (the elliptical multivariate t, Demarta &
 * McNeil, "The t copula and related copulas", 2005, eq. 1; McNeil, Frey & Embrechts, Quantitative
 * Risk Management, 2005, 3.2). With `scaling: 'covariance'`, s = nu - 2 so that Cov(x) = L L^T
 * (the covariance estimated from data keeps its meaning while tails fatten); with `'dispersion'`,
 * s = nu.
 */
export class MultivariateStudentTSampler {
  readonly dimension: number;
  readonly nu: number;
  readonly scaling: StudentTScaling;
  private readonly l: Float64Array;
  private readonly z: Float64Array;
  private readonly chi: ChiSquareSampler;
  private readonly s: number;

  /**
   * @param choleskyFactor lower-triangular d x d factor of Sigma.
   * @param nu degrees of freedom: > 2 for `covariance` scaling, > 0 for `dispersion`.
   * @param scaling how Sigma is read (no default: the choice changes the variance by nu/(nu-2)).
   * @throws RiskInputError for a bad factor, `nu` out of range (field `nu`) or an unknown scaling.
   */
  constructor(choleskyFactor: Matrix, nu: number, scaling: StudentTScaling) {
    this.dimension = checkFactor(choleskyFactor);
    if (typeof nu !== 'number' || !Number.isFinite(nu)) {
      throw new RiskInputError('INVALID_NUMBER', 'nu', nu, 'must be a finite number');
    }
    if (scaling !== 'covariance' && scaling !== 'dispersion') {
      throw new RiskInputError('UNSUPPORTED', 'scaling', scaling, "must be 'covariance' or 'dispersion'");
    }
    const minNu = scaling === 'covariance' ? 2 : 0;
    if (!(nu > minNu)) {
      throw new RiskInputError('OUT_OF_DOMAIN', 'nu', nu, `must be > ${minNu} for ${scaling} scaling`);
    }
    this.nu = nu;
    this.scaling = scaling;
    this.s = scaling === 'covariance' ? nu - 2 : nu;
    this.chi = new ChiSquareSampler(nu);
    this.l = Float64Array.from(choleskyFactor.data);
    this.z = new Float64Array(this.dimension);
  }

  /** Writes one draw into `out[offset .. offset+d)`. */
  sampleInto(rng: RandomSource, out: Float64Array, offset = 0): void {
    rng.fillNormal(this.z);
    const w = this.chi.sample(rng);
    applyLower(this.l, this.z, this.dimension, Math.sqrt(this.s / w), out, offset);
  }

  /** Antithetic pair sharing z and W: `out` = x, `antithetic` = -x. */
  sampleAntitheticInto(rng: RandomSource, out: Float64Array, antithetic: Float64Array, offset = 0): void {
    this.sampleInto(rng, out, offset);
    negateInto(out, antithetic, offset, this.dimension);
  }

  /** Fills `out` (paths x d, row-major) with `paths` independent draws. */
  fillPaths(rng: RandomSource, out: Float64Array, paths: number): void {
    checkPaths(out, paths, this.dimension);
    for (let p = 0; p < paths; p++) this.sampleInto(rng, out, p * this.dimension);
  }
}

function applyLower(
  l: Float64Array,
  z: Float64Array,
  d: number,
  scale: number,
  out: Float64Array,
  offset: number,
) {
  for (let i = 0; i < d; i++) {
    let s = 0;
    const row = i * d;
    for (let j = 0; j <= i; j++) s += (l[row + j] as number) * (z[j] as number);
    out[offset + i] = scale * s;
  }
}

function negateInto(src: Float64Array, dst: Float64Array, offset: number, d: number) {
  for (let i = offset; i < offset + d; i++) dst[i] = -(src[i] as number);
}

function checkPaths(out: Float64Array, paths: number, d: number) {
  if (!Number.isSafeInteger(paths) || paths < 0) {
    throw new RiskInputError('OUT_OF_DOMAIN', 'paths', paths, 'must be an integer >= 0');
  }
  if (out.length < paths * d) {
    throw new RiskInputError(
      'OUT_OF_DOMAIN',
      'out.length',
      out.length,
      `must be >= paths x dimension = ${paths * d}`,
    );
  }
}
