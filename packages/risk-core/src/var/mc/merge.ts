import { RiskInputError } from '../../errors.ts';
import { staleHistoryWarnings } from '../input/covariance.ts';
import type { VarLevel, VarResult } from '../result.ts';
import { quantileLevels, splitContributions } from '../result.ts';
import { tailRisk, tailVar } from '../tail/evaluate.ts';
import { mergeChunks } from '../tail/merge.ts';
import { sameSpec } from '../tail/spec.ts';
import type { ChunkSummary } from '../tail/summary.ts';
import type { MonteCarloRunSpec } from './types.ts';

/**
 * Merges the chunk summaries of a run (any order, any grouping; exact, see docs/var.md) and
 * evaluates VaR, ES, their standard error and Euler contributions at every confidence of the spec.
 * The result equals, bit for bit, that of one process simulating all paths.
 *
 * VaR contributions are the mean contributions of the paths ranked within +-w of the VaR path
 * (kernel-window Euler estimator), rescaled to add up to VaR; ES contributions are the mean
 * contributions over the paths with loss >= VaR (they add up to ES).
 *
 * @throws RiskInputError `MALFORMED_DOCUMENT` for summaries of another layout
 *   (`summaries[i].spec`), overlapping ranges, no summary; `MISSING_FIELD` when the summaries do not
 *   cover all paths (`summary.ranges`).
 */
export function mergeMonteCarlo(spec: MonteCarloRunSpec, summaries: readonly ChunkSummary[]): VarResult {
  summaries.forEach((s, i) => {
    if (!sameSpec(s.spec, spec.tail)) {
      throw new RiskInputError(
        'MALFORMED_DOCUMENT',
        `summaries[${i}].spec`,
        s.spec.totalPaths,
        'does not belong to this run',
      );
    }
  });
  const merged = mergeChunks(summaries);
  const { tokens, accounts } = spec;
  const evaluated = spec.confidences.map((a) => tailRisk(merged, a));
  // The distribution summary (mean, std, extremes, histogram) does not depend on the confidence: it
  // is read off the first level's evaluation.
  const first = evaluated[0];
  if (first === undefined) {
    throw new RiskInputError(
      'MISSING_FIELD',
      'confidences',
      spec.confidences,
      'must hold at least one confidence',
    );
  }
  const levels: VarLevel[] = evaluated.map((t) => {
    const a = t.confidence;
    const scale = t.varSmoothed !== 0 ? t.var / t.varSmoothed : 1;
    return {
      confidence: a,
      var: t.var,
      es: t.es,
      stdErrVar: t.stdErrVar,
      contributions: {
        var: splitContributions(t.varContributionsSmoothed, tokens, accounts, scale),
        es: splitContributions(t.esContributions, tokens, accounts),
      },
      tailCount: t.tailCount,
      varPath: t.varPath,
      varWindowMean: t.varSmoothed,
    };
  });
  const { daily: _daily, ...covariance } = spec.covariance;
  return {
    method: 'monte-carlo',
    horizonDays: spec.horizonDays,
    tokens: [...tokens],
    accounts: [...accounts],
    paths: spec.totalPaths,
    levels,
    distribution: {
      meanPnl: -first.mean,
      stdPnl: first.std,
      minPnl: -first.max,
      maxPnl: -first.min,
      lossQuantiles: quantileLevels(spec.confidences, spec.tail.minConfidence).map((level) => ({
        level,
        loss: tailVar(merged, level),
      })),
      lossHistogram: first.histogram,
    },
    covariance,
    details: {
      seed: spec.seed,
      distribution: spec.distribution,
      antithetic: spec.antithetic,
      pricing: spec.pricing,
      optionGrid: spec.optionGrid,
      streamPaths: spec.streamPaths,
      chunks: summaries.length,
      contributionWindow: spec.tail.contributionWindow,
      batches: spec.tail.batches,
    },
    warnings: staleHistoryWarnings(spec.covariance.window),
  };
}
