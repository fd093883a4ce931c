import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quantoFutureExposure } from './quanto-future.ts';

/** Closed-form arithmetic on a few doubles. */
const REL = 1e-12;
/** Central finite difference of a bilinear function: rounding only. */
const FD_REL = 1e-6;
/** Absolute floor (USD / tokens) for tiny quantities. */
const ABS = 1e-9;

describe('quantoFutureExposure', () => {
  // BitMEX ETHUSD (perpetualContractsGuide): multiplier 0.000001 XBT per 1 USD of ETH price,
  // "XBT value = price x multiplier x contracts".
  const ethusd = {
    quantity: 1_000,
    multiplier: 0.000001,
    forward: 3_300,
    entryPrice: 3_000,
    settlementPrice: 90_000,
  };

  it('BitMEX ETHUSD: P&L in XBT = contracts x multiplier x (F - E) = 0.3 XBT', () => {
    const e = quantoFutureExposure(ethusd);
    expect(e.pnlCoin).toBeCloseTo(0.3, 12);
    expect(e.pnlUsd).toBeCloseTo(27_000, 6);
    expect(e.marketValueUsd).toBe(e.pnlUsd);
  });

  it('exposure to ETH = q x m x S_BTC = 90 ETH; to BTC = the P&L in BTC (DESIGN)', () => {
    const e = quantoFutureExposure(ethusd);
    expect(e.priceToken.deltaTokens).toBeCloseTo(90, 12);
    expect(e.priceToken.deltaUsd).toBeCloseTo(90 * 3_300, 6);
    expect(e.priceToken.notionalUsd).toBeCloseTo(1_000 * 0.000001 * 3_300 * 90_000, 6);
    expect(e.settlementCoin.deltaTokens).toBeCloseTo(0.3, 12);
    expect(e.settlementCoin.deltaUsd).toBeCloseTo(27_000, 6);
  });

  it('rejects a missing settlement price', () => {
    expect(() => quantoFutureExposure({ ...ethusd, settlementPrice: Number.NaN })).toThrow(
      /^settlementPrice: /,
    );
    expect(() => quantoFutureExposure({ ...ethusd, multiplier: -1 })).toThrow(/^multiplier: /);
  });

  it('property: both deltas match finite differences of the USD P&L', () => {
    fc.assert(
      fc.property(
        fc.record({
          quantity: fc.integer({ min: -1e6, max: 1e6 }),
          multiplier: fc.constantFrom(1e-6, 1e-4, 0.01),
          forward: fc.double({ min: 10, max: 1e5, noNaN: true }),
          entryPrice: fc.double({ min: 10, max: 1e5, noNaN: true }),
          settlementPrice: fc.double({ min: 10, max: 1e5, noNaN: true }),
        }),
        (input) => {
          const e = quantoFutureExposure(input);
          const pnl = (f: number, s: number) =>
            quantoFutureExposure({ ...input, forward: f, settlementPrice: s }).pnlUsd;
          const hf = input.forward * 1e-4;
          const hs = input.settlementPrice * 1e-4;
          const dX =
            (pnl(input.forward + hf, input.settlementPrice) -
              pnl(input.forward - hf, input.settlementPrice)) /
            (2 * hf);
          const dC =
            (pnl(input.forward, input.settlementPrice + hs) -
              pnl(input.forward, input.settlementPrice - hs)) /
            (2 * hs);
          expect(Math.abs(dX - e.priceToken.deltaTokens)).toBeLessThanOrEqual(FD_REL * Math.abs(dX) + ABS);
          expect(Math.abs(dC - e.settlementCoin.deltaTokens)).toBeLessThanOrEqual(
            FD_REL * Math.abs(dC) + ABS,
          );
          expect(Math.abs(e.pnlUsd - e.pnlCoin * input.settlementPrice)).toBeLessThanOrEqual(
            REL * Math.abs(e.pnlUsd) + ABS,
          );
        },
      ),
    );
  });
});
