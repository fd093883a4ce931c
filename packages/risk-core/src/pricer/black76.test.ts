import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RiskInputError } from '../errors.ts';
import { normCdf, normPdf } from '../math/normal.ts';
import { black76 } from './black76.ts';
import type { Black76Input } from './types.ts';

/** erf by its Taylor series (Abramowitz & Stegun 7.1.5), an evaluation independent of Cody's. */
function erfSeries(z: number): number {
  let term = z;
  let sum = z;
  for (let n = 1; n < 60; n++) {
    term *= (-z * z) / n;
    sum += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

/** Closed form at the money (F = K): price = D F (2 N(s/2) - 1) = D F erf(s / (2 sqrt 2)). */
const ATM_REL_TOL = 4e-15;
/** Put-call parity C - P = D (F - K), relative to D max(F, K). */
const PARITY_TOL = 4e-15;
/** Central differences with steps 1e-3 of each variable's scale: truncation ~1e-6 of the greek's scale. */
const FD_TOL = 1e-5;

const base: Black76Input = {
  type: 'call',
  forward: 100,
  strike: 100,
  expiryYears: 0.5,
  vol: 0.6,
  rate: 0.03,
};

describe('black76 closed forms', () => {
  it('at the money: price, delta, gamma, vega, theta match the closed forms (Black 1976, s = sigma sqrt T)', () => {
    for (const [T, vol] of [
      [1 / 365, 0.3],
      [0.25, 0.8],
      [1, 1.5],
      [2, 0.05],
    ] as const) {
      const F = 30000;
      const r = 0.04;
      const D = Math.exp(-r * T);
      const s = vol * Math.sqrt(T);
      const call = black76({ type: 'call', forward: F, strike: F, expiryYears: T, vol, rate: r });
      const put = black76({ type: 'put', forward: F, strike: F, expiryYears: T, vol, rate: r });
      const price = D * F * erfSeries(s / (2 * Math.SQRT2));
      const n = Math.exp((-s * s) / 8) / Math.sqrt(2 * Math.PI);
      expect(Math.abs(call.price - price) / price).toBeLessThan(ATM_REL_TOL);
      expect(Math.abs(put.price - price) / price).toBeLessThan(ATM_REL_TOL);
      expect(call.delta).toBeCloseTo(D * 0.5 * (1 + erfSeries(s / (2 * Math.SQRT2))), 14);
      expect(call.delta - put.delta).toBeCloseTo(D, 14);
      expect(Math.abs(call.gamma - (D * n) / (F * s)) / call.gamma).toBeLessThan(ATM_REL_TOL);
      expect(Math.abs(call.vega - (D * F * n * Math.sqrt(T)) / 100) / call.vega).toBeLessThan(ATM_REL_TOL);
      const theta = (r * price - (D * F * n * vol) / (2 * Math.sqrt(T))) / 365;
      expect(Math.abs(call.theta - theta) / Math.abs(theta)).toBeLessThan(1e-13);
    }
  });

  it('Brenner-Subrahmanyam: ATM price ~ D F s / sqrt(2 pi) (1 - s^2/24) for small s', () => {
    const s = 0.01;
    const p = black76({ type: 'call', forward: 100, strike: 100, expiryYears: 1, vol: s, rate: 0 }).price;
    const approx = ((100 * s) / Math.sqrt(2 * Math.PI)) * (1 - (s * s) / 24);
    expect(Math.abs(p - approx) / p).toBeLessThan(s ** 4); // next term of the series is O(s^4)
  });

  it('matches the textbook formula e^{-rT}[F N(d1) - K N(d2)] where it does not cancel', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.7, max: 1.4, noNaN: true }),
        fc.double({ min: 0.1, max: 2, noNaN: true }),
        fc.double({ min: 0.3, max: 1.5, noNaN: true }),
        (m, T, vol) => {
          const F = 2000;
          const K = F * m;
          const s = vol * Math.sqrt(T);
          const d1 = Math.log(F / K) / s + s / 2;
          const D = Math.exp(-0.03 * T);
          const textbook = D * (F * normCdf(d1) - K * normCdf(d1 - s));
          const p = black76({ type: 'call', forward: F, strike: K, expiryYears: T, vol, rate: 0.03 }).price;
          expect(Math.abs(p - textbook)).toBeLessThan(1e-13 * F);
          const g = black76({ type: 'call', forward: F, strike: K, expiryYears: T, vol, rate: 0.03 }).gamma;
          expect(Math.abs(g - (D * normPdf(d1)) / (F * s)) / g).toBeLessThan(1e-13);
        },
      ),
    );
  });
});

