import { describe, expect, it } from 'vitest';
import { black76 } from '../../src/pricer/black76.ts';
import { PhiloxStream } from '../../src/rng/stream.ts';
import type { OptionContracts } from '../../src/var/compile/types.ts';
import { FUSED_MAX_ABS_LOG_MOVE, FusedOptionValuation } from '../../src/var/engine/fused-option-valuation.ts';

/*
 * The fused WebAssembly revaluation kernel (assembly/option-pnl.ts) against the project's scalar
 * Black-76 (`black76`, src/pricer/black76.ts, itself checked against QuantLib and mpmath in
 * src/pricer/black76.test.ts), priced at the same forward F0 g and shortened expiry.
 *
 * REL_TOL: relative agreement of prices. Both compute ln(F/K) to about one ulp (the kernel as
 * ln(F0/K) + y, the reference as ln of the rounded F0 g / K), and a relative change e of the
 * moneyness changes the price by e times its elasticity |dP/dF| F / P; with the realistic contracts
 * below (|ln(F/K)| <= 0.8 before the move, sigma sqrt T >= 0.01) the measured worst is 2.5e-14, so 1e-13 leaves
 * margin and still fails on any formula or coefficient error (those show up at 1e-9 or worse).
 * ABS_TOL: for prices far below the forward (deep out of the money, where the relative error grows
 * with the elasticity), an absolute bound of 1e-15 x F (a hundred-thousandth of a cent per 1e10 USD).
 */
const REL_TOL = 1e-13;
const ABS_TOL = 1e-15;

/** One contract per entry, token 0, one account, base price 0 (so the P&L is the price). */
function contracts(
  spec: { call: boolean; F: number; K: number; T: number; vol: number }[],
  rate: number,
): OptionContracts {
  const n = spec.length;
  return {
    count: n,
    token: new Int32Array(n),
    isCall: Uint8Array.from(spec, (s) => (s.call ? 1 : 0)),
    forward: Float64Array.from(spec, (s) => s.F),
    strike: Float64Array.from(spec, (s) => s.K),
    expiryYears: Float64Array.from(spec, (s) => s.T + 1 / 365),
    horizonExpiryYears: Float64Array.from(spec, (s) => s.T),
    vol: Float64Array.from(spec, (s) => s.vol),
    rate,
    basePrice: new Float64Array(n),
    quantity: new Float64Array(n).fill(1),
    accountStart: Int32Array.from({ length: n + 1 }, (_, i) => i),
    account: new Int32Array(n),
    accountQuantity: new Float64Array(n).fill(1),
    labels: spec.map((_, i) => `c${i}`),
  };
}

/** Prices of every contract on every path, one contract at a time: rows = [token, account]. */
function fusedPrices(o: OptionContracts, y: Float64Array): Float64Array[] {
  const paths = y.length;
  const g = y.map((v) => 1 + Math.expm1(v));
  return Array.from({ length: o.count }, (_, c) => {
    const one = contracts(
      [
        {
          call: o.isCall[c] === 1,
          F: o.forward[c] as number,
          K: o.strike[c] as number,
          T: o.horizonExpiryYears[c] as number,
          vol: o.vol[c] as number,
        },
      ],
      o.rate,
    );
    const v = new FusedOptionValuation(one, 1, paths);
    const rows = new Float64Array(paths * 2);
    v.addPnl(g, y, paths, rows, 2);
    for (let p = 0; p < paths; p++) expect(rows[p * 2 + 1]).toBe(rows[p * 2]); // account = token
    return Float64Array.from({ length: paths }, (_, p) => rows[p * 2] as number);
  });
}

function reference(o: OptionContracts, c: number, g: number): number {
  return black76({
    type: o.isCall[c] === 1 ? 'call' : 'put',
    forward: (o.forward[c] as number) * g,
    strike: o.strike[c] as number,
    expiryYears: o.horizonExpiryYears[c] as number,
    vol: o.vol[c] as number,
    rate: o.rate,
  }).price;
}

