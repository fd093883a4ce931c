import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MpmathReference } from '../../test/reference/load.ts';
import { loadReference, relErr } from '../../test/reference/load.ts';
import {
  ASYMPTOTIC_H,
  asymptoticBracket,
  normalisedBlackOtm,
  normalisedBlackOtmComplement,
  normalisedVega,
  SMALL_T,
  smallTBracket,
} from './normalised-black.ts';

// Source: mpmath 60-digit b(x, s) = e^{x/2} N(x/s + s/2) - e^{-x/2} N(x/s - s/2) and its complement for
// x in [-30, 0], s in [1e-6, 17.8] (test/reference/mpmath_reference.py).
const ref = loadReference<MpmathReference>('mpmath-reference.json');

/**
 * Error bound in ulps per unit of conditioning: the rounding of h = x/s alone moves b by
 *  eps * (d ln b / d ln s), so the error is stated relative to max(1, cond). Measured max 4.0 (b) and
 * 1.0 (complement).
 */
const NB_ULPS_PER_COND = 6;

describe('normalised Black function vs mpmath', () => {
  it('b(x, s) within NB_ULPS_PER_COND * eps * max(1, cond) in all three regimes', () => {
    const seen = new Set<string>();
    let worst = 0;
    for (const row of ref.normalisedBlack) {
      const h = row.x / row.s;
      const t = row.s / 2;
      seen.add(h + t < ASYMPTOTIC_H ? 'asymptotic' : t < SMALL_T ? 'small-t' : 'direct');
      const err = relErr(normalisedBlackOtm(row.x, row.s), row.b) / (Number.EPSILON * Math.max(1, row.cond));
      worst = Math.max(worst, err);
    }
    expect(seen).toEqual(new Set(['asymptotic', 'small-t', 'direct']));
    expect(worst).toBeLessThan(NB_ULPS_PER_COND);
  });

  it('b_max - b(x, s) within NB_ULPS_PER_COND * eps * max(1, cond of the complement)', () => {
    let worst = 0;
    for (const row of ref.normalisedBlack) {
      if (row.complement < 1e-300) continue;
      const cond = (row.s * normalisedVega(row.x, row.s)) / row.complement;
      const err = relErr(normalisedBlackOtmComplement(row.x, row.s), row.complement);
      worst = Math.max(worst, err / (Number.EPSILON * Math.max(1, cond)));
    }
    expect(worst).toBeLessThan(NB_ULPS_PER_COND);
  });
});

describe('normalised Black properties', () => {
  const x = fc.double({ min: -20, max: 0, noNaN: true });
  const s = fc.double({ min: 1e-3, max: 10, noNaN: true });

  it('0 <= b < e^{x/2}, increasing in s, b + complement = e^{x/2}', () => {
    fc.assert(
      fc.property(x, s, fc.double({ min: 1e-6, max: 1, noNaN: true }), (xv, sv, ds) => {
        const b = normalisedBlackOtm(xv, sv);
        const c = normalisedBlackOtmComplement(xv, sv);
        expect(b).toBeGreaterThanOrEqual(0);
        expect(b).toBeLessThan(Math.exp(0.5 * xv));
        expect(normalisedBlackOtm(xv, sv + ds)).toBeGreaterThanOrEqual(b);
        expect(Math.abs(b + c - Math.exp(0.5 * xv))).toBeLessThan(4 * Number.EPSILON);
      }),
    );
  });

  it('vega is the s-derivative of b (central differences)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -3, max: 0, noNaN: true }),
        fc.double({ min: 0.05, max: 4, noNaN: true }),
        (xv, sv) => {
          const h = 1e-5 * sv;
          const fd = (normalisedBlackOtm(xv, sv + h) - normalisedBlackOtm(xv, sv - h)) / (2 * h);
          const v = normalisedVega(xv, sv);
          expect(Math.abs(fd - v)).toBeLessThan(1e-7 * Math.max(v, 1e-3));
        },
      ),
    );
  });

  it('the series brackets agree where their regimes overlap with the direct difference', () => {
    // At h = -13.5, t = 0.2 (both series valid) and vs the plain difference of Mills ratios.
    const h = -13.5;
    const t = 0.2;
    expect(relErr(smallTBracket(h, t), asymptoticBracket(h, t))).toBeLessThan(1e-14);
  });
});