const price = fc.double({ min: 1, max: 200000, noNaN: true });
const moneyness = fc.double({ min: 0.3, max: 3, noNaN: true });
const expiry = fc.double({ min: 1 / 365, max: 5, noNaN: true });
const volatility = fc.double({ min: 0.05, max: 3, noNaN: true });
const rate = fc.double({ min: -0.05, max: 0.2, noNaN: true });

describe('black76 properties', () => {
  it('put-call parity C - P = e^{-rT}(F - K) and delta_C - delta_P = e^{-rT}', () => {
    fc.assert(
      fc.property(price, moneyness, expiry, volatility, rate, (F, m, T, vol, r) => {
        const input = { forward: F, strike: F * m, expiryYears: T, vol, rate: r };
        const c = black76({ ...input, type: 'call' });
        const p = black76({ ...input, type: 'put' });
        const D = Math.exp(-r * T);
        expect(Math.abs(c.price - p.price - D * (F - F * m))).toBeLessThan(
          PARITY_TOL * D * Math.max(F, F * m),
        );
        expect(Math.abs(c.delta - p.delta - D)).toBeLessThan(4 * Number.EPSILON);
        expect(c.gamma).toBe(p.gamma);
        expect(c.vega).toBe(p.vega);
      }),
    );
  });

  it('greeks are the finite-difference derivatives of the price (delta, gamma, vega, theta)', () => {
    fc.assert(
      fc.property(
        price,
        fc.double({ min: 0.6, max: 1.6, noNaN: true }),
        fc.double({ min: 0.05, max: 3, noNaN: true }),
        fc.double({ min: 0.2, max: 1.5, noNaN: true }),
        rate,
        fc.boolean(),
        (F, m, T, vol, r, isCall) => {
          const type = isCall ? 'call' : 'put';
          const at = (f: number, t: number, v: number) =>
            black76({ type, forward: f, strike: F * m, expiryYears: t, vol: v, rate: r });
          const g = at(F, T, vol);
          // Steps and tolerances on each greek's natural scale (s = sigma sqrt T).
          const s = vol * Math.sqrt(T);
          const hF = 1e-3 * F * s;
          const hT = 1e-3 * T;
          const hV = 1e-3 * vol;
          const fdDelta = (at(F + hF, T, vol).price - at(F - hF, T, vol).price) / (2 * hF);
          const fdGamma = (at(F + hF, T, vol).delta - at(F - hF, T, vol).delta) / (2 * hF);
          const fdVega = (at(F, T, vol + hV).price - at(F, T, vol - hV).price) / (2 * hV) / 100;
          const fdTheta = -(at(F, T + hT, vol).price - at(F, T - hT, vol).price) / (2 * hT) / 365;
          expect(Math.abs(fdDelta - g.delta)).toBeLessThan(FD_TOL);
          expect(Math.abs(fdGamma - g.gamma)).toBeLessThan(FD_TOL / (F * s));
          expect(Math.abs(fdVega - g.vega)).toBeLessThan((FD_TOL * F * Math.sqrt(T)) / 100);
          expect(Math.abs(fdTheta - g.theta)).toBeLessThan(
            (FD_TOL * F * (vol / (2 * Math.sqrt(T)) + Math.abs(r))) / 365,
          );
        },
      ),
    );
  });

  it('monotone: calls increase with F and vol and decrease with K; puts increase with K', () => {
    fc.assert(
      fc.property(
        price,
        moneyness,
        expiry,
        volatility,
        fc.double({ min: 1e-3, max: 0.5, noNaN: true }),
        (F, m, T, vol, d) => {
          const q = { forward: F, strike: F * m, expiryYears: T, vol, rate: 0.02 };
          const c = black76({ ...q, type: 'call' }).price;
          expect(black76({ ...q, type: 'call', forward: F * (1 + d) }).price).toBeGreaterThanOrEqual(c);
          expect(black76({ ...q, type: 'call', vol: vol * (1 + d) }).price).toBeGreaterThanOrEqual(c);
          expect(black76({ ...q, type: 'call', strike: F * m * (1 + d) }).price).toBeLessThanOrEqual(c);
          const p = black76({ ...q, type: 'put' }).price;
          expect(black76({ ...q, type: 'put', strike: F * m * (1 + d) }).price).toBeGreaterThanOrEqual(p);
        },
      ),
    );
  });

  it('no NaN and within the no-arbitrage bounds for any valid input (extreme ranges included)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-6, max: 1e9, noNaN: true }),
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        fc.double({ min: 0, max: 50, noNaN: true }),
        fc.double({ min: 1e-6, max: 20, noNaN: true }),
        fc.double({ min: -0.5, max: 0.5, noNaN: true }),
        fc.boolean(),
        (F, m, T, vol, r, isCall) => {
          const g = black76({
            type: isCall ? 'call' : 'put',
            forward: F,
            strike: F * m,
            expiryYears: T,
            vol,
            rate: r,
          });
          for (const v of Object.values(g)) expect(Number.isNaN(v)).toBe(false);
          const D = Math.exp(-r * T);
          const intrinsic = D * Math.max(isCall ? F - F * m : F * m - F, 0);
          expect(g.price).toBeGreaterThanOrEqual(intrinsic * (1 - 1e-12));
          expect(g.price).toBeLessThanOrEqual(D * (isCall ? F : F * m) * (1 + 1e-12));
        },
      ),
    );
  });
  it('no NaN at the edges of the double range (F/K overflowing or underflowing, F near 1.8e308)', () => {
    const edges: [number, number][] = [
      [1e200, 1e-200],
      [1e-200, 1e200],
      [1.7e308, 1.7e308],
      [5e-324, 1],
    ];
    for (const [forward, strike] of edges) {
      for (const type of ['call', 'put'] as const) {
        for (const expiryYears of [0, 1e-300, 1, 50]) {
          const g = black76({ type, forward, strike, expiryYears, vol: 3, rate: 0.05 });
          expect(Object.values(g).some(Number.isNaN)).toBe(false);
        }
      }
    }
  });
});