describe('FusedOptionValuation (WebAssembly fused revaluation kernel)', () => {
  it('prices every contract on every path as black76 does, to REL_TOL (random realistic contracts)', () => {
    const rng = new PhiloxStream(2024, 0);
    const spec = Array.from({ length: 64 }, (_, i) => {
      const F = 50 * Math.exp(8 * rng.uniform());
      return {
        call: i % 2 === 0,
        F,
        K: F * Math.exp(0.8 * (2 * rng.uniform() - 1)),
        T: 1 / 365 + 2 * rng.uniform(),
        vol: 0.2 + 1.3 * rng.uniform(),
      };
    });
    const o = contracts(spec, 0.04);
    const paths = 257; // odd: the padded lane must not leak
    const y = Float64Array.from({ length: paths }, () => 0.15 * rng.normal());
    const prices = fusedPrices(o, y);
    let worst = 0;
    for (let c = 0; c < o.count; c++) {
      for (let p = 0; p < paths; p++) {
        const g = 1 + Math.expm1(y[p] as number);
        const want = reference(o, c, g);
        const got = (prices[c] as Float64Array)[p] as number;
        const err = Math.abs(got - want);
        const f = (o.forward[c] as number) * g;
        expect(err, `contract ${c} path ${p}: ${got} vs ${want}`).toBeLessThanOrEqual(
          Math.max(REL_TOL * Math.abs(want), ABS_TOL * f),
        );
        if (Math.abs(want) > 1e-6 * f) worst = Math.max(worst, err / Math.abs(want));
      }
    }
    expect(worst).toBeGreaterThan(0); // the comparison ran on distinct computations
  });

  it('prices expiring contracts (T = 0, intrinsic) and moves beyond FUSED_MAX_ABS_LOG_MOVE outside the kernel', () => {
    const o = contracts(
      [
        { call: true, F: 100, K: 90, T: 0, vol: 0.5 },
        { call: false, F: 100, K: 90, T: 0, vol: 0.5 },
        { call: true, F: 100, K: 110, T: 0.5, vol: 0.8 },
      ],
      0.01,
    );
    const y = Float64Array.from([0.1, -0.2, FUSED_MAX_ABS_LOG_MOVE + 5, FUSED_MAX_ABS_LOG_MOVE + 1]);
    const prices = fusedPrices(o, y);
    for (let c = 0; c < o.count; c++) {
      for (let p = 0; p < y.length; p++) {
        const g = 1 + Math.expm1(y[p] as number);
        const want = reference(o, c, g);
        expect(Math.abs(((prices[c] as Float64Array)[p] as number) - want)).toBeLessThanOrEqual(
          REL_TOL * Math.abs(want) + ABS_TOL * 100 * g,
        );
      }
    }
    // Intrinsic values by hand (T = 0): call max(F - K, 0), put max(K - F, 0), undiscounted at T = 0.
    expect((prices[0] as Float64Array)[0]).toBeCloseTo(100 * Math.exp(0.1) - 90, 10);
    expect((prices[1] as Float64Array)[1]).toBeCloseTo(90 - 100 * Math.exp(-0.2), 10);
  });

  it('adds Q (V - V0) per token and q_a (V - V0) per account; a path does not depend on its block', () => {
    const o = contracts(
      [
        { call: true, F: 30_000, K: 32_000, T: 0.1, vol: 0.6 },
        { call: false, F: 2_000, K: 1_900, T: 0.3, vol: 0.7 },
      ],
      0.02,
    );
    // Contract 0 on token 0 split over accounts 0 (3) and 1 (-1); contract 1 on token 1, account 1 (2).
    o.token[1] = 1;
    o.quantity.set([2, 2]);
    o.accountStart.set([0, 2, 3]);
    const split = { account: Int32Array.from([0, 1, 1]), accountQuantity: Float64Array.from([3, -1, 2]) };
    const oc = { ...o, ...split, basePrice: Float64Array.from([1_000, 50]) };
    const d = 2;
    const k = d + 2;
    const n = 10;
    const rng = new PhiloxStream(3, 1);
    const y = Float64Array.from({ length: n * d }, () => 0.05 * rng.normal());
    const g = y.map((v) => 1 + Math.expm1(v));
    const whole = new Float64Array(n * k);
    new FusedOptionValuation(oc, d, n).addPnl(g, y, n, whole, k);
    const small = new FusedOptionValuation(oc, d, 3);
    const parts = new Float64Array(n * k);
    for (let s = 0; s < n; s += 3) {
      const m = Math.min(3, n - s);
      small.addPnl(g.subarray(s * d), y.subarray(s * d), m, parts.subarray(s * k), k);
    }
    expect(parts).toEqual(whole);
    for (let p = 0; p < n; p++) {
      const v0 = reference(oc, 0, g[p * d] as number) - 1_000;
      const v1 = reference(oc, 1, g[p * d + 1] as number) - 50;
      const want = [2 * v0, 2 * v1, 3 * v0, -v0 + 2 * v1];
      want.forEach((w, j) => {
        expect(Math.abs((whole[p * k + j] as number) - w)).toBeLessThanOrEqual(1e-12 * 40_000);
      });
    }
  });
});
