import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RiskInputError } from '../errors.ts';
import type { VolSurfacePoint } from './vol-surface.ts';
import { createVolSurface } from './vol-surface.ts';

const forwardAt = (T: number) => 100 * Math.exp(0.05 * T);

const points: VolSurfacePoint[] = [
  { expiryYears: 0.25, strike: 80 * Math.exp(0.0125), vol: 0.9 },
  { expiryYears: 0.25, strike: 100 * Math.exp(0.0125), vol: 0.6 },
  { expiryYears: 0.25, strike: 120 * Math.exp(0.0125), vol: 0.7 },
  { expiryYears: 1, strike: 80 * Math.exp(0.05), vol: 0.8 },
  { expiryYears: 1, strike: 100 * Math.exp(0.05), vol: 0.65 },
  { expiryYears: 1, strike: 120 * Math.exp(0.05), vol: 0.66 },
];

describe('createVolSurface', () => {
  const surface = createVolSurface({ kind: 'points', points }, forwardAt);

  it('flat surface returns the vol everywhere', () => {
    const flat = createVolSurface({ kind: 'flat', vol: 0.55 });
    expect(flat.vol(0, 1)).toBe(0.55);
    expect(flat.vol(3, 1e6)).toBe(0.55);
    expect(flat.totalVariance(2, 50)).toBeCloseTo(0.55 * 0.55 * 2, 15);
  });

  it('reproduces the quotes at their (expiry, strike)', () => {
    for (const p of points) expect(surface.vol(p.expiryYears, p.strike)).toBeCloseTo(p.vol, 14);
  });

  it('is linear in strike within an expiry and flat beyond the quoted strikes', () => {
    const F = forwardAt(0.25);
    expect(surface.vol(0.25, 0.9 * F)).toBeCloseTo(0.75, 14); // halfway between 0.9 and 0.6
    expect(surface.vol(0.25, 0.5 * F)).toBeCloseTo(0.9, 14);
    expect(surface.vol(0.25, 2 * F)).toBeCloseTo(0.7, 14);
  });

  it('is linear in total variance across expiries at fixed moneyness (closed form at ATM)', () => {
    const T = 0.625; // midway between 0.25 and 1
    const w = 0.5 * (0.6 * 0.6 * 0.25) + 0.5 * (0.65 * 0.65 * 1);
    expect(surface.vol(T, forwardAt(T))).toBeCloseTo(Math.sqrt(w / T), 14);
    expect(surface.totalVariance(T, forwardAt(T))).toBeCloseTo(w, 14);
  });

  it('extrapolates flat in vol before the first and after the last expiry', () => {
    expect(surface.vol(0.1, forwardAt(0.1))).toBeCloseTo(0.6, 14);
    expect(surface.vol(0, forwardAt(0))).toBeCloseTo(0.6, 14);
    expect(surface.vol(3, forwardAt(3))).toBeCloseTo(0.65, 14);
  });

  it('total variance is non-decreasing in T at every fixed moneyness (no calendar arbitrage)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.3, max: 3, noNaN: true }),
        fc.double({ min: 0, max: 4, noNaN: true }),
        fc.double({ min: 1e-6, max: 2, noNaN: true }),
        (m, T, dT) => {
          const w1 = surface.totalVariance(T, m * forwardAt(T));
          const w2 = surface.totalVariance(T + dT, m * forwardAt(T + dT));
          expect(w2).toBeGreaterThanOrEqual(w1 * (1 - 1e-14));
        },
      ),
    );
  });

  it('rejects inputs with decreasing total variance (calendar arbitrage) naming expiries and moneyness', () => {
    const bad = [...points.slice(0, 3), { expiryYears: 0.3, strike: 100 * Math.exp(0.015), vol: 0.4 }];
    try {
      createVolSurface({ kind: 'points', points: bad }, forwardAt);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RiskInputError);
      expect((e as RiskInputError).code).toBe('OUT_OF_DOMAIN');
      expect((e as RiskInputError).message).toMatch(/calendar arbitrage.*T=0.25.*T=0.3.*moneyness/);
    }
  });

  it('rejects invalid points and missing data with the field', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof RiskInputError ? `${e.code} ${e.field}` : 'other';
      }
      return 'none';
    };
    const p0 = points[0] as VolSurfacePoint;
    expect(code(() => createVolSurface({ kind: 'flat', vol: 0 }))).toBe('OUT_OF_DOMAIN vol');
    expect(code(() => createVolSurface({ kind: 'flat', vol: Number.NaN }))).toBe('INVALID_NUMBER vol');
    expect(code(() => createVolSurface({ kind: 'points', points: [] }, forwardAt))).toBe(
      'MISSING_MARKET_DATA points',
    );
    expect(code(() => createVolSurface({ kind: 'points', points }))).toBe('MISSING_MARKET_DATA forwardAt');
    expect(code(() => createVolSurface({ kind: 'points', points: [{ ...p0, vol: -1 }] }, forwardAt))).toBe(
      'OUT_OF_DOMAIN points[0].vol',
    );
    expect(
      code(() => createVolSurface({ kind: 'points', points: [{ ...p0, expiryYears: 0 }] }, forwardAt)),
    ).toBe('OUT_OF_DOMAIN points[0].expiryYears');
    expect(code(() => createVolSurface({ kind: 'points', points: [p0, { ...p0 }] }, forwardAt))).toBe(
      'OUT_OF_DOMAIN points[1]',
    );
    expect(code(() => surface.vol(-1, 100))).toBe('OUT_OF_DOMAIN expiryYears');
    expect(code(() => surface.vol(1, Number.NaN))).toBe('INVALID_NUMBER strike');
  });
});
