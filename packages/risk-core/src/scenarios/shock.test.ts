import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MarketData } from '../portfolio/types.ts';
import { shockMarket, uniformShock } from './shock.ts';

/** One multiplication: relative rounding. */
const REL = 1e-15;

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
});
