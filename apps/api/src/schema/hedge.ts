/**
 * `hedgeSuggestions`: delta hedges of one underlying of the selected fund with candidate delta-one
 * instruments (risk-core `deltaHedge`: whole contracts that neutralise the USD delta, residual and
 * remaining greeks). A candidate is a catalog/fund instrument (`instrumentId`) or an explicit spec.
 */
import { type DeltaHedge, type DeltaPair, deltaHedge, type HedgeInstrument } from '@dte/risk-core';
import { builder } from '../builder.ts';
import { BadUserInputError, NotFoundError } from '../errors.ts';
import { loadRiskBook } from '../risk/book.ts';
import { riskCall } from '../risk/errors.ts';
import { checkNumber } from '../validation.ts';
import { checkToken } from './exposure-common.ts';
import { idOrNotFound, selectedFund } from './guards.ts';

const HedgeKindEnum = builder.enumType('HedgeInstrumentKind', {
  values: ['PERPETUAL', 'FUTURE', 'SPOT'] as const,
});
const HedgeSettlementEnum = builder.enumType('HedgeSettlement', {
  description: 'LINEAR: contractSize in tokens; INVERSE: contractSize in USD face value.',
  values: ['LINEAR', 'INVERSE'] as const,
});

const HedgeInstrumentInput = builder.inputType('HedgeInstrumentInput', {
  description:
    'A hedge candidate: `instrumentId` (a catalog or fund instrument: spot, linear/inverse perpetual or future of the underlying), or kind + settlement + contractSize (+ expiry for futures).',
  fields: (t) => ({
    instrumentId: t.id({ required: false }),
    kind: t.field({ type: HedgeKindEnum, required: false }),
    settlement: t.field({ type: HedgeSettlementEnum, required: false }),
    contractSize: t.float({
      required: false,
      description: 'Linear/spot: tokens per contract; inverse: USD face.',
    }),
    expiry: t.field({ type: 'DateTime', required: false }),
  }),
});

const DeltaPairRef = builder.objectRef<DeltaPair>('DeltaPair').implement({
  description: 'A delta in USD and in spot-equivalent tokens (deltaUsd / spot).',
  fields: (t) => ({
    deltaUsd: t.exposeFloat('deltaUsd'),
    deltaTokens: t.exposeFloat('deltaTokens'),
  }),
});

const RemainingGreeksRef = builder.objectRef<DeltaHedge['remaining']>('RemainingGreeks').implement({
  description: 'Greeks left on the underlying (a delta-one hedge does not change them).',
  fields: (t) => ({
    gamma: t.exposeFloat('gamma'),
    cashGammaUsd: t.exposeFloat('cashGammaUsd'),
    vegaUsd: t.exposeFloat('vegaUsd'),
    thetaUsd: t.exposeFloat('thetaUsd'),
  }),
});

interface HedgeShape {
  hedge: DeltaHedge;
  instrumentId: string | null;
  symbol: string | null;
  venue: string | null;
}

const HedgeSuggestionRef = builder.objectRef<HedgeShape>('HedgeSuggestion').implement({
  description: 'Contracts to trade (positive = buy) to neutralise the USD delta of the underlying.',
  fields: (t) => ({
    underlying: t.string({ resolve: (h) => h.hedge.underlying }),
    instrumentId: t.id({ nullable: true, resolve: (h) => h.instrumentId }),
    symbol: t.string({ nullable: true, resolve: (h) => h.symbol }),
    venue: t.string({ nullable: true, resolve: (h) => h.venue }),
    kind: t.string({ resolve: (h) => h.hedge.instrument.kind }),
    settlement: t.string({ resolve: (h) => h.hedge.instrument.settlement }),
    contractSize: t.float({ resolve: (h) => h.hedge.contractSize }),
    expiry: t.field({
      type: 'DateTime',
      nullable: true,
      resolve: (h) => (h.hedge.instrument.expiry ? new Date(h.hedge.instrument.expiry) : null),
    }),
    instrumentPrice: t.float({ resolve: (h) => h.hedge.instrumentPrice }),
    before: t.field({ type: DeltaPairRef, resolve: (h) => h.hedge.before }),
    perContract: t.field({ type: DeltaPairRef, resolve: (h) => h.hedge.perContract }),
    exactContracts: t.float({ resolve: (h) => h.hedge.exactContracts }),
    contracts: t.float({
      description: 'Whole contracts, rounded half away from zero.',
      resolve: (h) => h.hedge.contracts,
    }),
    residual: t.field({ type: DeltaPairRef, resolve: (h) => h.hedge.residual }),
    remaining: t.field({ type: RemainingGreeksRef, resolve: (h) => h.hedge.remaining }),
  }),
});

