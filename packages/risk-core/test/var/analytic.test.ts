import { describe, expect, it } from 'vitest';
import { normCdf, normInv, normPdf } from '../../src/math/normal.ts';
import { PhiloxStream } from '../../src/rng/stream.ts';
import type { DailyClose } from '../../src/scenarios/prices-csv.ts';
import { runHistorical } from '../../src/var/historical/historical.ts';
import { runMonteCarlo } from '../../src/var/mc/run.ts';
import { runDeltaGamma } from '../../src/var/parametric/delta-gamma.ts';
import { runDeltaNormal } from '../../src/var/parametric/delta-normal.ts';
import { linearDoc } from './helpers.ts';

/*
 * A linear book under normal log returns, every method against closed forms.
 *
 * One token, N USD held, daily vol sigma, horizon h, s = sigma sqrt(h), z = Phi^-1(a).
 * Spec semantics: g = exp(x - s^2/2), x ~ N(0, s^2), P&L = N (g - 1) (lognormal, E[P&L] = 0):
 *   VaR_exact = N (1 - exp(-z s - s^2/2)),
 *   ES_exact  = N (1 - Phi(-z - s) / (1 - a))       (E[e^x; x <= -z s] = e^{s^2/2} Phi(-z - s)).
 * Arithmetic (normal) approximation P&L ~ N x: VaR = z s N, ES = s phi(z)/(1 - a) N.
 * They differ at second order: VaR_arith - VaR_exact = N s^2 (z^2 - 1)/2 + O(s^3) (about 3% of VaR
 * at s = 0.03, a = 0.99), so each method is compared with the value its model targets, with a
 * tolerance for its own error.
 */
const N = 1e6;
const SIGMA = 0.03;
const LEVELS = [0.95, 0.99] as const;

function exactVar(a: number, s: number): number {
  return N * (1 - Math.exp(-normInv(a) * s - (s * s) / 2));
}
function exactEs(a: number, s: number): number {
  return N * (1 - normCdf(-normInv(a) - s) / (1 - a));
}
/** Density of the loss L = N (1 - e^y), y ~ N(-s^2/2, s^2), at l (for quantile standard errors). */
function lossDensity(l: number, s: number): number {
  const y = Math.log(1 - l / N);
  return normPdf((y + (s * s) / 2) / s) / (s * (N - l));
}

/** Delta-normal is the arithmetic formula itself: only rounding. */
const FORMULA_REL_TOL = 1e-12;
/** Monte Carlo / historical: within this many standard errors of the exact value. */
const SAMPLING_SE = 4;
/**
 * Delta-gamma (Cornish-Fisher on Q = N (x + x^2/2 - s^2/2), the exact second-order expansion of
 * the lognormal P&L): the third-order remainder gives a relative error ~0.1 (z s)^2 (measured
 * 3.7e-4 at s = 0.03, a = 0.99); tolerance 0.2 (z s)^2 relative.
 */
const dgTol = (a: number, s: number) => 0.2 * (normInv(a) * s) ** 2;

