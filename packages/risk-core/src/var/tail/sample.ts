import { RiskInputError } from '../../errors.ts';
import { ExactSum } from './exact-sum.ts';
import { histogramBin } from './histogram.ts';
import type { TailRisk } from './result.ts';
import { batchStd } from './result.ts';
import { createTailSpec, MAX_ABS_LOSS, varRank } from './spec.ts';

/** Options of {@link tailRiskOfSample}. */
export interface SampleTailOptions {
  /** Components per path K (default 0). */
  components?: number;
  /** Flat N x K contributions (path i at [i*K, (i+1)*K)); required when K > 0. */
  contributions?: ArrayLike<number>;
  /** Batches for the standard error (default 20). */
  batches?: number;
  histogramEdges?: readonly number[];
  contributionWindow?: number;
}

/**
 * VaR/ES of losses held in memory (one process; e.g. historical simulation, or the reference the
 * distributed merge is tested against): a full canonical sort, a scan of all losses for the ES set,
 * array_split batches. Same definitions and exact sums as {@link tailRisk} on merged summaries, so
 * both give identical numbers for identical losses.
 *
 * @param losses one loss per path (positive = money lost), finite, |loss| <= 1e150.
 * @param confidence in (0, 1).
 * @throws RiskInputError for invalid losses/contributions (naming `losses[i]`, `contributions[i][j]`)
 *   or options (as {@link createTailSpec}).
 */
export function tailRiskOfSample(
  losses: ArrayLike<number>,
  confidence: number,
  options: SampleTailOptions = {},
): TailRisk {
  const n = losses.length;
  const k = options.components ?? 0;
  const spec = createTailSpec({
    totalPaths: n,
    minConfidence: confidence,
    components: k,
    batches: options.batches ?? Math.min(20, Math.max(2, n)),
    ...(options.histogramEdges !== undefined ? { histogramEdges: options.histogramEdges } : {}),
    contributionWindow: options.contributionWindow ?? 0,
  });
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = losses[i] as number;
    if (!(Math.abs(v) <= MAX_ABS_LOSS)) {
      throw new RiskInputError('INVALID_NUMBER', `losses[${i}]`, v, 'must be finite with |loss| <= 1e150');
    }
    x[i] = v + 0;
  }
  const c = options.contributions;
  if (k > 0) {
    if (c === undefined || c.length !== n * k) {
      throw new RiskInputError('MISSING_FIELD', 'contributions', c?.length, `needs ${n} x ${k} values`);
    }
    for (let i = 0; i < n * k; i++) {
      const v = c[i] as number;
      if (!(Math.abs(v) <= MAX_ABS_LOSS)) {
        throw new RiskInputError(
          'INVALID_NUMBER',
          `contributions[${Math.floor(i / k)}][${i % k}]`,
          v,
          'must be finite',
        );
      }
    }
  }
  const contrib = (i: number, j: number) => (c === undefined ? 0 : (c[i * k + j] as number));

  const order = Array.from({ length: n }, (_, i) => i).sort(
    (i, j) => (x[j] as number) - (x[i] as number) || i - j,
  );
  const r = varRank(n, confidence);
  const varPath = order[r] as number;
  const v = x[varPath] as number;

  const es = new ExactSum();
  const esC = Array.from({ length: k }, () => new ExactSum());
  let tailCount = 0;
  const all = new ExactSum();
  const squares = new ExactSum();
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  const edges = spec.histogramEdges;
  const counts = new Array<number>(Math.max(edges.length - 1, 0)).fill(0);
  let below = 0;
  let above = 0;
  for (let i = 0; i < n; i++) {
    const xi = x[i] as number;
    all.add(xi);
    squares.add(xi * xi);
    min = Math.min(min, xi);
    max = Math.max(max, xi);
    if (counts.length > 0) {
      const b = histogramBin(edges, xi);
      if (b < 0) below++;
      else if (b >= counts.length) above++;
      else counts[b] = (counts[b] as number) + 1;
    }
    if (xi >= v) {
      tailCount++;
      es.add(xi);
      for (let j = 0; j < k; j++) (esC[j] as ExactSum).add(contrib(i, j));
    }
  }

  const w = spec.contributionWindow;
  const lo = Math.max(0, r - w);
  const hi = Math.min(n - 1, r + w);
  const winLoss = new ExactSum();
  const winC = Array.from({ length: k }, () => new ExactSum());
  for (let rank = lo; rank <= hi; rank++) {
    const i = order[rank] as number;
    winLoss.add(x[i] as number);
    for (let j = 0; j < k; j++) (winC[j] as ExactSum).add(contrib(i, j));
  }
  const m = hi - lo + 1;

  const batchVars: number[] = [];
  for (let b = 0; b < spec.batches; b++) {
    const part = Array.from(x.subarray(spec.batchStarts[b], spec.batchStarts[b + 1])).sort((p, q) => q - p);
    batchVars.push(part[varRank(part.length, confidence)] as number);
  }

  const s1 = all.value();
  const s2 = squares.value();
  const variance = n > 1 ? Math.max(0, (s2 - (s1 * s1) / n) / (n - 1)) : Number.NaN;
  return {
    confidence,
    paths: n,
    var: v,
    es: es.value() / tailCount,
    tailCount,
    varPath,
    varContributions: Array.from({ length: k }, (_, j) => contrib(varPath, j)),
    varContributionsSmoothed: winC.map((s) => s.value() / m),
    varSmoothed: winLoss.value() / m,
    smoothingPaths: m,
    esContributions: esC.map((s) => s.value() / tailCount),
    stdErrVar: batchStd(batchVars) / Math.sqrt(batchVars.length),
    batchVars,
    mean: s1 / n,
    std: Math.sqrt(variance),
    min,
    max,
    histogram: { edges: edges.slice(), counts, below, above },
  };
}
