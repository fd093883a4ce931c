import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RiskInputError } from '../errors.ts';
import { black76 } from './black76.ts';
import { coinSettledView } from './coin-settled.ts';

describe('coinSettledView (DESIGN.md inverse options)', () => {
  it('coinPrice = price / F and coinDelta = delta - price / F', () => {
    const g = black76({
      type: 'call',
      forward: 60000,
      strike: 65000,
      expiryYears: 30 / 365,
      vol: 0.55,
      rate: 0,
    });
    const v = coinSettledView(g, 60000);
    expect(v.coinPrice).toBe(g.price / 60000);
    expect(v.coinDelta).toBe(g.delta - g.price / 60000);
  });

  it('coinDelta is the F-derivative of the coin value times F (d(P/F)/dF * F = delta - P/F)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 100, max: 1e5, noNaN: true }),
        fc.double({ min: 0.7, max: 1.4, noNaN: true }),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        fc.boolean(),
        (F, m, T, isCall) => {
          const type = isCall ? 'call' : 'put';
          const coin = (f: number) =>
            black76({ type, forward: f, strike: F * m, expiryYears: T, vol: 0.7, rate: 0.01 }).price / f;
          const h = 1e-4 * F;
          const fd = ((coin(F + h) - coin(F - h)) / (2 * h)) * F;
          const view = coinSettledView(
            black76({ type, forward: F, strike: F * m, expiryYears: T, vol: 0.7, rate: 0.01 }),
            F,
          );
          expect(Math.abs(fd - view.coinDelta)).toBeLessThan(1e-6);
        },
      ),
    );
  });

  it('rejects a non-positive or non-finite forward', () => {
    expect(() => coinSettledView({ price: 1, delta: 0.5 }, 0)).toThrow(RiskInputError);
    expect(() => coinSettledView({ price: 1, delta: 0.5 }, Number.NaN)).toThrow(
      /forward: must be a finite number/,
    );
    expect(() => coinSettledView({ price: Number.NaN, delta: 0.5 }, 1)).toThrow(/price/);
  });
});
