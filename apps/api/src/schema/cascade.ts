/**
 * `simulateCascade`: risk-core's liquidation cascade (docs/cascade-format.md) with the selected
 * fund's own positions (the @dte/domain liquidation document, marked at the pre-shock prices) and a
 * market population given by the caller (perp liquidation levels, lending positions, leveraged-token
 * supply, impact model). Every number is checked here (field and value named) before risk-core
 * re-validates the assembled scenario; sizes are bounded so one query cannot run for minutes.
 */
import { liquidationDocument } from '@dte/domain';
import { type CascadeResult, type CascadeRound, parseCascadeScenario, simulateCascade } from '@dte/risk-core';
import { builder } from '../builder.ts';
import { BadUserInputError } from '../errors.ts';
import { loadRiskBook, type RiskBook } from '../risk/book.ts';
import { riskCall } from '../risk/errors.ts';
import { finiteOrNull, tokenValues } from '../risk/numbers.ts';
import { checkInt, checkNumber, checkText } from '../validation.ts';
import {
  checkToken,
  checkTokenMoves,
  RiskSnapshotRef,
  TokenMoveInput,
  TokenValueRef,
} from './exposure-common.ts';

/** Bounds of a cascade input. */
export const CASCADE_LIMITS = {
  perps: 200,
  levels: 20_000,
  lendingGroups: 200,
  lendingPositions: 50_000,
  leveragedTokens: 100,
  spillovers: 50,
  maxRounds: 200,
} as const;

const TokenPriceInput = builder.inputType('TokenPriceInput', {
  fields: (t) => ({ token: t.string({ required: true }), price: t.float({ required: true }) }),
});
const ImpactModelEnum = builder.enumType('CascadeImpactModel', {
  description: 'LINEAR / SQRT: log move 0.01 x g(flow / depth); NONE: the token does not move.',
  values: ['LINEAR', 'SQRT', 'NONE'] as const,
});
const ImpactInput = builder.inputType('CascadeImpactInput', {
  description: 'Impact model of a token (`default`: every non-stable token not listed).',
  fields: (t) => ({
    token: t.string({ required: true }),
    model: t.field({ type: ImpactModelEnum, required: true }),
    depthUsd: t.float({ required: false, description: 'USD that moves the price by 1% (LINEAR, SQRT).' }),
  }),
});
const SpilloverInput = builder.inputType('CascadeSpilloverInput', {
  fields: (t) => ({
    from: t.string({ required: true }),
    to: t.string({ required: true }),
    beta: t.float({ required: true }),
  }),
});
const PerpSideEnum = builder.enumType('CascadePerpSide', { values: ['LONG', 'SHORT'] as const });
const LevelInput = builder.inputType('CascadeLevelInput', {
  fields: (t) => ({ price: t.float({ required: true }), notionalUsd: t.float({ required: true }) }),
});
const BandInput = builder.inputType('CascadeBandInput', {
  description: '`notionalUsd` spread evenly over `count` levels from `from` to `to`.',
  fields: (t) => ({
    from: t.float({ required: true }),
    to: t.float({ required: true }),
    count: t.int({ required: true }),
    notionalUsd: t.float({ required: true }),
  }),
});
const PerpInput = builder.inputType('CascadePerpInput', {
  description: 'Aggregate perpetual liquidation levels of one venue, token and side.',
  fields: (t) => ({
    venue: t.string({ required: true }),
    token: t.string({ required: true }),
    side: t.field({ type: PerpSideEnum, required: true }),
    levels: t.field({ type: [LevelInput], required: false }),
    band: t.field({ type: BandInput, required: false }),
  }),
});
const LendingPositionInput = builder.inputType('CascadeLendingPositionInput', {
  fields: (t) => ({
    collateralAmount: t.float({ required: true }),
    debtAmount: t.float({ required: true }),
  }),
});
const HfBucketInput = builder.inputType('CascadeHfBucketInput', {
  fields: (t) => ({ healthFactor: t.float({ required: true }), collateralUsd: t.float({ required: true }) }),
});
const LendingInput = builder.inputType('CascadeLendingInput', {
  description:
    'Lending positions of one protocol and collateral/debt pair (individual or health-factor buckets).',
  fields: (t) => ({
    protocol: t.string({ required: true }),
    collateral: t.string({ required: true }),
    debt: t.string({ required: true }),
    liquidationThreshold: t.float({ required: true }),
    liquidationBonus: t.float({ required: true }),
    positions: t.field({ type: [LendingPositionInput], required: false }),
    hfBuckets: t.field({ type: [HfBucketInput], required: false }),
  }),
});
const ProtocolRulesEnum = builder.enumType('CascadeLendingRules', { values: ['AAVE_V3_3', 'FULL'] as const });
const ProtocolInput = builder.inputType('CascadeProtocolInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    rules: t.field({ type: ProtocolRulesEnum, required: true }),
    closeFactor: t.float({ required: false }),
    protocolFee: t.float({ required: false }),
  }),
});
const LeveragedTokenInput = builder.inputType('CascadeLeveragedTokenInput', {
  fields: (t) => ({
    underlying: t.string({ required: true }),
    leverage: t.float({ required: true }),
    outstandingUsd: t.float({ required: true }),
    rebalanceThreshold: t.float({ required: false }),
    name: t.string({ required: false }),
  }),
});

