import { describe, expect, it } from 'vitest';
import { expiredFutureExposure } from './expired-future.ts';

describe('expiredFutureExposure', () => {
  it('linear: settled USD cash tokens x (S_T - E), no delta', () => {
    const e = expiredFutureExposure({
      settlement: 'linear',
      quantity: 5,
      contractSize: 0.1,
      entryPrice: 50_000,
      settlementPrice: 52_000,
      spot: 60_000,
    });
    expect(e.pnlUsd).toBeCloseTo(1_000, 9);
    expect(e.deltaTokens).toBe(0);
    expect(e.expired).toBe(true);
  });

  it('inverse: settled coin Q (1/E - 1/S_T) (BitMEX inverse P&L), a coin balance valued at spot', () => {
    const e = expiredFutureExposure({
      settlement: 'inverse',
      quantity: 10_000,
      contractSize: 1,
      entryPrice: 5_000,
      settlementPrice: 6_000,
      spot: 7_000,
    });
    expect(e.coin?.coinValue).toBeCloseTo(1 / 3, 12);
    expect(e.deltaTokens).toBeCloseTo(1 / 3, 12);
    expect(e.marketValueUsd).toBeCloseTo(7_000 / 3, 9);
  });
});
