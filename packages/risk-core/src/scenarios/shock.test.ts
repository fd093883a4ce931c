import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMarketView } from '../exposure/market-view.ts';
import type { MarketData } from '../portfolio/types.ts';
import { shockMarket, uniformShock } from './shock.ts';

/** One multiplication: relative rounding. */
const REL = 1e-15;
/** Vol from moneyness K/F with F scaled: a few roundings through interpolation. */
const STICKY_REL = 1e-12;

const market: MarketData = {
  spot: { BTC: 100_000, ETH: 3_000 },
  forwards: { BTC: [{ expiry: '2027-01-01T00:00:00Z', price: 101_000 }] },
  vols: { BTC: 0.5, ETH: 0.7 },
  volSurface: { BTC: [{ expiry: '2027-01-01T00:00:00Z', strike: 120_000, vol: 0.6 }] },
  rate: 0.02,
};

describe('shockMarket', () => {
  it('moves spot and forwards of the shocked token, scales its vols, leaves the rest', () => {
    const m = shockMarket(market, { spot: { BTC: -0.2 }, vol: { BTC: 0.5 } });
    expect(m.spot.BTC).toBeCloseTo(80_000, 9);
    expect(m.forwards?.BTC?.[0]?.price).toBeCloseTo(80_800, 9);
    expect(m.vols?.BTC).toBeCloseTo(0.75, 15);
    expect(m.volSurface?.BTC?.[0]?.vol).toBeCloseTo(0.9, 15);
    expect(m.spot.ETH).toBe(3_000);
    expect(m.vols?.ETH).toBe(0.7);
    expect(m.rate).toBe(0.02);
    expect(market.spot.BTC).toBe(100_000);
  });

  it('rejects moves <= -1 and unknown tokens naming the field', () => {
    expect(() => shockMarket(market, { spot: { BTC: -1 } })).toThrow(/^shock\.spot\.BTC: /);
    expect(() => shockMarket(market, { spot: { SOL: 0.1 } })).toThrow(/^market\.spot\.SOL: /);
    expect(() => shockMarket(market, { spot: {}, vol: { BTC: Number.NaN } })).toThrow(/^shock\.vol\.BTC: /);
  });

  it('property: the shocked forward/spot ratio (basis) is unchanged', () => {
    fc.assert(
      fc.property(fc.double({ min: -0.99, max: 5, noNaN: true }), (r) => {
        const m = shockMarket(market, uniformShock(['BTC', 'ETH'], r, 0));
        const basis = (m.forwards?.BTC?.[0]?.price ?? 0) / (m.spot.BTC ?? 1);
        expect(Math.abs(basis - 1.01)).toBeLessThanOrEqual(4 * REL * 1.01);
      }),
    );
  });

  it('property: a skewed surface is sticky strike under spot moves (vol at a fixed strike unchanged)', () => {
    const skew: MarketData = {
      spot: { BTC: 100_000 },
      volSurface: {
        BTC: [
          { expiry: '2026-03-01T00:00:00Z', strike: 60_000, vol: 0.8 },
          { expiry: '2026-03-01T00:00:00Z', strike: 80_000, vol: 0.7 },
          { expiry: '2026-03-01T00:00:00Z', strike: 120_000, vol: 0.5 },
          { expiry: '2026-09-01T00:00:00Z', strike: 80_000, vol: 0.72 },
          { expiry: '2026-09-01T00:00:00Z', strike: 120_000, vol: 0.55 },
          { expiry: '2026-09-01T00:00:00Z', strike: 180_000, vol: 0.6 },
        ],
      },
      rate: 0.03,
    };
    const t0 = '2026-01-01T00:00:00Z';
    const base = createMarketView(t0, skew);
    fc.assert(
      fc.property(
        fc.double({ min: -0.6, max: 2, noNaN: true }),
        fc.double({ min: 50_000, max: 200_000, noNaN: true }),
        fc.constantFrom('2026-02-01T00:00:00Z', '2026-05-01T00:00:00Z', '2026-12-01T00:00:00Z'),
        (r, strike, expiry) => {
          const moved = createMarketView(t0, shockMarket(skew, { spot: { BTC: r } }));
          const v0 = base.vol('BTC', expiry, strike);
          const v1 = moved.vol('BTC', expiry, strike);
          expect(Math.abs(v1 - v0)).toBeLessThanOrEqual(STICKY_REL * v0);
        },
      ),
    );
  });
});
