import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMarketView } from '../exposure/market-view.ts';
import { portfolioExposures } from '../exposure/portfolio-exposure.ts';
import { parsePortfolio } from '../portfolio/parse-document.ts';
import type { PortfolioDocument, Position } from '../portfolio/types.ts';
import { deltaHedge } from './delta-hedge.ts';
import type { HedgeInstrument } from './hedge-instrument.ts';

/** Sums of a few doubles. */
const REL = 1e-12;

const doc: PortfolioDocument = parsePortfolio(
  JSON.parse(readFileSync(new URL('../../test/fixtures/spec-example.json', import.meta.url), 'utf8')),
);
const view = createMarketView(doc.valuationTime, doc.market);
const exps = portfolioExposures(doc, view);

function asPosition(h: HedgeInstrument, contracts: number): Position {
  const common = { id: 'h', account: 'h', venue: 'h', fund: 'h' };
  if (h.kind === 'spot')
    return { ...common, kind: 'spot', underlying: h.underlying, quantity: contracts * h.contractSize };
  return {
    ...common,
    kind: h.kind,
    settlement: h.settlement,
    underlying: h.underlying,
    contractSize: h.contractSize,
    quantity: contracts,
    ...(h.expiry ? { expiry: h.expiry } : {}),
  };
}

describe('deltaHedge', () => {
  const btcDeltaUsd = exps
    .flatMap((e) => e.legs)
    .filter((l) => l.token === 'BTC')
    .reduce((a, l) => a + l.deltaUsd, 0);

  it('inverse perp x 10 USD: contracts = round(-deltaUsd / 10), per-contract USD delta = face', () => {
    const h = deltaHedge(exps, view, {
      underlying: 'BTC',
      kind: 'perpetual',
      settlement: 'inverse',
      contractSize: 10,
    });
    expect(h.perContract.deltaUsd).toBeCloseTo(10, 12);
    expect(h.perContract.deltaTokens).toBeCloseTo(10 / 91_000, 15);
    expect(h.residual.deltaTokens).toBeCloseTo(h.residual.deltaUsd / 91_000, 15);
    expect(h.contracts).toBe(Math.round(-btcDeltaUsd / 10));
    expect(Math.abs(h.residual.deltaUsd)).toBeLessThanOrEqual(5);
  });

  it('linear future x 0.01 BTC at a quoted forward: per contract 0.01 x F USD', () => {
    const h = deltaHedge(exps, view, {
      underlying: 'BTC',
      kind: 'future',
      settlement: 'linear',
      contractSize: 0.01,
      expiry: '2026-12-25T08:00:00Z',
    });
    expect(h.instrumentPrice).toBe(91_600);
    expect(h.perContract.deltaUsd).toBeCloseTo(916, 9);
  });

  it('remaining gamma/vega are the portfolio option greeks on the token', () => {
    const h = deltaHedge(exps, view, {
      underlying: 'BTC',
      kind: 'spot',
      settlement: 'linear',
      contractSize: 0.001,
    });
    const p1 = exps.find((e) => e.id === 'p1')?.legs[0];
    expect(h.remaining.vegaUsd).toBe(p1?.vegaUsd);
    expect(h.remaining.cashGammaUsd).toBe(p1?.cashGammaUsd);
  });

  it('property: adding the hedge to the book leaves exactly the reported residual; |residual| <= half a contract', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<HedgeInstrument>(
          { underlying: 'BTC', kind: 'perpetual', settlement: 'inverse', contractSize: 10 },
          { underlying: 'BTC', kind: 'perpetual', settlement: 'inverse', contractSize: 100 },
          { underlying: 'BTC', kind: 'perpetual', settlement: 'linear', contractSize: 0.001 },
          {
            underlying: 'BTC',
            kind: 'future',
            settlement: 'linear',
            contractSize: 5,
            expiry: '2027-03-26T08:00:00Z',
          },
          { underlying: 'ETH', kind: 'spot', settlement: 'linear', contractSize: 0.1 },
          { underlying: 'ETH', kind: 'perpetual', settlement: 'inverse', contractSize: 1 },
        ),
        (inst) => {
          const h = deltaHedge(exps, view, inst);
          expect(Math.abs(h.residual.deltaUsd)).toBeLessThanOrEqual(h.perContract.deltaUsd / 2 + 1e-6);
          const after = portfolioExposures(
            { ...doc, positions: [...doc.positions, asPosition(inst, h.contracts)] },
            view,
          );
          const rest = after
            .flatMap((e) => e.legs)
            .filter((l) => l.token === inst.underlying)
            .reduce((a, l) => a + l.deltaUsd, 0);
          expect(Math.abs(rest - h.residual.deltaUsd)).toBeLessThanOrEqual(
            REL * Math.abs(h.before.deltaUsd) + 1e-9,
          );
        },
      ),
    );
  });
});
