/**
 * Scenarios, hedges, liquidations and cascades on the real database: the numbers equal risk-core's
 * on the @dte/domain document of the same book; bad input is BAD_USER_INPUT naming the field.
 */
import { withTenant } from '@dte/db';
import { createTestClients, type TestClients } from '@dte/db/testing';
import { liquidationDocument, loadBook, toPortfolioDocument } from '@dte/domain';
import { type DemoBook, seedDemoBook } from '@dte/domain/testing';
import {
  builtinStress,
  createMarketView,
  deltaHedge,
  parseCascadeScenario,
  parseMarginSpec,
  parsePortfolio,
  portfolioExposures,
  portfolioLiquidations,
  prepareRevaluation,
  runShock,
  runStress,
  scenarioGrid,
  simulateCascade,
} from '@dte/risk-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  codeOf,
  createWorld,
  type GqlResponse,
  startTestApi,
  type TestApi,
  type World,
} from '../testing/harness.ts';

let t: TestApi;
let world: World;
let clients: TestClients;
let book: DemoBook;

beforeAll(async () => {
  t = await startTestApi();
  world = await createWorld(t.admin, 'api-scenario');
  clients = createTestClients({ max: 2 });
  book = await seedDemoBook(t.admin, world.a.fundId);
});

afterAll(async () => {
  await world?.cleanup();
  await clients?.close();
  await t?.stop();
});

const as = (role: 'VIEWER' | 'ANALYST' = 'VIEWER') => ({
  token: world.a.members[role].token,
  fundId: world.a.fundId,
});

async function domainDocument() {
  const loaded = await withTenant(clients.app, { fundId: world.a.fundId }, (tx) =>
    loadBook(tx, world.a.fundId),
  );
  const mapped = toPortfolioDocument(loaded);
  return { loaded, mapped, doc: parsePortfolio(mapped.document) };
}

function ok<T>(response: GqlResponse<T>): T {
  expect(response.body.errors).toBeUndefined();
  return response.body.data as T;
}

const asRecord = (list: { token: string; value: number | null }[]) =>
  Object.fromEntries(list.map((x) => [x.token, x.value]));

describe('scenarioGrid', () => {
  it('equals risk-core’s grid (defaults and custom axes)', async () => {
    const { doc } = await domainDocument();
    const rv = prepareRevaluation(doc);
    type Grid = {
      scenarioGrid: {
        tokens: string[];
        spotMoves: number[];
        volShifts: number[];
        cells: {
          spotMove: number;
          volShift: number;
          pnlUsd: number;
          byToken: { token: string; value: number }[];
        }[];
        extended: { pnlUsd: number }[];
        worst: { pnlUsd: number };
      };
    };
    const query = `query($s: [Float!], $v: [Float!], $e: [Float!]) { scenarioGrid(spotMoves: $s, volShifts: $v, extendedMoves: $e) {
      tokens spotMoves volShifts cells { spotMove volShift pnlUsd byToken { token value } } extended { pnlUsd } worst { pnlUsd } } }`;
    const defaults = ok(await t.gql<Grid>(query, {}, as())).scenarioGrid;
    const expected = scenarioGrid(rv);
    expect(defaults.spotMoves).toEqual(expected.spotMoves);
    expect(defaults.volShifts).toEqual([0.5, 0, -0.25]);
    expect(defaults.cells.map((c) => c.pnlUsd)).toEqual(expected.cells.map((c) => c.pnlUsd));
    expect(defaults.extended.map((c) => c.pnlUsd)).toEqual(expected.extended.map((c) => c.pnlUsd));
    expect(defaults.worst.pnlUsd).toBe(expected.worst?.pnlUsd);
    expect(asRecord(defaults.cells[0]?.byToken ?? [])).toEqual(expected.cells[0]?.byToken);

    const custom = ok(await t.gql<Grid>(query, { s: [-0.3, 0, 0.3], v: [0.2], e: [] }, as())).scenarioGrid;
    const expectedCustom = scenarioGrid(rv, {
      spotMoves: [-0.3, 0, 0.3],
      volShifts: [0.2],
      extendedMoves: [],
      extendedVolShift: 0.2,
    });
    expect(custom.cells.map((c) => c.pnlUsd)).toEqual(expectedCustom.cells.map((c) => c.pnlUsd));
    expect(custom.extended).toEqual([]);
  });

  it('rejects moves outside (-1, 10] and too many points, naming the field', async () => {
    const query = 'query($s: [Float!]) { scenarioGrid(spotMoves: $s) { worst { pnlUsd } } }';
    const cases: [unknown, string][] = [
      [[-1], 'spotMoves[0]'],
      [[0.1, 11], 'spotMoves[1]'],
      [Array.from({ length: 30 }, () => 0.01), 'spotMoves'],
    ];
    for (const [s, field] of cases) {
      const response = await t.gql(query, { s }, as());
      expect(codeOf(response)).toBe('BAD_USER_INPUT');
      expect(response.body.errors?.[0]?.extensions?.field).toBe(field);
    }
    const nan = await t.gql('{ scenarioGrid(volShifts: [-1.5]) { worst { pnlUsd } } }', {}, as());
    expect(nan.body.errors?.[0]?.message).toMatch(/volShifts\[0\]: must be > -1 \(got -1.5\)/);
  });
});

