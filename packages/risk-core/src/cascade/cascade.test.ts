import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aaveLiquidationCall } from '../liquidation/aave-liquidation.ts';
import { AAVE_V3_3_PARAMS } from '../liquidation/aave-params.ts';
import { parseMarginSpec } from '../liquidation/parse-margin.ts';
import { portfolioLiquidations } from '../liquidation/portfolio-liquidations.ts';
import { parsePortfolio } from '../portfolio/parse-document.ts';
import { DEFAULT_CASCADE_OPTIONS } from './parse-scenario.ts';
import { simulateCascade } from './simulate.ts';
import type { CascadeScenario } from './types.ts';

/** Closed forms evaluated with a few exp/log operations. */
const REL = 1e-12;

const base = (over: Partial<CascadeScenario>): CascadeScenario => ({
  prices: { BTC: 100_000, ETH: 4_000, USDC: 1 },
  stablecoins: ['USDC'],
  shock: {},
  impact: {},
  spillover: [],
  perps: [],
  lendingProtocols: {},
  lending: [],
  leveragedTokens: [],
  options: { ...DEFAULT_CASCADE_OPTIONS },
  ...over,
});

describe('cascade: hand-computed rounds', () => {
  it('one long level per round, linear impact: P_k = P_s exp(-0.01 x cumulative / depth)', () => {
    // Levels 95,000 (1 BTC... 9.5M USD) and 93,000; shock -5% reaches the first; its sale of 100 BTC
    // (at pre-shock 100,000: 10M USD) with depth 5M moves ln P by -0.02 -> 95,000 e^-0.02 = 93,118 > 93,000:
    // the second level is not reached; the cascade stops after one round.
    const s = base({
      shock: { BTC: -0.05 },
      impact: { BTC: { model: 'linear', depthUsd: 5e6 } },
      perps: [
        { venue: 'v', token: 'BTC', side: 'long', levels: [95_000, 93_000], notionalUsd: [9.5e6, 9.3e6] },
      ],
    });
    const r = simulateCascade(s);
    expect(r.rounds).toHaveLength(1);
    expect(r.rounds[0]?.counts.perpLevels).toBe(1);
    expect(r.rounds[0]?.liquidatedUsd).toBeCloseTo(100 * 95_000, 6);
    expect(Math.abs((r.finalPrices.BTC as number) / (95_000 * Math.exp(-0.02)) - 1)).toBeLessThan(REL);
    expect(
      Math.abs((r.amplification.BTC as number) - (1 - (95_000 * Math.exp(-0.02)) / 100_000) / 0.05),
    ).toBeLessThan(REL);
    // Square-root model, second level at 93,700 (100 BTC): round 1 ends at 95,000 e^(-0.01 sqrt 2) = 93,666,
    // which reaches it; round 2 ends at ln P = -0.01 sqrt(20M / 5M) on the cumulative flow.
    const s2 = {
      ...s,
      impact: { BTC: { model: 'sqrt' as const, depthUsd: 5e6 } },
      perps: [
        {
          venue: 'v',
          token: 'BTC',
          side: 'long' as const,
          levels: [95_000, 93_700],
          notionalUsd: [9.5e6, 9.37e6],
        },
      ],
    };
    const r2 = simulateCascade(s2);
    expect(r2.rounds).toHaveLength(2);
    expect(
      Math.abs((r2.finalPrices.BTC as number) / (95_000 * Math.exp(-0.01 * Math.sqrt(20e6 / 5e6))) - 1),
    ).toBeLessThan(REL);
  });

  it('a lending bucket is liquidated as one Aave v3.3 call: 50% of the debt, collateral x bonus sold', () => {
    // HF 1.02 before; ETH -5% -> HF 0.969 (> 0.95): close factor 50%.
    const coll = 1_000;
    const debt = (coll * 4_000 * 0.83) / 1.02;
    const s = base({
      shock: { ETH: -0.05 },
      lending: [
        {
          protocol: 'aave-v3',
          collateral: 'ETH',
          debt: 'USDC',
          liquidationThreshold: 0.83,
          liquidationBonus: 1.05,
          positions: [{ collateralAmount: coll, debtAmount: debt }],
        },
      ],
      options: { ...DEFAULT_CASCADE_OPTIONS, recordEvents: true },
    });
    const r = simulateCascade(s);
    const call = aaveLiquidationCall(
      {
        supplies: [
          { token: 'ETH', amount: coll, price: 3_800, liquidationThreshold: 0.83, liquidationBonus: 1.05 },
        ],
        borrows: [{ token: 'USDC', amount: debt, price: 1 }],
      },
      { collateralToken: 'ETH', debtToken: 'USDC' },
      AAVE_V3_3_PARAMS,
    );
    const [event] = r.rounds[0]?.events?.lending ?? [];
    expect(event?.debtRepaid).toBeCloseTo(call.debtRepaid, 6);
    expect(event?.collateralSold).toBeCloseTo(call.collateralToLiquidator, 9);
    expect(r.rounds[0]?.flows.ETH?.lendingSoldTokens).toBeCloseTo(call.collateralToLiquidator, 9);
    expect(r.rounds).toHaveLength(1); // no impact model: nothing moves after the shock
  });

  it('leveraged-token issuers rebalance outstanding x L (L - 1) x shock in round 1', () => {
    const s = base({
      shock: { BTC: -0.1 },
      leveragedTokens: [
        { underlying: 'BTC', leverage: 3, outstandingUsd: 1e8, rebalanceThreshold: 0 },
        { underlying: 'BTC', leverage: -3, outstandingUsd: 5e7, rebalanceThreshold: 0.2 },
      ],
    });
    const r = simulateCascade(s);
    // 3 x 2 x -10% x 100M = -60M; the -3x product waits for a 20% move.
    expect(r.rounds[0]?.rebalanceUsd).toBeCloseTo(-6e7, 3);
    expect(r.rounds[0]?.flows.BTC?.soldUsd).toBeCloseTo(6e7, 3);
  });

  it('spillover: ETH moves by beta x BTC impact log move', () => {
    const s = base({
      shock: { BTC: -0.05 },
      impact: { BTC: { model: 'linear', depthUsd: 1e7 } },
      spillover: [{ from: 'BTC', to: 'ETH', beta: 0.5 }],
      perps: [{ venue: 'v', token: 'BTC', side: 'long', levels: [96_000], notionalUsd: [9.6e6] }],
    });
    const r = simulateCascade(s);
    // 100 BTC sold = 10M at the pre-shock price: BTC ln move -0.01, ETH -0.005.
    expect(Math.abs((r.finalPrices.ETH as number) / (4_000 * Math.exp(-0.005)) - 1)).toBeLessThan(REL);
  });

  it("the fund's cross account is liquidated just past the price `dte liquidations` reports, not before", () => {
    const raw = {
      valuationTime: '2026-01-01T00:00:00Z',
      market: { spot: { BTC: 100_000, USDT: 1 } },
      positions: [
        { id: 'w', account: 'acc', kind: 'collateral', underlying: 'USDT', quantity: 150_000 },
        {
          id: 'perp',
          account: 'acc',
          kind: 'perpetual',
          underlying: 'BTC',
          settlement: 'linear',
          contractSize: 1,
          quantity: 10,
          entryPrice: 100_000,
          maintenanceMarginRate: 0.005,
        },
      ],
    };
    const document = parsePortfolio(raw);
    const margin = parseMarginSpec(raw, document);
    const liq = portfolioLiquidations(document, margin).positions.find((p) => p.id === 'perp');
    const move = liq?.distance?.pct as number;
    const at = (shock: number) =>
      simulateCascade(
        base({ prices: { BTC: 100_000, USDT: 1 }, shock: { BTC: shock }, fund: { document, margin } }),
      );
    expect(at(move * 1.001).fundLiquidated).toEqual([{ id: 'perp', round: 1 }]);
    expect(at(move * 0.999).fundLiquidated).toEqual([]);
  });

  it('invalid scenarios name the field', () => {
    expect(() => simulateCascade(base({ shock: { BTC: -1.2 } }))).toThrow(/^shock\.BTC: .*-1\.2/);
    expect(() =>
      simulateCascade(
        base({ perps: [{ venue: 'v', token: 'SOL', side: 'long', levels: [1], notionalUsd: [1] }] }),
      ),
    ).toThrow(/^perps\[0\]\.token: .*"SOL"/);
  });
});

