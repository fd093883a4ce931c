import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MpmathReference } from '../../test/reference/load.ts';
import { loadReference } from '../../test/reference/load.ts';
import { expFast } from './fast-exp.ts';

// Source: mpmath 60-digit exp(x) rounded to double (test/reference/mpmath_reference.py).
const ref = loadReference<MpmathReference>('mpmath-reference.json');

/** Distance in units in the last place of b. */
function ulps(a: number, b: number): number {
  const e = Math.floor(Math.log2(Math.abs(b)));
  return Math.abs(a - b) / 2 ** (e - 52);
}

/** expFast vs the correctly rounded exp (mpmath): measured <= 1 ulp (0.86 ulp before final rounding). */
const EXP_VS_EXACT_ULP_TOL = 1;
/** vs V8's Math.exp, itself within 1 ulp of the exact value. */
const EXP_VS_MATH_EXP_ULP_TOL = 2;

describe('expFast', () => {
  it('is within EXP_VS_EXACT_ULP_TOL of mpmath over [-707.5, 708.5]', () => {
    let worst = 0;
    for (const row of ref.exp) worst = Math.max(worst, ulps(expFast(row.x), row.exp));
    expect(worst).toBeLessThanOrEqual(EXP_VS_EXACT_ULP_TOL);
  });

  it('agrees with Math.exp to EXP_VS_MATH_EXP_ULP_TOL for random arguments', () => {
    fc.assert(
      fc.property(fc.double({ min: -707.9, max: 708.9, noNaN: true }), (x) => {
        expect(ulps(expFast(x), Math.exp(x))).toBeLessThanOrEqual(EXP_VS_MATH_EXP_ULP_TOL);
      }),
      { numRuns: 5000 },
    );
  });

  it('is exactly 1 at 0, monotone on a fine grid, and falls back to Math.exp outside [-708, 709]', () => {
    expect(expFast(0)).toBe(1);
    let monotone = true;
    let prev = 0;
    for (let x = -30; x < 30; x += 1e-3) {
      const v = expFast(x);
      if (v < prev) monotone = false;
      prev = v;
    }
    expect(monotone).toBe(true);
    for (const x of [-1000, -745, -708.5, 709.5, 1000, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY]) {
      expect(expFast(x)).toBe(Math.exp(x));
    }
    expect(Number.isNaN(expFast(Number.NaN))).toBe(true);
  });
});