const CascadeInput = builder.inputType('CascadeInput', {
  description: 'A cascade scenario (docs/cascade-format.md): shock, impact, and the market population.',
  fields: (t) => ({
    shock: t.field({ type: [TokenMoveInput], required: true }),
    prices: t.field({
      type: [TokenPriceInput],
      required: false,
      description: 'Pre-shock USD prices; default the snapshot’s spot for every token used.',
    }),
    stablecoins: t.stringList({ required: false }),
    impact: t.field({ type: [ImpactInput], required: false }),
    spillover: t.field({ type: [SpilloverInput], required: false }),
    perps: t.field({ type: [PerpInput], required: false }),
    lending: t.field({ type: [LendingInput], required: false }),
    lendingProtocols: t.field({ type: [ProtocolInput], required: false }),
    leveragedTokens: t.field({ type: [LeveragedTokenInput], required: false }),
    includeFund: t.boolean({
      required: false,
      defaultValue: true,
      description: 'Include the fund’s own positions.',
    }),
    maxRounds: t.int({ required: false, defaultValue: 50 }),
    reLiquidation: t.boolean({ required: false, defaultValue: true }),
    flowToleranceUsd: t.float({ required: false, defaultValue: 1 }),
  }),
});

type Input = typeof CascadeInput.$inferInput;

const positive = (field: string, v: unknown, max = 1e15) =>
  checkNumber(field, v, { min: 0, minExclusive: true, max });
const bounded = (field: string, n: number, max: number) => {
  if (n > max) throw new BadUserInputError(field, `at most ${max} entries (got ${n})`, n);
};

