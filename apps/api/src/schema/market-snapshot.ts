/**
 * Market snapshots: a set of quotes at one time (spot, index and mark prices, forwards per expiry,
 * implied vols flat or per expiry/strike) and the rate. Global snapshots (fund_id NULL) are shared
 * and read-only; a fund uploads its own with `uploadMarketSnapshot` (RISK_MANAGER and OWNER), whole
 * or not at all. Validation: positive finite prices, vols in (0, 10], expiries after `asOf`, no
 * duplicate points, at most {@link MAX_QUOTES} quotes.
 */
import type { Prisma, QuoteKind } from '@dte/db';
import { builder } from '../builder.ts';
import { BadUserInputError, ForbiddenError, NotFoundError } from '../errors.ts';
import { checkAmount, parseAmount, parseToken } from '../imports/amounts.ts';
import { checkPageArgs, checkText, MAX_PAGE_SIZE } from '../validation.ts';
import { idOrNotFound, selectedFund } from './guards.ts';
import { QuoteKindEnum } from './instrument-enums.ts';

/** Most quotes one snapshot upload may carry. */
export const MAX_QUOTES = 5000;
/** How far in the future `asOf` may be (clock skew). */
const MAX_AS_OF_AHEAD_MS = 24 * 3_600_000;

/** One quote of a snapshot. */
export const MarketQuoteRef = builder.prismaObject('MarketQuote', {
  description:
    'A quote: SPOT/INDEX/MARK price (USD), FORWARD price for an expiry, or VOL (annualised, 0.55 = 55%) flat or at an expiry [and strike].',
  authScopes: { member: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    kind: t.expose('kind', { type: QuoteKindEnum }),
    token: t.exposeString('token'),
    instrumentId: t.exposeID('instrumentId', { nullable: true }),
    instrument: t.relation('instrument', { nullable: true }),
    expiry: t.expose('expiry', { type: 'DateTime', nullable: true }),
    strike: t.expose('strike', { type: 'Decimal', nullable: true }),
    value: t.expose('value', { type: 'Decimal' }),
  }),
});

