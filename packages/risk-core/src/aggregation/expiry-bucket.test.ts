import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXPIRY_BUCKETS, expiryBucket } from './expiry-bucket.ts';

describe('expiryBucket', () => {
  it('puts boundaries in the upper bucket (days = 365 T)', () => {
    expect(expiryBucket(undefined)).toBe('perp/spot');
    expect(expiryBucket(0)).toBe('expired');
    expect(expiryBucket(-1)).toBe('expired');
    expect(expiryBucket(6.99 / 365)).toBe('<7d');
    expect(expiryBucket(7 / 365)).toBe('7-30d');
    expect(expiryBucket(30 / 365)).toBe('30-90d');
    expect(expiryBucket(90 / 365)).toBe('90-180d');
    expect(expiryBucket(180 / 365)).toBe('>180d');
  });

  it('property: monotone in time to expiry', () => {
    const order = (b: string) => EXPIRY_BUCKETS.indexOf(b as (typeof EXPIRY_BUCKETS)[number]);
    fc.assert(
      fc.property(
        fc.double({ min: 1e-6, max: 5, noNaN: true }),
        fc.double({ min: 1e-6, max: 5, noNaN: true }),
        (a, b) => {
          const [lo, hi] = a < b ? [a, b] : [b, a];
          expect(order(expiryBucket(lo))).toBeLessThanOrEqual(order(expiryBucket(hi)));
        },
      ),
    );
  });
});
