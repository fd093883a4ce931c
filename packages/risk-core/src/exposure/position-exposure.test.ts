import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RiskInputError } from '../errors.ts';
import { parsePortfolio } from '../portfolio/parse-document.ts';
import type { OptionPosition, PortfolioDocument } from '../portfolio/types.ts';
import { createMarketView } from './market-view.ts';
import { portfolioExposures } from './portfolio-exposure.ts';
import { positionExposure } from './position-exposure.ts';
import type { PositionExposure } from './types.ts';

/** QuantLib 1.29 BlackCalculator values (value, deltaForward, gammaForward, vega(T)/100): double precision. */
const QL_REL = 1e-9;
/** QuantLib theta by central difference in T (h = 1e-5 years) with F fixed. */
const QL_THETA_REL = 1e-6;
/** Closed-form arithmetic on a few doubles. */
const REL = 1e-12;

const load = (name: string): PortfolioDocument =>
  parsePortfolio(JSON.parse(readFileSync(new URL(`../../test/fixtures/${name}`, import.meta.url), 'utf8')));

function byId(list: PositionExposure[], id: string): PositionExposure {
  const e = list.find((x) => x.id === id);
  if (!e) throw new Error(`no ${id}`);
  return e;
}

const close = (actual: number | undefined, expected: number, rel: number) =>
  expect(Math.abs((actual ?? Number.NaN) - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));

describe('positionExposure on the spec example', () => {
  const doc = load('spec-example.json');
  const exps = portfolioExposures(doc);

  it('p1 inverse BTC call: Black-76 unit values match QuantLib; position = 25 x unit', () => {
    // QuantLib: BlackCalculator(Call, K=100000, F=91600, stdDev=0.58 sqrt(31/365), discount 1).
    const p1 = byId(exps, 'p1');
    close(p1.unit?.price, 3099.95697678539, QL_REL);
    close(p1.unit?.delta, 0.33194093445470596, QL_REL);
    close(p1.unit?.gamma, 2.344474902976531e-5, QL_REL);
    close(p1.unit?.vega, 96.90213781032855, QL_REL);
    close(p1.unit?.theta, -90.65038705968668, QL_THETA_REL);
    const leg = p1.legs[0];
    close(leg?.deltaTokens, 25 * 0.33194093445470596, QL_REL);
    close(leg?.deltaUsd, 25 * 0.33194093445470596 * 91_600, QL_REL);
    close(leg?.cashGammaUsd, (25 * 2.344474902976531e-5 * 91_600 ** 2) / 100, QL_REL);
    close(leg?.vegaUsd, 25 * 96.90213781032855, QL_REL);
    close(p1.marketValueUsd, 25 * 3099.95697678539, QL_REL);
    expect(p1.bucket).toBe('30-90d');
    // Inverse coin view (DESIGN): coinPrice = price / F, coinDelta = delta - price / F.
    close(p1.unit?.coinPrice, 3099.95697678539 / 91_600, QL_REL);
    close(p1.coin?.coinDelta, 25 * (0.33194093445470596 - 3099.95697678539 / 91_600), QL_REL);
  });

  it('p2 inverse perpetual: token delta Q/E, USD P&L Q (F/E - 1)', () => {
    const p2 = byId(exps, 'p2');
    close(p2.legs[0]?.deltaTokens, -50_000 / 90_500, REL);
    close(p2.pnlUsd, -50_000 * (91_000 / 90_500 - 1), REL);
    expect(p2.bucket).toBe('perp/spot');
    expect(p2.coin?.coin).toBe('BTC');
  });

  it('p4 linear future without a forward quote uses spot x exp(rT) (rate 0: spot); 122 days -> 90-180d', () => {
    const p4 = byId(exps, 'p4');
    close(p4.pnlUsd, 3 * (91_000 - 89_000), REL);
    close(p4.expiryYears, 122 / 365, REL);
    expect(p4.bucket).toBe('90-180d');
  });

  it('p5 spot', () => {
    close(byId(exps, 'p5').legs[0]?.deltaUsd, 12.5 * 91_000, REL);
  });
});

