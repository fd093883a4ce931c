import { describe, expect, it } from 'vitest';
import type { TailLevelRef } from '../../../test/reference/stats-reference.ts';
import { statsReference as R, tailSample } from '../../../test/reference/stats-reference.ts';
import { RiskInputError } from '../../errors.ts';
import { tailRiskOfSample } from './sample.ts';

// Reference: numpy on the same deterministic sample (stats_reference.py): np.quantile(...,
// method='inverted_cdf'), loss[loss >= var].mean(), C[loss >= var].mean(axis=0), batch means over
// np.array_split(loss, 20), np.histogram, math.fsum.
/**
 * ES and contributions: numpy's pairwise mean vs our correctly rounded exact sum / count differ by
 * a few ulps of the sum (<= ~100 terms at 99.9%..95%): 1e-14 relative.
 */
const MEAN_REL_TOL = 1e-14;
/** Batch std: numpy's np.std of 20 numbers vs a two-pass loop: a few ulps. */
const STD_REL_TOL = 1e-13;

const { losses, contributions } = tailSample(R.tail.n, R.tail.seed, R.tail.scales);
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

function check(got: ReturnType<typeof tailRiskOfSample>, ref: TailLevelRef): void {
  // VaR is an element of the sample: equal bit-for-bit
  expect(got.var).toBe(ref.var);
  expect(got.tailCount).toBe(ref.tailCount);
  expect(rel(got.es, ref.es)).toBeLessThan(MEAN_REL_TOL);
  got.esContributions.forEach((c, j) => {
    expect(Math.abs(c - (ref.esContributions[j] as number))).toBeLessThan(MEAN_REL_TOL * Math.abs(ref.es));
  });
  expect(got.batchVars).toEqual(ref.batchVars);
  expect(rel(got.stdErrVar, ref.stdErrVar)).toBeLessThan(STD_REL_TOL);
}

describe('tailRiskOfSample vs numpy', () => {
  it('reproduces the generator of the fixture bit-for-bit (exact sum = math.fsum)', () => {
    const r = tailRiskOfSample(losses, 0.95);
    expect(r.mean).toBe(R.tail.fsum / R.tail.n);
    expect(r.min).toBe(R.tail.min);
    expect(r.max).toBe(R.tail.max);
    expect(rel(r.std, R.tail.std)).toBeLessThan(1e-12);
  });

  it.each(R.tail.levels)(
    'confidence $confidence: VaR, ES, contributions, batch-means standard error',
    (ref) => {
      const r = tailRiskOfSample(losses, ref.confidence, { components: 3, contributions });
      check(r, ref);
      // components add up to the loss, so ES contributions add up to ES (Euler allocation)
      const sum = r.esContributions.reduce((s, c) => s + c, 0);
      expect(Math.abs(sum - r.es)).toBeLessThan(1e-12 * Math.abs(r.es));
      expect(r.varContributions.reduce((s, c) => s + c, 0)).toBeCloseTo(r.var, 12);
    },
  );

  it.each(R.tail.ties)('heavy ties (losses on a 0.5 grid), confidence $confidence', (ref) => {
    const ties = losses.map((x) => Math.floor(x * 2) / 2);
    const r = tailRiskOfSample(ties, ref.confidence, { components: 3, contributions });
    check(r, ref);
    expect(r.tailCount).toBeGreaterThan(Math.ceil((1 - ref.confidence) * R.tail.n) + 1);
  });

  it('histogram with numpy.histogram bins and out-of-range counts', () => {
    const r = tailRiskOfSample(losses, 0.99, { histogramEdges: R.tail.histogramEdges });
    expect(r.histogram.counts).toEqual(R.tail.histogramCounts);
    expect(r.histogram.below).toBe(R.tail.histogramBelow);
    expect(r.histogram.above).toBe(R.tail.histogramAbove);
  });

  it('smoothed VaR contributions average the 2w + 1 paths around the VaR rank', () => {
    const w = 5;
    const r = tailRiskOfSample(losses, 0.99, { components: 3, contributions, contributionWindow: w });
    expect(r.smoothingPaths).toBe(2 * w + 1);
    const sorted = Array.from(losses).sort((a, b) => b - a);
    const rank = sorted.indexOf(r.var);
    const mean = sorted.slice(rank - w, rank + w + 1).reduce((s, x) => s + x, 0) / (2 * w + 1);
    expect(r.varSmoothed).toBeCloseTo(mean, 12);
  });

  it('rejects non-finite losses and missing contributions, naming them', () => {
    expect(() => tailRiskOfSample([1, Number.NaN, 3], 0.5, { batches: 2 })).toThrow(/losses\[1\]/);
    expect(() => tailRiskOfSample([1, 2, 3], 0.5, { batches: 2, components: 2 })).toThrow(RiskInputError);
    expect(() => tailRiskOfSample([1, 2, 3], 1)).toThrow(/minConfidence/);
  });
});