describe('stress tests', () => {
  it('lists the named scenarios', async () => {
    const data = ok(
      await t.gql<{ stressScenarios: { name: string; returns: { token: string; value: number }[] }[] }>(
        '{ stressScenarios { name title from to missing returns { token value } } }',
        {},
        as(),
      ),
    );
    const ftx = data.stressScenarios.find((s) => s.name === 'ftx-2022-11');
    expect(asRecord(ftx?.returns ?? [])).toEqual(builtinStress('ftx-2022-11')?.returns);
  });

  it('equals risk-core for named scenarios and custom shocks', async () => {
    const { doc } = await domainDocument();
    const rv = prepareRevaluation(doc);
    type Result = {
      stressTest: {
        name: string;
        pnlUsd: number;
        byToken: { token: string; value: number }[];
        moves: { token: string; move: number; source: string }[];
        healthFactors: { id: string; before: number; after: number }[];
        worstPositions: { id: string; positionId: string | null; pnlUsd: number }[];
      }[];
    };
    const data = ok(
      await t.gql<Result>(
        `{ stressTest(names: ["covid-2020-03-12", "ftx-2022-11"], volShift: 0.2,
            shocks: [{ name: "btc-down", moves: [{ token: "BTC", move: -0.25 }, { token: "ETH", move: -0.3 }], volShift: 0.5 }]) {
          name pnlUsd byToken { token value } moves { token move source } healthFactors { id before after }
          worstPositions(first: 3) { id positionId pnlUsd } } }`,
        {},
        as(),
      ),
    );
    const covid = runStress(rv, builtinStress('covid-2020-03-12') ?? ({} as never), { volShift: 0.2 });
    const ftx = runStress(rv, builtinStress('ftx-2022-11') ?? ({} as never), { volShift: 0.2 });
    const shock = runShock(rv, { BTC: -0.25, ETH: -0.3 }, { name: 'btc-down', volShift: 0.5 });
    expect(data.stressTest.map((s) => s.name)).toEqual(['covid-2020-03-12', 'ftx-2022-11', 'btc-down']);
    expect(data.stressTest.map((s) => s.pnlUsd)).toEqual([covid.pnlUsd, ftx.pnlUsd, shock.pnlUsd]);
    expect(asRecord(data.stressTest[2]?.byToken ?? [])).toEqual(shock.byToken);
    // SOL has no data on 12 Mar 2020: BTC's move, reported as such.
    expect(data.stressTest[0]?.moves.find((m) => m.token === 'SOL')?.source).toBe('fallback-btc');
    const worst = data.stressTest[2]?.worstPositions ?? [];
    expect(worst).toHaveLength(3);
    const sorted = Object.entries(shock.byPosition).sort((a, b) => a[1] - b[1]);
    expect(worst.map((w) => [w.id, w.pnlUsd])).toEqual(sorted.slice(0, 3));
    expect(data.stressTest[2]?.healthFactors.length).toBeGreaterThan(0);
  });

  it('runs every named scenario by default and rejects unknown names and bad shocks', async () => {
    const all = ok(await t.gql<{ stressTest: { name: string }[] }>('{ stressTest { name } }', {}, as()));
    expect(all.stressTest.length).toBeGreaterThanOrEqual(5);
    const unknown = await t.gql('{ stressTest(names: ["nope"]) { name } }', {}, as());
    expect(unknown.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'names[0]' });
    const bad = await t.gql(
      '{ stressTest(shocks: [{ name: "x", moves: [{ token: "BTC", move: -2 }] }]) { name } }',
      {},
      as(),
    );
    expect(bad.body.errors?.[0]?.extensions).toMatchObject({ field: 'shocks[0].moves[0].move', value: -2 });
    const dup = await t.gql(
      '{ stressTest(shocks: [{ name: "x", moves: [{ token: "BTC", move: 0.1 }, { token: "BTC", move: 0.2 }] }]) { name } }',
      {},
      as(),
    );
    expect(dup.body.errors?.[0]?.extensions?.field).toBe('shocks[0].moves[1].token');
  });
});

