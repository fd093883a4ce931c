/**
 * GraphQL types shared by the risk fields (exposures, scenarios, hedges, liquidations, cascades):
 * the market snapshot a result was computed at, per-token values, rows left out of the book.
 */
import type { BookSnapshot, BookSource, UnmappedRow } from '@dte/domain';
import { builder } from '../builder.ts';
import { BadUserInputError } from '../errors.ts';
import { checkNumber, checkText } from '../validation.ts';

/** Where a row of the risk document comes from. */
export const BookSourceEnum = builder.enumType('BookSource', {
  description:
    'Where a position of the risk document comes from: a position row, a balance, or a lending group.',
  values: ['POSITION', 'BALANCE', 'LENDING'] as const satisfies readonly BookSource[],
});

/** The market snapshot a result is valued at. */
export const RiskSnapshotRef = builder.objectRef<BookSnapshot>('RiskSnapshot').implement({
  description:
    'The market snapshot a risk result is valued at (its quotes, completed by the other snapshots visible to the fund with the same asOf).',
  fields: (t) => ({
    id: t.exposeID('id'),
    asOf: t.expose('asOf', { type: 'DateTime' }),
    source: t.exposeString('source'),
    rate: t.exposeFloat('rate', { description: 'Continuously compounded rate.' }),
    fundOwned: t.boolean({ resolve: (s) => s.fundId !== null }),
  }),
});

/** A number per token (P&L, price, move...). */
export interface TokenValueShape {
  token: string;
  value: number | null;
}

/** `{ token, value }`. */
export const TokenValueRef = builder.objectRef<TokenValueShape>('TokenValue').implement({
  description: 'A number for one token (its unit is the field’s: USD P&L, USD price, relative move...).',
  fields: (t) => ({
    token: t.exposeString('token'),
    value: t.exposeFloat('value', { nullable: true }),
  }),
});

/** A book row left out of the risk document. */
export const UnmappedRowRef = builder.objectRef<UnmappedRow>('UnmappedBookRow').implement({
  description:
    'A row of the book that could not be valued (no quote for a token, an unsupported instrument): left out of every result, with the reason.',
  fields: (t) => ({
    source: t.expose('source', { type: BookSourceEnum }),
    rowId: t.exposeID('rowId'),
    reason: t.exposeString('reason'),
  }),
});

/** `{ token, move }` input. */
export const TokenMoveInput = builder.inputType('TokenMoveInput', {
  description: 'A relative move of one token: 0.1 = +10%, -0.3 = -30% (> -1).',
  fields: (t) => ({
    token: t.string({ required: true }),
    move: t.float({ required: true }),
  }),
});

/** Largest relative move accepted anywhere (x11). */
export const MAX_MOVE = 10;

/** A relative move: finite, > -1 (prices stay positive), <= {@link MAX_MOVE}. */
export const checkMove = (field: string, value: unknown): number =>
  checkNumber(field, value, { min: -1, minExclusive: true, max: MAX_MOVE });

/** A token symbol: 1-32 characters, letters, digits, `.`, `_`, `-`. */
export function checkToken(field: string, value: unknown): string {
  const text = checkText(field, value, 32);
  if (!/^[A-Za-z0-9._-]+$/.test(text))
    throw new BadUserInputError(field, `must be a token symbol (got ${JSON.stringify(text)})`, text);
  return text;
}

/** Checks a list of `{ token, move }`: tokens, moves, no duplicates, at most `max`. */
export function checkTokenMoves(
  field: string,
  moves: readonly { token: string; move: number }[],
  max = 50,
): Record<string, number> {
  if (moves.length > max)
    throw new BadUserInputError(field, `at most ${max} tokens (got ${moves.length})`, moves.length);
  const out: Record<string, number> = {};
  moves.forEach((m, i) => {
    const token = checkToken(`${field}[${i}].token`, m.token);
    if (out[token] !== undefined)
      throw new BadUserInputError(`${field}[${i}].token`, `duplicate token ${token}`, token);
    out[token] = checkMove(`${field}[${i}].move`, m.move);
  });
  return out;
}
