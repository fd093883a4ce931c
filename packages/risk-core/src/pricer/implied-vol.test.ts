import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RiskInputError } from '../errors.ts';
import { black76 } from './black76.ts';
import type { ImpliedVolInput } from './implied-vol.ts';
import { impliedVol, impliedVolDetailed } from './implied-vol.ts';
import { normalisedBlackOtm, normalisedBlackOtmComplement, normalisedVega } from './normalised-black.ts';
import { normalisedTotalVol } from './normalised-implied-vol.ts';

/**
 * Round trip black76 -> impliedVol: the price itself carries a few ulps of rounding, which the inversion
 * multiplies by cond = P / (sigma dP/dsigma). Bound: IV_ULPS_PER_COND * eps * max(1, cond); measured 8.1.
 */
const IV_ULPS_PER_COND = 16;
/** Same grid, out-of-the-money and at-the-money options (cond <= 90 there): measured max 1.9e-14. */
const IV_OTM_REL_TOL = 4e-14;
/** Solver alone on exact normalised prices b(x, s): measured max 7 ulps relative to max(1, 1/cond). */
/**
 * Repricing black76(impliedVol(price)) vs price for arbitrary prices inside the bounds: a few ulps of
 * sigma move the price by d ln P / d ln sigma (up to ~1e3 far out of the money), so the bound is
 * REPRICE_ULPS * eps * max(1, d ln P / d ln sigma).
 */
const REPRICE_ULPS = 16;
const SOLVER_ULPS = 16;

interface Case {
  readonly type: 'call' | 'put';
  readonly strike: number;
  readonly expiryYears: number;
  readonly vol: number;
}

/** Grid of the task: moneyness K/F 0.2..5, T 1 day..5 years, vol 0.05..3; calls and puts. */
function grid(): Case[] {
  const cases: Case[] = [];
  for (const type of ['call', 'put'] as const) {
    for (let i = 0; i <= 40; i++) {
      const strike = 100 * Math.exp(Math.log(0.2) + (i / 40) * Math.log(25));
      for (let j = 0; j <= 30; j++) {
        const expiryYears = Math.exp(Math.log(1 / 365) + (j / 30) * Math.log(5 * 365));
        for (let k = 0; k <= 30; k++) cases.push({ type, strike, expiryYears, vol: 0.05 + (k / 30) * 2.95 });
      }
    }
  }
  return cases;
}

describe('impliedVol round trip over the grid (F = 100, r = 3%)', () => {
  const rows = grid().flatMap((c) => {
    const g = black76({ ...c, forward: 100, rate: 0.03 });
    // Prices below 1e-290 are denormal-range time values that carry no volatility information.
    if (!(g.price > 1e-290)) return [];
    const D = Math.exp(-0.03 * c.expiryYears);
    const intrinsic = D * Math.max(c.type === 'call' ? 100 - c.strike : c.strike - 100, 0);
    if (!(g.price > intrinsic)) return []; // time value below the rounding of the intrinsic value
    const r = impliedVolDetailed({ ...c, price: g.price, forward: 100, rate: 0.03 });
    const cond = g.price / (c.vol * g.vega * 100);
    return [{ ...c, err: Math.abs(r.vol - c.vol) / c.vol, cond, iterations: r.iterations }];
  });

  it('covers the grid (tens of thousands of options)', () => {
    expect(rows.length).toBeGreaterThan(70000);
  });

  it('recovers sigma within IV_ULPS_PER_COND * eps * max(1, cond) for every option', () => {
    const worst = Math.max(...rows.map((r) => r.err / (Number.EPSILON * Math.max(1, r.cond))));
    expect(worst).toBeLessThan(IV_ULPS_PER_COND);
  });

  it('recovers sigma within IV_OTM_REL_TOL for out-of-the-money options', () => {
    const otm = rows.filter((r) => (r.type === 'call' ? r.strike >= 100 : r.strike <= 100));
    expect(otm.length).toBeGreaterThan(35000);
    expect(Math.max(...otm.map((r) => r.err))).toBeLessThan(IV_OTM_REL_TOL);
  });

  it('needs at most 2 Householder steps on the whole grid', () => {
    expect(Math.max(...rows.map((r) => r.iterations))).toBeLessThanOrEqual(2);
  });
});