describe('hedgeSuggestions', () => {
  it('equals risk-core’s delta hedge for a spec and for a fund instrument', async () => {
    const { doc } = await domainDocument();
    const view = createMarketView(doc.valuationTime, doc.market);
    const exposures = portfolioExposures(doc, view);
    type H = {
      hedgeSuggestions: {
        contracts: number;
        exactContracts: number;
        residual: { deltaUsd: number };
        symbol: string | null;
      }[];
    };
    const data = ok(
      await t.gql<H>(
        `query($id: ID!) { hedgeSuggestions(underlying: "BTC", instruments: [
            { kind: PERPETUAL, settlement: INVERSE, contractSize: 10 },
            { kind: FUTURE, settlement: LINEAR, contractSize: 5, expiry: "2031-03-28T08:00:00.000Z" },
            { instrumentId: $id }]) {
          underlying kind settlement contractSize instrumentPrice symbol venue instrumentId exactContracts contracts
          before { deltaUsd deltaTokens } perContract { deltaUsd } residual { deltaUsd deltaTokens } remaining { gamma vegaUsd } } }`,
        { id: book.instruments.btcPerpLinear },
        as(),
      ),
    );
    const inverse = deltaHedge(exposures, view, {
      underlying: 'BTC',
      kind: 'perpetual',
      settlement: 'inverse',
      contractSize: 10,
    });
    const future = deltaHedge(exposures, view, {
      underlying: 'BTC',
      kind: 'future',
      settlement: 'linear',
      contractSize: 5,
      expiry: '2031-03-28T08:00:00.000Z',
    });
    const linear = deltaHedge(exposures, view, {
      underlying: 'BTC',
      kind: 'perpetual',
      settlement: 'linear',
      contractSize: 1,
    });
    expect(data.hedgeSuggestions.map((h) => h.contracts)).toEqual([
      inverse.contracts,
      future.contracts,
      linear.contracts,
    ]);
    expect(data.hedgeSuggestions.map((h) => h.residual.deltaUsd)).toEqual([
      inverse.residual.deltaUsd,
      future.residual.deltaUsd,
      linear.residual.deltaUsd,
    ]);
    expect(data.hedgeSuggestions[2]?.symbol).toBe('BTCUSDT');
  });

  it('rejects an instrument of another underlying or kind, and bad sizes', async () => {
    const query =
      'query($i: [HedgeInstrumentInput!]!) { hedgeSuggestions(underlying: "BTC", instruments: $i) { contracts } }';
    const wrongToken = await t.gql(query, { i: [{ instrumentId: book.instruments.ethPerpLinear }] }, as());
    expect(wrongToken.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'instruments[0].instrumentId',
    });
    const option = await t.gql(query, { i: [{ instrumentId: book.instruments.btcCallInverse }] }, as());
    expect(option.body.errors?.[0]?.extensions?.field).toBe('instruments[0].instrumentId');
    const size = await t.gql(query, { i: [{ kind: 'SPOT', contractSize: 0 }] }, as());
    expect(size.body.errors?.[0]?.extensions).toMatchObject({
      field: 'instruments[0].contractSize',
      value: 0,
    });
    const noExpiry = await t.gql(query, { i: [{ kind: 'FUTURE', contractSize: 1 }] }, as());
    expect(noExpiry.body.errors?.[0]?.extensions?.field).toBe('instruments[0].expiry');
  });
});