describe('black76 at expiry (T = 0)', () => {
  it('is the intrinsic value with delta 0/+-1 and the +-1/2 at-the-money convention', () => {
    const at = (type: 'call' | 'put', strike: number) => black76({ ...base, type, strike, expiryYears: 0 });
    expect(at('call', 90)).toEqual({ price: 10, delta: 1, gamma: 0, vega: 0, theta: (0.03 * 10) / 365 });
    expect(at('call', 110)).toEqual({ price: 0, delta: 0, gamma: 0, vega: 0, theta: 0 });
    expect(at('put', 110)).toEqual({ price: 10, delta: -1, gamma: 0, vega: 0, theta: (0.03 * 10) / 365 });
    expect(at('put', 90).delta).toBe(0);
    expect(at('call', 100).delta).toBe(0.5);
    expect(at('put', 100).delta).toBe(-0.5);
    expect(at('call', 100).price).toBe(0);
  });

  it('is the limit of short expiries away from the money', () => {
    const near = black76({ ...base, strike: 90, expiryYears: 1e-9 });
    const at0 = black76({ ...base, strike: 90, expiryYears: 0 });
    expect(near.price).toBeCloseTo(at0.price, 6);
    expect(near.delta).toBeCloseTo(at0.delta, 9);
  });
});

describe('black76 input validation', () => {
  const failure = (input: unknown): string => {
    try {
      black76(input as Black76Input);
    } catch (e) {
      if (e instanceof RiskInputError) return `${e.code} ${e.field} ${e.message}`;
      throw e;
    }
    return 'no error';
  };

  it('rejects NaN, Infinity, zero and negative forward / strike / vol with the field and value', () => {
    for (const field of ['forward', 'strike', 'vol'] as const) {
      expect(failure({ ...base, [field]: Number.NaN })).toMatch(new RegExp(`^INVALID_NUMBER ${field} .*NaN`));
      expect(failure({ ...base, [field]: Number.POSITIVE_INFINITY })).toMatch(/^INVALID_NUMBER .*Infinity/);
      expect(failure({ ...base, [field]: 0 })).toMatch(
        new RegExp(`^OUT_OF_DOMAIN ${field} .*> 0 \\(got 0\\)`),
      );
      expect(failure({ ...base, [field]: -1 })).toMatch(new RegExp(`^OUT_OF_DOMAIN ${field} .*got -1`));
    }
  });

  it('rejects negative or non-finite expiry, non-finite rate, unknown type, missing fields', () => {
    expect(failure({ ...base, expiryYears: -0.1 })).toMatch(/^OUT_OF_DOMAIN expiryYears .*>= 0/);
    expect(failure({ ...base, expiryYears: Number.NaN })).toMatch(/^INVALID_NUMBER expiryYears/);
    expect(failure({ ...base, rate: Number.NEGATIVE_INFINITY })).toMatch(/^INVALID_NUMBER rate/);
    expect(failure({ ...base, type: 'straddle' })).toMatch(/^UNSUPPORTED type .*'call' or 'put'/);
    expect(failure({ ...base, strike: undefined })).toMatch(/^MISSING_FIELD strike/);
    expect(failure(null)).toMatch(/^MALFORMED_DOCUMENT input/);
  });
});
