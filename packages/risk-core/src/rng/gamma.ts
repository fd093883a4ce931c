import { RiskInputError } from '../errors.ts';
import type { RandomSource } from './source.ts';

/**
 * Gamma(shape, scale 1) variates by Marsaglia & Tsang, "A simple method for generating gamma
 * variables", ACM TOMS 26(3), 2000: for shape a >= 1, with d = a - 1/3 and c = 1/sqrt(9d), draw a
 * normal x and v = (1 + c x)^3 until v > 0 and a uniform u satisfies the squeeze
 * u < 1 - 0.0331 x^4 or ln u < x^2/2 + d (1 - v + ln v); return d v. For a < 1 the paper's boost
 * Gamma(a) = Gamma(a + 1) * u^(1/a) is used. Each attempt draws one normal and one uniform, in that
 * order (the number of attempts is random: mean < 1.05 for a >= 1).
 */
export class GammaSampler {
  readonly shape: number;
  private readonly d: number;
  private readonly c: number;
  private readonly boost: boolean;

  /**
   * @param shape a > 0.
   * @throws RiskInputError `INVALID_NUMBER`/`OUT_OF_DOMAIN` unless shape is finite and > 0.
   */
  constructor(shape: number) {
    if (typeof shape !== 'number' || !Number.isFinite(shape)) {
      throw new RiskInputError('INVALID_NUMBER', 'shape', shape, 'must be a finite number');
    }
    if (shape <= 0) throw new RiskInputError('OUT_OF_DOMAIN', 'shape', shape, 'must be > 0');
    this.shape = shape;
    this.boost = shape < 1;
    this.d = (this.boost ? shape + 1 : shape) - 1 / 3;
    this.c = 1 / Math.sqrt(9 * this.d);
  }

  /** One Gamma(shape, 1) variate. */
  sample(rng: RandomSource): number {
    const d = this.d;
    const c = this.c;
    let g: number;
    for (;;) {
      const x = rng.normal();
      let v = 1 + c * x;
      if (v <= 0) continue;
      v = v * v * v;
      const u = rng.uniform();
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2 || Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) {
        g = d * v;
        break;
      }
    }
    if (this.boost) g *= rng.uniform() ** (1 / this.shape);
    return g;
  }
}

/**
 * Chi-square(k) variates as 2 Gamma(k/2) (A&S 26.4.1 with the gamma density).
 */
export class ChiSquareSampler {
  readonly degreesOfFreedom: number;
  private readonly gamma: GammaSampler;

  /**
   * @param k degrees of freedom > 0 (need not be an integer).
   * @throws RiskInputError unless k is finite and > 0 (reported as field `k`).
   */
  constructor(k: number) {
    if (typeof k !== 'number' || !Number.isFinite(k) || k <= 0) {
      throw new RiskInputError(
        Number.isFinite(k) ? 'OUT_OF_DOMAIN' : 'INVALID_NUMBER',
        'k',
        k,
        'degrees of freedom must be a finite number > 0',
      );
    }
    this.degreesOfFreedom = k;
    this.gamma = new GammaSampler(0.5 * k);
  }

  /** One chi-square(k) variate. */
  sample(rng: RandomSource): number {
    return 2 * this.gamma.sample(rng);
  }
}

/**
 * Standard Student-t(nu) variates T = Z / sqrt(W / nu), Z normal, W chi-square(nu) independent
 * (the normal is drawn first). Variance nu / (nu - 2) for nu > 2: not rescaled here.
 */
export class StudentTSampler {
  readonly nu: number;
  private readonly chi: ChiSquareSampler;

  /**
   * @param nu degrees of freedom > 0.
   * @throws RiskInputError unless nu is finite and > 0 (reported as field `k`).
   */
  constructor(nu: number) {
    this.chi = new ChiSquareSampler(nu);
    this.nu = nu;
  }

  /** One Student-t(nu) variate. */
  sample(rng: RandomSource): number {
    const z = rng.normal();
    return z / Math.sqrt(this.chi.sample(rng) / this.nu);
  }
}