describe('liquidationReport', () => {
  it('equals risk-core’s portfolio liquidations on the liquidation document', async () => {
    const { loaded, mapped } = await domainDocument();
    const raw = liquidationDocument(mapped, loaded);
    const doc = parsePortfolio(raw);
    const expected = portfolioLiquidations(doc, parseMarginSpec(raw, doc));
    type R = {
      liquidationReport: {
        positionCount: number;
        liquidatableNow: number;
        accounts: { account: string; equityUsd: number }[];
        positions: {
          pageInfo?: { hasNextPage: boolean; endCursor: string };
          edges: {
            node: {
              id: string;
              positionId: string | null;
              liquidationPrice: number | null;
              distancePct: number | null;
              reason: string | null;
              margin: { mode: string; equityUsd: number } | null;
              lending: {
                healthFactor: number;
                triggers: { token: string; triggerPrice: number | null }[];
              } | null;
            };
          }[];
        };
      };
    };
    // Paged: every node field counts against the complexity limit.
    const head = ok(
      await t.gql<R>(
        '{ liquidationReport { positionCount liquidatableNow accounts { account mode equityUsd maintenanceUsd marginRatio moves { token down up } } positions(first: 0) { edges { node { id } } } } }',
        {},
        as(),
      ),
    ).liquidationReport;
    const edges: R['liquidationReport']['positions']['edges'] = [];
    let after: string | null = null;
    for (let page = 0; page < 20; page += 1) {
      const response: GqlResponse<R> = await t.gql<R>(
        `query($after: String) { liquidationReport { positions(first: 10, after: $after) { pageInfo { hasNextPage endCursor }
          edges { node { id source positionId account kind liquidationPrice reason currentPrice distancePct distanceUsd direction
            liquidatableNow margin { mode equityUsd maintenanceUsd marginRatio bankruptcyPrice }
            lending { healthFactor collateralUsd debtUsd triggerToken bonusAssumed triggers { token role triggerPrice move }
              atTrigger { debtRepaidUsd collateralTaken healthFactorAfter } } } } } } }`,
        { after },
        as(),
      );
      const positions = ok(response).liquidationReport.positions;
      edges.push(...positions.edges);
      if (!positions.pageInfo?.hasNextPage) break;
      after = positions.pageInfo.endCursor;
    }
    const data = { ...head, positions: { edges } };
    expect(data.positionCount).toBe(expected.positions.length);
    expect(edges).toHaveLength(expected.positions.length);
    const byId = new Map(expected.positions.map((p) => [p.id, p]));
    for (const { node } of data.positions.edges) {
      const want = byId.get(node.id);
      expect(node.liquidationPrice).toBe(want?.liquidationPrice ?? null);
      expect(node.distancePct).toBe(want?.distance?.pct ?? null);
    }
    // Nearest liquidation first.
    const distances = data.positions.edges
      .map((e) => e.node.distancePct)
      .filter((d): d is number => d !== null);
    expect(distances.map(Math.abs)).toEqual([...distances.map(Math.abs)].sort((a, b) => a - b));
    const iso = data.positions.edges.find((e) => e.node.id === book.positions.ethPerpLinearIsolated)?.node;
    expect(iso?.margin?.mode).toBe('isolated');
    const lending = data.positions.edges.find((e) => e.node.lending !== null)?.node.lending;
    expect(lending?.healthFactor).toBeCloseTo((1000 * 3100 * 0.83) / 1_500_000, 12);
    expect(lending?.triggers.find((x) => x.token === 'ETH')?.triggerPrice).toBeCloseTo(
      1_500_000 / (1000 * 0.83),
      6,
    );
    expect(data.accounts.map((a) => a.account)).toEqual(expected.accounts.map((a) => a.account));
  });
});