describe('normalised solver on exact b(x, s)', () => {
  it('recovers s within SOLVER_ULPS * eps * max(1, 1/cond) for x in [-20, 0], s in [1e-5, 30]', () => {
    let worst = 0;
    let atMostTwo = 0;
    let total = 0;
    for (const x of [0, -1e-9, -1e-6, -1e-4, -1e-3, -0.01, -0.1, -0.3, -1, -1.6, -3, -5, -8, -12, -20]) {
      for (let ls = -5; ls <= 1.5; ls += 0.02) {
        const s = 10 ** ls;
        const b = normalisedBlackOtm(x, s);
        const c = normalisedBlackOtmComplement(x, s);
        if (!(b > 1e-290 && c > 1e-290)) continue;
        const r = normalisedTotalVol(x, b, c);
        const v = normalisedVega(x, s);
        const cond = Math.max((s * v) / b, (s * v) / c);
        worst = Math.max(worst, Math.abs(r.s - s) / s / (Number.EPSILON * Math.max(1, 1 / cond)));
        total++;
        if (r.iterations <= 2) atMostTwo++;
      }
    }
    expect(worst).toBeLessThan(SOLVER_ULPS);
    expect(atMostTwo).toBe(total);
  });
});

describe('impliedVol in hard regimes', () => {
  it('deep out of the money at short expiries: strike 5x and 0.2x the forward, T = 1 day', () => {
    for (const [type, strike] of [
      ['call', 500],
      ['put', 20],
    ] as const) {
      for (const vol of [1.2, 1.5, 3]) {
        const q = { type, forward: 100, strike, expiryYears: 1 / 365, rate: 0.05 };
        const price = black76({ ...q, vol }).price;
        expect(price).toBeGreaterThan(0);
        expect(price).toBeLessThan(1e-20); // a genuinely tiny premium
        const r = impliedVolDetailed({ ...q, price });
        expect(Math.abs(r.vol - vol) / vol).toBeLessThan(IV_OTM_REL_TOL);
        expect(r.iterations).toBeLessThanOrEqual(2);
      }
    }
  });

  it('tiny time values: expiries of seconds and premiums of 1e-200', () => {
    const seconds = 30 / (365 * 86400);
    const atm = { type: 'call' as const, forward: 60000, strike: 60000, expiryYears: seconds, rate: 0 };
    const p1 = black76({ ...atm, vol: 0.6 }).price;
    expect(Math.abs(impliedVol({ ...atm, price: p1 }) - 0.6) / 0.6).toBeLessThan(IV_OTM_REL_TOL);
    const near = { ...atm, strike: 60600 }; // 1% OTM, 30 s: h = x/s ~ -10
    const p2 = black76({ ...near, vol: 0.6 }).price;
    expect(Math.abs(impliedVol({ ...near, price: p2 }) - 0.6) / 0.6).toBeLessThan(IV_OTM_REL_TOL);
    const p3 = 1e-200;
    const v3 = impliedVol({ ...near, expiryYears: 1 / 365, price: p3 });
    expect(Math.abs(black76({ ...near, expiryYears: 1 / 365, vol: v3 }).price - p3) / p3).toBeLessThan(1e-12);
  });

  it('random round trips (fast-check) stay within IV_ULPS_PER_COND', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 200000, noNaN: true }),
        fc.double({ min: 0.2, max: 5, noNaN: true }),
        fc.double({ min: 1 / 365, max: 5, noNaN: true }),
        fc.double({ min: 0.05, max: 3, noNaN: true }),
        fc.double({ min: -0.05, max: 0.2, noNaN: true }),
        fc.boolean(),
        (F, m, T, vol, r, isCall) => {
          const q = {
            type: isCall ? ('call' as const) : ('put' as const),
            forward: F,
            strike: F * m,
            expiryYears: T,
            rate: r,
          };
          const g = black76({ ...q, vol });
          const D = Math.exp(-r * T);
          const intrinsic = D * Math.max(isCall ? F - F * m : F * m - F, 0);
          fc.pre(g.price > 1e-290 * F && g.price > intrinsic);
          const iv = impliedVol({ ...q, price: g.price });
          const cond = g.price / (vol * g.vega * 100);
          expect(Math.abs(iv - vol) / vol).toBeLessThan(
            IV_ULPS_PER_COND * Number.EPSILON * Math.max(1, cond),
          );
        },
      ),
    );
  });

  it('any price strictly inside the bounds inverts in <= 2 steps and reprices to REPRICE_ULPS', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -10, max: 10, noNaN: true }),
        fc.double({ min: -3, max: 3, noNaN: true }),
        fc.double({ min: -8, max: 3.5, noNaN: true }),
        fc.double({ min: -0.05, max: 0.15, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.boolean(),
        (lnF, lnM, lnT, r, u, isCall) => {
          const F = Math.exp(lnF);
          const K = F * Math.exp(lnM);
          const T = Math.exp(lnT);
          const D = Math.exp(-r * T);
          const intrinsic = D * Math.max(isCall ? F - K : K - F, 0);
          const upper = isCall ? D * F : D * K;
          // u^8 concentrates prices near the intrinsic value (deep OTM, tiny time values).
          const price = intrinsic + u ** 8 * (upper - intrinsic);
          fc.pre(price > intrinsic && price < upper && price > 1e-290 * F);
          const type = isCall ? ('call' as const) : ('put' as const);
          const r2 = impliedVolDetailed({ type, price, forward: F, strike: K, expiryYears: T, rate: r });
          expect(r2.vol).toBeGreaterThan(0);
          expect(Number.isFinite(r2.vol)).toBe(true);
          expect(r2.iterations).toBeLessThanOrEqual(2);
          const again = black76({ type, forward: F, strike: K, expiryYears: T, vol: r2.vol, rate: r });
          const elasticity = (r2.vol * again.vega * 100) / again.price; // d ln P / d ln sigma
          expect(Math.abs(again.price - price) / price).toBeLessThan(
            REPRICE_ULPS * Number.EPSILON * Math.max(1, elasticity),
          );
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('implied vol increases with the price (monotone inverse)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 0.9, noNaN: true }),
        fc.double({ min: 1.001, max: 1.5, noNaN: true }),
        (u, k) => {
          const q = { type: 'call' as const, forward: 100, strike: 110, expiryYears: 0.5, rate: 0 };
          const p = u * 100;
          expect(impliedVol({ ...q, price: Math.min(p * k, 99.999) })).toBeGreaterThan(
            impliedVol({ ...q, price: p }),
          );
        },
      ),
    );
  });
});