describe('positionExposure on the all-kinds fixture', () => {
  const doc = load('all-kinds.json');
  const exps = portfolioExposures(doc);

  it('SOL linear put: forward spot e^{rT}, rate 0.03, matches QuantLib', () => {
    // QuantLib: BlackCalculator(Put, K=120, F=140 e^{0.03 x 66/365}, stdDev 0.9 sqrt(66/365), e^{-0.03 x 66/365}).
    const e = byId(exps, 'sol-put-lin');
    close(e.unit?.price, 11.015286427755765, QL_REL);
    close(e.unit?.delta, -0.2700197395970416, QL_REL);
    close(e.legs[0]?.deltaTokens, -1_000 * -0.2700197395970416, QL_REL);
    close(e.legs[0]?.deltaUsd, 1_000 * 0.2700197395970416 * 140.76151566822796, QL_REL);
    close(e.legs[0]?.vegaUsd, -1_000 * 0.19738233487203355, QL_REL);
    close(e.legs[0]?.thetaUsd, -1_000 * -0.13367349871366324, QL_THETA_REL);
    expect(e.coin).toBeUndefined();
  });

  it('quanto ETH/BTC exposes ETH (q m S_BTC) and BTC (P&L in BTC)', () => {
    const e = byId(exps, 'eth-quanto');
    expect(e.legs.map((l) => l.token)).toEqual(['ETH', 'BTC']);
    close(e.legs[0]?.deltaTokens, 1_000 * 1e-6 * 91_000, REL);
    close(e.legs[1]?.deltaTokens, 1_000 * 1e-6 * 100, REL);
    close(e.pnlUsd, 0.1 * 91_000, REL);
  });

  it('leveraged token h n L USD, lending HF and legs', () => {
    close(byId(exps, 'btc3l').legs[0]?.deltaUsd, 4_000 * 12.5 * 3, REL);
    const aave = byId(exps, 'aave-main');
    close(aave.healthFactor, (100 * 3_100 * 0.83) / 150_000, REL);
    expect(aave.legs.map((l) => [l.token, l.deltaTokens])).toEqual([
      ['ETH', 100],
      ['USDC', -150_000],
    ]);
    expect(aave.fund).toBe('beta');
  });

  it('collateral balances are exposures (coin margin is coin exposure)', () => {
    close(byId(exps, 'margin-btc').legs[0]?.deltaUsd, 1.5 * 91_000, REL);
  });
});

describe('expired positions', () => {
  const base = load('spec-example.json');
  const after = { ...base, valuationTime: '2026-12-26T08:00:00Z' };
  const view = createMarketView(after.valuationTime, after.market);
  const p1 = base.positions[0] as OptionPosition;

  it('an expired inverse option is a coin balance of units x intrinsic / S_T', () => {
    const e = positionExposure({ ...p1, strike: 80_000 }, view);
    expect(e.expired).toBe(true);
    expect(e.bucket).toBe('expired');
    close(e.coin?.coinValue, (25 * 11_000) / 91_000, REL);
    close(e.legs[0]?.deltaTokens, (25 * 11_000) / 91_000, REL);
    close(e.marketValueUsd, 25 * 11_000, REL);
    expect(e.legs[0]?.gamma).toBe(0);
  });

  it('an expired linear option is USD cash: value at the given settlement price, no delta', () => {
    const e = positionExposure(
      { ...p1, settlement: 'linear', optionType: 'put', settlementPrice: 95_000 },
      view,
    );
    close(e.marketValueUsd, 25 * 5_000, REL);
    expect(e.legs[0]?.deltaTokens).toBe(0);
  });

  it('an out-of-the-money expired option is worth 0', () => {
    expect(positionExposure(p1, view).marketValueUsd).toBe(0);
  });
});

