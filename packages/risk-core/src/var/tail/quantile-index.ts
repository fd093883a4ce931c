/**
 * 0-based position, in ascending order, of the q-quantile of n values under numpy's
 * `method='inverted_cdf'` (Hyndman & Fan 1996, definition 1: the smallest x with F_n(x) >= q),
 * reproducing numpy's floating-point steps exactly (numpy/lib/function_base.py, `_inverted_cdf`
 * and `_discret_interpolation_to_boundaries`): index = n * q - 1 in doubles, take
 * floor(index) + 1 when index has a fractional part (> 0), else index itself, clipped to
 * [0, n - 1]. So `sortedAscending[invertedCdfIndex(n, q)]` equals
 * `np.quantile(x, q, method='inverted_cdf')` bit-for-bit.
 *
 * Internal: callers validate n >= 1 and 0 < q < 1.
 */
export function invertedCdfIndex(n: number, q: number): number {
  const index = n * q - 1;
  const previous = Math.floor(index);
  const gamma = index - previous;
  const pos = gamma > 0 ? previous + 1 : previous;
  return Math.min(Math.max(pos, 0), n - 1);
}

/**
 * Number of largest values that determine the inverted-cdf q-quantile of n values: n - position.
 * Equals floor((1-q) n) + 1 in exact arithmetic and never exceeds ceil((1-q) n) + 1.
 */
export function upperTailCount(n: number, q: number): number {
  return n - invertedCdfIndex(n, q);
}
