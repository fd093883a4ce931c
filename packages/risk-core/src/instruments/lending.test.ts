import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { healthFactor, lendingExposure } from './lending.ts';

/** Closed-form arithmetic on a few doubles. */
const REL = 1e-12;

describe('Aave-style lending', () => {
  // HF = sum(collateral x P x LT) / sum(debt x P) (aave.com/docs/developers/liquidations).
  const supplies = [
    { token: 'ETH', amount: 10, price: 2_000, liquidationThreshold: 0.825 },
    { token: 'BTC', amount: 0.5, price: 60_000, liquidationThreshold: 0.78 },
  ];
  const borrows = [
    { token: 'USDC', amount: 20_000, price: 1 },
    { token: 'ETH', amount: 2, price: 2_000 },
  ];

  it('health factor closed form: (16,500 + 23,400) / 24,000 = 1.6625', () => {
    expect(healthFactor(supplies, borrows)).toBeCloseTo(
      (10 * 2_000 * 0.825 + 0.5 * 60_000 * 0.78) / 24_000,
      12,
    );
    expect(healthFactor(supplies, borrows)).toBeCloseTo(1.6625, 12);
  });

  it('no debt: HF is Infinity, not liquidatable', () => {
    expect(healthFactor(supplies, [])).toBe(Number.POSITIVE_INFINITY);
    expect(lendingExposure(supplies, []).liquidatable).toBe(false);
  });

  it('supply = long, borrow = short, netted per token', () => {
    const e = lendingExposure(supplies, borrows);
    const byToken = Object.fromEntries(e.legs.map((l) => [l.token, l.deltaTokens]));
    expect(byToken).toEqual({ ETH: 8, BTC: 0.5, USDC: -20_000 });
    expect(e.marketValueUsd).toBeCloseTo(20_000 + 30_000 - 24_000, 9);
  });

  it('liquidatable below 1', () => {
    const e = lendingExposure(
      [{ token: 'ETH', amount: 1, price: 1_000, liquidationThreshold: 0.8 }],
      [{ token: 'USDC', amount: 801, price: 1 }],
    );
    expect(e.healthFactor).toBeLessThan(1);
    expect(e.liquidatable).toBe(true);
  });

  it('rejects a liquidation threshold above 1 naming the leg', () => {
    expect(() =>
      healthFactor([{ token: 'ETH', amount: 1, price: 1, liquidationThreshold: 1.2 }], []),
    ).toThrow(/^supplies\[0\]\.liquidationThreshold: /);
    expect(() => healthFactor([], [{ token: 'USDC', amount: -1, price: 1 }])).toThrow(
      /^borrows\[0\]\.amount: /,
    );
  });

  it('property: HF falls when collateral price falls and rises when the debt price falls', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 1e4, noNaN: true }),
        fc.double({ min: 1, max: 1e5, noNaN: true }),
        fc.double({ min: 0.1, max: 0.95, noNaN: true }),
        fc.double({ min: 1, max: 1e6, noNaN: true }),
        fc.double({ min: 0.01, max: 0.9, noNaN: true }),
        (amount, price, lt, debt, drop) => {
          const s = (p: number) => [{ token: 'ETH', amount, price: p, liquidationThreshold: lt }];
          const b = (p: number) => [{ token: 'DAI', amount: debt, price: p }];
          const base = healthFactor(s(price), b(1));
          expect(healthFactor(s(price * (1 - drop)), b(1))).toBeLessThan(base);
          expect(healthFactor(s(price), b(1 - drop))).toBeGreaterThan(base);
          expect(Math.abs(base - (amount * price * lt) / debt)).toBeLessThanOrEqual(REL * base);
        },
      ),
    );
  });
});
