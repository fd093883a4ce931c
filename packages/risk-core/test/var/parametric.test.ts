import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normInv } from '../../src/math/normal.ts';
import { parsePortfolio } from '../../src/portfolio/parse-document.ts';
import { cornishFisherQuantile } from '../../src/stats/cornish-fisher.ts';
import { runMonteCarlo } from '../../src/var/mc/run.ts';
import { cornishFisherRisk, runDeltaGamma } from '../../src/var/parametric/delta-gamma.ts';
import { runDeltaNormal } from '../../src/var/parametric/delta-normal.ts';
import { quadraticCumulants } from '../../src/var/parametric/quadratic.ts';
import { smallOptionsDoc } from './helpers.ts';

/** Cumulants of the quadratic form vs the non-central chi-square closed form: rounding only. */
const CUMULANT_REL_TOL = 1e-12;
/** Closed-form Cornish-Fisher ES vs numerical integration of the expanded quantile (midpoint rule). */
const CF_ES_REL_TOL = 1e-7;
/** Euler allocations by central differences add up to VaR / ES. */
const EULER_REL_TOL = 1e-7;

/**
 * Cumulants of Q = a z + c z^2, z ~ N(0, 1), c != 0: Q = c (z + a/(2c))^2 - a^2/(4c), a non-central
 * chi-square with 1 degree of freedom and non-centrality lambda = a^2 / (4 c^2), whose cumulants are
 * kappa_r = 2^(r-1) (r-1)! (1 + r lambda) (Johnson, Kotz & Balakrishnan, Continuous Univariate
 * Distributions vol. 2, 1995, 29.4); Q's are c^r kappa_r for r >= 2, and E[Q] = c.
 */
function nonCentralCumulants(a: number, c: number): [number, number, number, number] {
  const lambda = (a * a) / (4 * c * c);
  const k = (r: number, f: number) => c ** r * 2 ** (r - 1) * f * (1 + r * lambda);
  return [c, k(2, 1), k(3, 2), k(4, 6)];
}

