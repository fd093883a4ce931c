import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RiskInputError } from '../../src/errors.ts';
import { parsePortfolio } from '../../src/portfolio/parse-document.ts';
import { parseDailyCloses } from '../../src/scenarios/prices-csv.ts';
import { runHistorical } from '../../src/var/historical/historical.ts';
import { resolveCovariance } from '../../src/var/input/covariance.ts';
import { planMonteCarloRun } from '../../src/var/mc/plan.ts';
import { runDeltaGamma } from '../../src/var/parametric/delta-gamma.ts';
import { runDeltaNormal } from '../../src/var/parametric/delta-normal.ts';
import { PKG, smallOptionsDoc } from './helpers.ts';

const HISTORY = parseDailyCloses(readFileSync(`${PKG}../db/data/prices-daily.csv`, 'utf8'));

function withCovariance(daily: number[][], tokens = ['BTC', 'ETH']) {
  const raw = JSON.parse(JSON.stringify(smallOptionsDoc()));
  raw.market.covariance = { tokens, daily };
  return parsePortfolio(raw);
}

/** Expects a RiskInputError with this field (and code, message part). */
function expectInputError(fn: () => unknown, field: string, code?: string, message?: RegExp): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(RiskInputError);
    const err = e as RiskInputError;
    expect(err.field).toBe(field);
    if (code) expect(err.code).toBe(code);
    if (message) expect(err.message).toMatch(message);
    return;
  }
  throw new Error(`expected a RiskInputError on ${field}`);
}

