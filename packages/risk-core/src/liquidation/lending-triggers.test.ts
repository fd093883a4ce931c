import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { healthFactor } from '../instruments/lending.ts';
import { lendingTriggerPrices } from './lending-triggers.ts';

/** HF = 1 solved in closed form: a few ulps. */
const REL = 1e-12;

describe('lending trigger prices (HF = 1, others fixed)', () => {
  it('Aave docs: $10,000 ETH at LT 80%, $6,000 borrowed -> HF 1.333; trigger at -25%', () => {
    // aave.com/docs/developers/liquidations: "supplies $10,000 in ETH with an 80% liquidation
    // threshold and borrows $6,000 in GHO, the health factor would be 1.333".
    const supplies = [{ token: 'ETH', amount: 4, price: 2_500, liquidationThreshold: 0.8 }];
    const borrows = [{ token: 'GHO', amount: 6_000, price: 1 }];
    expect(healthFactor(supplies, borrows)).toBeCloseTo(4 / 3, 12);
    const [eth, gho] = lendingTriggerPrices(supplies, borrows);
    // 4 ETH x P x 0.8 = 6,000  =>  P = 1,875.
    expect(eth?.triggerPrice).toBeCloseTo(1_875, 9);
    expect(eth?.move).toBeCloseTo(-0.25, 12);
    expect(eth?.role).toBe('collateral');
    // GHO would have to rise to 10,000 x 0.8 / 6,000 = 1.3333 USD.
    expect(gho?.triggerPrice).toBeCloseTo(4 / 3, 12);
    expect(gho?.role).toBe('debt');
  });

  it('cross-token: ETH collateral, BTC debt; the same token on both sides', () => {
    const supplies = [
      { token: 'ETH', amount: 100, price: 3_000, liquidationThreshold: 0.83 },
      { token: 'BTC', amount: 1, price: 60_000, liquidationThreshold: 0.78 },
    ];
    const borrows = [{ token: 'BTC', amount: 3, price: 60_000 }];
    const byToken = Object.fromEntries(lendingTriggerPrices(supplies, borrows).map((t) => [t.token, t]));
    // ETH: 100 x P x 0.83 + 60,000 x 0.78 = 180,000  =>  P = (180,000 - 46,800) / 83.
    expect(byToken.ETH?.triggerPrice).toBeCloseTo(133_200 / 83, 9);
    // BTC (both sides): 249,000 + 0.78 P = 3 P  =>  P = 249,000 / 2.22.
    expect(byToken.BTC?.triggerPrice).toBeCloseTo(249_000 / 2.22, 6);
    expect(byToken.BTC?.role).toBe('both');
  });

  it('no debt, or other collateral covering the debt: null with a reason', () => {
    const none = lendingTriggerPrices(
      [{ token: 'ETH', amount: 1, price: 3_000, liquidationThreshold: 0.8 }],
      [],
    );
    expect(none[0]?.triggerPrice).toBeNull();
    expect(none[0]?.reason).toContain('no debt');
    const covered = lendingTriggerPrices(
      [
        { token: 'ETH', amount: 1, price: 3_000, liquidationThreshold: 0.8 },
        { token: 'USDC', amount: 10_000, price: 1, liquidationThreshold: 0.8 },
      ],
      [{ token: 'DAI', amount: 5_000, price: 1 }],
    );
    expect(covered[0]?.triggerPrice).toBeNull();
  });

  it('property: HF is exactly 1 at every trigger price', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            token: fc.constantFrom('ETH', 'BTC', 'SOL'),
            amount: fc.double({ min: 0.1, max: 1e3, noNaN: true }),
            price: fc.double({ min: 1, max: 1e5, noNaN: true }),
            liquidationThreshold: fc.double({ min: 0.5, max: 0.9, noNaN: true }),
          }),
          { minLength: 1, maxLength: 3 },
        ),
        fc.double({ min: 0.1, max: 2, noNaN: true }),
        (raw, leverage) => {
          // One entry per token, debt in USDC sized relative to the collateral.
          const supplies = [...new Map(raw.map((s) => [s.token, s])).values()];
          const collateral = supplies.reduce((a, s) => a + s.amount * s.price, 0);
          const borrows = [{ token: 'USDC', amount: collateral * leverage * 0.5, price: 1 }];
          for (const t of lendingTriggerPrices(supplies, borrows)) {
            if (t.triggerPrice === null) continue;
            const moved = supplies.map((s) =>
              s.token === t.token ? { ...s, price: t.triggerPrice as number } : s,
            );
            const movedDebt = borrows.map((b) =>
              b.token === t.token ? { ...b, price: t.triggerPrice as number } : b,
            );
            expect(Math.abs(healthFactor(moved, movedDebt) - 1)).toBeLessThan(REL * 100);
          }
        },
      ),
    );
  });

  it('invalid legs are rejected naming the field', () => {
    expect(() =>
      lendingTriggerPrices([{ token: 'ETH', amount: 1, price: -1, liquidationThreshold: 0.8 }], []),
    ).toThrow(/^supplies\[0\]\.price/);
  });
});
