import type { PortfolioDocument } from '../../portfolio/types.ts';
import { cornishFisherQuantile } from '../../stats/cornish-fisher.ts';
import { normInv, normPdf } from '../../stats/normal.ts';
import { staleHistoryWarnings } from '../input/covariance.ts';
import type { Contributions, VarResult } from '../result.ts';
import { quantileLevels } from '../result.ts';
import type { ParametricParams } from './prepare.ts';
import { prepareParametric, scaledSum } from './prepare.ts';
import type { LogQuadratic } from './quadratic.ts';
import { quadraticCumulants } from './quadratic.ts';

/** Loss moments of the delta-gamma quadratic form. */
export interface DeltaGammaMoments {
  mean: number;
  std: number;
  /** Skewness of the loss. */
  skewness: number;
  /** Excess kurtosis of the loss. */
  excessKurtosis: number;
}

/** Mean, sd, skewness and excess kurtosis of the loss -Q from the cumulants of Q. */
export function deltaGammaMoments(q: LogQuadratic, horizonCov: Float64Array): DeltaGammaMoments {
  const k = quadraticCumulants(q, horizonCov);
  const v = Math.max(k.k2, 0);
  return {
    mean: -k.k1,
    std: Math.sqrt(v),
    skewness: v > 0 ? -k.k3 / v ** 1.5 : 0,
    excessKurtosis: v > 0 ? k.k4 / (v * v) : 0,
  };
}

/**
 * Cornish-Fisher VaR and ES of a loss with the given moments at confidence a:
 * VaR = mean + sd w(z), w the 4-moment expansion (`cornishFisherQuantile`), and ES the mean of the
 * expanded quantile over (a, 1) in closed form: with z = Phi^-1(a), p = 1 - a and the normal tail
 * integrals int_z^inf t^k phi = {p, phi(z), z phi(z) + p, (z^2 + 2) phi(z)},
 *   ES = mean + sd phi(z)/p [1 + z S/6 + (z^2 - 1) K/24 - (2 z^2 - 1) S^2/36].
 */
export function cornishFisherRisk(m: DeltaGammaMoments, a: number): { var: number; es: number } {
  if (!(m.std > 0)) return { var: m.mean, es: m.mean };
  const z = normInv(a);
  const s = m.skewness;
  const k = m.excessKurtosis;
  const w = cornishFisherQuantile(a, s, k);
  const tail =
    (normPdf(z) / (1 - a)) * (1 + (z * s) / 6 + ((z * z - 1) * k) / 24 - ((2 * z * z - 1) * s * s) / 36);
  return { var: m.mean + m.std * w, es: m.mean + m.std * tail };
}

/** Standard-normal range on which the expansion must be a valid (increasing) quantile map. */
const MONOTONE_Z = 5;

/**
 * Whether the Cornish-Fisher map is increasing for |z| <= zMax: its derivative
 * dw/dz = (K/8 - S^2/6) z^2 + (S/3) z + (1 - K/8 + 5 S^2/36) (Maillard 2012, section 2) is > 0 at
 * both ends and at the vertex when inside. Maillard's global condition (`cornishFisherIsMonotone`)
 * fails for any small skewness with K < 4 S^2 / 3 because of z beyond ~1/|S|; only the range
 * of the quantiles used matters here (|z| <= 5: probabilities 3e-7 .. 1 - 3e-7).
 */
export function cornishFisherMonotoneOn(
  skewness: number,
  excessKurtosis: number,
  zMax = MONOTONE_Z,
): boolean {
  const a = excessKurtosis / 8 - (skewness * skewness) / 6;
  const b = skewness / 3;
  const c = 1 - excessKurtosis / 8 + (5 * skewness * skewness) / 36;
  const f = (z: number) => (a * z + b) * z + c;
  if (!(f(-zMax) > 0 && f(zMax) > 0)) return false;
  if (a > 0) {
    const v = -b / (2 * a);
    if (Math.abs(v) < zMax && !(f(v) > 0)) return false;
  }
  return true;
}

/** Relative step of the central differences of the Euler allocation. */
const EULER_STEP = 1e-5;