describe('simulateCascade', () => {
  const CASCADE = `query($input: CascadeInput!) { simulateCascade(input: $input) {
    termination initialPrices { token value } shockedPrices { token value } finalPrices { token value }
    amplification { token value } leadAmplification
    rounds { round liquidatedUsd perpUsd lendingUsd fundUsd badDebtUsd rebalanceUsd fundLiquidated prices { token value } }
    totals { liquidatedUsd perpUsd lendingUsd fundUsd badDebtUsd byProtocol { token value } }
    fundLiquidated { id positionId round } } }`;
  const input = {
    shock: [
      { token: 'BTC', move: -0.12 },
      { token: 'ETH', move: -0.15 },
    ],
    impact: [
      { token: 'BTC', model: 'SQRT', depthUsd: 4.5e7 },
      { token: 'ETH', model: 'SQRT', depthUsd: 3e7 },
    ],
    spillover: [{ from: 'BTC', to: 'ETH', beta: 0.5 }],
    perps: [
      {
        venue: 'binance',
        token: 'BTC',
        side: 'LONG',
        band: { from: 85000, to: 60000, count: 50, notionalUsd: 2e9 },
      },
      {
        venue: 'bybit',
        token: 'ETH',
        side: 'LONG',
        levels: [
          { price: 2900, notionalUsd: 3e8 },
          { price: 2700, notionalUsd: 4e8 },
        ],
      },
    ],
    lending: [
      {
        protocol: 'aave-v3',
        collateral: 'ETH',
        debt: 'USDC',
        liquidationThreshold: 0.83,
        liquidationBonus: 1.05,
        hfBuckets: [
          { healthFactor: 1.05, collateralUsd: 2e8 },
          { healthFactor: 1.2, collateralUsd: 4e8 },
        ],
      },
    ],
    leveragedTokens: [{ underlying: 'BTC', leverage: 3, outstandingUsd: 2e8, rebalanceThreshold: 0.1 }],
    maxRounds: 30,
  };

  it('equals risk-core’s simulation on the fund’s liquidation document', async () => {
    const data = ok(
      await t.gql<{
        simulateCascade: {
          termination: string;
          rounds: unknown[];
          totals: { liquidatedUsd: number };
          finalPrices: { token: string; value: number }[];
          fundLiquidated: { id: string; positionId: string | null }[];
        };
      }>(CASCADE, { input }, as('ANALYST')),
    ).simulateCascade;
    const { loaded, mapped, doc } = await domainDocument();
    const portfolio = liquidationDocument(mapped, loaded);
    const prices: Record<string, number> = { ...doc.market.spot };
    const expected = simulateCascade(
      parseCascadeScenario({
        prices,
        shock: { BTC: -0.12, ETH: -0.15 },
        impact: { BTC: { model: 'sqrt', depthUsd: 4.5e7 }, ETH: { model: 'sqrt', depthUsd: 3e7 } },
        spillover: [{ from: 'BTC', to: 'ETH', beta: 0.5 }],
        perps: [
          {
            venue: 'binance',
            token: 'BTC',
            side: 'long',
            band: { from: 85000, to: 60000, count: 50, notionalUsd: 2e9 },
          },
          {
            venue: 'bybit',
            token: 'ETH',
            side: 'long',
            levels: [
              [2900, 3e8],
              [2700, 4e8],
            ],
          },
        ],
        lending: [
          {
            protocol: 'aave-v3',
            collateral: 'ETH',
            debt: 'USDC',
            liquidationThreshold: 0.83,
            liquidationBonus: 1.05,
            positions: [],
            hfBuckets: [
              [1.05, 2e8],
              [1.2, 4e8],
            ],
          },
        ],
        lendingProtocols: {},
        leveragedTokens: [{ underlying: 'BTC', leverage: 3, outstandingUsd: 2e8, rebalanceThreshold: 0.1 }],
        options: { maxRounds: 30, reLiquidation: true, flowToleranceUsd: 1 },
        portfolio,
      }),
    );
    expect(data.termination).toBe(expected.termination);
    expect(data.rounds).toHaveLength(expected.rounds.length);
    expect(data.totals.liquidatedUsd).toBe(expected.totals.liquidatedUsd);
    expect(asRecord(data.finalPrices)).toEqual(expected.finalPrices);
    expect(data.fundLiquidated.map((f) => f.id)).toEqual(expected.fundLiquidated.map((f) => f.id));
    expect(expected.totals.liquidatedUsd).toBeGreaterThan(0);
  });

  it('validates the population, naming the field and value', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ...input, shock: [{ token: 'BTC', move: -1 }] }, 'input.shock[0].move'],
      [
        {
          ...input,
          perps: [{ venue: 'x', token: 'BTC', side: 'LONG', levels: [{ price: -5, notionalUsd: 1 }] }],
        },
        'input.perps[0].levels[0].price',
      ],
      [
        { ...input, lending: [{ ...input.lending[0], liquidationBonus: 2.5 }] },
        'input.lending[0].liquidationBonus',
      ],
      [{ ...input, maxRounds: 100000 }, 'input.maxRounds'],
      [
        {
          ...input,
          perps: [
            {
              venue: 'x',
              token: 'BTC',
              side: 'LONG',
              band: { from: 1, to: 2, count: 50000, notionalUsd: 1 },
            },
          ],
        },
        'input.perps[0].band.count',
      ],
      [
        { ...input, leveragedTokens: [{ underlying: 'BTC', leverage: 0, outstandingUsd: 1 }] },
        'input.leveragedTokens[0].leverage',
      ],
    ];
    for (const [bad, field] of cases) {
      const response = await t.gql(CASCADE, { input: bad }, as('ANALYST'));
      expect(codeOf(response), field).toBe('BAD_USER_INPUT');
      expect(response.body.errors?.[0]?.extensions?.field).toBe(field);
    }
    // A token without a price anywhere: risk-core's own validation, reported as the caller's input.
    const unpriced = await t.gql(
      CASCADE,
      { input: { shock: [{ token: 'NOPE', move: -0.1 }], includeFund: false } },
      as('ANALYST'),
    );
    expect(codeOf(unpriced)).toBe('BAD_USER_INPUT');
  });
});
