/**
 * Validation of fund-private (custom) instruments, shared by `createInstrument` / `updateInstrument`
 * and the generic position import. The rules are the catalog's (docs/catalog.md "Validation") and
 * the database's CHECK constraints, checked here first so that every problem is reported at once,
 * by field, and nothing reaches SQL:
 *
 * - settlement exactly for FUTURE, PERPETUAL and OPTION; INVERSE settles in the underlying, LINEAR not;
 * - QUANTO needs `multiplier` (settlement coin per 1 USD of the underlying's price), others have none;
 * - FUTURE and OPTION need an expiry, the others have none;
 * - OPTION needs strike and option type, nothing else has them;
 * - LENDING_RESERVE needs liquidation threshold (0, 1], bonus [1, 2), LTV [0, threshold] and close
 *   factor (0, 1]; LEVERAGED_TOKEN needs a non-zero target leverage in [-100, 100];
 * - contract size, multiplier, strike and tick size > 0; margin rates in (0, 1], maintenance <= initial.
 */
import type { InstrumentKind, OptionType, Settlement } from '@dte/db';
import { type AmountDomain, parseAmount, parseToken } from '../imports/amounts.ts';

/** One problem with an instrument definition. */
export interface InstrumentIssue {
  /** The input field (GraphQL name), e.g. `strike`. */
  field: string;
  reason: string;
}

/** A validated instrument definition, ready for `instrument.create` / `update`. */
export interface InstrumentDefinition {
  venue: string;
  symbol: string;
  kind: InstrumentKind;
  settlement: Settlement | null;
  underlying: string;
  quoteCurrency: string;
  settlementCurrency: string;
  contractSize: string;
  multiplier: string | null;
  expiry: Date | null;
  strike: string | null;
  optionType: OptionType | null;
  tickSize: string | null;
  initialMarginRate: string | null;
  maintenanceMarginRate: string | null;
  targetLeverage: string | null;
  liquidationThreshold: string | null;
  liquidationBonus: string | null;
  loanToValue: string | null;
  closeFactor: string | null;
  sourceUrl: string | null;
  notes: string | null;
}

/** Raw definition: decimals as strings (or numbers), the rest as given. */
export type InstrumentDraft = {
  [K in keyof InstrumentDefinition]?: unknown;
};

const KINDS: readonly InstrumentKind[] = [
  'SPOT',
  'FUTURE',
  'PERPETUAL',
  'OPTION',
  'LEVERAGED_TOKEN',
  'LENDING_RESERVE',
];
const SETTLEMENTS: readonly Settlement[] = ['LINEAR', 'INVERSE', 'QUANTO'];
const OPTION_TYPES: readonly OptionType[] = ['CALL', 'PUT'];
const DERIVATIVES: ReadonlySet<InstrumentKind> = new Set(['FUTURE', 'PERPETUAL', 'OPTION']);

const POSITIVE: AmountDomain = { min: 0, minExclusive: true };
const RATE: AmountDomain = { column: 'ratio', min: 0, minExclusive: true, max: 1 };

const DECIMAL_FIELDS: readonly [keyof InstrumentDefinition & string, AmountDomain][] = [
  ['contractSize', POSITIVE],
  ['multiplier', POSITIVE],
  ['strike', POSITIVE],
  ['tickSize', POSITIVE],
  ['initialMarginRate', RATE],
  ['maintenanceMarginRate', RATE],
  ['targetLeverage', { column: 'ratio', min: -100, max: 100, nonZero: true }],
  ['liquidationThreshold', RATE],
  ['liquidationBonus', { column: 'ratio', min: 1, max: 2, maxExclusive: true }],
  ['loanToValue', { column: 'ratio', min: 0, max: 1 }],
  ['closeFactor', RATE],
];

const LENDING_FIELDS = ['liquidationThreshold', 'liquidationBonus', 'loanToValue', 'closeFactor'] as const;

const blank = (value: unknown): boolean =>
  value === null || value === undefined || (typeof value === 'string' && value.trim() === '');

