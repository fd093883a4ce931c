import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePortfolio } from '../../src/portfolio/parse-document.ts';
import { parseDailyCloses } from '../../src/scenarios/prices-csv.ts';
import { runHistorical } from '../../src/var/historical/historical.ts';
import { weightedTail } from '../../src/var/historical/weighted-tail.ts';
import { ageWeights, volatilityWeighted } from '../../src/var/historical/weights.ts';
import { tailRiskOfSample } from '../../src/var/tail/sample.ts';
import { PKG, readJson } from './helpers.ts';

const HISTORY = parseDailyCloses(readFileSync(`${PKG}../db/data/prices-daily.csv`, 'utf8'));

/** The spec example (BTC/ETH options, perps, future, spot), valued on 2025-01-01 with real data to 2024-12-31. */
function specDoc2025() {
  const raw = readJson(`${PKG}test/fixtures/spec-example.json`) as {
    valuationTime: string;
    market: Record<string, unknown>;
    positions: Record<string, unknown>[];
  };
  raw.valuationTime = '2025-01-01T00:00:00Z';
  return parsePortfolio(raw);
}

describe('weighted historical simulation', () => {
  it('equal weights give the unweighted (numpy inverted_cdf) VaR and the same ES (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 20, maxLength: 600 }),
        fc.constantFrom(0.9, 0.95, 0.975, 0.99),
        (xs, a) => {
          const loss = Float64Array.from(xs);
          const n = loss.length;
          const w = new Float64Array(n).fill(1 / n);
          const wt = weightedTail(loss, w, new Float64Array(0), 0, a);
          const t = tailRiskOfSample(loss, a);
          expect(wt.var).toBe(t.var);
          expect(wt.tailCount).toBe(t.tailCount);
          expect(Math.abs(wt.es - t.es)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(t.es)));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('BRW age weights: lambda^k (1 - lambda)/(1 - lambda^n), summing to 1', () => {
    const w = ageWeights([0, 1, 2, 3], 0.9);
    const norm = 0.1 / (1 - 0.9 ** 4);
    expect(Array.from(w)).toEqual(
      [norm, 0.9 * norm, 0.81 * norm, 0.9 ** 3 * norm].map((v) => expect.closeTo(v, 15)),
    );
    expect(w.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 14);
  });

  it('Hull-White rescaling: r_t sigma_{T+1} / sigma_t with the RiskMetrics EWMA forecasts', () => {
    // One token, returns 0.01, 0.02, -0.03, 0.01; lambda 0.9, normalized start; burn-in 1.
    const r = [0.01, 0.02, -0.03, 0.01];
    const out = volatilityWeighted({ rows: 4, cols: 1, data: Float64Array.from(r) }, 1, 0.9);
    // Forecast after t returns: s_t = sum (1-l) l^i r^2 / (1 - l^t) (by hand).
    const f = (t: number) => {
      let s = 0;
      for (let i = 0; i < t; i++) s = 0.9 * s + 0.1 * (r[i] as number) ** 2;
      return s / (1 - 0.9 ** t);
    };
    const now = Math.sqrt(f(4));
    expect(out.currentVol[0]).toBeCloseTo(now, 15);
    expect(out.returns.rows).toBe(3);
    for (let t = 1; t < 4; t++) {
      expect(out.returns.data[t - 1]).toBeCloseTo(((r[t] as number) * now) / Math.sqrt(f(t)), 15);
    }
  });
});

describe('historical simulation on the real daily closes', () => {
  const doc = specDoc2025();

  it('1-day 99%/95% VaR from the 500 returns to 2024-12-31, with the VaR scenario dates', () => {
    const r = runHistorical(doc, { history: HISTORY, confidences: [0.99, 0.95] });
    expect(r.paths).toBe(500);
    expect(r.details.window).toEqual({ from: '2023-08-19', to: '2024-12-31', dailyReturns: 500 });
    const [v99, v95] = r.levels as unknown as [{ var: number; es: number }, { var: number; es: number }];
    expect(v99.var).toBeGreaterThan(v95.var);
    expect(v99.es).toBeGreaterThanOrEqual(v99.var);
    const dates = r.details.varScenarioDates as string[];
    expect(dates[0]).toMatch(/^202[34]-\d\d-\d\d$/);
    // The 99% loss is the 6th largest of 500 (numpy inverted_cdf: descending rank floor(500 x 0.01) = 5).
    expect(r.levels[0]?.tailCount).toBe(6);
  });

  it('10-day horizon: overlapping 10-day sums vs sqrt(10) scaling, both in the same range', () => {
    const o = runHistorical(doc, { history: HISTORY, horizonDays: 10 });
    const s = runHistorical(doc, { history: HISTORY, horizonDays: 10, horizonScaling: 'sqrt' });
    expect(o.paths).toBe(491);
    expect(s.paths).toBe(500);
    const ratio = (o.levels[0]?.var as number) / (s.levels[0]?.var as number);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });

  it('age weighting with lambda -> 1 approaches the unweighted result; volatility weighting runs', () => {
    // At 98.5% the tail holds 7.5 of 500 equal weights: no scenario sits on the boundary, so nearly
    // equal weights select the same scenario.
    const plain = runHistorical(doc, { history: HISTORY, confidences: [0.985] });
    const flat = runHistorical(doc, {
      history: HISTORY,
      confidences: [0.985],
      ageWeighting: { lambda: 0.999999 },
    });
    expect(flat.levels[0]?.var).toBe(plain.levels[0]?.var);
    const vw = runHistorical(doc, { history: HISTORY, volatilityWeighting: { lambda: 0.94 } });
    expect(vw.details.volatilityWeighting).toEqual({ lambda: 0.94, burnIn: 100 });
    expect(vw.levels[0]?.var).toBeGreaterThan(0);
  });
});
