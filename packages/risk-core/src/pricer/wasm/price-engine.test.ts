import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RiskInputError } from '../../errors.ts';
import { black76 } from '../black76.ts';
import { createBlack76PriceEngine } from './price-engine.ts';

/** Engine price vs the scalar black76, relative to max(F, K) (as black76-simd.test.ts). */
const ENGINE_REL_TOL = 1e-13;

/** The scalar reference with the discount factor D = e^{-rT}, r = -ln(D)/T. */
function reference(call: boolean, F: number, K: number, T: number, vol: number, D: number): number {
  if (T === 0)
    return (
      D * black76({ type: call ? 'call' : 'put', forward: F, strike: K, expiryYears: 0, vol, rate: 0 }).price
    );
  return black76({
    type: call ? 'call' : 'put',
    forward: F,
    strike: K,
    expiryYears: T,
    vol,
    rate: -Math.log(D) / T,
  }).price;
}

const contracts = {
  isCall: [1, 0, 1, 0, 1],
  strike: [60000, 60000, 3000, 2500, 100],
  expiryYears: [7 / 365, 0.5, 1 / 365, 0, 2],
  vol: [0.6, 0.8, 1.2, 0.7, 0.05],
  discount: [0.999, 0.98, 0.9999, 1, 0.94],
};
const spot = [65000, 65000, 3100, 2400, 100];

describe('createBlack76PriceEngine', () => {
  it('prices contract-major blocks like the scalar kernel (odd path count, expiry contract, outliers)', () => {
    const paths = 1001;
    const engine = createBlack76PriceEngine({ maxContracts: 8, maxPaths: 1001 });
    expect(engine.stride).toBe(1002);
    engine.setContracts(contracts);
    for (let c = 0; c < 5; c++) {
      for (let p = 0; p < paths; p++) {
        engine.forwards[c * engine.stride + p] = (spot[c] as number) * Math.exp(0.3 * Math.sin(p * 0.7 + c));
      }
    }
    engine.forwards[3] = 1e200; // outside the SIMD domain: scalar path
    engine.price(paths);
    for (let c = 0; c < 5; c++) {
      for (let p = 0; p < paths; p++) {
        const F = engine.forwards[c * engine.stride + p] as number;
        const K = contracts.strike[c] as number;
        const want = reference(
          contracts.isCall[c] === 1,
          F,
          K,
          contracts.expiryYears[c] as number,
          contracts.vol[c] as number,
          contracts.discount[c] as number,
        );
        const got = engine.prices[c * engine.stride + p] as number;
        expect(Math.abs(got - want) / Math.max(F, K)).toBeLessThan(ENGINE_REL_TOL);
      }
    }
  });

  it('validates contracts and forwards, naming the field and index', () => {
    const engine = createBlack76PriceEngine({ maxContracts: 5, maxPaths: 4 });
    const err = (f: () => void): string => {
      try {
        f();
      } catch (e) {
        if (e instanceof RiskInputError) return `${e.code} ${e.field}`;
        throw e;
      }
      return 'none';
    };
    expect(err(() => engine.setContracts({ ...contracts, vol: [0.6, 0.8, Number.NaN, 0.7, 0.05] }))).toBe(
      'INVALID_NUMBER vol[2]',
    );
    expect(err(() => engine.setContracts({ ...contracts, discount: [1, 1, 1, 0, 1] }))).toBe(
      'OUT_OF_DOMAIN discount[3]',
    );
    expect(err(() => engine.setContracts({ ...contracts, isCall: [1, 2, 1, 0, 1] }))).toBe(
      'OUT_OF_DOMAIN isCall[1]',
    );
    expect(err(() => engine.setContracts(contracts, 6))).toBe('OUT_OF_DOMAIN contracts');
    engine.setContracts(contracts);
    engine.forwards.fill(100);
    engine.forwards[1 * engine.stride + 2] = -5;
    expect(err(() => engine.price(4))).toBe('OUT_OF_DOMAIN forwards[6]');
    expect(err(() => engine.price(5))).toBe('OUT_OF_DOMAIN paths');
    expect(err(() => createBlack76PriceEngine({ maxContracts: 0, maxPaths: 4 }))).toBe(
      'OUT_OF_DOMAIN maxContracts',
    );
  });

  it('property: no NaN, within bounds and agreeing with the scalar kernel for valid inputs', () => {
    const engine = createBlack76PriceEngine({ maxContracts: 4, maxPaths: 9 });
    const contract = fc.record({
      call: fc.boolean(),
      strike: fc.double({ min: 1e-3, max: 1e7, noNaN: true }),
      expiryYears: fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max: 30, noNaN: true })),
      vol: fc.double({ min: 1e-4, max: 10, noNaN: true }),
      discount: fc.double({ min: 0.2, max: 1.2, noNaN: true }),
    });
    fc.assert(
      fc.property(
        fc.array(contract, { minLength: 1, maxLength: 4 }),
        fc.array(fc.double({ min: 1e-3, max: 1e3, noNaN: true }), { minLength: 9, maxLength: 9 }),
        (cs, moves) => {
          engine.setContracts({
            isCall: cs.map((c) => (c.call ? 1 : 0)),
            strike: cs.map((c) => c.strike),
            expiryYears: cs.map((c) => c.expiryYears),
            vol: cs.map((c) => c.vol),
            discount: cs.map((c) => c.discount),
          });
          cs.forEach((c, i) => {
            moves.forEach((m, p) => {
              engine.forwards[i * engine.stride + p] = c.strike * m;
            });
          });
          engine.price(9);
          cs.forEach((c, i) => {
            moves.forEach((_, p) => {
              const F = engine.forwards[i * engine.stride + p] as number;
              const got = engine.prices[i * engine.stride + p] as number;
              expect(Number.isNaN(got)).toBe(false);
              expect(got).toBeGreaterThanOrEqual(0);
              expect(got).toBeLessThanOrEqual(c.discount * (c.call ? F : c.strike) * (1 + 1e-12));
              const want = reference(c.call, F, c.strike, c.expiryYears, c.vol, c.discount);
              expect(Math.abs(got - want) / Math.max(F, c.strike)).toBeLessThan(ENGINE_REL_TOL);
            });
          });
        },
      ),
    );
  });
});