// ---------------------------------------------------------------------------------------------
// Property tests on random populations.

const populationArb = fc.record({
  longs: fc.array(
    fc.tuple(
      fc.double({ min: 0.6, max: 0.999, noNaN: true }),
      fc.double({ min: 1e5, max: 5e7, noNaN: true }),
    ),
    {
      maxLength: 25,
    },
  ),
  shorts: fc.array(
    fc.tuple(
      fc.double({ min: 1.001, max: 1.4, noNaN: true }),
      fc.double({ min: 1e5, max: 5e7, noNaN: true }),
    ),
    {
      maxLength: 10,
    },
  ),
  buckets: fc.array(
    fc.tuple(fc.double({ min: 1.0, max: 1.6, noNaN: true }), fc.double({ min: 1e4, max: 2e8, noNaN: true })),
    {
      maxLength: 15,
    },
  ),
  leverage: fc.constantFrom(2, 3),
  ltUsd: fc.double({ min: 0, max: 5e7, noNaN: true }),
  depthBtc: fc.double({ min: 1e6, max: 1e9, noNaN: true }),
  depthEth: fc.double({ min: 1e6, max: 1e9, noNaN: true }),
  model: fc.constantFrom('linear' as const, 'sqrt' as const),
});

type Population = typeof populationArb extends fc.Arbitrary<infer T> ? T : never;

