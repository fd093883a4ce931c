/**
 * The instrument catalog file format (packages/db/data/instruments.json, see docs/catalog.md) and
 * its validation. One row per global instrument; every row names its source.
 */
import { z } from 'zod';

const KINDS = ['SPOT', 'FUTURE', 'PERPETUAL', 'OPTION', 'LEVERAGED_TOKEN', 'LENDING_RESERVE'] as const;
const SETTLEMENTS = ['LINEAR', 'INVERSE', 'QUANTO'] as const;

/** Kinds that are contracts on a price and so need a settlement convention. */
export const DERIVATIVE_KINDS: ReadonlySet<string> = new Set(['FUTURE', 'PERPETUAL', 'OPTION']);

const DECIMAL_RE = /^-?\d+(\.\d+)?$/;

/** A decimal given as a JSON number or a decimal string; normalised to a string (exact for Prisma Decimal). */
const decimal = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const s = typeof v === 'number' ? String(v) : v.trim();
  if (typeof v === 'number' && !Number.isFinite(v)) {
    ctx.addIssue({ code: 'custom', message: `must be a finite number, got ${v}` });
    return z.NEVER;
  }
  if (!DECIMAL_RE.test(s)) {
    ctx.addIssue({ code: 'custom', message: `must be a plain decimal (e.g. 0.5), got ${JSON.stringify(v)}` });
    return z.NEVER;
  }
  return s;
});

const positive = decimal.refine((s) => Number(s) > 0, { message: 'must be > 0' });
const rate = decimal.refine((s) => Number(s) > 0 && Number(s) <= 1, { message: 'must be in (0, 1]' });
const symbolText = z.string().trim().min(1, 'must not be empty').max(128);
const currency = z
  .string()
  .trim()
  .regex(/^[A-Z0-9]{2,16}$/, 'must be an upper-case currency code such as BTC or USDT');

const isoUtc = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/, 'must be an ISO-8601 UTC time ending in Z')
  .refine((s) => !Number.isNaN(Date.parse(s)), { message: 'must be a real date' });

/** A maintenance-margin bracket; stored as JSON numbers in `Instrument.marginTiers`. */
const marginTier = z.strictObject({
  notionalUpTo: z.number().positive('must be > 0'),
  maintenanceMarginRate: z.number().gt(0, 'must be in (0, 1]').lte(1, 'must be in (0, 1]'),
  maintenanceAmount: z.number().nonnegative('must be >= 0'),
});

/** One catalog row as written in the file (before cross-field checks). */
export const catalogRowShape = z.strictObject({
  venue: z.string().trim().min(1, 'must not be empty').max(64),
  symbol: symbolText,
  kind: z.enum(KINDS),
  settlement: z.enum(SETTLEMENTS).nullish(),
  underlying: currency,
  quoteCurrency: currency,
  settlementCurrency: currency,
  contractSize: positive,
  multiplier: positive.nullish(),
  expiry: isoUtc.nullish(),
  strike: positive.nullish(),
  optionType: z.enum(['CALL', 'PUT']).nullish(),
  tickSize: positive.nullish(),
  initialMarginRate: rate.nullish(),
  maintenanceMarginRate: rate.nullish(),
  marginTiers: z.array(marginTier).min(1).nullish(),
  targetLeverage: decimal
    .refine((s) => Number(s) !== 0 && Math.abs(Number(s)) <= 100, {
      message: 'must be non-zero, within [-100, 100]',
    })
    .nullish(),
  liquidationThreshold: rate.nullish(),
  liquidationBonus: decimal
    .refine((s) => Number(s) >= 1 && Number(s) <= 2, { message: 'must be in [1, 2]' })
    .nullish(),
  loanToValue: decimal
    .refine((s) => Number(s) >= 0 && Number(s) < 1, { message: 'must be in [0, 1)' })
    .nullish(),
  closeFactor: rate.nullish(),
  sourceUrl: z.url({ protocol: /^https$/, message: 'must be an https URL' }).max(1000),
  notes: z.string().trim().min(1, 'must not be empty (say where each number comes from)'),
});

export type CatalogRowInput = z.input<typeof catalogRowShape>;
type Parsed = z.output<typeof catalogRowShape>;