describe('invalid VaR inputs give clear errors naming the field and value', () => {
  const doc = smallOptionsDoc();

  it('horizon <= 0 or not a number', () => {
    for (const h of [0, -1, Number.NaN]) {
      expectInputError(() => runDeltaNormal(doc, { horizonDays: h }), 'horizonDays');
      expectInputError(() => planMonteCarloRun(doc, { paths: 1000, horizonDays: h }), 'horizonDays');
    }
    expectInputError(
      () => runHistorical(doc, { history: HISTORY, horizonDays: 1.5 }),
      'horizonDays',
      'OUT_OF_DOMAIN',
      /whole number/,
    );
  });

  it('confidence outside (0, 1), duplicates, empty', () => {
    expectInputError(
      () => runDeltaGamma(doc, { confidences: [0.99, 1] }),
      'confidences[1]',
      'OUT_OF_DOMAIN',
      /strictly between 0 and 1.*got 1/,
    );
    expectInputError(() => planMonteCarloRun(doc, { paths: 1000, confidences: [0] }), 'confidences[0]');
    expectInputError(
      () => runDeltaNormal(doc, { confidences: [0.99, 0.99] }),
      'confidences[1]',
      'OUT_OF_DOMAIN',
      /duplicate/,
    );
    expectInputError(() => runDeltaNormal(doc, { confidences: [] }), 'confidences', 'MISSING_FIELD');
  });

  it('a covariance that is not PSD is rejected with its failing direction, and repaired on request', () => {
    // Correlations BTC-ETH 0.9, ETH-SOL 0.9, BTC-SOL -0.9: each pair valid, the matrix not PSD
    // (eigenvalue 1 - 0.9 (1 + sqrt 3)... < 0 along +BTC -ETH +SOL).
    const s = [0.03, 0.04, 0.05];
    const rho = [
      [1, 0.9, -0.9],
      [0.9, 1, 0.9],
      [-0.9, 0.9, 1],
    ];
    const bad = withCovariance(
      rho.map((row, i) => row.map((r, j) => r * (s[i] as number) * (s[j] as number))),
      ['BTC', 'ETH', 'SOL'],
    );
    expectInputError(() => runDeltaNormal(bad), 'market.covariance.daily', 'OUT_OF_DOMAIN', /repair/);
    const repaired = resolveCovariance(bad, ['BTC', 'ETH'], { repair: true });
    expect(repaired.repair?.method).toBe('higham');
    // Variances are kept; the correlation is pulled inside [-1, 1] with a positive definite matrix.
    expect(repaired.daily[0]?.[0]).toBeCloseTo(0.0009, 15);
    expect(repaired.daily[1]?.[1]).toBeCloseTo(0.0016, 15);
    expect(repaired.daily[0]?.[1] as number).toBeLessThan(0.9 * 0.03 * 0.04);
    expect(runDeltaNormal(bad, { covariance: { repair: true } }).levels[0]?.var).toBeGreaterThan(0);
  });

  it('asymmetric, non-finite or missing covariance entries name the entry', () => {
    expectInputError(
      () =>
        runDeltaNormal(
          withCovariance([
            [0.0009, 0.001],
            [0.0005, 0.0016],
          ]),
        ),
      'market.covariance.daily[1][0]',
    );
    expectInputError(
      () => runDeltaNormal(withCovariance([[0.0009]], ['BTC'])),
      'market.covariance.tokens',
      'MISSING_MARKET_DATA',
      /ETH/,
    );
  });

  it('missing prices: a token without history, a portfolio token without spot', () => {
    const raw = JSON.parse(JSON.stringify(doc));
    raw.positions.push({ id: 'x', account: 'a', kind: 'spot', underlying: 'NOPE', quantity: 1 });
    raw.market.spot.NOPE = 1;
    delete raw.market.covariance;
    const noHist = parsePortfolio(raw);
    expectInputError(
      () => runHistorical(noHist, { history: HISTORY }),
      'history.NOPE',
      'MISSING_MARKET_DATA',
    );
    expectInputError(() => runDeltaNormal(noHist, { covariance: { history: HISTORY } }), 'history.NOPE');
    expectInputError(
      () => runDeltaNormal(noHist),
      'market.covariance',
      'MISSING_MARKET_DATA',
      /no price history/,
    );
    const noSpot = JSON.parse(JSON.stringify(doc));
    delete noSpot.market.spot.ETH;
    expect(() => runDeltaNormal(parsePortfolio(noSpot))).toThrow(/ETH/);
  });

  it('history too short for the lookback, bad lambda, paths, nu, seed', () => {
    expectInputError(
      () => runHistorical(doc, { history: HISTORY, lookback: 5000 }),
      'lookback',
      'MISSING_MARKET_DATA',
    );
    expectInputError(
      () => runHistorical(doc, { history: HISTORY, ageWeighting: { lambda: 1 } }),
      'ageWeighting.lambda',
    );
    expectInputError(() => planMonteCarloRun(doc, { paths: 10 }), 'paths');
    expectInputError(() => planMonteCarloRun(doc, { paths: 1000.5 }), 'paths', 'INVALID_NUMBER');
    expectInputError(() => planMonteCarloRun(doc, { paths: 1000, seed: -1 }), 'seed');
    expectInputError(
      () => planMonteCarloRun(doc, { paths: 1000, distribution: { kind: 'student-t', nu: 1.5 } }),
      'distribution.nu',
    );
  });

  it('estimates the covariance from real history when the document has none (sample and EWMA), reporting the window', () => {
    const raw = JSON.parse(JSON.stringify(doc));
    delete raw.market.covariance;
    raw.valuationTime = '2025-01-01T08:00:00Z';
    for (const p of raw.positions)
      if (p.expiry) p.expiry = p.expiry.replace('2026', '2025').replace('2027', '2026');
    const d = parsePortfolio(raw);
    const ewma = resolveCovariance(d, ['BTC', 'ETH'], { history: HISTORY });
    expect(ewma.source).toBe('ewma');
    expect(ewma.window).toEqual({ from: '2023-08-19', to: '2024-12-31', returns: 500, staleDays: 1 });
    const sample = resolveCovariance(d, ['BTC', 'ETH'], {
      history: HISTORY,
      estimator: 'sample',
      lookback: 250,
    });
    expect(sample.window?.returns).toBe(250);
    expect(sample.daily[0]?.[0]).toBeGreaterThan(0);
  });
});