/** Earliest and latest expiry accepted (sanity bounds). */
const MIN_EXPIRY = Date.UTC(2000, 0, 1);
const MAX_EXPIRY = Date.UTC(2100, 0, 1);

/**
 * Validates an instrument definition. Returns the normalized definition when there are no issues,
 * otherwise every issue found (field by field, then the cross-field rules).
 */
export function validateInstrument(
  draft: InstrumentDraft,
): { ok: true; value: InstrumentDefinition } | { ok: false; issues: InstrumentIssue[] } {
  const issues: InstrumentIssue[] = [];
  const issue = (field: string, reason: string) => issues.push({ field, reason });

  const text = (field: 'venue' | 'symbol' | 'sourceUrl' | 'notes', max: number, required: boolean) => {
    const raw = draft[field];
    if (blank(raw)) {
      if (required) issue(field, 'is required');
      return null;
    }
    if (typeof raw !== 'string') {
      issue(field, 'must be a string');
      return null;
    }
    const value = raw.trim();
    if (value.length > max) issue(field, `must be at most ${max} characters (got ${value.length})`);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
    else if (field !== 'notes' && /[\u0000-\u001f\u007f]/.test(value))
      issue(field, 'must not contain control characters');
    return value;
  };
  const venue = text('venue', 64, true);
  const symbol = text('symbol', 128, true);
  const sourceUrl = text('sourceUrl', 1000, false);
  if (sourceUrl !== null && !/^https:\/\/\S+$/.test(sourceUrl))
    issue('sourceUrl', `must be an https URL (got ${JSON.stringify(sourceUrl.slice(0, 60))})`);
  const notes = text('notes', 10_000, false);

  const oneOf = <T extends string>(field: string, raw: unknown, values: readonly T[]): T | null => {
    if (blank(raw)) return null;
    const value = String(raw).trim().toUpperCase() as T;
    if (!values.includes(value)) {
      issue(field, `must be one of ${values.join(', ')} (got ${JSON.stringify(String(raw).slice(0, 40))})`);
      return null;
    }
    return value;
  };
  const kind = oneOf('kind', draft.kind, KINDS);
  if (blank(draft.kind)) issue('kind', 'is required');
  const settlement = oneOf('settlement', draft.settlement, SETTLEMENTS);
  const optionType = oneOf('optionType', draft.optionType, OPTION_TYPES);

  const token = (field: 'underlying' | 'quoteCurrency' | 'settlementCurrency') => {
    const raw = draft[field];
    if (blank(raw)) {
      issue(field, 'is required');
      return null;
    }
    const parsed = parseToken(String(raw));
    if (!parsed.ok) {
      issue(field, parsed.reason);
      return null;
    }
    return parsed.value;
  };
  const underlying = token('underlying');
  const quoteCurrency = token('quoteCurrency');
  const settlementCurrency = token('settlementCurrency');

  const decimals: Partial<Record<keyof InstrumentDefinition, string | null>> = {};
  for (const [field, domain] of DECIMAL_FIELDS) {
    const raw = draft[field];
    if (blank(raw)) {
      decimals[field] = null;
      continue;
    }
    const parsed = parseAmount(String(raw), domain);
    if (parsed.ok) decimals[field] = parsed.value;
    else {
      issue(field, parsed.reason);
      decimals[field] = null;
    }
  }
  const contractSize = blank(draft.contractSize) ? '1' : (decimals.contractSize ?? null);

  let expiry: Date | null = null;
  if (!blank(draft.expiry)) {
    const raw = draft.expiry;
    const date = raw instanceof Date ? raw : new Date(String(raw).trim());
    if (
      Number.isNaN(date.getTime()) ||
      (!(raw instanceof Date) &&
        !/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(String(raw).trim()))
    )
      issue(
        'expiry',
        `must be an ISO-8601 date or UTC time (got ${JSON.stringify(String(raw).slice(0, 40))})`,
      );
    else if (date.getTime() < MIN_EXPIRY || date.getTime() >= MAX_EXPIRY)
      issue('expiry', `must be between 2000-01-01 and 2100-01-01 (got ${date.toISOString()})`);
    else expiry = date;
  }

  // Cross-field rules (only on fields that parsed, so one mistake is reported once).
  if (kind) {
    const derivative = DERIVATIVES.has(kind);
    if (derivative && blank(draft.settlement)) issue('settlement', `is required for kind ${kind}`);
    if (!derivative && settlement) issue('settlement', `must be empty for kind ${kind}`);
    const needsExpiry = kind === 'FUTURE' || kind === 'OPTION';
    if (needsExpiry && blank(draft.expiry)) issue('expiry', `is required for kind ${kind}`);
    if (!needsExpiry && !blank(draft.expiry)) issue('expiry', `must be empty for kind ${kind}`);
    if (kind === 'OPTION') {
      if (blank(draft.strike)) issue('strike', 'is required for an OPTION');
      if (blank(draft.optionType)) issue('optionType', 'is required for an OPTION (CALL or PUT)');
    } else {
      if (!blank(draft.strike)) issue('strike', `must be empty for kind ${kind}`);
      if (!blank(draft.optionType)) issue('optionType', `must be empty for kind ${kind}`);
    }
    if (kind === 'LENDING_RESERVE') {
      for (const field of LENDING_FIELDS)
        if (blank(draft[field])) issue(field, 'is required for a LENDING_RESERVE');
    } else {
      for (const field of LENDING_FIELDS)
        if (!blank(draft[field])) issue(field, `must be empty for kind ${kind}`);
    }
    if (kind === 'LEVERAGED_TOKEN' && blank(draft.targetLeverage))
      issue('targetLeverage', 'is required for a LEVERAGED_TOKEN');
    if (kind !== 'LEVERAGED_TOKEN' && !blank(draft.targetLeverage))
      issue('targetLeverage', `must be empty for kind ${kind}`);
  }
  if (settlement === 'INVERSE' && underlying && settlementCurrency && settlementCurrency !== underlying)
    issue('settlementCurrency', `must equal the underlying (${underlying}) for an INVERSE contract`);
  if (settlement === 'LINEAR' && underlying && settlementCurrency === underlying)
    issue('settlementCurrency', `must not be the underlying (${underlying}) for a LINEAR contract`);
  if (settlement === 'QUANTO') {
    if (blank(draft.multiplier))
      issue('multiplier', 'is required for a QUANTO contract (settlement coin per 1 USD of the price)');
    if (underlying && settlementCurrency === underlying)
      issue('settlementCurrency', 'must differ from the underlying for a QUANTO contract');
  } else if (!blank(draft.multiplier)) issue('multiplier', 'is only used for QUANTO contracts');
  const { initialMarginRate, maintenanceMarginRate, loanToValue, liquidationThreshold } = decimals;
  if (initialMarginRate && maintenanceMarginRate && Number(maintenanceMarginRate) > Number(initialMarginRate))
    issue('maintenanceMarginRate', `must not exceed initialMarginRate (${initialMarginRate})`);
  if (loanToValue && liquidationThreshold && Number(loanToValue) > Number(liquidationThreshold))
    issue('loanToValue', `must not exceed liquidationThreshold (${liquidationThreshold})`);

  if (
    issues.length > 0 ||
    !venue ||
    !symbol ||
    !kind ||
    !underlying ||
    !quoteCurrency ||
    !settlementCurrency ||
    !contractSize
  )
    return { ok: false, issues };
  return {
    ok: true,
    value: {
      venue,
      symbol,
      kind,
      settlement,
      underlying,
      quoteCurrency,
      settlementCurrency,
      contractSize,
      multiplier: decimals.multiplier ?? null,
      expiry,
      strike: decimals.strike ?? null,
      optionType,
      tickSize: decimals.tickSize ?? null,
      initialMarginRate: initialMarginRate ?? null,
      maintenanceMarginRate: maintenanceMarginRate ?? null,
      targetLeverage: decimals.targetLeverage ?? null,
      liquidationThreshold: liquidationThreshold ?? null,
      liquidationBonus: decimals.liquidationBonus ?? null,
      loanToValue: loanToValue ?? null,
      closeFactor: decimals.closeFactor ?? null,
      sourceUrl,
      notes,
    },
  };
}
