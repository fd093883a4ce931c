import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inverseFutureExposure } from './inverse-future.ts';

/** Closed-form arithmetic on a few doubles. */
const REL = 1e-12;
/** Central finite difference of the (linear-in-F) USD P&L: rounding only. */
const FD_REL = 1e-6;
/** Absolute floor for subnormal quantities (USD / tokens). */
const ABS = 1e-9;

describe('inverseFutureExposure', () => {
  it('BitMEX XBTUSD: PnL = contracts x (1/entry - 1/exit); 10,000 long 5,000 -> 6,000 = 0.3333 XBT', () => {
    // Source: BitMEX inverse perpetuals guide, "PnL = contracts x (1/entry - 1/exit)", 1 USD per contract.
    const e = inverseFutureExposure({ quantity: 10_000, contractSize: 1, forward: 6_000, entryPrice: 5_000 });
    expect(e.coin.coinValue).toBeCloseTo(10_000 * (1 / 5_000 - 1 / 6_000), 12);
    expect(e.coin.coinValue).toBeCloseTo(1 / 3, 12);
    // USD value of the coin P&L: Q (F/E - 1) = 10,000 x 0.2 = 2,000 = 0.3333 XBT x 6,000.
    expect(e.pnlUsd).toBeCloseTo(2_000, 9);
    expect(e.pnlUsd).toBeCloseTo(e.coin.coinValue * 6_000, 9);
  });

  it('Deribit BTC-PERPETUAL: -5,000 contracts x 10 USD, entry 90,500: delta Q/E tokens', () => {
    const e = inverseFutureExposure({
      quantity: -5_000,
      contractSize: 10,
      forward: 91_000,
      entryPrice: 90_500,
    });
    expect(e.faceUsd).toBe(-50_000);
    expect(e.deltaTokens).toBeCloseTo(-50_000 / 90_500, 12);
    expect(e.quantityTokens).toBeCloseTo(-50_000 / 91_000, 12);
    expect(e.notionalUsd).toBe(50_000);
    expect(e.coin.coinDelta).toBeCloseTo(-50_000 / 91_000, 12);
    expect(e.gamma).toBe(0);
  });

  it('a new trade (entry = forward) has delta Q/F tokens and USD delta = face', () => {
    const e = inverseFutureExposure({ quantity: 3, contractSize: 100, forward: 80_000, entryPrice: 80_000 });
    expect(e.deltaUsd).toBeCloseTo(300, 12);
    expect(e.pnlUsd).toBe(0);
  });

  it('rejects NaN forward and zero entry naming the field', () => {
    expect(() =>
      inverseFutureExposure({ quantity: 1, contractSize: 1, forward: Number.NaN, entryPrice: 1 }),
    ).toThrow(/^forward: /);
    expect(() => inverseFutureExposure({ quantity: 1, contractSize: 1, forward: 1, entryPrice: 0 })).toThrow(
      /^entryPrice: /,
    );
  });

  const arb = fc.record({
    quantity: fc.double({ min: -1e6, max: 1e6, noNaN: true }),
    contractSize: fc.constantFrom(1, 10, 100),
    forward: fc.double({ min: 100, max: 1e6, noNaN: true }),
    entryPrice: fc.double({ min: 100, max: 1e6, noNaN: true }),
  });

  it('property: the two views agree, Q/E = Q/F (contract) + coin P&L (balance)', () => {
    fc.assert(
      fc.property(arb, (input) => {
        const e = inverseFutureExposure(input);
        const views = e.coin.coinDelta + e.coin.coinValue;
        expect(Math.abs(views - e.deltaTokens)).toBeLessThanOrEqual(REL * (Math.abs(e.faceUsd) / 100) + ABS);
      }),
    );
  });

  it('property: USD P&L = coin P&L x F; delta = dPnL_usd/dF by finite difference', () => {
    fc.assert(
      fc.property(arb, (input) => {
        const e = inverseFutureExposure(input);
        expect(Math.abs(e.pnlUsd - e.coin.coinValue * input.forward)).toBeLessThanOrEqual(
          REL * Math.abs(e.faceUsd) * (input.forward / input.entryPrice + 1) + ABS,
        );
        const h = input.forward * 1e-4;
        const up = inverseFutureExposure({ ...input, forward: input.forward + h }).pnlUsd;
        const down = inverseFutureExposure({ ...input, forward: input.forward - h }).pnlUsd;
        expect(Math.abs((up - down) / (2 * h) - e.deltaTokens)).toBeLessThanOrEqual(
          FD_REL * Math.abs(e.deltaTokens) + ABS,
        );
      }),
    );
  });

  it('property: monotone, a long gains when the forward rises', () => {
    fc.assert(
      fc.property(arb, fc.double({ min: 0.001, max: 1, noNaN: true }), (input, up) => {
        const q = Math.abs(input.quantity) + 1;
        const a = inverseFutureExposure({ ...input, quantity: q });
        const b = inverseFutureExposure({ ...input, quantity: q, forward: input.forward * (1 + up) });
        expect(b.pnlUsd).toBeGreaterThan(a.pnlUsd);
      }),
    );
  });
});
