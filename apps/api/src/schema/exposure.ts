/**
 * `exposures`: the selected fund's token exposure and greeks (risk-core `portfolioExposures` and
 * `aggregateExposures` on the @dte/domain document of the book), grouped as asked, with paged
 * per-position exposures. See docs/api-risk.md.
 */
import type { DocumentRef } from '@dte/domain';
import type {
  CoinView,
  GroupDimension,
  GroupTotals,
  PositionExposure,
  TokenLeg,
  TokenTotals,
  UsdTotals,
} from '@dte/risk-core';
import { resolveArrayConnection } from '@pothos/plugin-relay';
import { builder } from '../builder.ts';
import { loadRiskBook, type RiskBook } from '../risk/book.ts';
import { finiteOrNull } from '../risk/numbers.ts';
import { checkPageArgs, MAX_PAGE_SIZE } from '../validation.ts';
import { BookSourceEnum, RiskSnapshotRef, UnmappedRowRef } from './exposure-common.ts';

/** Grouping dimensions of `exposures`. */
export const ExposureDimensionEnum = builder.enumType('ExposureDimension', {
  description:
    'Grouping of exposures: UNDERLYING (the token of each leg), ACCOUNT, VENUE, EXPIRY_BUCKET (perp/spot, <7d, 7-30d, 30-90d, 90-180d, >180d, expired).',
  values: ['UNDERLYING', 'ACCOUNT', 'VENUE', 'EXPIRY_BUCKET'] as const,
});

const DIMENSION: Record<'UNDERLYING' | 'ACCOUNT' | 'VENUE' | 'EXPIRY_BUCKET', GroupDimension> = {
  UNDERLYING: 'underlying',
  ACCOUNT: 'account',
  VENUE: 'venue',
  EXPIRY_BUCKET: 'bucket',
};

const float = (description: string) => ({ description });

/** Per-token sums. */
const TokenExposureRef = builder.objectRef<TokenTotals>('TokenExposure').implement({
  description:
    'Sums of every position leg on one token (units in docs/risk-core.md "Per-position exposure").',
  fields: (t) => ({
    token: t.exposeString('token'),
    stable: t.exposeBoolean(
      'stable',
      float('Stablecoin or USD: never shocked, left out of USD risk totals.'),
    ),
    deltaTokens: t.exposeFloat('deltaTokens', float('Net forward delta, tokens.')),
    deltaUsd: t.exposeFloat('deltaUsd', float('Net delta, USD (P&L per unit relative move, first order).')),
    grossDeltaUsd: t.exposeFloat('grossDeltaUsd', float('Sum of |deltaUsd| per leg, USD.')),
    notionalUsd: t.exposeFloat('notionalUsd', float('Gross notional, USD.')),
    gamma: t.exposeFloat('gamma', float('d2V/dF2, tokens per USD.')),
    cashGammaUsd: t.exposeFloat('cashGammaUsd', float('Change of deltaUsd for a +1% move, USD.')),
    vegaUsd: t.exposeFloat('vegaUsd', float('USD per +1 vol point.')),
    thetaUsd: t.exposeFloat('thetaUsd', float('USD per calendar day.')),
    marketValueUsd: t.exposeFloat('marketValueUsd'),
  }),
});

/** USD totals over non-stable tokens. */
const ExposureTotalsRef = builder.objectRef<UsdTotals>('ExposureTotals').implement({
  description: 'USD totals of a group over its non-stable tokens (market value over all tokens).',
  fields: (t) => ({
    netDeltaUsd: t.exposeFloat('netDeltaUsd'),
    grossDeltaUsd: t.exposeFloat('grossDeltaUsd'),
    notionalUsd: t.exposeFloat('notionalUsd'),
    cashGammaUsd: t.exposeFloat('cashGammaUsd'),
    vegaUsd: t.exposeFloat('vegaUsd'),
    thetaUsd: t.exposeFloat('thetaUsd'),
    marketValueUsd: t.exposeFloat('marketValueUsd'),
  }),
});

const GroupKeyRef = builder.objectRef<GroupTotals['key']>('ExposureGroupKey').implement({
  description: 'The group’s value of each grouping dimension (null for dimensions not grouped by).',
  fields: (t) => ({
    underlying: t.string({ nullable: true, resolve: (k) => k.underlying ?? null }),
    account: t.string({ nullable: true, resolve: (k) => k.account ?? null }),
    venue: t.string({ nullable: true, resolve: (k) => k.venue ?? null }),
    expiryBucket: t.string({ nullable: true, resolve: (k) => k.bucket ?? null }),
  }),
});

const ExposureGroupRef = builder.objectRef<GroupTotals>('ExposureGroup').implement({
  description: 'One group of legs: key, number of positions, per-token sums, USD totals.',
  fields: (t) => ({
    key: t.field({ type: GroupKeyRef, resolve: (g) => g.key }),
    positionCount: t.exposeInt('positions'),
    tokens: t.field({ type: [TokenExposureRef], resolve: (g) => g.tokens }),
    totals: t.field({ type: ExposureTotalsRef, resolve: (g) => g.usd }),
  }),
});