/** Validates the input and builds the scenario JSON of `parseCascadeScenario` (without prices). */
function scenarioJson(input: Input): { json: Record<string, unknown>; tokens: Set<string> } {
  const tokens = new Set<string>();
  const token = (field: string, v: unknown) => {
    const t = checkToken(field, v);
    tokens.add(t);
    return t;
  };
  const shock = checkTokenMoves('input.shock', input.shock);
  for (const t of Object.keys(shock)) tokens.add(t);
  const impact: Record<string, unknown> = {};
  (input.impact ?? []).forEach((m, i) => {
    const key = m.token === 'default' ? 'default' : token(`input.impact[${i}].token`, m.token);
    if (m.model === 'NONE') impact[key] = { model: 'none' };
    else
      impact[key] = {
        model: m.model === 'LINEAR' ? 'linear' : 'sqrt',
        depthUsd: positive(`input.impact[${i}].depthUsd`, m.depthUsd),
      };
  });
  bounded('input.spillover', input.spillover?.length ?? 0, CASCADE_LIMITS.spillovers);
  const spillover = (input.spillover ?? []).map((s, i) => ({
    from: token(`input.spillover[${i}].from`, s.from),
    to: token(`input.spillover[${i}].to`, s.to),
    beta: checkNumber(`input.spillover[${i}].beta`, s.beta, { min: -10, max: 10 }),
  }));
  bounded('input.perps', input.perps?.length ?? 0, CASCADE_LIMITS.perps);
  let levelCount = 0;
  const perps = (input.perps ?? []).map((p, i) => {
    const f = `input.perps[${i}]`;
    const out: Record<string, unknown> = {
      venue: checkText(`${f}.venue`, p.venue, 64),
      token: token(`${f}.token`, p.token),
      side: p.side === 'LONG' ? 'long' : 'short',
    };
    if (p.levels) {
      levelCount += p.levels.length;
      bounded('input.perps', levelCount, CASCADE_LIMITS.levels);
      out.levels = p.levels.map((l, j) => [
        positive(`${f}.levels[${j}].price`, l.price),
        positive(`${f}.levels[${j}].notionalUsd`, l.notionalUsd),
      ]);
    }
    if (p.band) {
      const count = checkInt(`${f}.band.count`, p.band.count, 1, CASCADE_LIMITS.levels);
      levelCount += count;
      bounded('input.perps', levelCount, CASCADE_LIMITS.levels);
      out.band = {
        from: positive(`${f}.band.from`, p.band.from),
        to: positive(`${f}.band.to`, p.band.to),
        count,
        notionalUsd: positive(`${f}.band.notionalUsd`, p.band.notionalUsd),
      };
    }
    if (!p.levels && !p.band) throw new BadUserInputError(`${f}.levels`, 'give levels or band');
    return out;
  });
  bounded('input.lending', input.lending?.length ?? 0, CASCADE_LIMITS.lendingGroups);
  let lendingCount = 0;
  const lending = (input.lending ?? []).map((l, i) => {
    const f = `input.lending[${i}]`;
    lendingCount += (l.positions?.length ?? 0) + (l.hfBuckets?.length ?? 0);
    bounded('input.lending', lendingCount, CASCADE_LIMITS.lendingPositions);
    if (!l.positions?.length && !l.hfBuckets?.length)
      throw new BadUserInputError(`${f}.positions`, 'give positions or hfBuckets');
    return {
      protocol: checkText(`${f}.protocol`, l.protocol, 64),
      collateral: token(`${f}.collateral`, l.collateral),
      debt: token(`${f}.debt`, l.debt),
      liquidationThreshold: checkNumber(`${f}.liquidationThreshold`, l.liquidationThreshold, {
        min: 0,
        minExclusive: true,
        max: 1,
      }),
      liquidationBonus: checkNumber(`${f}.liquidationBonus`, l.liquidationBonus, {
        min: 1,
        max: 2,
        maxExclusive: true,
      }),
      positions: (l.positions ?? []).map((p, j) => ({
        collateralAmount: checkNumber(`${f}.positions[${j}].collateralAmount`, p.collateralAmount, {
          min: 0,
          max: 1e15,
        }),
        debtAmount: checkNumber(`${f}.positions[${j}].debtAmount`, p.debtAmount, { min: 0, max: 1e15 }),
      })),
      hfBuckets: (l.hfBuckets ?? []).map((b, j) => [
        positive(`${f}.hfBuckets[${j}].healthFactor`, b.healthFactor, 1e6),
        positive(`${f}.hfBuckets[${j}].collateralUsd`, b.collateralUsd),
      ]),
    };
  });
  const lendingProtocols: Record<string, unknown> = {};
  (input.lendingProtocols ?? []).forEach((p, i) => {
    const f = `input.lendingProtocols[${i}]`;
    lendingProtocols[checkText(`${f}.name`, p.name, 64)] = {
      rules: p.rules === 'FULL' ? 'full' : 'aave-v3.3',
      ...(p.closeFactor == null
        ? {}
        : {
            closeFactor: checkNumber(`${f}.closeFactor`, p.closeFactor, {
              min: 0,
              minExclusive: true,
              max: 1,
            }),
          }),
      ...(p.protocolFee == null
        ? {}
        : { protocolFee: checkNumber(`${f}.protocolFee`, p.protocolFee, { min: 0, max: 1 }) }),
    };
  });
  bounded('input.leveragedTokens', input.leveragedTokens?.length ?? 0, CASCADE_LIMITS.leveragedTokens);
  const leveragedTokens = (input.leveragedTokens ?? []).map((l, i) => {
    const f = `input.leveragedTokens[${i}]`;
    const leverage = checkNumber(`${f}.leverage`, l.leverage, { min: -100, max: 100 });
    if (leverage === 0) throw new BadUserInputError(`${f}.leverage`, 'must not be 0', leverage);
    return {
      underlying: token(`${f}.underlying`, l.underlying),
      leverage,
      outstandingUsd: checkNumber(`${f}.outstandingUsd`, l.outstandingUsd, { min: 0, max: 1e15 }),
      rebalanceThreshold:
        l.rebalanceThreshold == null
          ? 0
          : checkNumber(`${f}.rebalanceThreshold`, l.rebalanceThreshold, { min: 0, max: 1 }),
      ...(l.name == null ? {} : { name: checkText(`${f}.name`, l.name, 64) }),
    };
  });
  const stablecoins = input.stablecoins?.map((s, i) => checkToken(`input.stablecoins[${i}]`, s));
  const options = {
    maxRounds: checkInt('input.maxRounds', input.maxRounds ?? 50, 1, CASCADE_LIMITS.maxRounds),
    reLiquidation: input.reLiquidation ?? true,
    flowToleranceUsd: checkNumber('input.flowToleranceUsd', input.flowToleranceUsd ?? 1, {
      min: 0,
      max: 1e12,
    }),
  };
  return {
    json: {
      shock,
      impact,
      spillover,
      perps,
      lending,
      lendingProtocols,
      leveragedTokens,
      ...(stablecoins ? { stablecoins } : {}),
      options,
    },
    tokens,
  };
}

