import { RiskInputError } from '../../errors.ts';
import { ExactSum } from './exact-sum.ts';
import type { TailRisk } from './result.ts';
import { batchStd } from './result.ts';
import { varRank } from './spec.ts';
import type { ChunkSummary } from './summary.ts';

/**
 * VaR alone (the loss at descending rank N - 1 - pos(N, a), as in {@link tailRisk}), without the sums
 * of ES and contributions: for the quantiles of a distribution summary.
 * @throws RiskInputError as {@link tailRisk}.
 */
export function tailVar(summary: ChunkSummary, confidence: number): number {
  return summary.top.losses[varRankOf(summary, confidence)] as number;
}

/** Descending rank of VaR in a complete summary's kept entries; validates confidence and coverage. */
function varRankOf(summary: ChunkSummary, confidence: number): number {
  const spec = summary.spec;
  const n = spec.totalPaths;
  if (typeof confidence !== 'number' || !(confidence >= spec.minConfidence && confidence < 1)) {
    throw new RiskInputError(
      'OUT_OF_DOMAIN',
      'confidence',
      confidence,
      `must be in [minConfidence = ${spec.minConfidence}, 1) of the run's tail spec`,
    );
  }
  const r0 = summary.ranges[0];
  if (summary.ranges.length !== 1 || r0 === undefined || r0[0] !== 0 || r0[1] !== n) {
    throw new RiskInputError(
      'MISSING_FIELD',
      'summary.ranges',
      summary.ranges,
      `must cover all paths [0, ${n}); merge every chunk first`,
    );
  }
  return varRank(n, confidence);
}

/**
 * VaR, ES, contributions, batch-means standard error and distribution summary from a complete
 * summary (one covering paths [0, N): merge all chunks first with {@link mergeChunks}).
 *
 * VaR_a = the loss at descending rank r = N - 1 - pos(N, a) (numpy inverted_cdf); ES_a = exact
 * sum of all losses >= VaR_a (kept entries plus the boundary tie class when it equals VaR) divided
 * by their count; ES contributions likewise per component. Mean = exact sum / N, std from the exact
 * sums of x and x^2 (two roundings: loses relative accuracy only when |mean| >> std).
 *
 * @param confidence in [spec.minConfidence, 1).
 * @throws RiskInputError `OUT_OF_DOMAIN` for a confidence outside that range, `MISSING_FIELD` when
 *   the summary does not cover every path 0 .. N-1.
 */
export function tailRisk(summary: ChunkSummary, confidence: number): TailRisk {
  const spec = summary.spec;
  const n = spec.totalPaths;
  const r = varRankOf(summary, confidence);
  const k = spec.components;
  const top = summary.top;
  const v = top.losses[r] as number;

  const esSum = new ExactSum();
  const esContrib = Array.from({ length: k }, () => new ExactSum());
  let tailCount = 0;
  for (let i = 0; i < top.losses.length; i++) {
    const loss = top.losses[i] as number;
    if (loss < v) break;
    tailCount++;
    esSum.add(loss);
    for (let j = 0; j < k; j++) (esContrib[j] as ExactSum).add(top.contributions[i * k + j] as number);
  }
  const tie = summary.tie;
  if (tie !== null && tie.loss === v) {
    tailCount += tie.count;
    esSum.addSum(new ExactSum(tie.lossSum));
    tie.contributionSums.forEach((s, j) => {
      (esContrib[j] as ExactSum).addSum(new ExactSum(s));
    });
  }

  const w = spec.contributionWindow;
  const lo = Math.max(0, r - w);
  const hi = Math.min(top.losses.length - 1, r + w);
  const winLoss = new ExactSum();
  const winContrib = Array.from({ length: k }, () => new ExactSum());
  for (let i = lo; i <= hi; i++) {
    winLoss.add(top.losses[i] as number);
    for (let j = 0; j < k; j++) (winContrib[j] as ExactSum).add(top.contributions[i * k + j] as number);
  }
  const m = hi - lo + 1;

  const batchVars = summary.batchTails.map((tail, b) => {
    const size = (spec.batchStarts[b + 1] as number) - (spec.batchStarts[b] as number);
    return tail[varRank(size, confidence)] as number;
  });

  const s1 = new ExactSum(summary.sum).value();
  const s2 = new ExactSum(summary.sumSquares).value();
  const variance = n > 1 ? Math.max(0, (s2 - (s1 * s1) / n) / (n - 1)) : Number.NaN;

  return {
    confidence,
    paths: n,
    var: v,
    es: esSum.value() / tailCount,
    tailCount,
    varPath: top.paths[r] as number,
    varContributions: top.contributions.slice(r * k, (r + 1) * k),
    varContributionsSmoothed: winContrib.map((s) => s.value() / m),
    varSmoothed: winLoss.value() / m,
    smoothingPaths: m,
    esContributions: esContrib.map((s) => s.value() / tailCount),
    stdErrVar: batchStd(batchVars) / Math.sqrt(batchVars.length),
    batchVars,
    mean: s1 / n,
    std: Math.sqrt(variance),
    min: summary.min,
    max: summary.max,
    histogram: {
      edges: spec.histogramEdges.slice(),
      counts: summary.histogram.counts.slice(),
      below: summary.histogram.below,
      above: summary.histogram.above,
    },
  };
}
