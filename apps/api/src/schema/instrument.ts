/**
 * The instrument catalog as seen by a fund: the global rows (fund_id NULL, read-only, seeded from
 * packages/db/data/instruments.json) plus the fund's own custom instruments. Read: any member;
 * create/update/deactivate custom instruments: RISK_MANAGER and OWNER. Validation per kind:
 * ./instrument-rules.ts.
 */
import { type Prisma, postgresErrorCode, type TenantTx } from '@dte/db';
import { builder } from '../builder.ts';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../errors.ts';
import { checkPageArgs, checkText, MAX_PAGE_SIZE } from '../validation.ts';
import { idOrNotFound, selectedFund } from './guards.ts';
import { InstrumentKindEnum, OptionTypeEnum, SettlementEnum } from './instrument-enums.ts';
import { type InstrumentDefinition, type InstrumentDraft, validateInstrument } from './instrument-rules.ts';

/** An instrument of the global catalog or a custom instrument of the selected fund. */
export const InstrumentRef = builder.prismaObject('Instrument', {
  description:
    'A contract or asset: global catalog rows (`isCustom: false`, read-only) and the fund’s custom instruments. Contract size conventions: docs/catalog.md.',
  authScopes: { member: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    venue: t.exposeString('venue'),
    symbol: t.exposeString('symbol'),
    kind: t.expose('kind', { type: InstrumentKindEnum }),
    settlement: t.expose('settlement', { type: SettlementEnum, nullable: true }),
    underlying: t.exposeString('underlying'),
    quoteCurrency: t.exposeString('quoteCurrency'),
    settlementCurrency: t.exposeString('settlementCurrency'),
    contractSize: t.expose('contractSize', {
      type: 'Decimal',
      description:
        'LINEAR: underlying units per contract; INVERSE: USD face value; QUANTO: 1; OPTION: underlying units (also inverse options).',
    }),
    multiplier: t.expose('multiplier', {
      type: 'Decimal',
      nullable: true,
      description: 'QUANTO: settlement coin per 1 USD of the underlying’s price, per contract.',
    }),
    expiry: t.expose('expiry', { type: 'DateTime', nullable: true }),
    strike: t.expose('strike', { type: 'Decimal', nullable: true }),
    optionType: t.expose('optionType', { type: OptionTypeEnum, nullable: true }),
    tickSize: t.expose('tickSize', { type: 'Decimal', nullable: true }),
    initialMarginRate: t.expose('initialMarginRate', { type: 'Decimal', nullable: true }),
    maintenanceMarginRate: t.expose('maintenanceMarginRate', { type: 'Decimal', nullable: true }),
    marginTiers: t.expose('marginTiers', { type: 'JSON', nullable: true }),
    targetLeverage: t.expose('targetLeverage', { type: 'Decimal', nullable: true }),
    liquidationThreshold: t.expose('liquidationThreshold', { type: 'Decimal', nullable: true }),
    liquidationBonus: t.expose('liquidationBonus', { type: 'Decimal', nullable: true }),
    loanToValue: t.expose('loanToValue', { type: 'Decimal', nullable: true }),
    closeFactor: t.expose('closeFactor', { type: 'Decimal', nullable: true }),
    sourceUrl: t.exposeString('sourceUrl', { nullable: true }),
    notes: t.exposeString('notes', { nullable: true }),
    active: t.exposeBoolean('active'),
    isCustom: t.boolean({
      description: 'True for the fund’s own instruments, false for the global catalog.',
      resolve: (instrument) => instrument.fundId !== null,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

const InstrumentFilter = builder.inputType('InstrumentFilter', {
  fields: (t) => ({
    venue: t.string({ required: false }),
    kind: t.field({ type: InstrumentKindEnum, required: false }),
    underlying: t.string({ required: false }),
    settlement: t.field({ type: SettlementEnum, required: false }),
    expiryFrom: t.field({ type: 'DateTime', required: false, description: 'Expiry at or after.' }),
    expiryTo: t.field({ type: 'DateTime', required: false, description: 'Expiry at or before.' }),
    active: t.boolean({ required: false, description: 'Only active (true) or inactive (false) rows.' }),
    custom: t.boolean({ required: false, description: 'Only custom (true) or global catalog (false) rows.' }),
    symbol: t.string({ required: false, description: 'Exact symbol.' }),
    symbolContains: t.string({ required: false, description: 'Case-insensitive part of the symbol.' }),
  }),
});

/** Rows the selected fund may see: global rows and its own (RLS repeats this). */
const visibleTo = (fundId: string): Prisma.InstrumentWhereInput => ({ OR: [{ fundId: null }, { fundId }] });

builder.queryField('instruments', (t) =>
  t.prismaConnection({
    type: 'Instrument',
    cursor: 'id',
    authScopes: { member: true },
    description: `Global catalog and custom instruments by venue and symbol (first at most ${MAX_PAGE_SIZE}).`,
    args: { filter: t.arg({ type: InstrumentFilter, required: false }) },
    complexity: (args) => ({ field: 1, multiplier: Math.min(args.first ?? args.last ?? 20, MAX_PAGE_SIZE) }),
    resolve: (query, _root, args, ctx) => {
      checkPageArgs(args);
      const { fundId } = selectedFund(ctx);
      const f = args.filter ?? {};
      const text = (field: string, value: string | null | undefined, max: number) =>
        value == null ? undefined : checkText(`filter.${field}`, value, max);
      const venue = text('venue', f.venue, 64);
      const underlying = text('underlying', f.underlying, 32)?.toUpperCase();
      const symbol = text('symbol', f.symbol, 128);
      const symbolContains = text('symbolContains', f.symbolContains, 128);
      if (f.expiryFrom && f.expiryTo && f.expiryFrom > f.expiryTo)
        throw new BadUserInputError('filter.expiryTo', 'must not be before filter.expiryFrom');
      const where: Prisma.InstrumentWhereInput = {
        AND: [
          f.custom == null ? visibleTo(fundId) : f.custom ? { fundId } : { fundId: null },
          {
            ...(venue ? { venue } : {}),
            ...(f.kind ? { kind: f.kind } : {}),
            ...(underlying ? { underlying } : {}),
            ...(f.settlement ? { settlement: f.settlement } : {}),
            ...(f.active == null ? {} : { active: f.active }),
            ...(symbol
              ? { symbol }
              : symbolContains
                ? { symbol: { contains: symbolContains, mode: 'insensitive' } }
                : {}),
            ...(f.expiryFrom || f.expiryTo
              ? {
                  expiry: {
                    ...(f.expiryFrom ? { gte: f.expiryFrom } : {}),
                    ...(f.expiryTo ? { lte: f.expiryTo } : {}),
                  },
                }
              : {}),
          },
        ],
      };
      return ctx.db.read((tx) =>
        tx.instrument.findMany({
          ...query,
          where,
          orderBy: [{ venue: 'asc' }, { symbol: 'asc' }, { id: 'asc' }],
        }),
      );
    },
  }),
);

builder.queryField('instrument', (t) =>
  t.prismaField({
    type: 'Instrument',
    authScopes: { member: true },
    description: 'One instrument (global, or a custom instrument of the selected fund).',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const { fundId } = selectedFund(ctx);
      const id = idOrNotFound('instrument', String(args.id));
      const row = await ctx.db.read((tx) =>
        tx.instrument.findFirst({ ...query, where: { AND: [{ id }, visibleTo(fundId)] } }),
      );
      if (!row) throw new NotFoundError('instrument', id);
      return row;
    },
  }),
);

builder.queryField('instrumentBySymbol', (t) =>
  t.prismaField({
    type: 'Instrument',
    nullable: true,
    authScopes: { member: true },
    description: 'The instrument with this venue and symbol (the fund’s custom one first), or null.',
    args: { venue: t.arg.string({ required: true }), symbol: t.arg.string({ required: true }) },
    resolve: (query, _root, args, ctx) => {
      const { fundId } = selectedFund(ctx);
      const venue = checkText('venue', args.venue, 64);
      const symbol = checkText('symbol', args.symbol, 128);
      return ctx.db.read((tx) =>
        tx.instrument.findFirst({
          ...query,
          where: { AND: [{ venue, symbol }, visibleTo(fundId)] },
          orderBy: [{ fundId: { sort: 'asc', nulls: 'last' } }],
        }),
      );
    },
  }),
);

const instrumentFields = (required: boolean) =>
  builder.inputType(required ? 'CreateInstrumentInput' : 'UpdateInstrumentInput', {
    description: required
      ? 'A custom instrument. Rules per kind: docs/catalog.md "Validation".'
      : 'Fields to change (absent: kept; null: cleared). The result is validated as a whole.',
    fields: (t) => ({
      venue: t.string({ required }),
      symbol: t.string({ required }),
      kind: t.field({ type: InstrumentKindEnum, required }),
      settlement: t.field({ type: SettlementEnum, required: false }),
      underlying: t.string({ required }),
      quoteCurrency: t.string({ required }),
      settlementCurrency: t.string({ required }),
      contractSize: t.field({ type: 'Decimal', required: false, description: 'Default 1.' }),
      multiplier: t.field({ type: 'Decimal', required: false }),
      expiry: t.field({ type: 'DateTime', required: false }),
      strike: t.field({ type: 'Decimal', required: false }),
      optionType: t.field({ type: OptionTypeEnum, required: false }),
      tickSize: t.field({ type: 'Decimal', required: false }),
      initialMarginRate: t.field({ type: 'Decimal', required: false }),
      maintenanceMarginRate: t.field({ type: 'Decimal', required: false }),
      targetLeverage: t.field({ type: 'Decimal', required: false }),
      liquidationThreshold: t.field({ type: 'Decimal', required: false }),
      liquidationBonus: t.field({ type: 'Decimal', required: false }),
      loanToValue: t.field({ type: 'Decimal', required: false }),
      closeFactor: t.field({ type: 'Decimal', required: false }),
      sourceUrl: t.string({ required: false }),
      notes: t.string({ required: false }),
      ...(required ? {} : { active: t.boolean({ required: false }) }),
    }),
  });

const CreateInstrumentInput = instrumentFields(true);
const UpdateInstrumentInput = instrumentFields(false);

/** Throws BAD_USER_INPUT listing every issue (the first one's field in `extensions.field`). */
function definitionOrThrow(draft: InstrumentDraft): InstrumentDefinition {
  const result = validateInstrument(draft);
  if (result.ok) return result.value;
  const [first] = result.issues;
  const message = result.issues.map((i) => `${i.field}: ${i.reason}`).join('; ');
  const field = first?.field ?? 'input';
  throw new BadUserInputError(
    field,
    message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message,
  );
}

/** CONFLICT when (venue, symbol) is a global catalog row or another custom instrument of the fund. */
async function assertSymbolFree(
  tx: TenantTx,
  fundId: string,
  venue: string,
  symbol: string,
  exceptId?: string,
): Promise<void> {
  const clash = await tx.instrument.findFirst({
    where: {
      venue,
      symbol,
      OR: [{ fundId: null }, { fundId }],
      ...(exceptId ? { NOT: { id: exceptId } } : {}),
    },
    select: { fundId: true },
  });
  if (clash)
    throw new ConflictError(
      clash.fundId === null
        ? `${venue} ${symbol} is in the global catalog: use it instead of a custom instrument`
        : `the fund already has an instrument ${venue} ${symbol}`,
      'symbol',
    );
}

const conflictOnDuplicate = async <T>(fn: () => Promise<T>): Promise<T> => {
  try {
    return await fn();
  } catch (error) {
    if (postgresErrorCode(error) === '23505')
      throw new ConflictError('the fund already has an instrument with this venue and symbol', 'symbol');
    throw error;
  }
};

builder.mutationField('createInstrument', (t) =>
  t.prismaField({
    type: 'Instrument',
    authScopes: { role: 'RISK_MANAGER' },
    description: 'Creates a custom instrument of the selected fund, validated per kind.',
    args: { input: t.arg({ type: CreateInstrumentInput, required: true }) },
    resolve: (query, _root, args, ctx) => {
      const { fundId } = selectedFund(ctx);
      const def = definitionOrThrow(args.input as InstrumentDraft);
      return conflictOnDuplicate(() =>
        ctx.db.write(async (tx, audit) => {
          await assertSymbolFree(tx, fundId, def.venue, def.symbol);
          const row = await tx.instrument.create({ ...query, data: { ...def, fundId } });
          audit({
            action: 'instrument.create',
            targetType: 'Instrument',
            targetId: row.id,
            details: { venue: def.venue, symbol: def.symbol, kind: def.kind },
          });
          return row;
        }),
      );
    },
  }),
);

/** Loads a custom instrument of the fund for a change: global rows are read-only (FORBIDDEN). */
async function customInstrument(tx: TenantTx, fundId: string, id: string) {
  const row = await tx.instrument.findFirst({ where: { AND: [{ id }, visibleTo(fundId)] } });
  if (!row) throw new NotFoundError('instrument', id);
  if (row.fundId === null)
    throw new ForbiddenError('global catalog instruments are read-only: create a custom instrument instead');
  return row;
}

/** The stored row as a draft (decimals as strings). */
function draftOf(row: Record<string, unknown>): InstrumentDraft {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row))
    out[key] =
      value !== null && typeof value === 'object' && !(value instanceof Date) ? String(value) : value;
  return out as InstrumentDraft;
}

builder.mutationField('updateInstrument', (t) =>
  t.prismaField({
    type: 'Instrument',
    authScopes: { role: 'RISK_MANAGER' },
    description:
      'Changes a custom instrument of the selected fund (global catalog rows are read-only). The result is validated as a whole.',
    args: {
      id: t.arg.id({ required: true }),
      input: t.arg({ type: UpdateInstrumentInput, required: true }),
    },
    resolve: (query, _root, args, ctx) => {
      const { fundId } = selectedFund(ctx);
      const id = idOrNotFound('instrument', String(args.id));
      const { active, ...changes } = args.input;
      return conflictOnDuplicate(() =>
        ctx.db.write(async (tx, audit) => {
          const before = await customInstrument(tx, fundId, id);
          const merged: Record<string, unknown> = draftOf(before);
          for (const [key, value] of Object.entries(changes)) if (value !== undefined) merged[key] = value;
          const def = definitionOrThrow(merged as InstrumentDraft);
          if (def.venue !== before.venue || def.symbol !== before.symbol)
            await assertSymbolFree(tx, fundId, def.venue, def.symbol, id);
          const row = await tx.instrument.update({
            ...query,
            where: { id },
            data: { ...def, ...(active == null ? {} : { active }) },
          });
          const beforeDraft = draftOf(before) as Record<string, unknown>;
          const afterDraft = draftOf(row) as Record<string, unknown>;
          const changed = Object.fromEntries(
            Object.keys(def)
              .concat('active')
              .filter((key) => String(beforeDraft[key] ?? '') !== String(afterDraft[key] ?? ''))
              .map((key) => [key, { from: beforeDraft[key] ?? null, to: afterDraft[key] ?? null }]),
          );
          audit({ action: 'instrument.update', targetType: 'Instrument', targetId: id, details: changed });
          return row;
        }),
      );
    },
  }),
);

builder.mutationField('deactivateInstrument', (t) =>
  t.prismaField({
    type: 'Instrument',
    authScopes: { role: 'RISK_MANAGER' },
    description:
      'Marks a custom instrument inactive: it stays readable and its positions stay, but new positions and imports refuse it. `updateInstrument(active: true)` reactivates it.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, args, ctx) => {
      const { fundId } = selectedFund(ctx);
      const id = idOrNotFound('instrument', String(args.id));
      return ctx.db.write(async (tx, audit) => {
        const before = await customInstrument(tx, fundId, id);
        const row = await tx.instrument.update({ ...query, where: { id }, data: { active: false } });
        audit({
          action: 'instrument.deactivate',
          targetType: 'Instrument',
          targetId: id,
          details: { venue: before.venue, symbol: before.symbol, wasActive: before.active },
        });
        return row;
      });
    },
  }),
);
