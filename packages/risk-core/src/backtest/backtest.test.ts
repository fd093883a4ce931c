import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BacktestRef } from '../../test/reference/stats-reference.ts';
import { statsReference as R } from '../../test/reference/stats-reference.ts';
import { RiskInputError } from '../errors.ts';
import {
  christoffersenConditionalCoverage,
  christoffersenIndependence,
  transitionCounts,
} from './christoffersen.ts';
import { countExceptions, exceptionIndicators } from './exceptions.ts';
import { kupiecPof } from './kupiec.ts';
import { baselTrafficLight } from './traffic-light.ts';

// References: stats_reference.py on a real backtest (BTC, 1-day 99% RiskMetrics VaR, 2020-2024):
// Kupiec via scipy.stats.binom.logpmf differences, Christoffersen via scipy.special.xlogy,
// p-values via scipy.stats.chi2.sf.
/** Likelihood-ratio statistics: sums of ~4 terms x ln(y) of size ~1e2: a few ulps of 1e2 absolute. */
const LR_ABS_TOL = 1e-11;
/** p-values: chi-square sf accuracy (see distributions.test.ts) plus the statistic's error x density. */
const P_REL_TOL = 1e-10;

const indicators = (s: string) => Uint8Array.from(s, (ch) => (ch === '1' ? 1 : 0));

describe.each([
  ['2020-2024', R.backtest.full],
  ['last 250 days', R.backtest.last250],
] as [string, BacktestRef][])('real BTC backtest, %s', (_, ref) => {
  const ind = indicators(ref.indicators);

  it('counts exceptions and transitions', () => {
    expect(ind.length).toBe(ref.observations);
    expect(countExceptions(ind)).toBe(ref.exceptions);
    expect(transitionCounts(ind)).toEqual(ref.transitions);
  });

  it('Kupiec POF statistic and p-value', () => {
    const k = kupiecPof(ref.exceptions, ref.observations, ref.confidence);
    expect(Math.abs(k.statistic - ref.kupiec.statistic)).toBeLessThan(LR_ABS_TOL);
    expect(Math.abs(k.pValue - ref.kupiec.pValue) / ref.kupiec.pValue).toBeLessThan(P_REL_TOL);
  });

  it('Christoffersen independence and conditional coverage', () => {
    const ind1 = christoffersenIndependence(ind);
    expect(Math.abs(ind1.statistic - ref.independence.statistic)).toBeLessThan(LR_ABS_TOL);
    expect(Math.abs(ind1.pValue - ref.independence.pValue) / ref.independence.pValue).toBeLessThan(P_REL_TOL);
    const cc = christoffersenConditionalCoverage(ind, ref.confidence);
    expect(Math.abs(cc.statistic - ref.conditionalCoverage.statistic)).toBeLessThan(LR_ABS_TOL);
    expect(Math.abs(cc.unconditional - ref.conditionalCoverage.unconditional)).toBeLessThan(LR_ABS_TOL);
    expect(
      Math.abs(cc.pValue - ref.conditionalCoverage.pValue) / ref.conditionalCoverage.pValue,
    ).toBeLessThan(P_REL_TOL);
    // LR_cc = LR_uc + LR_ind exactly in exact arithmetic (Christoffersen 1998, section 3.3)
    expect(Math.abs(cc.statistic - (cc.unconditional + ind1.statistic))).toBeLessThan(LR_ABS_TOL);
  });

  it('traffic light cumulative probability', () => {
    const t = baselTrafficLight(ref.exceptions, ref.observations, ref.confidence);
    expect(Math.abs(t.cumulativeProbability - ref.binomialCdf)).toBeLessThan(1e-14);
  });
});

