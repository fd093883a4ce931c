import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { portfolioExposures } from '../exposure/portfolio-exposure.ts';
import { parsePortfolio } from '../portfolio/parse-document.ts';
import type { PortfolioDocument } from '../portfolio/types.ts';
import { builtinStress } from './builtin-stress.ts';
import { scenarioGrid } from './grid.ts';
import { prepareRevaluation, revalue } from './revalue.ts';
import { uniformShock } from './shock.ts';
import { runShock, runStress } from './stress.ts';

/** QuantLib 1.29 Black prices in the expected P&L: double precision, summed over 5 positions. */
const QL_REL = 1e-9;
/** Closed-form arithmetic on a few doubles. */
const REL = 1e-12;

const load = (name: string): PortfolioDocument =>
  parsePortfolio(JSON.parse(readFileSync(new URL(`../../test/fixtures/${name}`, import.meta.url), 'utf8')));

const close = (actual: number | undefined, expected: number, rel: number) =>
  expect(Math.abs((actual ?? Number.NaN) - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));

/** The spec example without its option: delta-one positions only. */
function deltaOne(): PortfolioDocument {
  const doc = load('spec-example.json');
  return { ...doc, positions: doc.positions.filter((p) => p.kind !== 'option') };
}

describe('scenario grid (full revaluation)', () => {
  const rv = prepareRevaluation(load('spec-example.json'));
  const grid = scenarioGrid(rv);

  it('default axes: 9 spot moves x 3 vol shifts, 8 extended moves on vol up', () => {
    expect(grid.cells).toHaveLength(27);
    expect(grid.extended.map((c) => c.spotMove)).toEqual([-0.66, -0.33, 0.5, 1, 2, 3, 4, 5]);
    expect(grid.extended.every((c) => c.volShift === 0.5)).toBe(true);
    expect(grid.tokens).toEqual(['BTC', 'ETH']);
  });

  it('spot -16%, vol +50%: total and BTC-only P&L match QuantLib + closed forms', () => {
    // Option p1 repriced by QuantLib BlackCalculator at F = 91,600 x 0.84, vol 0.58 x 1.5 (31/365 years):
    // 25 x (V' - V) = -34,296.606628735935; p2 -50,000 x (F' - F)/90,500; p3 120 x (S' - S);
    // p4 3 x (F' - F); p5 12.5 x (S' - S).
    const cell = grid.cells.find((c) => c.spotMove === -0.16 && c.volShift === 0.5);
    close(cell?.pnlUsd, -311_452.4077337083, QL_REL);
    close(cell?.byToken.BTC, -251_932.40773370833, QL_REL);
    close(cell?.byToken.ETH, 120 * 3_100 * -0.16, REL);
  });

  it('zero move and zero shift give zero P&L', () => {
    const cell = grid.cells.find((c) => c.spotMove === 0 && c.volShift === 0);
    expect(Math.abs(cell?.pnlUsd ?? Number.NaN)).toBeLessThanOrEqual(1e-9);
  });

  it('worst cell is the minimum', () => {
    const all = [...grid.cells, ...grid.extended].map((c) => c.pnlUsd);
    expect(grid.worst?.pnlUsd).toBe(Math.min(...all));
  });

  it('rejects a move of -100% naming the axis', () => {
    expect(() =>
      scenarioGrid(rv, { spotMoves: [-1], volShifts: [0], extendedMoves: [], extendedVolShift: 0 }),
    ).toThrow(/^spotMoves\[0\]: /);
  });

  it('property: a delta-one book loses exactly deltaUsd x move (USD P&L linear in F)', () => {
    const doc = deltaOne();
    const rv1 = prepareRevaluation(doc);
    const deltaUsd = portfolioExposures(doc).reduce(
      (a, e) => a + e.legs.reduce((b, l) => b + l.deltaUsd, 0),
      0,
    );
    fc.assert(
      fc.property(fc.double({ min: -0.9, max: 5, noNaN: true }), (m) => {
        const pnl = revalue(rv1, uniformShock(rv1.tokens, m, 0)).pnlUsd;
        expect(Math.abs(pnl - deltaUsd * m)).toBeLessThanOrEqual(
          1e-9 * Math.abs(deltaUsd) * (1 + Math.abs(m)),
        );
      }),
    );
  });

  it('property: small moves follow delta + gamma (Taylor: deltaUsd m + 50 cashGamma m^2)', () => {
    const doc = load('spec-example.json');
    const legs = portfolioExposures(doc).flatMap((e) => e.legs);
    const deltaUsd = legs.reduce((a, l) => a + l.deltaUsd, 0);
    const cashGamma = legs.reduce((a, l) => a + l.cashGammaUsd, 0);
    fc.assert(
      fc.property(fc.double({ min: -0.002, max: 0.002, noNaN: true }), (m) => {
        const pnl = revalue(rv, uniformShock(rv.tokens, m, 0)).pnlUsd;
        const taylor = deltaUsd * m + 50 * cashGamma * m * m;
        // Third-order remainder: bounded by |m|^3 x (a generous multiple of the book's USD notional).
        expect(Math.abs(pnl - taylor)).toBeLessThanOrEqual(Math.abs(m) ** 3 * 1e8 + 1e-6);
      }),
    );
  });

  it('property: a long option book gains with vol and is monotone in spot (long calls)', () => {
    const doc = load('spec-example.json');
    const calls = prepareRevaluation({ ...doc, positions: doc.positions.filter((p) => p.id === 'p1') });
    fc.assert(
      fc.property(
        fc.double({ min: -0.5, max: 2, noNaN: true }),
        fc.double({ min: 0.001, max: 0.5, noNaN: true }),
        (m, dm) => {
          const a = revalue(calls, uniformShock(calls.tokens, m, 0)).pnlUsd;
          expect(revalue(calls, uniformShock(calls.tokens, m + dm, 0)).pnlUsd).toBeGreaterThanOrEqual(a);
          expect(revalue(calls, uniformShock(calls.tokens, m, 0.2)).pnlUsd).toBeGreaterThan(a);
        },
      ),
    );
  });
});

