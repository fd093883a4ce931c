/**
 * `liquidationReport`: liquidation price and distance of every leveraged position of the selected
 * fund, lending health factors and trigger prices (risk-core `portfolioLiquidations` on the
 * @dte/domain liquidation document: venue accounts cross or isolated per `account.margin_mode`,
 * ISOLATED positions of a cross account each in their own isolated account, maintenance brackets from
 * the instrument, isolated margin from the position, Aave LT and bonus from the reserve instrument).
 */
import type {
  AccountLiquidation,
  ContractLiquidationDetails,
  LendingLiquidationDetails,
  LendingTrigger,
  LiquidationAmounts,
  PositionLiquidation,
} from '@dte/risk-core';
import { resolveArrayConnection } from '@pothos/plugin-relay';
import { builder } from '../builder.ts';
import { loadRiskBook, type RiskBook } from '../risk/book.ts';
import { finiteOrNull } from '../risk/numbers.ts';
import { checkPageArgs, MAX_PAGE_SIZE } from '../validation.ts';
import { BookSourceEnum, RiskSnapshotRef, UnmappedRowRef } from './exposure-common.ts';

const MarginDetailsRef = builder.objectRef<ContractLiquidationDetails>('MarginDetails').implement({
  description: 'Margin account of a future/perpetual (cross: the venue account; isolated: the position).',
  fields: (t) => ({
    mode: t.exposeString('mode'),
    account: t.exposeString('account'),
    marginToken: t.string({ nullable: true, resolve: (m) => m.marginToken ?? null }),
    equityUsd: t.exposeFloat('equityUsd'),
    maintenanceUsd: t.exposeFloat('maintenanceUsd'),
    marginRatio: t.float({
      nullable: true,
      description: 'maintenance / equity (>= 1: liquidation).',
      resolve: (m) => finiteOrNull(m.marginRatio),
    }),
    contractMaintenanceUsd: t.exposeFloat('contractMaintenanceUsd'),
    notional: t.exposeFloat('notional'),
    maintenanceMarginRate: t.exposeFloat('maintenanceMarginRate'),
    maintenanceAmount: t.exposeFloat('maintenanceAmount'),
    basis: t.exposeString('basis'),
    lowerPrice: t.float({ nullable: true, resolve: (m) => finiteOrNull(m.lowerPrice) }),
    upperPrice: t.float({ nullable: true, resolve: (m) => finiteOrNull(m.upperPrice) }),
    bankruptcyPrice: t.float({ nullable: true, resolve: (m) => finiteOrNull(m.bankruptcyPrice) }),
  }),
});

const LendingTriggerRef = builder.objectRef<LendingTrigger>('LendingTrigger').implement({
  description: 'USD price of a token at which the health factor reaches 1, other prices fixed.',
  fields: (t) => ({
    token: t.exposeString('token'),
    role: t.exposeString('role', { description: 'collateral, debt or both.' }),
    currentPrice: t.exposeFloat('currentPrice'),
    triggerPrice: t.float({ nullable: true, resolve: (x) => finiteOrNull(x.triggerPrice) }),
    move: t.float({ nullable: true, resolve: (x) => finiteOrNull(x.move) }),
    reason: t.string({ nullable: true, resolve: (x) => x.reason ?? null }),
  }),
});

const LiquidationCallRef = builder.objectRef<LiquidationAmounts>('LiquidationCall').implement({
  description: 'One Aave v3.3 liquidation call (largest valid).',
  fields: (t) => ({
    collateralToken: t.exposeString('collateralToken'),
    debtToken: t.exposeString('debtToken'),
    healthFactor: t.float({ nullable: true, resolve: (x) => finiteOrNull(x.healthFactor) }),
    closeFactor: t.exposeFloat('closeFactor'),
    debtRepaid: t.exposeFloat('debtRepaid'),
    debtRepaidUsd: t.exposeFloat('debtRepaidUsd'),
    collateralTaken: t.exposeFloat('collateralTaken'),
    collateralTakenUsd: t.exposeFloat('collateralTakenUsd'),
    bonusUsd: t.exposeFloat('bonusUsd'),
    badDebtUsd: t.exposeFloat('badDebtUsd'),
    healthFactorAfter: t.float({ nullable: true, resolve: (x) => finiteOrNull(x.healthFactorAfter) }),
  }),
});