const LENDING_FIELDS = ['liquidationThreshold', 'liquidationBonus', 'loanToValue', 'closeFactor'] as const;

/** Cross-field rules: kind vs settlement, options need strike/expiry/type, lending needs its parameters. */
export const catalogRow = catalogRowShape.superRefine((row: Parsed, ctx) => {
  const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  const isDerivative = DERIVATIVE_KINDS.has(row.kind);

  if (isDerivative && !row.settlement) issue('settlement', `is required for kind ${row.kind}`);
  if (!isDerivative && row.settlement) issue('settlement', `must be empty for kind ${row.kind}`);

  if (row.settlement === 'INVERSE' && row.settlementCurrency !== row.underlying) {
    issue('settlementCurrency', `must equal underlying (${row.underlying}) for an INVERSE contract`);
  }
  if (row.settlement === 'LINEAR' && row.settlementCurrency === row.underlying) {
    issue('settlementCurrency', `must not be the underlying (${row.underlying}) for a LINEAR contract`);
  }
  if (row.settlement === 'QUANTO') {
    if (!row.multiplier) issue('multiplier', 'is required for a QUANTO contract (settlement coin per 1 USD)');
    if (row.settlementCurrency === row.underlying) {
      issue('settlementCurrency', 'must differ from the underlying for a QUANTO contract');
    }
  } else if (row.multiplier) {
    issue('multiplier', 'is only used for QUANTO contracts');
  }

  const needsExpiry = row.kind === 'FUTURE' || row.kind === 'OPTION';
  if (needsExpiry && !row.expiry) issue('expiry', `is required for kind ${row.kind}`);
  if (!needsExpiry && row.expiry) issue('expiry', `must be empty for kind ${row.kind}`);

  if (row.kind === 'OPTION') {
    if (!row.strike) issue('strike', 'is required for an OPTION');
    if (!row.optionType) issue('optionType', 'is required for an OPTION (CALL or PUT)');
  } else {
    if (row.strike) issue('strike', `must be empty for kind ${row.kind}`);
    if (row.optionType) issue('optionType', `must be empty for kind ${row.kind}`);
  }

  if (row.kind === 'LENDING_RESERVE') {
    for (const f of LENDING_FIELDS) if (row[f] == null) issue(f, 'is required for a LENDING_RESERVE');
    if (row.loanToValue != null && row.liquidationThreshold != null) {
      if (Number(row.loanToValue) > Number(row.liquidationThreshold)) {
        issue('loanToValue', `must not exceed liquidationThreshold (${row.liquidationThreshold})`);
      }
    }
  } else {
    for (const f of LENDING_FIELDS) if (row[f] != null) issue(f, `must be empty for kind ${row.kind}`);
  }

  if (row.kind === 'LEVERAGED_TOKEN' && row.targetLeverage == null) {
    issue('targetLeverage', 'is required for a LEVERAGED_TOKEN');
  }
  if (row.kind !== 'LEVERAGED_TOKEN' && row.targetLeverage != null) {
    issue('targetLeverage', `must be empty for kind ${row.kind}`);
  }

  if (row.initialMarginRate != null && row.maintenanceMarginRate != null) {
    if (Number(row.maintenanceMarginRate) > Number(row.initialMarginRate)) {
      issue('maintenanceMarginRate', `must not exceed initialMarginRate (${row.initialMarginRate})`);
    }
  }
  if (row.marginTiers) {
    for (let i = 1; i < row.marginTiers.length; i++) {
      const prev = row.marginTiers[i - 1];
      const cur = row.marginTiers[i];
      if (prev && cur && cur.notionalUpTo <= prev.notionalUpTo) {
        ctx.addIssue({
          code: 'custom',
          path: ['marginTiers', i, 'notionalUpTo'],
          message: `must be greater than the previous tier's (${prev.notionalUpTo})`,
        });
      }
    }
  }
});

/** A validated catalog row; decimals are strings, nullable fields are `null` when absent. */
export type CatalogRow = z.output<typeof catalogRow>;

/** The whole file: `{ "version": 1, "instruments": [...] }`. */
export const catalogFileShape = z.strictObject({
  version: z.literal(1),
  instruments: z.array(z.unknown()).min(1, 'must list at least one instrument'),
});