describe('historical stress and user shocks', () => {
  const doc = load('all-kinds.json');
  const rv = prepareRevaluation(doc);

  it('COVID 12 Mar 2020: SOL has no data and falls back to BTC; stablecoins do not move', () => {
    const s = builtinStress('covid-2020-03-12');
    if (!s) throw new Error('missing builtin');
    const r = runStress(rv, s);
    expect(r.moves.SOL).toEqual({ move: s.returns.BTC, source: 'fallback-btc' });
    expect(r.moves.BTC?.source).toBe('data');
    expect(r.moves.USDC).toBeUndefined();
    // Spot BTC position: 2 x 91,000 x r_BTC.
    close(r.byPosition['cold-btc'], 2 * 91_000 * (s.returns.BTC ?? Number.NaN), REL);
    // Lending HF after: 100 ETH x 3,100 x (1 + r_ETH) x 0.83 / 150,000 USDC.
    close(r.healthFactors[0]?.after, (100 * 3_100 * (1 + (s.returns.ETH ?? 0)) * 0.83) / 150_000, REL);
    expect(() => runStress(rv, s, { missing: 'error' })).toThrow(/^stress\.covid-2020-03-12\.SOL: /);
    expect(runStress(rv, s, { missing: 'zero' }).moves.SOL).toEqual({ move: 0, source: 'zero' });
  });

  it('LUNA window: leveraged tokens rebalance daily along the real path, n prod(1 + L r_d)', () => {
    const s = builtinStress('luna-2022-05');
    if (!s) throw new Error('missing builtin');
    const r = runStress(rv, s);
    const path = s.dailyReturns.BTC ?? [];
    const nav = path.reduce((n, d) => n * (1 + 3 * d), 12.5);
    close(r.byPosition.btc3l, 4_000 * (nav - 12.5), REL);
    // Daily rebalancing differs from one 3x move of the window return (volatility decay).
    expect(Math.abs(nav - 12.5 * (1 + 3 * (s.returns.BTC ?? 0)))).toBeGreaterThan(0.01);
  });

  it('total = sum of position P&L; a user shock moves only what it names', () => {
    const r = runShock(rv, { ETH: -0.3 });
    const sum = Object.values(r.byPosition).reduce((a, b) => a + b, 0);
    close(r.pnlUsd, sum, REL);
    expect(r.byPosition['cold-btc']).toBe(0);
    close(r.byPosition['eth-perp-lin'], 50 * 3_100 * -0.3, REL);
  });

  it('a user shock can de-peg a stablecoin explicitly', () => {
    const r = runShock(rv, { USDC: -0.1 });
    close(r.byPosition['margin-usdc'], -25_000, REL);
  });
});
