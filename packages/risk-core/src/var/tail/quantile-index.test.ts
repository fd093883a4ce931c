import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { invertedCdfIndex, upperTailCount } from './quantile-index.ts';

describe('invertedCdfIndex (numpy inverted_cdf)', () => {
  it('is the smallest i with (i + 1) / n >= q (Hyndman & Fan definition 1) away from floating-point ties', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.double({ min: 1e-6, max: 1 - 1e-6, noNaN: true }),
        (n, q) => {
          const nq = n * q;
          fc.pre(Math.abs(nq - Math.round(nq)) > 1e-6);
          // exact definition: i = ceil(n q) - 1
          expect(invertedCdfIndex(n, q)).toBe(Math.ceil(nq) - 1);
        },
      ),
    );
  });

  it('examples: n = 100000, q = 0.99 -> 98999; n = 10, q = 0.95 -> 9; n = 20, q = 0.95 -> 18', () => {
    // numpy: np.quantile(np.arange(100000), 0.99, method='inverted_cdf') = 98999.0 (0.99 * 100000 = 99000 exactly)
    expect(invertedCdfIndex(100000, 0.99)).toBe(98999);
    expect(invertedCdfIndex(10, 0.95)).toBe(9);
    expect(invertedCdfIndex(20, 0.95)).toBe(18);
    expect(invertedCdfIndex(1, 0.5)).toBe(0);
  });

  it('upperTailCount never exceeds ceil((1 - q) n) + 1 and grows as q falls', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100000 }),
        fc.double({ min: 0.5, max: 0.9999, noNaN: true }),
        (n, q) => {
          const k = upperTailCount(n, q);
          expect(k).toBeGreaterThanOrEqual(1);
          expect(k).toBeLessThanOrEqual(Math.ceil((1 - q) * n) + 1);
          expect(upperTailCount(n, q - 0.01)).toBeGreaterThanOrEqual(k);
        },
      ),
    );
  });
});