/**
 * Delta-gamma(-theta) VaR/ES by the Cornish-Fisher expansion on the exact moments of the quadratic
 * P&L (Zangari, RiskMetrics Monitor Q1 1996; Jaschke, J. Risk 2002; Mina & Ulmer, "Delta-gamma four
 * ways", RiskMetrics 1999): P&L ~ c + a'x + x'Bx/2 in the log returns x ~ N(0, h Sigma), with
 * the greeks at the base market, the lognormal convexity of linear positions in B, and c the
 * option time decay over the horizon (vols kept, so no vega term). Its first four cumulants are
 * exact (`quadraticCumulants`); the quantile and ES come from the expansion (`cornishFisherRisk`).
 * Euler contributions: the VaR and ES are positively homogeneous of degree 1 in the positions, so
 * component k gets dVaR/ds_k at s = 1 (scaling its own c, a, B), by central differences; they add
 * up to VaR and ES to ~1e-9. A warning is added when the expansion is not monotone on the quantiles
 * used (`cornishFisherMonotoneOn`, after Maillard 2012):
 * the result is then unreliable (very skewed books, short-dated options; see docs/var.md).
 *
 * @throws RiskInputError as `prepareParametric`.
 */
export function runDeltaGamma(doc: PortfolioDocument, params: ParametricParams = {}): VarResult {
  const p = prepareParametric(doc, params);
  const d = p.tokens.length;
  const m = deltaGammaMoments(p.total, p.horizonCov);
  const euler = (parts: readonly LogQuadratic[], names: readonly string[], a: number, pick: 'var' | 'es') => {
    const scales = new Float64Array(parts.length).fill(1);
    return Object.fromEntries(
      names.map((n, k) => {
        scales[k] = 1 + EULER_STEP;
        const up = cornishFisherRisk(deltaGammaMoments(scaledSum(parts, scales, d), p.horizonCov), a)[pick];
        scales[k] = 1 - EULER_STEP;
        const down = cornishFisherRisk(deltaGammaMoments(scaledSum(parts, scales, d), p.horizonCov), a)[pick];
        scales[k] = 1;
        return [n, (up - down) / (2 * EULER_STEP)];
      }),
    );
  };
  const split = (a: number, pick: 'var' | 'es'): Contributions => ({
    byToken: euler(p.byToken, p.tokens, a, pick),
    byAccount: euler(p.byAccount, p.accounts, a, pick),
  });
  const warnings: string[] = staleHistoryWarnings(p.covariance.window);
  if (!cornishFisherMonotoneOn(m.skewness, m.excessKurtosis)) {
    warnings.push(
      `Cornish-Fisher expansion is not monotone on |z| <= ${MONOTONE_Z} for loss skewness ${m.skewness.toFixed(3)} ` +
        `and excess kurtosis ${m.excessKurtosis.toFixed(3)} (Maillard 2012): the delta-gamma VaR is unreliable ` +
        '(short-dated options, large gamma); use Monte Carlo',
    );
  }
  const { daily: _daily, ...covariance } = p.covariance;
  return {
    method: 'delta-gamma',
    horizonDays: p.horizonDays,
    tokens: p.tokens,
    accounts: p.accounts,
    paths: null,
    levels: p.confidences.map((a) => {
      const r = cornishFisherRisk(m, a);
      return {
        confidence: a,
        var: r.var,
        es: r.es,
        stdErrVar: null,
        contributions: { var: split(a, 'var'), es: split(a, 'es') },
      };
    }),
    distribution: {
      meanPnl: -m.mean,
      stdPnl: m.std,
      minPnl: null,
      maxPnl: null,
      lossQuantiles: quantileLevels(p.confidences, 0).map((level) => ({
        level,
        loss: cornishFisherRisk(m, level).var,
      })),
      lossHistogram: null,
      skewness: -m.skewness,
      excessKurtosis: m.excessKurtosis,
    },
    covariance,
    details: {
      deltaUsd: Object.fromEntries(p.tokens.map((t, i) => [t, p.total.a[i] as number])),
      constantTermUsd: p.total.c,
      lossMoments: m,
    },
    warnings,
  };
}