const TokenLegRef = builder.objectRef<TokenLeg>('TokenLeg').implement({
  description: 'A position’s risk on one token.',
  fields: (t) => ({
    token: t.exposeString('token'),
    quantityTokens: t.exposeFloat('quantityTokens', float('Token-equivalent quantity (inverse: Q/F).')),
    notionalUsd: t.exposeFloat('notionalUsd'),
    deltaTokens: t.exposeFloat('deltaTokens'),
    deltaUsd: t.exposeFloat('deltaUsd'),
    gamma: t.exposeFloat('gamma'),
    cashGammaUsd: t.exposeFloat('cashGammaUsd'),
    vegaUsd: t.exposeFloat('vegaUsd'),
    thetaUsd: t.exposeFloat('thetaUsd'),
    marketValueUsd: t.exposeFloat('marketValueUsd'),
  }),
});

const CoinViewRef = builder.objectRef<CoinView>('CoinView').implement({
  description:
    'Coin view of a coin-settled position: value in coin (futures: unrealised P&L in coin) and the exposure of that coin value, in coin.',
  fields: (t) => ({
    coin: t.exposeString('coin'),
    coinValue: t.exposeFloat('coinValue'),
    coinDelta: t.exposeFloat('coinDelta'),
  }),
});

type OptionUnit = NonNullable<PositionExposure['unit']>;
const OptionUnitRef = builder.objectRef<OptionUnit>('OptionUnitValues').implement({
  description: 'Black-76 values per 1 unit of underlying (USD; coin view for inverse options).',
  fields: (t) => ({
    price: t.exposeFloat('price'),
    delta: t.exposeFloat('delta'),
    gamma: t.exposeFloat('gamma'),
    vega: t.exposeFloat('vega'),
    theta: t.exposeFloat('theta'),
    coinPrice: t.float({ nullable: true, resolve: (u) => finiteOrNull(u.coinPrice) }),
    coinDelta: t.float({ nullable: true, resolve: (u) => finiteOrNull(u.coinDelta) }),
  }),
});

/** A position's exposure with its back-reference to the book rows. */
interface PositionExposureShape {
  exposure: PositionExposure;
  ref: DocumentRef | undefined;
}

const PositionExposureRef = builder.objectRef<PositionExposureShape>('PositionExposure').implement({
  description:
    'Exposure of one position of the risk document (a position row, a balance or a lending group).',
  fields: (t) => ({
    id: t.id({
      description:
        'Document id: the position uuid, `balance:<uuid>` or `lending:<account>:<protocol>:<market>`.',
      resolve: (p) => p.exposure.id,
    }),
    source: t.field({ type: BookSourceEnum, nullable: true, resolve: (p) => p.ref?.source ?? null }),
    positionId: t.id({
      nullable: true,
      description: 'The position row (source POSITION).',
      resolve: (p) => (p.ref?.source === 'POSITION' ? (p.ref.rowIds[0] ?? null) : null),
    }),
    rowIds: t.idList({ resolve: (p) => p.ref?.rowIds ?? [] }),
    accountId: t.id({ nullable: true, resolve: (p) => p.ref?.accountId ?? null }),
    instrumentId: t.id({ nullable: true, resolve: (p) => p.ref?.instrumentId ?? null }),
    account: t.string({ resolve: (p) => p.exposure.account }),
    venue: t.string({ resolve: (p) => p.exposure.venue }),
    kind: t.string({
      description: 'spot, collateral, future, perpetual, option, leveraged-token, lending.',
      resolve: (p) => p.exposure.kind,
    }),
    settlement: t.string({ nullable: true, resolve: (p) => p.exposure.settlement ?? null }),
    underlying: t.string({ nullable: true, resolve: (p) => p.exposure.underlying ?? null }),
    expiry: t.field({
      type: 'DateTime',
      nullable: true,
      resolve: (p) => (p.exposure.expiry ? new Date(p.exposure.expiry) : null),
    }),
    expiryYears: t.float({ nullable: true, resolve: (p) => finiteOrNull(p.exposure.expiryYears) }),
    expiryBucket: t.string({ resolve: (p) => p.exposure.bucket }),
    marketValueUsd: t.float({ resolve: (p) => p.exposure.marketValueUsd }),
    pnlUsd: t.float({ nullable: true, resolve: (p) => finiteOrNull(p.exposure.pnlUsd) }),
    healthFactor: t.float({
      nullable: true,
      description: 'Lending groups; null without debt (infinite).',
      resolve: (p) => finiteOrNull(p.exposure.healthFactor),
    }),
    expired: t.boolean({ resolve: (p) => p.exposure.expired === true }),
    coin: t.field({ type: CoinViewRef, nullable: true, resolve: (p) => p.exposure.coin ?? null }),
    unit: t.field({ type: OptionUnitRef, nullable: true, resolve: (p) => p.exposure.unit ?? null }),
    legs: t.field({
      type: [TokenLegRef],
      // One leg per token: one or two except for lending groups.
      complexity: { field: 1, multiplier: 2 },
      resolve: (p) => p.exposure.legs,
    }),
  }),
});