function scenarioOf(p: Population, shock: number, over: Partial<CascadeScenario> = {}): CascadeScenario {
  return base({
    shock: { BTC: shock, ETH: shock * 1.2 },
    impact: { BTC: { model: p.model, depthUsd: p.depthBtc }, ETH: { model: p.model, depthUsd: p.depthEth } },
    perps: [
      {
        venue: 'a',
        token: 'BTC',
        side: 'long',
        levels: p.longs.map(([f]) => 100_000 * f),
        notionalUsd: p.longs.map(([, n]) => n),
      },
      {
        venue: 'b',
        token: 'ETH',
        side: 'long',
        levels: p.longs.map(([f]) => 4_000 * f),
        notionalUsd: p.longs.map(([, n]) => n / 2),
      },
      {
        venue: 'a',
        token: 'BTC',
        side: 'short',
        levels: p.shorts.map(([f]) => 100_000 * f),
        notionalUsd: p.shorts.map(([, n]) => n),
      },
    ],
    lending: [
      {
        protocol: 'aave-v3',
        collateral: 'ETH',
        debt: 'USDC',
        liquidationThreshold: 0.83,
        liquidationBonus: 1.05,
        positions: p.buckets.map(([hf, usd]) => ({
          collateralAmount: usd / 4_000,
          debtAmount: (usd * 0.83) / hf,
        })),
      },
      {
        protocol: 'morpho',
        collateral: 'BTC',
        debt: 'USDC',
        liquidationThreshold: 0.86,
        liquidationBonus: 1.0438,
        positions: p.buckets.map(([hf, usd]) => ({
          collateralAmount: usd / 100_000,
          debtAmount: (usd * 0.86) / hf,
        })),
      },
    ],
    lendingProtocols: { morpho: { ...AAVE_V3_3_PARAMS, closeFactor: 1 } },
    leveragedTokens: [
      { underlying: 'BTC', leverage: p.leverage, outstandingUsd: p.ltUsd, rebalanceThreshold: 0 },
    ],
    options: { ...DEFAULT_CASCADE_OPTIONS, recordEvents: true },
    ...over,
  });
}

