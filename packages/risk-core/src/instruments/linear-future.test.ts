import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linearFutureExposure } from './linear-future.ts';

/** Closed-form arithmetic on a few doubles. */
const REL = 1e-12;
/** Central finite difference of a linear function: only rounding error. */
const FD_REL = 1e-7;

describe('linearFutureExposure', () => {
  it('OKX BTC-USDT-SWAP style: 300 contracts x 0.01 BTC, entry 89,000, forward 91,600 (closed form)', () => {
    // tokens = 300 x 0.01 = 3 BTC; P&L = 3 x (91,600 - 89,000) = 7,800 USD (DESIGN linear P&L).
    const e = linearFutureExposure({
      quantity: 300,
      contractSize: 0.01,
      forward: 91_600,
      entryPrice: 89_000,
    });
    expect(e.deltaTokens).toBeCloseTo(3, 12);
    expect(e.quantityTokens).toBeCloseTo(3, 12);
    expect(e.pnlUsd).toBeCloseTo(7_800, 6);
    expect(e.deltaUsd).toBeCloseTo(274_800, 6);
    expect(e.notionalUsd).toBeCloseTo(274_800, 6);
  });

  it('Binance USD-M: a short gains when the price falls (-2 BTC, 60,000 -> 55,000 = +10,000 USD)', () => {
    const e = linearFutureExposure({ quantity: -2, contractSize: 1, forward: 55_000, entryPrice: 60_000 });
    expect(e.pnlUsd).toBe(10_000);
    expect(e.marketValueUsd).toBe(10_000);
  });

  it('rejects a zero contract size and a negative entry', () => {
    expect(() => linearFutureExposure({ quantity: 1, contractSize: 0, forward: 1, entryPrice: 1 })).toThrow(
      /contractSize/,
    );
    expect(() => linearFutureExposure({ quantity: 1, contractSize: 1, forward: 1, entryPrice: -1 })).toThrow(
      /entryPrice/,
    );
  });

  it('property: delta = dPnL/dF by finite difference; P&L zero at entry', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e5, max: 1e5, noNaN: true }),
        fc.double({ min: 1e-3, max: 100, noNaN: true }),
        fc.double({ min: 1, max: 1e6, noNaN: true }),
        fc.double({ min: 1, max: 1e6, noNaN: true }),
        (q, c, f, entry) => {
          const at = (x: number) =>
            linearFutureExposure({ quantity: q, contractSize: c, forward: x, entryPrice: entry });
          const h = f * 1e-4;
          const fd = (at(f + h).pnlUsd - at(f - h).pnlUsd) / (2 * h);
          expect(Math.abs(fd - at(f).deltaTokens)).toBeLessThanOrEqual(
            FD_REL * (Math.abs(q * c) + 1) * (f / h),
          );
          expect(at(entry).pnlUsd + 0).toBe(0);
          expect(Math.abs(at(f).deltaUsd - q * c * f)).toBeLessThanOrEqual(REL * Math.abs(q * c * f));
        },
      ),
    );
  });
});
