import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MpmathReference } from '../../test/reference/load.ts';
import { loadReference, relErr } from '../../test/reference/load.ts';
import { RiskInputError } from '../errors.ts';
import { erf, erfc, erfcx } from './erf.ts';

// Source: mpmath 60-digit values of erf, erfc and exp(y^2) erfc(y) (test/reference/mpmath_reference.py).
const ref = loadReference<MpmathReference>('mpmath-reference.json');

/** Measured max relative error 4.3e-16 (Cody's approximations + double rounding). */
const ERF_REL_TOL = 1e-15;

describe('erf family vs mpmath', () => {
  it('erf, erfc, erfcx agree to ERF_REL_TOL over [-5, 27], including the Cody range boundaries', () => {
    let worst = 0;
    for (const row of ref.erf) {
      worst = Math.max(worst, relErr(erf(row.y), row.erf));
      // erfc underflows to 0 beyond y = 26.55; compare where the reference is a normal double.
      if (row.erfc > 1e-300) worst = Math.max(worst, relErr(erfc(row.y), row.erfc));
      if (row.erfcx !== undefined) worst = Math.max(worst, relErr(erfcx(row.y), row.erfcx));
    }
    expect(worst).toBeLessThan(ERF_REL_TOL);
  });

  it('erfc keeps relative accuracy in the right tail (erfc(26) ~ 5.7e-296)', () => {
    const row = ref.erf.find((r) => r.y === 26);
    expect(row).toBeDefined();
    expect(relErr(erfc(26), row?.erfc ?? Number.NaN)).toBeLessThan(ERF_REL_TOL);
  });
});

describe('erf family properties', () => {
  it('erf is odd, erf + erfc = 1, and erfcx(y) = exp(y^2) erfc(y) for moderate y', () => {
    fc.assert(
      fc.property(fc.double({ min: -6, max: 6, noNaN: true }), (y) => {
        expect(erf(-y)).toBe(-erf(y));
        expect(Math.abs(erf(y) + erfc(y) - 1)).toBeLessThan(4e-16);
        expect(relErr(erfcx(y), Math.exp(y * y) * erfc(y))).toBeLessThan(1e-13 * (1 + y * y));
      }),
    );
  });

  it('erfc is decreasing and erfcx has no NaN for any finite argument', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -26, max: 1e6, noNaN: true }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        (y, d) => {
          expect(erfc(y + d)).toBeLessThanOrEqual(erfc(y));
          expect(Number.isNaN(erfcx(y))).toBe(false);
        },
      ),
    );
  });

  it('limits: erf(+-Infinity) = +-1, erfc(Infinity) = 0, erfcx(Infinity) = 0', () => {
    expect(erf(Number.POSITIVE_INFINITY)).toBe(1);
    expect(erf(Number.NEGATIVE_INFINITY)).toBe(-1);
    expect(erfc(Number.POSITIVE_INFINITY)).toBe(0);
    expect(erfcx(Number.POSITIVE_INFINITY)).toBe(0);
  });

  it('rejects NaN with INVALID_NUMBER naming the argument', () => {
    for (const f of [erf, erfc, erfcx]) {
      expect(() => f(Number.NaN)).toThrow(RiskInputError);
      try {
        f(Number.NaN);
      } catch (e) {
        expect((e as RiskInputError).code).toBe('INVALID_NUMBER');
        expect((e as RiskInputError).message).toContain('x');
        expect((e as RiskInputError).message).toContain('NaN');
      }
    }
  });
});