describe('a linear book under normal returns: every method vs the closed forms', () => {
  const doc = linearDoc(N, SIGMA);

  it('delta-normal: VaR = z sigma N, ES = sigma phi(z)/(1-a) N exactly; within O(s^2) of the lognormal values', () => {
    for (const h of [1, 4]) {
      const s = SIGMA * Math.sqrt(h);
      const r = runDeltaNormal(doc, { horizonDays: h, confidences: [...LEVELS] });
      for (const l of r.levels) {
        const z = normInv(l.confidence);
        const lambda = normPdf(z) / (1 - l.confidence);
        expect(Math.abs(l.var - z * s * N)).toBeLessThanOrEqual(FORMULA_REL_TOL * z * s * N);
        expect(Math.abs(l.es - lambda * s * N)).toBeLessThanOrEqual(FORMULA_REL_TOL * lambda * s * N);
        // Second-order bound of the arithmetic/lognormal difference: N s^2 (z^2 + 1)/2 (VaR),
        // N s^2 (lambda^2 + 1)/2 (ES).
        expect(Math.abs(l.var - exactVar(l.confidence, s))).toBeLessThan((N * s * s * (z * z + 1)) / 2);
        expect(Math.abs(l.es - exactEs(l.confidence, s))).toBeLessThan(
          (N * s * s * (lambda * lambda + 1)) / 2,
        );
      }
    }
  });

  it('delta-gamma (Cornish-Fisher): within 0.2 (z s)^2 of the exact lognormal VaR and ES', () => {
    for (const h of [1, 4]) {
      const s = SIGMA * Math.sqrt(h);
      const r = runDeltaGamma(doc, { horizonDays: h, confidences: [...LEVELS, 0.999] });
      for (const l of r.levels) {
        const tol = dgTol(l.confidence, s);
        expect(Math.abs(l.var / exactVar(l.confidence, s) - 1)).toBeLessThan(tol);
        expect(Math.abs(l.es / exactEs(l.confidence, s) - 1)).toBeLessThan(tol);
      }
      expect(r.warnings).toEqual([]);
    }
  });

  it('Monte Carlo (spec semantics): within 4 batch-means standard errors of the exact lognormal VaR; ES likewise', () => {
    const paths = 100_000;
    const r = runMonteCarlo(doc, { paths, confidences: [...LEVELS], seed: 5 });
    for (const l of r.levels) {
      const a = l.confidence;
      expect(Math.abs(l.var - exactVar(a, SIGMA))).toBeLessThan(SAMPLING_SE * (l.stdErrVar as number));
      // ES standard error (Manistre & Hancock, "Variance of the CTE estimator", NAAJ 9(2), 2005):
      // sqrt((Var(L | L >= VaR) + a (ES - VaR)^2) / (n (1 - a))), with the normal tail variance
      // s^2 N^2 (1 + z lambda - lambda^2) as the scale.
      const z = normInv(a);
      const lambda = normPdf(z) / (1 - a);
      const tailVar = (SIGMA * N) ** 2 * (1 + z * lambda - lambda * lambda);
      const seEs = Math.sqrt(
        (tailVar + a * (exactEs(a, SIGMA) - exactVar(a, SIGMA)) ** 2) / (paths * (1 - a)),
      );
      expect(Math.abs(l.es - exactEs(a, SIGMA))).toBeLessThan(SAMPLING_SE * seEs);
    }
  });

  it('historical simulation on 40,000 synthetic lognormal daily returns: within 4 asymptotic standard errors', () => {
    // Returns r = x - sigma^2/2, x ~ N(0, sigma^2) (the same lognormal law, E[e^r] = 1), as closes.
    const n = 40_000;
    const rng = new PhiloxStream(2024, 0);
    const closes: DailyClose[] = [];
    let price = 100;
    const day0 = Date.UTC(1900, 0, 1);
    for (let i = 0; i <= n; i++) {
      closes.push({
        date: new Date(day0 + i * 86_400_000).toISOString().slice(0, 10),
        token: 'BTC',
        close: price,
      });
      price *= Math.exp(SIGMA * rng.normal() - (SIGMA * SIGMA) / 2);
    }
    const asOf = closes[n]?.date as string;
    const r = runHistorical(doc, { history: closes, lookback: n, asOf, confidences: [...LEVELS] });
    expect(r.paths).toBe(n);
    for (const l of r.levels) {
      const a = l.confidence;
      const v = exactVar(a, SIGMA);
      // Quantile standard error sqrt(a (1 - a) / n) / f(VaR) (e.g. Stuart & Ord, Kendall's Advanced
      // Theory of Statistics, 10.10).
      const se = Math.sqrt((a * (1 - a)) / n) / lossDensity(v, SIGMA);
      expect(Math.abs(l.var - v)).toBeLessThan(SAMPLING_SE * se);
      expect(Math.abs(l.es - exactEs(a, SIGMA))).toBeLessThan(SAMPLING_SE * 2 * se);
    }
  });

  it('two tokens, delta-normal: VaR = z sqrt(w Sigma w) and Euler components w_i (Sigma w)_i z / sigma', () => {
    const two = linearDoc(1e6, 0.03, { token2: { usd: -4e5, sigma: 0.045, rho: 0.8 } });
    const w = [1e6, -4e5];
    const c = [
      [0.03 * 0.03, 0.8 * 0.03 * 0.045],
      [0.8 * 0.03 * 0.045, 0.045 * 0.045],
    ];
    const sw = c.map((row) => row.reduce((s, v, j) => s + v * (w[j] as number), 0));
    const sd = Math.sqrt(w.reduce((s, v, i) => s + v * (sw[i] as number), 0));
    const r = runDeltaNormal(two, { confidences: [0.99] });
    const l = r.levels[0];
    const z = normInv(0.99);
    expect(Math.abs((l?.var as number) - z * sd)).toBeLessThan(FORMULA_REL_TOL * z * sd);
    expect(l?.contributions.var.byToken.BTC).toBeCloseTo((z * (w[0] as number) * (sw[0] as number)) / sd, 6);
    expect(l?.contributions.var.byToken.ETH).toBeCloseTo((z * (w[1] as number) * (sw[1] as number)) / sd, 6);
    expect(l?.contributions.var.byAccount['acct-2']).toBeCloseTo(
      l?.contributions.var.byToken.ETH as number,
      9,
    );
  });
});