/** Coin views summed per coin. */
interface CoinTotal {
  coin: string;
  coinValue: number;
  coinDelta: number;
  positions: number;
}

const CoinExposureRef = builder.objectRef<CoinTotal>('CoinExposure').implement({
  description: 'Coin views of the coin-settled positions, summed per settlement coin (coin units).',
  fields: (t) => ({
    coin: t.exposeString('coin'),
    coinValue: t.exposeFloat('coinValue'),
    coinDelta: t.exposeFloat('coinDelta'),
    positionCount: t.exposeInt('positions'),
  }),
});

/** What `exposures` resolves to. */
interface FundExposureShape {
  risk: RiskBook;
  groupBy: (keyof typeof DIMENSION)[];
}

const FundExposureRef = builder.objectRef<FundExposureShape>('FundExposure');

FundExposureRef.implement({
  description: 'Token exposure and greeks of the selected fund at one market snapshot.',
  fields: (t) => ({
    valuationTime: t.field({ type: 'DateTime', resolve: (f) => f.risk.book.snapshot.asOf }),
    snapshot: t.field({ type: RiskSnapshotRef, resolve: (f) => f.risk.book.snapshot }),
    groupBy: t.field({ type: [ExposureDimensionEnum], resolve: (f) => f.groupBy }),
    totals: t.field({
      type: ExposureTotalsRef,
      description: 'The whole fund.',
      resolve: (f) => f.risk.groups([])[0]?.usd ?? emptyTotals(),
    }),
    tokens: t.field({
      type: [TokenExposureRef],
      description: 'The whole fund, per token.',
      resolve: (f) => f.risk.groups([])[0]?.tokens ?? [],
    }),
    groups: t.field({
      type: [ExposureGroupRef],
      resolve: (f) => f.risk.groups(f.groupBy.map((d) => DIMENSION[d])),
    }),
    coins: t.field({
      type: [CoinExposureRef],
      resolve: (f) => f.risk.memo('coins', () => coinTotals(f.risk.exposures())),
    }),
    positionCount: t.int({ resolve: (f) => f.risk.doc.positions.length }),
    positions: t.connection(
      {
        type: PositionExposureRef,
        description: `Per-position exposures in document order (positions, balances, lending groups); first/last at most ${MAX_PAGE_SIZE}.`,
        complexity: (args) => ({
          field: 1,
          multiplier: Math.min(args.first ?? args.last ?? 20, MAX_PAGE_SIZE),
        }),
        resolve: (f, args) => {
          checkPageArgs(args);
          const refs = f.risk.mapped.refs;
          const rows = f.risk.exposures().map((exposure) => ({ exposure, ref: refs.get(exposure.id) }));
          return resolveArrayConnection({ args, defaultSize: 20, maxSize: MAX_PAGE_SIZE }, rows);
        },
      },
      { name: 'PositionExposureConnection' },
      { name: 'PositionExposureEdge' },
    ),
    unmapped: t.field({ type: [UnmappedRowRef], resolve: (f) => f.risk.mapped.unmapped }),
    warnings: t.stringList({ resolve: (f) => f.risk.mapped.warnings }),
  }),
});

function emptyTotals(): UsdTotals {
  return {
    netDeltaUsd: 0,
    grossDeltaUsd: 0,
    notionalUsd: 0,
    cashGammaUsd: 0,
    vegaUsd: 0,
    thetaUsd: 0,
    marketValueUsd: 0,
  };
}

function coinTotals(exposures: readonly PositionExposure[]): CoinTotal[] {
  const byCoin = new Map<string, CoinTotal>();
  for (const e of exposures) {
    if (!e.coin) continue;
    let total = byCoin.get(e.coin.coin);
    if (!total) {
      total = { coin: e.coin.coin, coinValue: 0, coinDelta: 0, positions: 0 };
      byCoin.set(e.coin.coin, total);
    }
    total.coinValue += e.coin.coinValue;
    total.coinDelta += e.coin.coinDelta;
    total.positions += 1;
  }
  return [...byCoin.values()];
}

builder.queryField('exposures', (t) =>
  t.field({
    type: FundExposureRef,
    authScopes: { role: 'VIEWER' },
    description:
      'Token exposure and greeks of the selected fund (risk-core), at a market snapshot (default: the latest visible one with a SPOT quote).',
    args: {
      snapshotId: t.arg.id({ required: false, description: 'A market snapshot visible to the fund.' }),
      groupBy: t.arg({
        type: [ExposureDimensionEnum],
        required: false,
        description: 'Grouping dimensions of `groups` (default [UNDERLYING]; [] = one group).',
      }),
    },
    resolve: async (_root, args, ctx) => {
      const groupBy: FundExposureShape['groupBy'] = [...new Set(args.groupBy ?? (['UNDERLYING'] as const))];
      const risk = await loadRiskBook(ctx, args.snapshotId == null ? null : String(args.snapshotId));
      return { risk, groupBy };
    },
  }),
);
