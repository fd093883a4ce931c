/**
 * Bin of `x` for strictly increasing `edges` with numpy.histogram semantics: bins [e_i, e_{i+1})
 * except the last, [e_{m-1}, e_m] closed. Returns -1 below e_0 and `edges.length - 1` (one past the
 * last bin) above e_m. Binary search on comparisons only (exact).
 */
export function histogramBin(edges: readonly number[], x: number): number {
  const m = edges.length - 1;
  if (x < (edges[0] as number)) return -1;
  if (x > (edges[m] as number)) return m;
  if (x === edges[m]) return m - 1;
  let lo = 0;
  let hi = m; // invariant: edges[lo] <= x < edges[hi]
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (x >= (edges[mid] as number)) lo = mid;
    else hi = mid;
  }
  return lo;
}
