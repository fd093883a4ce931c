import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MpmathReference } from '../../test/reference/load.ts';
import { loadReference, relErr } from '../../test/reference/load.ts';
import { RiskInputError } from '../errors.ts';
import { normCdf, normInv, normInvAcklam, normPdf } from './normal.ts';

// Source: mpmath 60-digit ncdf/npdf and roots of ncdf(x) = p (test/reference/mpmath_reference.py).
const ref = loadReference<MpmathReference>('mpmath-reference.json');

/** N(x), n(x): measured max relative error 4.8e-16 (cdf) and 2.6e-16 (pdf) for x >= -37.5. */
const NORMAL_REL_TOL = 1e-15;
/** N^{-1}(p): measured max relative error 4.6e-16 for |x| >= 0.1 (near 0 the conditioning of p dominates). */
const QUANTILE_REL_TOL = 1e-15;
/** Acklam's published bound for his rational approximation (before refinement). */
const ACKLAM_REL_TOL = 1.15e-9;

describe('normal cdf / pdf vs mpmath', () => {
  it('N(x) and n(x) to NORMAL_REL_TOL from x = -37.5 to 9, in both tails', () => {
    let worstCdf = 0;
    let worstPdf = 0;
    for (const row of ref.normal) {
      if (row.x < -37.5) continue; // denormal results: only ~1e-8 relative precision is representable
      worstCdf = Math.max(worstCdf, relErr(normCdf(row.x), row.cdf));
      worstPdf = Math.max(worstPdf, relErr(normPdf(row.x), row.pdf));
    }
    expect(worstCdf).toBeLessThan(NORMAL_REL_TOL);
    expect(worstPdf).toBeLessThan(NORMAL_REL_TOL);
  });

  it('N(-38) is a non-zero denormal close to the true 2.885e-316', () => {
    const row = ref.normal.find((r) => r.x === -38);
    expect(normCdf(-38)).toBeGreaterThan(0);
    expect(relErr(normCdf(-38), row?.cdf ?? Number.NaN)).toBeLessThan(1e-7); // denormal spacing 5e-324
  });
});

describe('normal quantile vs mpmath', () => {
  it('normInv to QUANTILE_REL_TOL from p = 1e-300 to 1 - 1e-14', () => {
    let worst = 0;
    for (const row of ref.quantiles) {
      const x = normInv(row.p);
      if (Math.abs(row.x) >= 0.1) worst = Math.max(worst, relErr(x, row.x));
      // Near the median the absolute error is what the representation of p allows (~1 ulp of 1/2).
      else expect(Math.abs(x - row.x)).toBeLessThan(4 * Number.EPSILON);
    }
    expect(worst).toBeLessThan(QUANTILE_REL_TOL);
  });

  it("Acklam's starting approximation meets its published 1.15e-9 bound", () => {
    for (const row of ref.quantiles) {
      if (row.p > 0.5 || row.p < 1e-300) continue;
      expect(relErr(normInvAcklam(row.p), row.x)).toBeLessThan(ACKLAM_REL_TOL);
    }
  });
});

describe('normal properties', () => {
  it('symmetry N(x) + N(-x) = 1 and n(-x) = n(x)', () => {
    fc.assert(
      fc.property(fc.double({ min: -40, max: 40, noNaN: true }), (x) => {
        expect(Math.abs(normCdf(x) + normCdf(-x) - 1)).toBeLessThan(3e-16);
        expect(normPdf(-x)).toBe(normPdf(x));
      }),
    );
  });

  it('N is non-decreasing and the quantile inverts it (no NaN for p in (0, 1))', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -37, max: 8, noNaN: true }),
        fc.double({ min: 0, max: 3, noNaN: true }),
        (x, d) => {
          expect(normCdf(x + d)).toBeGreaterThanOrEqual(normCdf(x));
          const p = normCdf(x);
          const back = normInv(p);
          // The inversion is as good as the conditioning n(x) x / N(x) of the quantile permits.
          const cond = Math.max(1, Math.abs(p / (normPdf(x) * x)));
          expect(Math.abs(back - x)).toBeLessThan(8 * Number.EPSILON * Math.max(1, Math.abs(x)) * cond);
        },
      ),
    );
  });

  it('quantile limits and exact centre', () => {
    expect(normInv(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normInv(1)).toBe(Number.POSITIVE_INFINITY);
    expect(normInv(0.5)).toBe(0);
    expect(normCdf(Number.NEGATIVE_INFINITY)).toBe(0);
    expect(normCdf(Number.POSITIVE_INFINITY)).toBe(1);
    expect(normPdf(Number.POSITIVE_INFINITY)).toBe(0);
  });

  it('invalid input: NaN -> INVALID_NUMBER, p outside [0, 1] -> OUT_OF_DOMAIN naming p', () => {
    const code = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (e) {
        return e instanceof RiskInputError ? `${e.code}:${e.field}` : 'other';
      }
      return undefined;
    };
    expect(code(() => normCdf(Number.NaN))).toBe('INVALID_NUMBER:x');
    expect(code(() => normPdf(Number.NaN))).toBe('INVALID_NUMBER:x');
    expect(code(() => normInv(Number.NaN))).toBe('INVALID_NUMBER:p');
    expect(code(() => normInv(-0.1))).toBe('OUT_OF_DOMAIN:p');
    expect(code(() => normInv(1.5))).toBe('OUT_OF_DOMAIN:p');
  });
});
