import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RiskInputError } from '../errors.ts';
import { createForwardCurve } from './forward-curve.ts';

const valuationTime = '2025-03-01T08:00:00Z';

describe('createForwardCurve', () => {
  const curve = createForwardCurve({
    valuationTime,
    spot: 80000,
    rate: 0.05,
    quotes: [
      { expiry: '2025-03-28T08:00:00Z', price: 80600 },
      { expiry: '2025-06-27T08:00:00Z', price: 82000 },
    ],
  });

  it('uses a quoted forward for a quoted expiry (same instant, any spelling)', () => {
    expect(curve.forward('2025-03-28T08:00:00Z')).toBe(80600);
    expect(curve.forward('2025-03-28T10:00:00+02:00')).toBe(80600);
    expect(curve.forward(new Date('2025-06-27T08:00:00Z'))).toBe(82000);
  });

  it('uses spot e^{rT} (T ACT/365) for an unquoted expiry and the spot for perpetuals', () => {
    // 2025-03-01 08:00 -> 2025-09-26 08:00 is 209 days.
    expect(curve.forward('2025-09-26T08:00:00Z')).toBeCloseTo(80000 * Math.exp((0.05 * 209) / 365), 8);
    expect(curve.forward()).toBe(80000);
    expect(curve.forward(null)).toBe(80000);
    expect(curve.forward(valuationTime)).toBe(80000);
  });

  it('forwardAt(T) agrees with forward(expiry) for quoted and unquoted expiries', () => {
    expect(curve.forwardAt(curve.yearsTo('2025-03-28T08:00:00Z'))).toBe(80600);
    expect(curve.forwardAt(0.5)).toBe(80000 * Math.exp(0.05 * 0.5));
  });

  it('the carry forward increases with T for a positive rate', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 10, noNaN: true }),
        fc.double({ min: 1e-6, max: 1, noNaN: true }),
        (T, d) => {
          const plain = createForwardCurve({ valuationTime, spot: 100, rate: 0.03 });
          expect(plain.forwardAt(T + d)).toBeGreaterThan(plain.forwardAt(T));
        },
      ),
    );
  });

  it('rejects bad inputs with the field', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof RiskInputError ? `${e.code} ${e.field}` : 'other';
      }
      return 'none';
    };
    expect(code(() => createForwardCurve({ valuationTime, spot: 0 }))).toBe('OUT_OF_DOMAIN spot');
    expect(code(() => createForwardCurve({ valuationTime, spot: 1, rate: Number.NaN }))).toBe(
      'INVALID_NUMBER rate',
    );
    expect(code(() => createForwardCurve({ valuationTime: 'now', spot: 1 }))).toBe(
      'MALFORMED_DOCUMENT valuationTime',
    );
    expect(
      code(() =>
        createForwardCurve({ valuationTime, spot: 1, quotes: [{ expiry: '2025-04-01', price: -2 }] }),
      ),
    ).toBe('OUT_OF_DOMAIN quotes[0].price');
    expect(
      code(() =>
        createForwardCurve({
          valuationTime,
          spot: 1,
          quotes: [
            { expiry: '2025-04-01', price: 2 },
            { expiry: '2025-04-01T00:00:00Z', price: 3 },
          ],
        }),
      ),
    ).toBe('OUT_OF_DOMAIN quotes[1]');
    expect(code(() => curve.forward('2025-01-01'))).toBe('OUT_OF_DOMAIN expiry');
    expect(code(() => curve.forwardAt(-1))).toBe('OUT_OF_DOMAIN expiryYears');
  });
});