function liquidatedSets(s: CascadeScenario) {
  const r = simulateCascade(s);
  const perps = new Set<number>();
  const lending = new Set<number>();
  let repaid = 0;
  for (const round of r.rounds) {
    for (const id of round.events?.perpLevels ?? []) perps.add(id);
    for (const e of round.events?.lending ?? []) lending.add(e.account);
    // Debt closed: repaid by liquidators or burned as bad debt (stable debt: USD).
    repaid += round.debtRepaidUsd + round.badDebtUsd;
  }
  return { r, perps, lending, repaid };
}

describe('cascade properties', () => {
  it('a larger shock never liquidates less (perp levels and lending positions: superset; debt closed: more)', () => {
    fc.assert(
      fc.property(
        populationArb,
        fc.double({ min: 0, max: 0.3, noNaN: true }),
        fc.double({ min: 0, max: 0.1, noNaN: true }),
        (p, small, extra) => {
          const a = liquidatedSets(scenarioOf(p, -small));
          const b = liquidatedSets(scenarioOf(p, -(small + extra)));
          for (const id of a.perps) expect(b.perps.has(id)).toBe(true);
          for (const id of a.lending) expect(b.lending.has(id)).toBe(true);
          expect(b.repaid).toBeGreaterThanOrEqual(a.repaid * (1 - 1e-9) - 1e-6);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('zero impact: a single round (the shock triggers, nothing moves after)', () => {
    fc.assert(
      fc.property(populationArb, fc.double({ min: 0, max: 0.4, noNaN: true }), (p, shock) => {
        const r = simulateCascade(scenarioOf(p, -shock, { impact: {} }));
        expect(r.rounds.length).toBeLessThanOrEqual(1);
        expect(r.finalPrices).toEqual(r.shockedPrices);
      }),
      { numRuns: 100 },
    );
  });

  it('liquidated collateral equals what was sold; no position liquidated twice (no re-liquidation); prices > 0', () => {
    fc.assert(
      fc.property(
        populationArb,
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.boolean(),
        (p, shock, reLiquidation) => {
          const s = scenarioOf(p, -shock);
          const r = simulateCascade({ ...s, options: { ...s.options, reLiquidation } });
          const perps = new Set<number>();
          const lendingEver = new Set<number>();
          for (const round of r.rounds) {
            const soldByToken: Record<string, number> = {};
            const lendingThisRound = new Set<number>();
            for (const e of round.events?.lending ?? []) {
              soldByToken[e.collateralToken] = (soldByToken[e.collateralToken] ?? 0) + e.collateralSold;
              expect(lendingThisRound.has(e.account)).toBe(false);
              lendingThisRound.add(e.account);
              if (!reLiquidation) expect(lendingEver.has(e.account)).toBe(false);
              lendingEver.add(e.account);
            }
            for (const [token, sold] of Object.entries(soldByToken)) {
              expect(Math.abs((round.flows[token]?.lendingSoldTokens ?? 0) - sold)).toBeLessThanOrEqual(
                1e-9 * sold,
              );
            }
            for (const id of round.events?.perpLevels ?? []) {
              expect(perps.has(id)).toBe(false);
              perps.add(id);
            }
            for (const price of [...Object.values(round.prices), ...Object.values(round.pricesAfter)]) {
              expect(price).toBeGreaterThan(0);
              expect(Number.isFinite(price)).toBe(true);
            }
          }
          expect(r.rounds.length).toBeLessThanOrEqual(s.options.maxRounds);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('deterministic: the same scenario gives the same result', () => {
    fc.assert(
      fc.property(populationArb, fc.double({ min: 0, max: 0.3, noNaN: true }), (p, shock) => {
        expect(simulateCascade(scenarioOf(p, -shock))).toEqual(simulateCascade(scenarioOf(p, -shock)));
      }),
      { numRuns: 30 },
    );
  });
});
