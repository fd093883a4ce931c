import { ExactSum } from '../tail/exact-sum.ts';

/** VaR/ES of scenarios with probabilities (weighted historical simulation). */
export interface WeightedTail {
  var: number;
  es: number;
  /** Scenario at the VaR. */
  varIndex: number;
  /** Scenarios with loss >= VaR. */
  tailCount: number;
  /** Their total probability. */
  tailWeight: number;
  esContributions: number[];
  varContributions: number[];
}

/**
 * Weighted quantile and expected shortfall, the probability-weighted analogue of numpy's
 * inverted_cdf and of the reference ES: with F(l) = sum of w_i over losses <= l,
 * VaR_a = min { l : F(l) >= a } (Boudoukh et al. 1998 take the loss where the cumulated weight from
 * the top first reaches 1 - a), ES_a = sum_{loss_i >= VaR} w_i loss_i / sum_{loss_i >= VaR} w_i, and
 * the component ES is the same weighted mean of each contribution. With equal weights 1/n this is
 * the unweighted definition (up to the rounding of n a).
 *
 * @param losses n losses; @param weights n probabilities summing to 1 (> 0).
 * @param contributions n x k, row-major.
 */
export function weightedTail(
  losses: Float64Array,
  weights: Float64Array,
  contributions: Float64Array,
  k: number,
  confidence: number,
): WeightedTail {
  const n = losses.length;
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (i, j) => (losses[j] as number) - (losses[i] as number) || i - j,
  );
  // Scan from the largest loss: W = weight of losses strictly greater than the current one.
  const limit = 1 - confidence;
  let above = 0;
  let varIndex = order[n - 1] as number;
  let r = 0;
  while (r < n) {
    const l = losses[order[r] as number] as number;
    if (above > limit * (1 + 1e-12)) break;
    varIndex = order[r] as number;
    let s = r;
    while (s < n && losses[order[s] as number] === l) {
      above += weights[order[s] as number] as number;
      s++;
    }
    r = s;
  }
  const v = losses[varIndex] as number;
  const num = new ExactSum();
  const den = new ExactSum();
  const comp = Array.from({ length: k }, () => new ExactSum());
  let tailCount = 0;
  for (let i = 0; i < n; i++) {
    if ((losses[i] as number) < v) continue;
    const w = weights[i] as number;
    tailCount++;
    num.add(w * (losses[i] as number));
    den.add(w);
    for (let j = 0; j < k; j++) (comp[j] as ExactSum).add(w * (contributions[i * k + j] as number));
  }
  const tw = den.value();
  return {
    var: v,
    es: num.value() / tw,
    varIndex,
    tailCount,
    tailWeight: tw,
    esContributions: comp.map((s) => s.value() / tw),
    varContributions: Array.from({ length: k }, (_, j) => contributions[varIndex * k + j] as number),
  };
}