interface CascadeShape {
  risk: RiskBook;
  result: CascadeResult;
}

const CascadeRoundRef = builder.objectRef<CascadeRound>('CascadeRound').implement({
  description:
    'One round: prices where its liquidations executed, what was liquidated, prices after its trades.',
  fields: (t) => ({
    round: t.exposeInt('round'),
    prices: t.field({ type: [TokenValueRef], resolve: (r) => tokenValues(r.prices) }),
    pricesAfter: t.field({ type: [TokenValueRef], resolve: (r) => tokenValues(r.pricesAfter) }),
    liquidatedUsd: t.exposeFloat('liquidatedUsd'),
    perpUsd: t.float({ resolve: (r) => r.byKind.perp }),
    lendingUsd: t.float({ resolve: (r) => r.byKind.lending }),
    fundUsd: t.float({ resolve: (r) => r.byKind.fund }),
    byProtocol: t.field({
      type: [TokenValueRef],
      description: 'Liquidated USD per venue / protocol (`token` holds the name).',
      resolve: (r) => tokenValues(r.byProtocol),
    }),
    debtRepaidUsd: t.exposeFloat('debtRepaidUsd'),
    badDebtUsd: t.exposeFloat('badDebtUsd'),
    rebalanceUsd: t.exposeFloat('rebalanceUsd'),
    perpLevels: t.int({ resolve: (r) => r.counts.perpLevels }),
    lendingPositions: t.int({ resolve: (r) => r.counts.lendingPositions }),
    fundLiquidated: t.idList({ resolve: (r) => r.fundLiquidated }),
  }),
});

const CascadeTotalsRef = builder.objectRef<CascadeResult['totals']>('CascadeTotals').implement({
  fields: (t) => ({
    liquidatedUsd: t.exposeFloat('liquidatedUsd'),
    perpUsd: t.float({ resolve: (x) => x.byKind.perp }),
    lendingUsd: t.float({ resolve: (x) => x.byKind.lending }),
    fundUsd: t.float({ resolve: (x) => x.byKind.fund }),
    byProtocol: t.field({ type: [TokenValueRef], resolve: (x) => tokenValues(x.byProtocol) }),
    byToken: t.field({ type: [TokenValueRef], resolve: (x) => tokenValues(x.byToken) }),
    badDebtUsd: t.exposeFloat('badDebtUsd'),
    debtRepaidUsd: t.exposeFloat('debtRepaidUsd'),
    rebalanceUsd: t.exposeFloat('rebalanceUsd'),
    perpLevels: t.exposeInt('perpLevels'),
    lendingPositions: t.exposeInt('lendingPositions'),
  }),
});