const LendingDetailsRef = builder
  .objectRef<LendingLiquidationDetails>('LendingLiquidationDetails')
  .implement({
    description:
      'Health factor, trigger prices and the liquidation call at the nearest trigger of a lending group.',
    fields: (t) => ({
      protocol: t.string({ nullable: true, resolve: (l) => l.protocol ?? null }),
      rules: t.exposeString('rules'),
      healthFactor: t.float({
        nullable: true,
        description: 'null: no debt.',
        resolve: (l) => finiteOrNull(l.healthFactor),
      }),
      collateralUsd: t.exposeFloat('collateralUsd'),
      debtUsd: t.exposeFloat('debtUsd'),
      triggers: t.field({ type: [LendingTriggerRef], resolve: (l) => l.triggers }),
      triggerToken: t.string({ nullable: true, resolve: (l) => l.triggerToken }),
      atTrigger: t.field({ type: LiquidationCallRef, nullable: true, resolve: (l) => l.atTrigger }),
      now: t.field({ type: LiquidationCallRef, nullable: true, resolve: (l) => l.now }),
      bonusAssumed: t.exposeBoolean('bonusAssumed'),
    }),
  });

interface PositionShape {
  risk: RiskBook;
  result: PositionLiquidation;
}

const PositionLiquidationRef = builder.objectRef<PositionShape>('PositionLiquidation').implement({
  description:
    'Liquidation price (nearest to the current mark) and distance of one position, or why it has none.',
  fields: (t) => ({
    id: t.id({ resolve: (p) => p.result.id }),
    source: t.field({
      type: BookSourceEnum,
      nullable: true,
      resolve: (p) => p.risk.mapped.refs.get(p.result.id)?.source ?? null,
    }),
    positionId: t.id({
      nullable: true,
      resolve: (p) => {
        const ref = p.risk.mapped.refs.get(p.result.id);
        return ref?.source === 'POSITION' ? (ref.rowIds[0] ?? null) : null;
      },
    }),
    account: t.string({ resolve: (p) => p.result.account }),
    kind: t.string({ resolve: (p) => p.result.kind }),
    settlement: t.string({ nullable: true, resolve: (p) => p.result.settlement ?? null }),
    underlying: t.string({ nullable: true, resolve: (p) => p.result.underlying ?? null }),
    liquidationPrice: t.float({ nullable: true, resolve: (p) => finiteOrNull(p.result.liquidationPrice) }),
    reason: t.string({ nullable: true, resolve: (p) => p.result.reason ?? null }),
    currentPrice: t.float({ nullable: true, resolve: (p) => finiteOrNull(p.result.currentPrice) }),
    distancePct: t.float({
      nullable: true,
      description: 'liquidation / current - 1 (-0.2 = 20% below).',
      resolve: (p) => finiteOrNull(p.result.distance?.pct),
    }),
    distanceUsd: t.float({ nullable: true, resolve: (p) => finiteOrNull(p.result.distance?.usd) }),
    direction: t.string({ nullable: true, resolve: (p) => p.result.distance?.direction ?? null }),
    liquidatableNow: t.boolean({ resolve: (p) => p.result.liquidatableNow === true }),
    margin: t.field({ type: MarginDetailsRef, nullable: true, resolve: (p) => p.result.margin ?? null }),
    lending: t.field({ type: LendingDetailsRef, nullable: true, resolve: (p) => p.result.lending ?? null }),
  }),
});