/** A market snapshot (global or the selected fund's). */
export const MarketSnapshotRef = builder.prismaObject('MarketSnapshot', {
  description: 'Market data at one time: quotes and the continuously compounded rate.',
  authScopes: { member: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    asOf: t.expose('asOf', { type: 'DateTime' }),
    source: t.exposeString('source'),
    rate: t.expose('rate', { type: 'Decimal' }),
    isGlobal: t.boolean({
      description: 'True for shared snapshots, false for the fund’s own.',
      resolve: (s) => s.fundId === null,
    }),
    quoteCount: t.relationCount('quotes'),
    quotes: t.relation('quotes', {
      description: `Quotes, by kind, token, expiry and strike (at most ${MAX_QUOTES}).`,
      args: {
        kind: t.arg({ type: QuoteKindEnum, required: false }),
        token: t.arg.string({ required: false }),
      },
      query: (args) => ({
        where: {
          ...(args.kind ? { kind: args.kind } : {}),
          ...(args.token ? { token: args.token.trim().toUpperCase() } : {}),
        },
        orderBy: [{ kind: 'asc' }, { token: 'asc' }, { expiry: 'asc' }, { strike: 'asc' }, { id: 'asc' }],
        take: MAX_QUOTES,
      }),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const SnapshotScopeEnum = builder.enumType('SnapshotScope', {
  values: ['ALL', 'GLOBAL', 'OWN'] as const,
  description: 'ALL: global and the fund’s own; GLOBAL: shared only; OWN: the fund’s only.',
});

const scopeWhere = (fundId: string, scope: 'ALL' | 'GLOBAL' | 'OWN'): Prisma.MarketSnapshotWhereInput =>
  scope === 'GLOBAL'
    ? { fundId: null }
    : scope === 'OWN'
      ? { fundId }
      : { OR: [{ fundId: null }, { fundId }] };

const SnapshotFilter = builder.inputType('MarketSnapshotFilter', {
  fields: (t) => ({
    scope: t.field({ type: SnapshotScopeEnum, required: false, defaultValue: 'ALL' }),
    source: t.string({ required: false, description: 'Exact source.' }),
    asOfFrom: t.field({ type: 'DateTime', required: false }),
    asOfTo: t.field({ type: 'DateTime', required: false }),
  }),
});

builder.queryField('marketSnapshots', (t) =>
  t.prismaConnection({
    type: 'MarketSnapshot',
    cursor: 'id',
    authScopes: { member: true },
    description: `Global and own market snapshots, newest first (first at most ${MAX_PAGE_SIZE}).`,
    args: { filter: t.arg({ type: SnapshotFilter, required: false }) },
    complexity: (args) => ({ field: 1, multiplier: Math.min(args.first ?? args.last ?? 20, MAX_PAGE_SIZE) }),
    resolve: (query, _root, args, ctx) => {
      checkPageArgs(args);
      const { fundId } = selectedFund(ctx);
      const f = args.filter ?? {};
      const source = f.source == null ? undefined : checkText('filter.source', f.source, 200);
      return ctx.db.read((tx) =>
        tx.marketSnapshot.findMany({
          ...query,
          where: {
            AND: [
              scopeWhere(fundId, f.scope ?? 'ALL'),
              {
                ...(source ? { source } : {}),
                ...(f.asOfFrom || f.asOfTo
                  ? {
                      asOf: {
                        ...(f.asOfFrom ? { gte: f.asOfFrom } : {}),
                        ...(f.asOfTo ? { lte: f.asOfTo } : {}),
                      },
                    }
                  : {}),
              },
            ],
          },
          orderBy: [{ asOf: 'desc' }, { id: 'desc' }],
        }),
      );
    },
  }),
);

builder.queryField('latestMarketSnapshot', (t) =>
  t.prismaField({
    type: 'MarketSnapshot',
    nullable: true,
    authScopes: { member: true },
    description: 'The newest snapshot (by asOf) of the scope, or null.',
    args: { scope: t.arg({ type: SnapshotScopeEnum, required: false, defaultValue: 'ALL' }) },
    resolve: (query, _root, args, ctx) => {
      const { fundId } = selectedFund(ctx);
      return ctx.db.read((tx) =>
        tx.marketSnapshot.findFirst({
          ...query,
          where: scopeWhere(fundId, args.scope ?? 'ALL'),
          orderBy: [{ asOf: 'desc' }, { createdAt: 'desc' }, { id: 'desc' }],
        }),
      );
    },
  }),
);

builder.queryField('marketSnapshot', (t) =>
  t.prismaField({
    type: 'MarketSnapshot',
    authScopes: { member: true },
    description: 'One snapshot (global, or the selected fund’s).',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const { fundId } = selectedFund(ctx);
      const id = idOrNotFound('market snapshot', String(args.id));
      const row = await ctx.db.read((tx) =>
        tx.marketSnapshot.findFirst({ ...query, where: { AND: [{ id }, scopeWhere(fundId, 'ALL')] } }),
      );
      if (!row) throw new NotFoundError('market snapshot', id);
      return row;
    },
  }),
);

const PriceQuoteInput = builder.inputType('PriceQuoteInput', {
  fields: (t) => ({
    token: t.string({ required: true }),
    value: t.field({ type: 'Decimal', required: true, description: 'USD price, > 0.' }),
    instrumentId: t.id({
      required: false,
      description: 'MARK of one instrument (e.g. a leveraged token NAV).',
    }),
  }),
});

const ForwardQuoteInput = builder.inputType('ForwardQuoteInput', {
  fields: (t) => ({
    token: t.string({ required: true }),
    expiry: t.field({ type: 'DateTime', required: true, description: 'After asOf.' }),
    value: t.field({ type: 'Decimal', required: true, description: 'Forward price (USD), > 0.' }),
  }),
});

const VolQuoteInput = builder.inputType('VolQuoteInput', {
  fields: (t) => ({
    token: t.string({ required: true }),
    expiry: t.field({ type: 'DateTime', required: false, description: 'Omit for a flat vol; after asOf.' }),
    strike: t.field({ type: 'Decimal', required: false, description: 'Surface point (needs expiry).' }),
    value: t.field({ type: 'Decimal', required: true, description: 'Annualised vol in (0, 10].' }),
  }),
});

const UploadSnapshotInput = builder.inputType('UploadMarketSnapshotInput', {
  fields: (t) => ({
    asOf: t.field({ type: 'DateTime', required: true }),
    source: t.string({ required: true, description: 'Where the data comes from.' }),
    rate: t.field({
      type: 'Decimal',
      required: false,
      description: 'Continuously compounded, in (-1, 1); default 0.',
    }),
    spots: t.field({ type: [PriceQuoteInput], required: false }),
    indices: t.field({ type: [PriceQuoteInput], required: false }),
    marks: t.field({ type: [PriceQuoteInput], required: false }),
    forwards: t.field({ type: [ForwardQuoteInput], required: false }),
    vols: t.field({ type: [VolQuoteInput], required: false }),
  }),
});

interface QuoteRow {
  kind: QuoteKind;
  token: string;
  instrumentId: string | null;
  expiry: Date | null;
  strike: string | null;
  value: string;
}

type RawQuote = {
  token: string;
  value: string;
  instrumentId?: string | number | null;
  expiry?: Date | null;
  strike?: string | null;
};

/**
 * Validates the quotes of an upload; every problem is collected (`spots[2].value: must be > 0 ...`).
 * Returns the rows to insert and the instrument ids to check.
 */
export function validateQuotes(
  asOf: Date,
  lists: Partial<Record<'spots' | 'indices' | 'marks' | 'forwards' | 'vols', readonly RawQuote[] | null>>,
): { rows: QuoteRow[]; issues: { field: string; reason: string }[] } {
  const issues: { field: string; reason: string }[] = [];
  const rows: QuoteRow[] = [];
  const seen = new Map<string, string>();
  const kinds: [keyof typeof lists, QuoteKind][] = [
    ['spots', 'SPOT'],
    ['indices', 'INDEX'],
    ['marks', 'MARK'],
    ['forwards', 'FORWARD'],
    ['vols', 'VOL'],
  ];
  for (const [list, kind] of kinds) {
    (lists[list] ?? []).forEach((raw, index) => {
      const at = `${list}[${index}]`;
      const before = issues.length;
      const token = parseToken(raw.token);
      if (!token.ok) issues.push({ field: `${at}.token`, reason: token.reason });
      const value = parseAmount(
        String(raw.value),
        kind === 'VOL' ? { min: 0, minExclusive: true, max: 10 } : { min: 0, minExclusive: true },
      );
      if (!value.ok) issues.push({ field: `${at}.value`, reason: value.reason });
      const expiry = raw.expiry ?? null;
      if (kind === 'FORWARD' && !expiry) issues.push({ field: `${at}.expiry`, reason: 'is required' });
      if (expiry && expiry.getTime() <= asOf.getTime())
        issues.push({
          field: `${at}.expiry`,
          reason: `must be after asOf ${asOf.toISOString()} (got ${expiry.toISOString()})`,
        });
      let strike: string | null = null;
      if (raw.strike != null) {
        const parsed = parseAmount(String(raw.strike), { min: 0, minExclusive: true });
        if (!parsed.ok) issues.push({ field: `${at}.strike`, reason: parsed.reason });
        else strike = parsed.value;
        if (!expiry) issues.push({ field: `${at}.strike`, reason: 'a surface point needs an expiry' });
      }
      let instrumentId: string | null = null;
      if (raw.instrumentId != null) {
        const id = String(raw.instrumentId);
        if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id))
          issues.push({ field: `${at}.instrumentId`, reason: `instrument ${JSON.stringify(id)} not found` });
        else instrumentId = id.toLowerCase();
      }
      if (issues.length > before || !token.ok || !value.ok) return;
      const key = [kind, token.value, instrumentId ?? '', expiry?.toISOString() ?? '', strike ?? ''].join(
        '|',
      );
      const first = seen.get(key);
      if (first) {
        issues.push({
          field: at,
          reason: `duplicates ${first} (same kind, token, instrument, expiry and strike)`,
        });
        return;
      }
      seen.set(key, at);
      rows.push({ kind, token: token.value, instrumentId, expiry, strike, value: value.value });
    });
  }
  return { rows, issues };
}

/** BAD_USER_INPUT listing every issue (field of the first in `extensions.field`). */
export function throwIssues(issues: readonly { field: string; reason: string }[]): never {
  const [first] = issues;
  const shown = issues.slice(0, 50).map((i) => `${i.field}: ${i.reason}`);
  if (issues.length > 50) shown.push(`... and ${issues.length - 50} more`);
  throw new BadUserInputError(
    first?.field ?? 'input',
    `${issues.length} invalid value(s): ${shown.join('; ')}`,
  );
}

builder.mutationField('uploadMarketSnapshot', (t) =>
  t.prismaField({
    type: 'MarketSnapshot',
    authScopes: { role: 'RISK_MANAGER' },
    description:
      'Stores a market snapshot of the selected fund with all its quotes in one transaction; nothing is written when any value is invalid (every problem is listed).',
    args: { input: t.arg({ type: UploadSnapshotInput, required: true }) },
    resolve: (query, _root, args, ctx) => {
      const { fundId } = selectedFund(ctx);
      const { input } = args;
      const source = checkText('source', input.source, 200);
      const asOf = input.asOf;
      if (asOf.getTime() > Date.now() + MAX_AS_OF_AHEAD_MS)
        throw new BadUserInputError('asOf', `must not be in the future (got ${asOf.toISOString()})`);
      const rate =
        input.rate == null
          ? '0'
          : checkAmount('rate', input.rate, {
              column: 'ratio',
              min: -1,
              max: 1,
              minExclusive: true,
              maxExclusive: true,
            });
      const count =
        (input.spots?.length ?? 0) +
        (input.indices?.length ?? 0) +
        (input.marks?.length ?? 0) +
        (input.forwards?.length ?? 0) +
        (input.vols?.length ?? 0);
      if (count === 0) throw new BadUserInputError('input', 'a snapshot needs at least one quote');
      if (count > MAX_QUOTES)
        throw new BadUserInputError('input', `at most ${MAX_QUOTES} quotes per snapshot (got ${count})`);
      const { rows, issues } = validateQuotes(asOf, input);
      if (issues.length > 0) throwIssues(issues);
      return ctx.db.write(async (tx, audit) => {
        const instrumentIds = [...new Set(rows.flatMap((r) => (r.instrumentId ? [r.instrumentId] : [])))];
        if (instrumentIds.length > 0) {
          const found = await tx.instrument.findMany({
            where: { id: { in: instrumentIds }, OR: [{ fundId: null }, { fundId }] },
            select: { id: true },
          });
          const known = new Set(found.map((f) => f.id));
          const missing = instrumentIds.find((id) => !known.has(id));
          if (missing) throw new NotFoundError('instrument', missing);
        }
        const snapshot = await tx.marketSnapshot.create({
          data: { fundId, asOf, source, rate },
          select: { id: true },
        });
        await tx.marketQuote.createMany({
          data: rows.map((r) => ({ ...r, fundId, snapshotId: snapshot.id })),
        });
        const byKind: Record<string, number> = {};
        for (const r of rows) byKind[r.kind] = (byKind[r.kind] ?? 0) + 1;
        audit({
          action: 'market_snapshot.upload',
          targetType: 'MarketSnapshot',
          targetId: snapshot.id,
          details: { asOf: asOf.toISOString(), source, rate, quotes: byKind },
        });
        return tx.marketSnapshot.findUniqueOrThrow({ ...query, where: { id: snapshot.id } });
      });
    },
  }),
);

builder.mutationField('deleteMarketSnapshot', (t) =>
  t.field({
    type: 'ID',
    authScopes: { role: 'RISK_MANAGER' },
    description: 'Deletes one of the fund’s own snapshots with its quotes (global snapshots are read-only).',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => {
      const { fundId } = selectedFund(ctx);
      const id = idOrNotFound('market snapshot', String(args.id));
      return ctx.db.write(async (tx, audit) => {
        const row = await tx.marketSnapshot.findFirst({
          where: { AND: [{ id }, scopeWhere(fundId, 'ALL')] },
          select: { fundId: true, source: true, asOf: true, _count: { select: { quotes: true } } },
        });
        if (!row) throw new NotFoundError('market snapshot', id);
        if (row.fundId === null) throw new ForbiddenError('global market snapshots are read-only');
        await tx.marketSnapshot.delete({ where: { id } });
        audit({
          action: 'market_snapshot.delete',
          targetType: 'MarketSnapshot',
          targetId: id,
          details: { source: row.source, asOf: row.asOf.toISOString(), quotes: row._count.quotes },
        });
        return id;
      });
    },
  }),
);
