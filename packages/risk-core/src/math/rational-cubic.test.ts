import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rationalCubic, rFitLeft, rFitRight, shapePreservingMinimumR } from './rational-cubic.ts';

// Source: Delbourgo & Gregory (1985); properties checked numerically (finite differences), r = 3 is the
// cubic Hermite interpolant (closed form for polynomial data up to degree 3).

const finite = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });

/** Central second difference with step h. */
function d2(f: (x: number) => number, x: number, h: number): number {
  return (f(x + h) - 2 * f(x) + f(x - h)) / (h * h);
}

describe('rational cubic interpolation', () => {
  it('reproduces cubic polynomials for r = 3 (cubic Hermite)', () => {
    const p = (x: number) => 1 - 2 * x + 0.5 * x * x + 0.25 * x * x * x;
    const dp = (x: number) => -2 + x + 0.75 * x * x;
    for (let x = -1; x <= 2; x += 0.125) {
      expect(rationalCubic(x, -1, 2, p(-1), p(2), dp(-1), dp(2), 3)).toBeCloseTo(p(x), 13);
    }
  });

  it('matches end values and slopes for any admissible r', () => {
    fc.assert(
      fc.property(
        finite(-5, 5),
        finite(-5, 5),
        finite(-3, 3),
        finite(-3, 3),
        finite(-0.9, 50),
        (yl, yr, dl, dr, r) => {
          const f = (x: number) => rationalCubic(x, 0, 2, yl, yr, dl, dr, r);
          expect(f(0)).toBeCloseTo(yl, 12);
          expect(f(2)).toBeCloseTo(yr, 12);
          const h = 1e-6;
          expect((f(h) - f(0)) / h).toBeCloseTo(dl, 3);
          expect((f(2) - f(2 - h)) / h).toBeCloseTo(dr, 3);
        },
      ),
    );
  });

  it('rFitLeft / rFitRight reproduce the prescribed second derivative when it is shape-compatible', () => {
    // Convex increasing data from y = e^x on [0, 1]: the fitted end curvature is e^0 = 1 or e^1.
    const [yl, yr, dl, dr] = [1, Math.E, 1, Math.E];
    const rl = rFitLeft(0, 1, yl, yr, dl, dr, 1);
    const rr = rFitRight(0, 1, yl, yr, dl, dr, Math.E);
    const fl = (x: number) => rationalCubic(x, 0, 1, yl, yr, dl, dr, rl);
    const fr = (x: number) => rationalCubic(x, 0, 1, yl, yr, dl, dr, rr);
    expect(d2(fl, 1e-3, 1e-3)).toBeCloseTo(1, 2);
    expect(d2(fr, 1 - 1e-3, 1e-3)).toBeCloseTo(Math.E, 2);
  });

  it('the shape-preserving minimum keeps monotone convex data monotone and convex', () => {
    fc.assert(
      fc.property(finite(0.01, 1), finite(0.01, 5), finite(0.01, 5), (dl, gap1, gap2) => {
        // Convex increasing: dl < delta < dr.
        const delta = dl + gap1;
        const dr = delta + gap2;
        const r = shapePreservingMinimumR(dl, dr, delta);
        const f = (x: number) => rationalCubic(x, 0, 1, 0, delta, dl, dr, r);
        let prev = f(0);
        for (let x = 0.01; x <= 1; x += 0.01) {
          const v = f(x);
          expect(v).toBeGreaterThanOrEqual(prev - 1e-12);
          prev = v;
          if (x > 0.02 && x < 0.98) expect(d2(f, x, 0.005)).toBeGreaterThanOrEqual(-1e-6);
        }
      }),
    );
  });
});