describe('impliedVol errors', () => {
  const q: ImpliedVolInput = {
    type: 'call',
    price: 5,
    forward: 100,
    strike: 110,
    expiryYears: 0.5,
    rate: 0.02,
  };
  const failure = (input: unknown): { code: string; field: string; message: string } => {
    try {
      impliedVol(input as ImpliedVolInput);
    } catch (e) {
      if (e instanceof RiskInputError) return { code: e.code, field: e.field, message: e.message };
      throw e;
    }
    return { code: 'none', field: '', message: '' };
  };

  it('NO_SOLUTION naming the bound for prices outside (intrinsic, upper bound)', () => {
    const D = Math.exp(-0.02 * 0.5);
    const itm = { ...q, strike: 90 };
    expect(failure({ ...itm, price: D * 10 })).toMatchObject({ code: 'NO_SOLUTION', field: 'price' });
    expect(failure({ ...itm, price: D * 10 }).message).toMatch(/intrinsic value/);
    expect(failure({ ...itm, price: 9 }).message).toMatch(/intrinsic value \(lower bound\)/);
    expect(failure({ ...q, price: 0 }).message).toMatch(/intrinsic/);
    expect(failure({ ...q, price: D * 100 }).message).toMatch(/upper bound .*discounted forward/);
    expect(failure({ ...q, type: 'put', price: D * 110 + 1 }).message).toMatch(
      /upper bound .*discounted strike/,
    );
  });

  it('invalid inputs: NaN/Infinity price, zero/negative forward, strike, expiry; unknown type', () => {
    expect(failure({ ...q, price: Number.NaN })).toMatchObject({ code: 'INVALID_NUMBER', field: 'price' });
    expect(failure({ ...q, price: Number.POSITIVE_INFINITY })).toMatchObject({ code: 'INVALID_NUMBER' });
    expect(failure({ ...q, forward: 0 })).toMatchObject({ code: 'OUT_OF_DOMAIN', field: 'forward' });
    expect(failure({ ...q, strike: -5 })).toMatchObject({ code: 'OUT_OF_DOMAIN', field: 'strike' });
    expect(failure({ ...q, expiryYears: 0 })).toMatchObject({ code: 'OUT_OF_DOMAIN', field: 'expiryYears' });
    expect(failure({ ...q, rate: Number.NaN })).toMatchObject({ code: 'INVALID_NUMBER', field: 'rate' });
    expect(failure({ ...q, type: 'digital' })).toMatchObject({ code: 'UNSUPPORTED', field: 'type' });
  });
});