describe('quadratic-form cumulants (delta-gamma moments)', () => {
  it('match the non-central chi-square for independent tokens, and are invariant under rotation (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -5, max: 5, noNaN: true }),
        fc.double({ min: -5, max: 5, noNaN: true }),
        fc.double({ min: 0.1, max: 3, noNaN: true }),
        fc.double({ min: 0.1, max: 3, noNaN: true }),
        fc.double({ min: -2, max: 2, noNaN: true }).filter((v) => Math.abs(v) > 0.05),
        fc.double({ min: -2, max: 2, noNaN: true }).filter((v) => Math.abs(v) > 0.05),
        fc.double({ min: 0, max: Math.PI, noNaN: true }),
        (a1, a2, s1, s2, b1, b2, theta) => {
          // Q = c + a'x + x'Bx/2, x ~ N(0, diag(s^2)): per token Q_i = a_i s_i z + (b_i s_i^2 / 2) z^2.
          const q = { c: 0.7, a: Float64Array.of(a1, a2), b: Float64Array.of(b1, 0, 0, b2) };
          const cov = Float64Array.of(s1 * s1, 0, 0, s2 * s2);
          const k = quadraticCumulants(q, cov);
          const x1 = nonCentralCumulants(a1 * s1, (b1 * s1 * s1) / 2);
          const x2 = nonCentralCumulants(a2 * s2, (b2 * s2 * s2) / 2);
          const expected = [0.7 + x1[0] + x2[0], x1[1] + x2[1], x1[2] + x2[2], x1[3] + x2[3]];
          const got = [k.k1, k.k2, k.k3, k.k4];
          got.forEach((v, r) => {
            const e = expected[r] as number;
            expect(Math.abs(v - e)).toBeLessThanOrEqual(CUMULANT_REL_TOL * Math.max(1, Math.abs(e)) * 10);
          });
          // Rotate: x = R y with R orthogonal; y has covariance R^T S R, a_y = R^T a, B_y = R^T B R.
          const cs = Math.cos(theta);
          const sn = Math.sin(theta);
          const r = [cs, -sn, sn, cs];
          const t = (m: number[], i: number, j: number) => m[i * 2 + j] as number;
          const mul = (x: number[], y: number[]) =>
            [0, 1, 2, 3].map((e) => t(x, e >> 1, 0) * t(y, 0, e & 1) + t(x, e >> 1, 1) * t(y, 1, e & 1));
          const rt = [cs, sn, -sn, cs];
          const by = mul(mul(rt, Array.from(q.b)), r);
          const sy = mul(mul(rt, Array.from(cov)), r);
          const ay = [cs * a1 + sn * a2, -sn * a1 + cs * a2];
          const ky = quadraticCumulants(
            { c: 0.7, a: Float64Array.from(ay), b: Float64Array.from(by) },
            Float64Array.from(sy),
          );
          [ky.k1, ky.k2, ky.k3, ky.k4].forEach((v, i) => {
            const e = got[i] as number;
            expect(Math.abs(v - e)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(e)));
          });
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('Cornish-Fisher VaR and ES', () => {
  it('the closed-form ES equals the mean of the expanded quantile over (a, 1)', () => {
    for (const [s, k, a] of [
      [0.3, 0.5, 0.99],
      [-0.4, 1.2, 0.975],
      [0, 0, 0.95],
    ] as const) {
      const m = { mean: 10, std: 2, skewness: s, excessKurtosis: k };
      // Midpoint rule in z = Phi^-1(p) would need the density; integrate in p on a geometric grid
      // of the tail q = 1 - p (w(z(p)) is smooth in ln q).
      const steps = 200_000;
      const lo = Math.log(1e-14);
      const hi = Math.log(1 - a);
      let integral = 0;
      for (let i = 0; i < steps; i++) {
        const u = lo + ((i + 0.5) * (hi - lo)) / steps;
        const q = Math.exp(u);
        integral += cornishFisherQuantile(1 - q, s, k) * q * ((hi - lo) / steps);
      }
      const es = 10 + (2 * integral) / (1 - a);
      const r = cornishFisherRisk(m, a);
      expect(Math.abs(r.es - es)).toBeLessThan(CF_ES_REL_TOL * Math.abs(es) + 2 * 1e-14 * 50);
      expect(r.var).toBeCloseTo(10 + 2 * cornishFisherQuantile(a, s, k), 12);
    }
    // Normal case: ES = mean + sd phi(z)/(1 - a).
    const z = normInv(0.99);
    expect(cornishFisherRisk({ mean: 0, std: 1, skewness: 0, excessKurtosis: 0 }, 0.99).es).toBeCloseTo(
      Math.exp((-z * z) / 2) / Math.sqrt(2 * Math.PI) / 0.01,
      12,
    );
  });

  it('Euler allocations of delta-gamma VaR and ES add up to them (tokens and accounts)', () => {
    const r = runDeltaGamma(smallOptionsDoc(), { confidences: [0.99, 0.95] });
    for (const l of r.levels) {
      const sum = (o: Record<string, number>) => Object.values(o).reduce((s, v) => s + v, 0);
      for (const c of [l.contributions.var.byToken, l.contributions.var.byAccount]) {
        expect(Math.abs(sum(c) - l.var)).toBeLessThan(EULER_REL_TOL * l.var);
      }
      for (const c of [l.contributions.es.byToken, l.contributions.es.byAccount]) {
        expect(Math.abs(sum(c) - l.es)).toBeLessThan(EULER_REL_TOL * l.es);
      }
    }
  });
});

/** An ATM BTC straddle (call + put, K = 90,000, vol 60%), daily BTC vol 3%, rate 0. */
function straddle(expiry: string, quantity: number) {
  const leg = (id: string, optionType: string) => ({
    id,
    account: 'desk',
    kind: 'option',
    underlying: 'BTC',
    settlement: 'linear',
    optionType,
    strike: 90_000,
    expiry,
    contractSize: 1,
    quantity,
  });
  return parsePortfolio({
    valuationTime: '2026-11-24T08:00:00Z',
    market: {
      spot: { BTC: 90_000 },
      vols: { BTC: 0.6 },
      rate: 0,
      covariance: { tokens: ['BTC'], daily: [[0.0009]] },
    },
    positions: [leg('c', 'call'), leg('p', 'put')],
  });
}

describe('where the parametric methods break down: short-dated straddles vs full revaluation', () => {
  const paths = 100_000;
  const full = (d: ReturnType<typeof straddle>) =>
    runMonteCarlo(d, { paths, pricing: 'exact', confidences: [0.99], seed: 1 }).levels[0] as {
      var: number;
      es: number;
      stdErrVar: number;
    };

  it('a short 2-day straddle: delta-normal sees almost nothing, delta-gamma misstates ES and warns', () => {
    const d = straddle('2026-11-26T08:00:00Z', -10);
    const mc = full(d);
    const dn = runDeltaNormal(d, { confidences: [0.99] }).levels[0] as { var: number };
    const dg = runDeltaGamma(d, { confidences: [0.99] });
    const dgl = dg.levels[0] as { var: number; es: number };
    // Delta ~ 0 at the money: the linear model reports a few % of the true 1-day 99% loss.
    expect(dn.var).toBeLessThan(0.1 * mc.var);
    // The quadratic keeps growing where the straddle's loss grows linearly (|dF| > sigma sqrt(T)),
    // and the expiry-day time decay is not a Taylor term: ES is overstated by > 10%.
    expect(Math.abs(dgl.es - mc.es) / mc.es).toBeGreaterThan(0.1);
    expect(dg.warnings.join(' ')).toMatch(/not monotone/);
  });

  it('a long 2-day straddle: the loss is the bounded time decay, delta-gamma is off by more than half', () => {
    const d = straddle('2026-11-26T08:00:00Z', 10);
    const mc = full(d);
    const dg = runDeltaGamma(d, { confidences: [0.99] }).levels[0] as { var: number };
    expect(Math.abs(dg.var - mc.var) / mc.var).toBeGreaterThan(0.5);
  });

  it('the same straddle with 1 year to expiry: delta-gamma is within 3% (plus 4 MC standard errors)', () => {
    const d = straddle('2027-11-24T08:00:00Z', -10);
    const mc = full(d);
    const dg = runDeltaGamma(d, { confidences: [0.99] }).levels[0] as { var: number };
    expect(Math.abs(dg.var - mc.var)).toBeLessThan(0.03 * mc.var + 4 * mc.stdErrVar);
  });
});