builder.queryField('hedgeSuggestions', (t) =>
  t.field({
    type: [HedgeSuggestionRef],
    authScopes: { role: 'VIEWER' },
    description:
      'Delta hedge of one underlying of the selected fund with each candidate instrument (at most 10).',
    args: {
      snapshotId: t.arg.id({ required: false }),
      underlying: t.arg.string({ required: true }),
      instruments: t.arg({ type: [HedgeInstrumentInput], required: true }),
    },
    resolve: async (_root, args, ctx) => {
      const { fundId } = selectedFund(ctx);
      const underlying = checkToken('underlying', args.underlying);
      if (args.instruments.length === 0 || args.instruments.length > 10)
        throw new BadUserInputError(
          'instruments',
          `give 1 to 10 candidates (got ${args.instruments.length})`,
        );
      const candidates: (HedgeInstrument & {
        instrumentId: string | null;
        symbol: string | null;
        venue: string | null;
      })[] = [];
      for (const [i, c] of args.instruments.entries()) {
        const field = `instruments[${i}]`;
        if (c.instrumentId != null) {
          const id = idOrNotFound('instrument', String(c.instrumentId));
          const ins = await ctx.db.read((tx) =>
            tx.instrument.findFirst({ where: { id, OR: [{ fundId: null }, { fundId }] } }),
          );
          if (!ins) throw new NotFoundError('instrument', id);
          if (ins.underlying !== underlying)
            throw new BadUserInputError(
              `${field}.instrumentId`,
              `instrument underlying is ${ins.underlying}, not ${underlying}`,
              id,
            );
          const kind =
            ins.kind === 'PERPETUAL'
              ? 'perpetual'
              : ins.kind === 'FUTURE'
                ? 'future'
                : ins.kind === 'SPOT'
                  ? 'spot'
                  : null;
          if (kind === null || ins.settlement === 'QUANTO')
            throw new BadUserInputError(
              `${field}.instrumentId`,
              `a hedge needs a spot, or a linear or inverse perpetual or future (got ${ins.kind} ${ins.settlement ?? ''})`.trim(),
              id,
            );
          candidates.push({
            underlying,
            kind,
            settlement: ins.settlement === 'INVERSE' ? 'inverse' : 'linear',
            contractSize: Number(ins.contractSize.toString()),
            ...(ins.expiry ? { expiry: ins.expiry.toISOString() } : {}),
            instrumentId: ins.id,
            symbol: ins.symbol,
            venue: ins.venue,
          });
          continue;
        }
        if (c.kind == null) throw new BadUserInputError(`${field}.kind`, 'give instrumentId or kind');
        const contractSize = checkNumber(`${field}.contractSize`, c.contractSize, {
          min: 0,
          minExclusive: true,
          max: 1e9,
        });
        if (c.kind === 'FUTURE' && c.expiry == null)
          throw new BadUserInputError(`${field}.expiry`, 'a future needs an expiry');
        if (c.kind !== 'FUTURE' && c.expiry != null)
          throw new BadUserInputError(`${field}.expiry`, `a ${c.kind.toLowerCase()} has no expiry`);
        candidates.push({
          underlying,
          kind: c.kind === 'PERPETUAL' ? 'perpetual' : c.kind === 'FUTURE' ? 'future' : 'spot',
          settlement: c.settlement === 'INVERSE' ? 'inverse' : 'linear',
          contractSize,
          ...(c.expiry ? { expiry: c.expiry.toISOString() } : {}),
          instrumentId: null,
          symbol: null,
          venue: null,
        });
      }
      const risk = await loadRiskBook(ctx, args.snapshotId == null ? null : String(args.snapshotId));
      const exposures = risk.exposures();
      return candidates.map(({ instrumentId, symbol, venue, ...instrument }, i) => ({
        hedge: riskCall(() => deltaHedge(exposures, risk.view, instrument), `instruments[${i}].`),
        instrumentId,
        symbol,
        venue,
      }));
    },
  }),
);
