/**
 * Root of an increasing function g on (lo, hi) by Newton's method safeguarded with a bracket
 * (bisection, geometric when the bracket spans orders of magnitude). Used by the distribution
 * quantiles, which pass g = ln F(x) - ln p (or its upper-tail analogue) so that tails far below
 * double precision in p are still solved in relative terms.
 *
 * Internal: callers guarantee that g is increasing and changes sign on (lo, hi); `x0` is a start
 * value inside (lo, hi). Returns the root to about 4 ulps.
 */
export function solveMonotone(
  g: (x: number) => number,
  dg: (x: number) => number,
  x0: number,
  lo: number,
  hi: number,
): number {
  let a = lo;
  let b = hi;
  let x = x0;
  let gx = g(x);
  if (gx === 0) return x;
  // Expand from x0 until the root is bracketed by finite points (or a finite domain end).
  let step = Math.max(1, Math.abs(x));
  if (gx > 0) {
    b = x;
    for (let i = 0; i < 2100 && !Number.isFinite(a); i++) {
      const c = x - step;
      if (c <= lo) break;
      if (g(c) < 0) a = c;
      else b = c;
      step *= 2;
    }
  } else {
    a = x;
    for (let i = 0; i < 2100 && !Number.isFinite(b); i++) {
      const c = x + step;
      if (c >= hi) break;
      if (g(c) > 0) b = c;
      else a = c;
      step *= 2;
    }
  }
  for (let i = 0; i < 300; i++) {
    const d = dg(x);
    let next = x - gx / d;
    if (!(next > a && next < b) || !Number.isFinite(next)) {
      next = midpoint(a, b);
    }
    const moved = Math.abs(next - x);
    x = next;
    gx = g(x);
    if (gx === 0) return x;
    if (gx < 0) a = x;
    else b = x;
    if (moved <= 4 * Number.EPSILON * Math.abs(x) || b - a <= 4 * Number.EPSILON * Math.abs(x)) return x;
  }
  return x;
}

function midpoint(a: number, b: number): number {
  if (a > 0 && b > 0 && b > 16 * a) return Math.sqrt(a) * Math.sqrt(b);
  if (a < 0 && b < 0 && a < 16 * b) return -Math.sqrt(-a) * Math.sqrt(-b);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return Number.isFinite(a) ? a + 1 : b - 1;
  return 0.5 * (a + b);
}
