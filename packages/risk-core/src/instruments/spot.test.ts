import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RiskInputError } from '../errors.ts';
import { spotExposure } from './spot.ts';

/** Products of two doubles: relative error of one rounding. */
const REL_EXACT = 1e-15;

describe('spotExposure', () => {
  it('values a balance at quantity x price (closed form: 12.5 BTC x 91,000 = 1,137,500 USD)', () => {
    const e = spotExposure({ quantity: 12.5, price: 91_000 });
    expect(e.deltaTokens).toBe(12.5);
    expect(e.deltaUsd).toBeCloseTo(1_137_500, 9);
    expect(e.marketValueUsd).toBeCloseTo(1_137_500, 9);
    expect(e.notionalUsd).toBeCloseTo(1_137_500, 9);
    expect([e.gamma, e.vegaUsd, e.thetaUsd, e.cashGammaUsd]).toEqual([0, 0, 0, 0]);
  });

  it('a short (borrowed) balance has negative delta and positive notional', () => {
    const e = spotExposure({ quantity: -2, price: 3100 });
    expect(e.deltaUsd).toBe(-6200);
    expect(e.notionalUsd).toBe(6200);
  });

  it('rejects NaN, Infinity and non-positive prices with the field named', () => {
    expect(() => spotExposure({ quantity: Number.NaN, price: 1 })).toThrow(/quantity/);
    expect(() => spotExposure({ quantity: 1, price: Number.POSITIVE_INFINITY })).toThrow(RiskInputError);
    try {
      spotExposure({ quantity: 1, price: 0 });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RiskInputError);
      expect((e as RiskInputError).code).toBe('OUT_OF_DOMAIN');
      expect((e as RiskInputError).field).toBe('price');
    }
  });

  it('property: delta USD = value, finite for valid input, linear in quantity', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e9, max: 1e9, noNaN: true }),
        fc.double({ min: 1e-8, max: 1e7, noNaN: true }),
        (q, s) => {
          const e = spotExposure({ quantity: q, price: s });
          expect(Number.isFinite(e.deltaUsd)).toBe(true);
          expect(e.deltaUsd).toBe(e.marketValueUsd);
          const doubled = spotExposure({ quantity: 2 * q, price: s });
          expect(Math.abs(doubled.marketValueUsd - 2 * e.marketValueUsd)).toBeLessThanOrEqual(
            REL_EXACT * Math.abs(doubled.marketValueUsd) + Number.MIN_VALUE,
          );
        },
      ),
    );
  });
});
