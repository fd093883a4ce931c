import type { ReadContext } from './reader.ts';
import {
  asArray,
  asObject,
  fail,
  readEnum,
  readNumber,
  readOptionalNumber,
  readOptionalString,
  readString,
  readTime,
  rejectField,
} from './reader.ts';
import type {
  DeltaOnePosition,
  LendingBorrow,
  LendingPosition,
  LendingSupply,
  LeveragedTokenPosition,
  OptionPosition,
  Position,
  PositionCommon,
  QuantoPosition,
  SpotPosition,
} from './types.ts';

type Json = Record<string, unknown>;

/** Position kinds accepted by the document (`spot`, `future`, `perpetual`, `option` from the spec). */
export const POSITION_KINDS = [
  'spot',
  'collateral',
  'future',
  'perpetual',
  'option',
  'leveraged-token',
  'lending',
] as const;

/**
 * Validates one element of `positions`. Unknown extra fields are ignored; every error names the
 * field path (`positions[i].field`) and, once known, the position id.
 *
 * @param value the raw JSON element.
 * @param index its index in `positions`.
 * @param defaultFund the document's `fund` (or `default`).
 * @throws RiskInputError `MISSING_FIELD` / `MALFORMED_DOCUMENT` / `INVALID_NUMBER` / `OUT_OF_DOMAIN` /
 *   `UNSUPPORTED` naming the field, the position id and the value.
 */
export function parsePosition(value: unknown, index: number, defaultFund: string): Position {
  const path = `positions[${index}]`;
  const o = asObject(value, { path: '' }, path);
  const id = readString(o, 'id', { path });
  const ctx: ReadContext = { path, positionId: id };
  const kind = readEnum(o, 'kind', POSITION_KINDS, ctx);
  const account = readString(o, 'account', ctx);
  const common: PositionCommon = {
    id,
    account,
    venue: readOptionalString(o, 'venue', ctx) ?? account,
    fund: readOptionalString(o, 'fund', ctx) ?? defaultFund,
  };
  switch (kind) {
    case 'spot':
    case 'collateral':
      return parseSpot(o, kind, common, ctx);
    case 'future':
    case 'perpetual':
      return parseDeltaOne(o, kind, common, ctx);
    case 'option':
      return parseOption(o, common, ctx);
    case 'leveraged-token':
      return parseLeveragedToken(o, common, ctx);
    case 'lending':
      return parseLending(o, common, ctx);
  }
}

function parseSpot(
  o: Json,
  kind: 'spot' | 'collateral',
  common: PositionCommon,
  ctx: ReadContext,
): SpotPosition {
  return {
    ...common,
    kind,
    underlying: readString(o, 'underlying', ctx),
    quantity: readNumber(o, 'quantity', 'finite', ctx),
  };
}

function parseDeltaOne(
  o: Json,
  kind: 'future' | 'perpetual',
  common: PositionCommon,
  ctx: ReadContext,
): DeltaOnePosition | QuantoPosition {
  const settlement = readEnum(o, 'settlement', ['linear', 'inverse', 'quanto'] as const, ctx);
  const underlying = readString(o, 'underlying', ctx);
  const quantity = readNumber(o, 'quantity', 'finite', ctx);
  const entryPrice = readOptionalNumber(o, 'entryPrice', 'positive', ctx);
  const settlementPrice = readOptionalNumber(o, 'settlementPrice', 'positive', ctx);
  let expiry: string | undefined;
  if (kind === 'future') expiry = readTime(o, 'expiry', ctx);
  else rejectField(o, 'expiry', ctx, 'a perpetual has no expiry');
  const dated = {
    ...common,
    kind,
    underlying,
    quantity,
    ...(entryPrice === undefined ? {} : { entryPrice }),
    ...(expiry === undefined ? {} : { expiry }),
    ...(settlementPrice === undefined ? {} : { settlementPrice }),
  };
  if (settlement === 'quanto') {
    return {
      ...dated,
      settlement,
      settlementCoin: readString(o, 'settlementCoin', ctx),
      multiplier: readNumber(o, 'multiplier', 'positive', ctx),
    };
  }
  return { ...dated, settlement, contractSize: readNumber(o, 'contractSize', 'positive', ctx) };
}

function parseOption(o: Json, common: PositionCommon, ctx: ReadContext): OptionPosition {
  const settlementPrice = readOptionalNumber(o, 'settlementPrice', 'positive', ctx);
  return {
    ...common,
    kind: 'option',
    settlement: readEnum(o, 'settlement', ['linear', 'inverse'] as const, ctx),
    underlying: readString(o, 'underlying', ctx),
    optionType: readEnum(o, 'optionType', ['call', 'put'] as const, ctx),
    strike: readNumber(o, 'strike', 'positive', ctx),
    expiry: readTime(o, 'expiry', ctx),
    contractSize: readNumber(o, 'contractSize', 'positive', ctx),
    quantity: readNumber(o, 'quantity', 'finite', ctx),
    ...(settlementPrice === undefined ? {} : { settlementPrice }),
  };
}

function parseLeveragedToken(o: Json, common: PositionCommon, ctx: ReadContext): LeveragedTokenPosition {
  const token = readOptionalString(o, 'token', ctx);
  const referencePrice = readOptionalNumber(o, 'referencePrice', 'positive', ctx);
  return {
    ...common,
    kind: 'leveraged-token',
    underlying: readString(o, 'underlying', ctx),
    leverage: readNumber(o, 'leverage', 'nonZero', ctx),
    nav: readNumber(o, 'nav', 'nonNegative', ctx),
    quantity: readNumber(o, 'quantity', 'finite', ctx),
    ...(token === undefined ? {} : { token }),
    ...(referencePrice === undefined ? {} : { referencePrice }),
  };
}

function parseLending(o: Json, common: PositionCommon, ctx: ReadContext): LendingPosition {
  const list = (key: string) => (o[key] === undefined || o[key] === null ? [] : asArray(o[key], ctx, key));
  const supplies: LendingSupply[] = list('supplies').map((raw, i) => {
    const leg = { ...ctx, path: `${ctx.path}.supplies[${i}]` };
    const s = asObject(raw, leg);
    return {
      token: readString(s, 'token', leg),
      amount: readNumber(s, 'amount', 'nonNegative', leg),
      liquidationThreshold: readNumber(s, 'liquidationThreshold', 'unit', leg),
    };
  });
  const borrows: LendingBorrow[] = list('borrows').map((raw, i) => {
    const leg = { ...ctx, path: `${ctx.path}.borrows[${i}]` };
    const b = asObject(raw, leg);
    return { token: readString(b, 'token', leg), amount: readNumber(b, 'amount', 'nonNegative', leg) };
  });
  if (supplies.length + borrows.length === 0) {
    fail('MISSING_FIELD', ctx, 'supplies', o.supplies, 'a lending position needs supplies or borrows');
  }
  const protocol = readOptionalString(o, 'protocol', ctx);
  return { ...common, kind: 'lending', supplies, borrows, ...(protocol === undefined ? {} : { protocol }) };
}