describe('errors name the position', () => {
  it('a position whose token has no spot (document built in code) fails with its id', () => {
    const doc = load('spec-example.json');
    const view = createMarketView(doc.valuationTime, { ...doc.market, spot: { ETH: 3_100 } });
    try {
      positionExposure(doc.positions[4] as PortfolioDocument['positions'][number], view, 4);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RiskInputError);
      expect((e as RiskInputError).code).toBe('MISSING_MARKET_DATA');
      expect((e as RiskInputError).field).toBe('market.spot.BTC');
      expect((e as RiskInputError).message).toContain('position "p5"');
    }
  });

  it('an invalid number in a position built in code names positions[i].field', () => {
    const doc = load('spec-example.json');
    const view = createMarketView(doc.valuationTime, doc.market);
    const p = { ...(doc.positions[1] as PortfolioDocument['positions'][number]), contractSize: Number.NaN };
    expect(() => positionExposure(p, view, 1)).toThrow(/^positions\[1\]\.contractSize: position "p2"/);
  });
});

describe('properties', () => {
  const doc = load('spec-example.json');
  const view = createMarketView(doc.valuationTime, doc.market);
  const p1 = doc.positions[0] as OptionPosition;
  const option = fc.record({
    strike: fc.double({ min: 20_000, max: 300_000, noNaN: true }),
    quantity: fc.double({ min: -1_000, max: 1_000, noNaN: true }),
    optionType: fc.constantFrom('call' as const, 'put' as const),
  });

  it('inverse option: USD delta = coin delta + coin value (the two views agree)', () => {
    fc.assert(
      fc.property(option, (o) => {
        const e = positionExposure({ ...p1, ...o }, view);
        const sum = (e.coin?.coinDelta ?? Number.NaN) + (e.coin?.coinValue ?? Number.NaN);
        expect(Math.abs(sum - (e.legs[0]?.deltaTokens ?? 0))).toBeLessThanOrEqual(
          1e-9 * Math.abs(o.quantity) + 1e-12,
        );
      }),
    );
  });

  it('option position delta = dValue/dF by finite difference of full revaluation (relative 1e-5)', () => {
    fc.assert(
      fc.property(option, (o) => {
        const at = (f: number) => {
          const v = createMarketView(doc.valuationTime, {
            ...doc.market,
            forwards: { BTC: [{ expiry: p1.expiry, price: f }] },
          });
          return positionExposure({ ...p1, ...o }, v);
        };
        const f = 91_600;
        const h = f * 1e-4;
        const fd = (at(f + h).marketValueUsd - at(f - h).marketValueUsd) / (2 * h);
        const delta = at(f).legs[0]?.deltaTokens ?? Number.NaN;
        expect(Math.abs(fd - delta)).toBeLessThanOrEqual(1e-5 * Math.abs(o.quantity) + 1e-9);
      }),
    );
  });

  it('no NaN for valid documents: every number of every exposure is finite (HF may be Infinity)', () => {
    for (const name of ['spec-example.json', 'all-kinds.json']) {
      for (const e of portfolioExposures(load(name))) {
        for (const l of e.legs)
          for (const v of Object.values(l)) if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
        expect(Number.isFinite(e.marketValueUsd)).toBe(true);
      }
    }
  });
});

describe('leg shape', () => {
  it('legs carry exactly the token, TokenRisk fields and market value', () => {
    const keys = [
      'token',
      'quantityTokens',
      'notionalUsd',
      'deltaTokens',
      'deltaUsd',
      'gamma',
      'cashGammaUsd',
      'vegaUsd',
      'thetaUsd',
      'marketValueUsd',
    ].sort();
    for (const e of portfolioExposures(load('all-kinds.json'))) {
      for (const l of e.legs) expect(Object.keys(l).sort()).toEqual(keys);
    }
  });
});
