/** Mathematical constants (double precision, correctly rounded; computed with mpmath at 40 digits). */

/** sqrt(2 pi). */
export const SQRT_2PI = 2.5066282746310007;
/** 1 / sqrt(2 pi), the standard normal density at 0. */
export const INV_SQRT_2PI = 0.3989422804014327;
/** sqrt(pi / 2). */
export const SQRT_PI_OVER_2 = 1.2533141373155003;
/** sqrt(pi). */
export const SQRT_PI = 1.772453850905516;
/** 1 / sqrt(pi). */
export const INV_SQRT_PI = 0.5641895835477563;
/** Machine epsilon, 2^-52. */
export const DBL_EPSILON = Number.EPSILON;
/** Days per year of the ACT/365 convention (DESIGN.md: T in years = ACT/365). */
export const DAYS_PER_YEAR = 365;
