/*
 * Rational cubic Hermite interpolation of R. Delbourgo and J. A. Gregory, "Shape preserving piecewise
 * rational interpolation", SIAM J. Sci. Stat. Comput. 6 (1985) 967-976. On [xl, xr], with u = (x-xl)/dx:
 *   R(u) = [yr u^3 + (r yr - dx dr) u^2 (1-u) + (r yl + dx dl) u (1-u)^2 + yl (1-u)^3] / [1 + (r-3) u (1-u)]
 * matches the values yl, yr and slopes dl, dr at both ends for every control parameter r > -1; r = 3
 * is the cubic Hermite interpolant and r -> infinity the straight line. The second derivative at the
 * left end (derived for this project by expanding numerator and denominator to second order) is
 *   R''(xl) = 2 [r (Delta - dl) - (dr - dl)] / dx,  Delta = (yr - yl)/dx,
 * and by the reflection u -> 1-u at the right end
 *   R''(xr) = 2 [r (dr - Delta) - (dr - dl)] / dx,
 * which gives the r that fits a prescribed second derivative at one end. Shape preservation (same paper):
 * monotone data keep monotone for r >= (dl + dr)/Delta; convex (dl <= Delta <= dr) or concave data keep
 * their shape for r >= max((dr-dl)/(dr-Delta), (dr-dl)/(Delta-dl)).
 */

/** Smallest admissible control parameter (the denominator vanishes at u = 1/2 for r = -1). */
const R_MIN = -(1 - Math.sqrt(Number.EPSILON));
/** Effectively linear interpolation. */
const R_MAX = 2 / (Number.EPSILON * Number.EPSILON);

function clampR(fit: number, minimum: number): number {
  if (Number.isNaN(fit)) return R_MAX;
  return Math.min(R_MAX, Math.max(fit, minimum));
}

/** Evaluates the rational cubic with control parameter r at x (dimensionless in the caller's units). */
export function rationalCubic(
  x: number,
  xl: number,
  xr: number,
  yl: number,
  yr: number,
  dl: number,
  dr: number,
  r: number,
): number {
  const dx = xr - xl;
  const u = (x - xl) / dx;
  return rationalCubicAt(u, 1 - u, dx, yl, yr, dl, dr, r);
}

/**
 * The rational cubic at relative position u = (x - xl)/dx with w = 1 - u supplied by the caller, so that
 * w keeps full relative accuracy near the right end (e.g. w = (xr - x)/dx computed directly).
 */
export function rationalCubicAt(
  u: number,
  w: number,
  dx: number,
  yl: number,
  yr: number,
  dl: number,
  dr: number,
  r: number,
): number {
  if (!(Math.abs(r) < R_MAX)) return yl * w + yr * u; // linear limit
  const num =
    yr * u * u * u + (r * yr - dx * dr) * u * u * w + (r * yl + dx * dl) * u * w * w + yl * w * w * w;
  return num / (1 + (r - 3) * u * w);
}

/** Lower bound on r that preserves monotonicity and convexity/concavity of the data. */
export function shapePreservingMinimumR(dl: number, dr: number, delta: number): number {
  const monotone = dl * delta >= 0 && dr * delta >= 0;
  const convex = dl <= delta && delta <= dr;
  const concave = dl >= delta && delta >= dr;
  let r = R_MIN;
  if (monotone && delta !== 0) r = Math.max(r, (dl + dr) / delta);
  if (convex || concave) {
    const a = delta - dl;
    const b = dr - delta;
    if (a !== 0 && b !== 0) r = Math.max(r, Math.abs((dr - dl) / b), Math.abs((dr - dl) / a));
  }
  return r;
}

/**
 * Control parameter fitting the second derivative `d2l` at the left end, raised to the shape-preserving
 * minimum.
 */
export function rFitLeft(
  xl: number,
  xr: number,
  yl: number,
  yr: number,
  dl: number,
  dr: number,
  d2l: number,
): number {
  const dx = xr - xl;
  const delta = (yr - yl) / dx;
  const den = delta - dl;
  const fit = den !== 0 ? (0.5 * dx * d2l + (dr - dl)) / den : R_MAX;
  return clampR(fit, shapePreservingMinimumR(dl, dr, delta));
}

/**
 * Control parameter fitting the second derivative `d2r` at the right end, raised to the
 * shape-preserving minimum.
 */
export function rFitRight(
  xl: number,
  xr: number,
  yl: number,
  yr: number,
  dl: number,
  dr: number,
  d2r: number,
): number {
  const dx = xr - xl;
  const delta = (yr - yl) / dx;
  const den = dr - delta;
  const fit = den !== 0 ? (0.5 * dx * d2r + (dr - dl)) / den : R_MAX;
  return clampR(fit, shapePreservingMinimumR(dl, dr, delta));
}