describe('kupiecPof closed forms', () => {
  it('x = 0: LR = -2 T ln(1 - p) (T = 250, p = 0.01: 5.02516792...)', () => {
    const k = kupiecPof(0, 250, 0.99);
    expect(k.statistic).toBeCloseTo(-2 * 250 * Math.log(0.99), 12);
    expect(k.statistic).toBeCloseTo(5.025167926, 8);
  });
  it('x = 5, T = 250, p = 0.01 by hand: -2[245 ln .99 + 5 ln .01] + 2[245 ln .98 + 5 ln .02] = 2[245 ln(98/99) + 5 ln 2] = 1.9568', () => {
    const byHand =
      -2 * (245 * Math.log(0.99) + 5 * Math.log(0.01)) + 2 * (245 * Math.log(0.98) + 5 * Math.log(0.02));
    expect(kupiecPof(5, 250, 0.99).statistic).toBeCloseTo(byHand, 12);
    // 245 ln(0.98/0.99) = -2.48731, 5 ln 2 = 3.46574: 2 x 0.97843 = 1.95686
    expect(byHand).toBeCloseTo(1.9568, 4);
  });
  it('is 0 when the observed rate equals p, and grows away from it', () => {
    expect(kupiecPof(10, 1000, 0.99).statistic).toBeCloseTo(0, 12);
    fc.assert(
      fc.property(fc.integer({ min: 10, max: 30 }), (x) => {
        expect(kupiecPof(x + 1, 1000, 0.99).statistic).toBeGreaterThan(kupiecPof(x, 1000, 0.99).statistic);
      }),
    );
  });
  it('rejects x > T, T < 1, confidence outside (0, 1)', () => {
    expect(() => kupiecPof(11, 10, 0.99)).toThrow(/exceptions/);
    expect(() => kupiecPof(0, 0, 0.99)).toThrow(/observations/);
    expect(() => kupiecPof(1, 10, 1)).toThrow(/confidence/);
  });
});

describe('Christoffersen closed forms', () => {
  it('alternating exceptions are maximally dependent; spread-out ones are not', () => {
    // 0101...: n01 = n10 = all transitions, pi01 = 1, pi11 = 0
    const alt = Uint8Array.from({ length: 100 }, (_, i) => i % 2);
    const a = christoffersenIndependence(alt);
    expect(a.pi01).toBe(1);
    expect(a.pi11).toBe(0);
    // LR_ind = -2 (n ln(1/2) * 2 terms) = 2 * 99 * ln 2 with pi = 1/2 for the 99 transitions ... exactly:
    const n = 99;
    const ones = a.n01 + a.n11;
    const pi = ones / n;
    expect(a.statistic).toBeCloseTo(-2 * ((n - ones) * Math.log(1 - pi) + ones * Math.log(pi)), 10);
    const spread = Uint8Array.from({ length: 250 }, (_, i) => (i % 50 === 7 ? 1 : 0));
    expect(christoffersenIndependence(spread).pValue).toBeGreaterThan(0.5);
  });
  it('rejects non-binary indicators and too short series', () => {
    expect(() => christoffersenIndependence([0, 2, 1])).toThrow(/indicators\[1\]/);
    expect(() => christoffersenIndependence([1])).toThrow(RiskInputError);
  });
});

describe('baselTrafficLight (BCBS 1996, Table 2)', () => {
  // Published cumulative probabilities for 250 observations at 99% (percent, 2 decimals).
  const TABLE = [8.11, 28.58, 54.32, 75.81, 89.22, 95.88, 98.63, 99.6, 99.89, 99.97, 99.99];
  const ZONES = [
    'green',
    'green',
    'green',
    'green',
    'green',
    'yellow',
    'yellow',
    'yellow',
    'yellow',
    'yellow',
    'red',
  ];
  const PLUS = [0, 0, 0, 0, 0, 0.4, 0.5, 0.65, 0.75, 0.85, 1];
  /** The table is rounded to 0.01%. */
  const TABLE_TOL = 0.005e-2 + 1e-12;
  it.each(TABLE.map((p, x) => [x, p] as const))(
    '%i exceptions: cumulative %s%%, zone and plus factor',
    (x, p) => {
      const t = baselTrafficLight(x);
      expect(Math.abs(t.cumulativeProbability - p / 100)).toBeLessThan(TABLE_TOL);
      expect(t.zone).toBe(ZONES[x]);
      expect(t.plusFactor).toBe(PLUS[x]);
    },
  );
  it('more exceptions never improve the zone; other sample sizes have no plus factor', () => {
    const rank = { green: 0, yellow: 1, red: 2 };
    for (let x = 1; x < 40; x++)
      expect(rank[baselTrafficLight(x, 500).zone]).toBeGreaterThanOrEqual(
        rank[baselTrafficLight(x - 1, 500).zone],
      );
    expect(baselTrafficLight(3, 500).plusFactor).toBeNull();
  });
  it('rejects exceptions > observations', () => {
    expect(() => baselTrafficLight(251)).toThrow(/exceptions/);
  });
});

describe('exceptionIndicators', () => {
  it('flags days whose loss exceeds the VaR strictly', () => {
    expect(Array.from(exceptionIndicators([1, 2, 3, -5], [2, 2, 2, 2]))).toEqual([0, 0, 1, 0]);
  });
  it('names the first bad value and rejects length mismatches', () => {
    expect(() => exceptionIndicators([1, Number.NaN], [1, 1])).toThrow(/realizedLosses\[1\]/);
    expect(() => exceptionIndicators([1], [1, 2])).toThrow(RiskInputError);
  });
});