const FundLiquidatedRef = builder
  .objectRef<{ risk: RiskBook; id: string; round: number }>('CascadeFundLiquidation')
  .implement({
    description: 'A position of the fund liquidated in the cascade.',
    fields: (t) => ({
      id: t.id({ resolve: (f) => f.id }),
      positionId: t.id({
        nullable: true,
        resolve: (f) => {
          const ref = f.risk.mapped.refs.get(f.id);
          return ref?.source === 'POSITION' ? (ref.rowIds[0] ?? null) : null;
        },
      }),
      round: t.int({ resolve: (f) => f.round }),
    }),
  });

const CascadeResultRef = builder.objectRef<CascadeShape>('CascadeResult').implement({
  description: 'Result of a liquidation cascade simulation (risk-core simulateCascade).',
  fields: (t) => ({
    snapshot: t.field({ type: RiskSnapshotRef, resolve: (c) => c.risk.book.snapshot }),
    termination: t.string({ description: 'stable or round-limit.', resolve: (c) => c.result.termination }),
    initialPrices: t.field({ type: [TokenValueRef], resolve: (c) => tokenValues(c.result.initialPrices) }),
    shockedPrices: t.field({ type: [TokenValueRef], resolve: (c) => tokenValues(c.result.shockedPrices) }),
    finalPrices: t.field({ type: [TokenValueRef], resolve: (c) => tokenValues(c.result.finalPrices) }),
    amplification: t.field({
      type: [TokenValueRef],
      description: '(final / initial - 1) / shock per token; null where the shock is 0.',
      resolve: (c) => tokenValues(c.result.amplification),
    }),
    leadAmplification: t.float({ nullable: true, resolve: (c) => finiteOrNull(c.result.leadAmplification) }),
    rounds: t.field({
      type: [CascadeRoundRef],
      complexity: { field: 1, multiplier: 20 },
      resolve: (c) => c.result.rounds,
    }),
    totals: t.field({ type: CascadeTotalsRef, resolve: (c) => c.result.totals }),
    fundLiquidated: t.field({
      type: [FundLiquidatedRef],
      resolve: (c) => c.result.fundLiquidated.map((f) => ({ risk: c.risk, ...f })),
    }),
  }),
});

builder.queryField('simulateCascade', (t) =>
  t.field({
    type: CascadeResultRef,
    authScopes: { role: 'ANALYST' },
    description:
      'Liquidation cascade after a shock: the given market population plus (by default) the selected fund’s own positions, marked at the pre-shock prices.',
    args: {
      snapshotId: t.arg.id({ required: false }),
      input: t.arg({ type: CascadeInput, required: true }),
    },
    resolve: async (_root, args, ctx) => {
      const { json, tokens } = scenarioJson(args.input);
      const overrides: Record<string, number> = {};
      (args.input.prices ?? []).forEach((p, i) => {
        const token = checkToken(`input.prices[${i}].token`, p.token);
        overrides[token] = positive(`input.prices[${i}].price`, p.price);
      });
      const risk = await loadRiskBook(ctx, args.snapshotId == null ? null : String(args.snapshotId));
      const includeFund = args.input.includeFund ?? true;
      const portfolio = includeFund ? liquidationDocument(risk.mapped, risk.book) : undefined;
      const prices: Record<string, number> = {};
      const spot = risk.doc.market.spot;
      const used = new Set([...tokens, ...(includeFund ? risk.revaluation().tokens : [])]);
      for (const token of used) {
        const price = overrides[token] ?? (token === 'USD' ? 1 : spot[token]);
        if (price !== undefined) prices[token] = price;
      }
      for (const [token, price] of Object.entries(overrides)) prices[token] = price;
      for (const [token, price] of Object.entries(spot))
        if (includeFund && prices[token] === undefined) prices[token] = price;
      const scenario = riskCall(
        () => parseCascadeScenario({ ...json, prices, ...(portfolio ? { portfolio } : {}) }),
        'input.',
      );
      const result = riskCall(() => simulateCascade(scenario), 'input.');
      return { risk, result };
    },
  }),
);
