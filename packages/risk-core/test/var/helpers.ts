/**
 * Test helpers for the VaR engine: portfolio documents and an independent full revaluation through
 * the exposure layer (`positionExposure` in a shocked market at the horizon), used as the reference
 * the compiled engine must match.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createMarketView } from '../../src/exposure/market-view.ts';
import { positionExposure } from '../../src/exposure/position-exposure.ts';
import { parsePortfolio } from '../../src/portfolio/parse-document.ts';
import type { PortfolioDocument } from '../../src/portfolio/types.ts';
import { prepareRevaluation } from '../../src/scenarios/revalue.ts';

export const PKG = fileURLToPath(new URL('../../', import.meta.url));
export const BENCH_FIXTURE = `${PKG}bench/fixtures/var-1000.json`;

/** Reads a JSON file of the package. */
export function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

/**
 * Every kind the engine compiles, at rate 0 (so a forward moved by g equals the forward the
 * market view derives at the horizon: the exposure layer is then an independent reference):
 * spot, collateral (incl. a stablecoin), linear/inverse perps and futures, quanto, options
 * (linear/inverse, one expiring within a 1-day horizon), expired option and future (settled),
 * long and short leveraged tokens, lending.
 */
export function allKindsDoc(): PortfolioDocument {
  const raw = readJson(`${PKG}test/fixtures/all-kinds.json`) as {
    market: Record<string, unknown>;
    positions: Record<string, unknown>[];
  };
  raw.market.rate = 0;
  raw.positions.push(
    {
      id: 'btc-put-12h',
      account: 'deribit-main',
      kind: 'option',
      underlying: 'BTC',
      settlement: 'inverse',
      optionType: 'put',
      strike: 90_000,
      expiry: '2026-11-24T20:00:00Z',
      contractSize: 1,
      quantity: -10,
    },
    {
      id: 'eth-call-2d',
      account: 'okx',
      kind: 'option',
      underlying: 'ETH',
      settlement: 'linear',
      optionType: 'call',
      strike: 3200,
      expiry: '2026-11-26T08:00:00Z',
      contractSize: 1,
      quantity: 40,
    },
    {
      id: 'expired-call',
      account: 'deribit-main',
      kind: 'option',
      underlying: 'BTC',
      settlement: 'inverse',
      optionType: 'call',
      strike: 80_000,
      expiry: '2026-11-20T08:00:00Z',
      contractSize: 1,
      quantity: 3,
      settlementPrice: 88_000,
    },
    {
      id: 'expired-future',
      account: 'okx',
      kind: 'future',
      underlying: 'ETH',
      settlement: 'inverse',
      contractSize: 10,
      expiry: '2026-11-20T08:00:00Z',
      quantity: 5000,
      entryPrice: 3000,
      settlementPrice: 3050,
    },
    {
      id: 'btc3s',
      account: 'spot-exchange',
      kind: 'leveraged-token',
      underlying: 'BTC',
      leverage: -3,
      nav: 4,
      quantity: 10_000,
    },
  );
  return parsePortfolio(raw);
}

/**
 * Reference full revaluation through the exposure layer: the market at valuationTime + h days
 * with every spot and forward quote of token t multiplied by g[t] (vols, rate kept), positions
 * resolved at the base market (entry prices, reference prices and settlement prices pinned), and
 * the P&L = sum of USD market values after - before.
 */
export function referencePnl(doc: PortfolioDocument, g: Record<string, number>, horizonDays: number): number {
  const rv = prepareRevaluation(doc);
  const market = structuredClone(doc.market);
  for (const [t, f] of Object.entries(g)) {
    if (market.spot[t] !== undefined) market.spot[t] = (market.spot[t] as number) * f;
    const quotes = market.forwards?.[t];
    if (quotes) for (const q of quotes) q.price *= f;
  }
  const time = new Date(Date.parse(doc.valuationTime) + horizonDays * 86_400_000).toISOString();
  const view = createMarketView(time, market);
  let pnl = 0;
  rv.positions.forEach((p, i) => {
    pnl += positionExposure(p, view, i).marketValueUsd - (rv.baseValues[i] as number);
  });
  return pnl;
}

/** A one-token spot holding of `usd` dollars with daily vol `sigma` (covariance given). */
export function linearDoc(
  usd: number,
  sigma: number,
  extra: Partial<{ token2: { usd: number; sigma: number; rho: number } }> = {},
): PortfolioDocument {
  const spot = 50_000;
  const positions: Record<string, unknown>[] = [
    { id: 'a', account: 'acct-1', kind: 'spot', underlying: 'BTC', quantity: usd / spot },
  ];
  const tokens = ['BTC'];
  let daily = [[sigma * sigma]];
  const spots: Record<string, number> = { BTC: spot };
  if (extra.token2) {
    const { usd: usd2, sigma: s2, rho } = extra.token2;
    spots.ETH = 2000;
    positions.push({ id: 'b', account: 'acct-2', kind: 'spot', underlying: 'ETH', quantity: usd2 / 2000 });
    tokens.push('ETH');
    daily = [
      [sigma * sigma, rho * sigma * s2],
      [rho * sigma * s2, s2 * s2],
    ];
  }
  return parsePortfolio({
    valuationTime: '2026-01-05T00:00:00Z',
    market: { spot: spots, rate: 0, covariance: { tokens, daily } },
    positions,
  });
}

/**
 * The spec's example portfolio (portfolio-format.md) with only the kinds and market data the
 * numpy reference models (flat vols: the vol-surface point is dropped), plus an ETH put, a short
 * 3-day BTC straddle and a linear ETH future: a small book with options for Monte Carlo tests.
 */
export function smallOptionsDoc(): PortfolioDocument {
  const raw = readJson(`${PKG}test/fixtures/spec-example.json`) as {
    market: Record<string, unknown>;
    positions: Record<string, unknown>[];
  };
  delete raw.market.volSurface;
  raw.market.rate = 0.02;
  raw.positions.push(
    {
      id: 'q1',
      account: 'deribit-main',
      kind: 'option',
      underlying: 'ETH',
      settlement: 'inverse',
      optionType: 'put',
      strike: 2800,
      expiry: '2027-01-29T08:00:00Z',
      contractSize: 1,
      quantity: -300,
    },
    {
      id: 'q2',
      account: 'okx',
      kind: 'option',
      underlying: 'BTC',
      settlement: 'linear',
      optionType: 'call',
      strike: 91000,
      expiry: '2026-11-27T08:00:00Z',
      contractSize: 0.1,
      quantity: -60,
    },
    {
      id: 'q3',
      account: 'okx',
      kind: 'option',
      underlying: 'BTC',
      settlement: 'linear',
      optionType: 'put',
      strike: 91000,
      expiry: '2026-11-27T08:00:00Z',
      contractSize: 0.1,
      quantity: -60,
    },
    {
      id: 'q4',
      account: 'binance-um',
      kind: 'future',
      underlying: 'ETH',
      settlement: 'linear',
      contractSize: 1,
      expiry: '2027-03-26T08:00:00Z',
      quantity: -50,
      entryPrice: 3050,
    },
  );
  return parsePortfolio(raw);
}
