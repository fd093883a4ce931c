import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePortfolio } from '../portfolio/parse-document.ts';
import { scenarioGrid } from '../scenarios/grid.ts';
import { prepareRevaluation } from '../scenarios/revalue.ts';
import { portfolioExposures } from './portfolio-exposure.ts';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const DAY = 86_400_000;

/** A random valid document: one position of every kind on BTC/ETH, random market. */
const documents = fc
  .record({
    btc: fc.double({ min: 1, max: 1e6, noNaN: true }),
    eth: fc.double({ min: 0.01, max: 1e5, noNaN: true }),
    vol: fc.double({ min: 0.05, max: 3, noNaN: true }),
    rate: fc.double({ min: -0.05, max: 0.2, noNaN: true }),
    days: fc.integer({ min: -30, max: 730 }),
    moneyness: fc.double({ min: 0.2, max: 5, noNaN: true }),
    entry: fc.double({ min: 0.5, max: 2, noNaN: true }),
    q: fc.double({ min: -1e4, max: 1e4, noNaN: true }),
    settlement: fc.constantFrom('linear', 'inverse'),
    optionType: fc.constantFrom('call', 'put'),
    leverage: fc.constantFrom(-3, -1, 2, 3),
  })
  .map((r) => {
    const expiry = new Date(T0 + r.days * DAY).toISOString();
    const common = { account: 'a' };
    return {
      valuationTime: new Date(T0).toISOString(),
      market: { spot: { BTC: r.btc, ETH: r.eth }, vols: { BTC: r.vol, ETH: r.vol }, rate: r.rate },
      positions: [
        { ...common, id: 's', kind: 'spot', underlying: 'BTC', quantity: r.q },
        {
          ...common,
          id: 'f',
          kind: 'future',
          underlying: 'BTC',
          settlement: r.settlement,
          contractSize: 10,
          quantity: r.q,
          expiry,
          entryPrice: r.btc * r.entry,
        },
        {
          ...common,
          id: 'p',
          kind: 'perpetual',
          underlying: 'ETH',
          settlement: 'quanto',
          settlementCoin: 'BTC',
          multiplier: 1e-6,
          quantity: r.q,
          entryPrice: r.eth * r.entry,
        },
        {
          ...common,
          id: 'o',
          kind: 'option',
          underlying: 'BTC',
          settlement: r.settlement,
          optionType: r.optionType,
          strike: r.btc * r.moneyness,
          expiry,
          contractSize: 1,
          quantity: r.q,
        },
        {
          ...common,
          id: 'l',
          kind: 'leveraged-token',
          underlying: 'ETH',
          leverage: r.leverage,
          nav: 10,
          quantity: r.q,
        },
        {
          ...common,
          id: 'a',
          kind: 'lending',
          supplies: [{ token: 'ETH', amount: Math.abs(r.q), liquidationThreshold: 0.8 }],
          borrows: [{ token: 'BTC', amount: Math.abs(r.q) / 1e3 }],
        },
      ],
    };
  });

function allFinite(value: unknown, path: string): void {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) && !(path.endsWith('.healthFactor') && value === Number.POSITIVE_INFINITY)) {
      throw new Error(`${path} = ${value}`);
    }
  } else if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) allFinite(v, `${path}[${i}]`);
  } else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) allFinite(v, `${path}.${k}`);
}

describe('no NaN from valid input', () => {
  it('property: every number of every exposure and of a small grid is finite', () => {
    fc.assert(
      fc.property(documents, (raw) => {
        const doc = parsePortfolio(raw);
        allFinite(portfolioExposures(doc), 'exposures');
        const grid = scenarioGrid(prepareRevaluation(doc), {
          spotMoves: [-0.5, 0, 1],
          volShifts: [-0.5, 0.5],
          extendedMoves: [5],
          extendedVolShift: 0.5,
        });
        allFinite(grid, 'grid');
        expect(grid.cells).toHaveLength(6);
      }),
      { numRuns: 60 },
    );
  });
});