const AccountMoveRef = builder
  .objectRef<AccountLiquidation['moves'][number]>('AccountLiquidationMove')
  .implement({
    description: 'Relative moves of one token (others fixed) that bring the account to maintenance.',
    fields: (t) => ({
      token: t.exposeString('token'),
      down: t.float({ nullable: true, resolve: (m) => finiteOrNull(m.down) }),
      up: t.float({ nullable: true, resolve: (m) => finiteOrNull(m.up) }),
    }),
  });

const AccountLiquidationRef = builder.objectRef<AccountLiquidation>('AccountLiquidation').implement({
  description: 'A cross-margin account: equity, maintenance and the moves that liquidate it.',
  fields: (t) => ({
    account: t.exposeString('account'),
    mode: t.exposeString('mode'),
    equityUsd: t.exposeFloat('equityUsd'),
    maintenanceUsd: t.exposeFloat('maintenanceUsd'),
    marginRatio: t.float({ nullable: true, resolve: (a) => finiteOrNull(a.marginRatio) }),
    liquidatableNow: t.exposeBoolean('liquidatableNow'),
    moves: t.field({ type: [AccountMoveRef], resolve: (a) => a.moves }),
  }),
});

/** Nearest liquidations first; positions without a liquidation price last (document order). */
function byRisk(risk: RiskBook): PositionShape[] {
  const rows = risk.liquidations().positions.map((result, i) => ({ result, i }));
  const key = (r: PositionLiquidation) => (r.distance ? Math.abs(r.distance.pct) : Number.POSITIVE_INFINITY);
  rows.sort((a, b) => key(a.result) - key(b.result) || a.i - b.i);
  return rows.map(({ result }) => ({ risk, result }));
}

const LiquidationReportRef = builder.objectRef<RiskBook>('LiquidationReport').implement({
  description: 'Liquidation risk of the selected fund at one market snapshot.',
  fields: (t) => ({
    valuationTime: t.field({ type: 'DateTime', resolve: (r) => r.book.snapshot.asOf }),
    snapshot: t.field({ type: RiskSnapshotRef, resolve: (r) => r.book.snapshot }),
    positionCount: t.int({ resolve: (r) => r.liquidations().positions.length }),
    liquidatableNow: t.int({
      description: 'Positions at or beyond maintenance (HF < 1 for lending).',
      resolve: (r) => r.liquidations().positions.filter((p) => p.liquidatableNow === true).length,
    }),
    positions: t.connection(
      {
        type: PositionLiquidationRef,
        description: `Nearest liquidation first (|distance|), then positions without one; first/last at most ${MAX_PAGE_SIZE}.`,
        complexity: (args) => ({
          field: 1,
          multiplier: Math.min(args.first ?? args.last ?? 20, MAX_PAGE_SIZE),
        }),
        resolve: (r, args) => {
          checkPageArgs(args);
          return resolveArrayConnection({ args, defaultSize: 20, maxSize: MAX_PAGE_SIZE }, byRisk(r));
        },
      },
      { name: 'PositionLiquidationConnection' },
      { name: 'PositionLiquidationEdge' },
    ),
    accounts: t.field({ type: [AccountLiquidationRef], resolve: (r) => r.liquidations().accounts }),
    unmapped: t.field({ type: [UnmappedRowRef], resolve: (r) => r.mapped.unmapped }),
  }),
});

builder.queryField('liquidationReport', (t) =>
  t.field({
    type: LiquidationReportRef,
    authScopes: { role: 'VIEWER' },
    description:
      'Liquidation prices and distances (futures/perpetuals: margin brackets, cross/isolated), lending health factors and trigger prices of the selected fund (risk-core).',
    args: { snapshotId: t.arg.id({ required: false }) },
    resolve: (_root, args, ctx) =>
      loadRiskBook(ctx, args.snapshotId == null ? null : String(args.snapshotId)),
  }),
);
