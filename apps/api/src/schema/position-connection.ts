/**
 * Keyset ("seek") pagination for the positions connection. A cursor holds the ordering it was made
 * for and the sort value and id of its row, so a page boundary never depends on offsets: rows added,
 * changed or deleted elsewhere in the list do not make the next page repeat or skip rows that did not
 * move, and a cursor whose row was deleted meanwhile still works. Ties on the sort value are broken
 * by `id` (same direction); NULL sort values (the expiry of perpetuals and spot) come last in both
 * directions.
 */
import { Prisma } from '@dte/db';
import { BadUserInputError } from '../errors.ts';

/** Fields the positions connection can be ordered by. */
export const POSITION_ORDER_FIELDS = [
  'INSTRUMENT',
  'QUANTITY',
  'EXPIRY',
  'UPDATED_AT',
  'CREATED_AT',
] as const;
export type PositionOrderField = (typeof POSITION_ORDER_FIELDS)[number];
export type Direction = 'ASC' | 'DESC';

/** A row as needed to make its cursor. */
export interface CursorRow {
  id: string;
  quantity: unknown;
  updatedAt: Date;
  createdAt: Date;
  instrument?: { symbol: string; expiry: Date | null } | null;
}

interface CursorData {
  f: PositionOrderField;
  d: Direction;
  v: string | null;
  id: string;
}

/** The sort value of `row` for `field`, as text (decimals in plain notation, times in ISO). */
export function sortValue(row: CursorRow, field: PositionOrderField): string | null {
  switch (field) {
    case 'QUANTITY':
      return new Prisma.Decimal(String(row.quantity)).toFixed();
    case 'UPDATED_AT':
      return row.updatedAt.toISOString();
    case 'CREATED_AT':
      return row.createdAt.toISOString();
    case 'EXPIRY':
      return row.instrument?.expiry?.toISOString() ?? null;
    case 'INSTRUMENT':
      return row.instrument?.symbol ?? '';
  }
}

/** An opaque cursor for `row` in the ordering (field, direction). */
export function encodeCursor(row: CursorRow, field: PositionOrderField, direction: Direction): string {
  const data: CursorData = { f: field, d: direction, v: sortValue(row, field), id: row.id };
  return Buffer.from(JSON.stringify(data), 'utf8').toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Decodes a cursor made for the same ordering.
 * @throws BadUserInputError for a malformed cursor or one of another ordering.
 */
export function decodeCursor(
  argName: 'after' | 'before',
  cursor: string,
  field: PositionOrderField,
  direction: Direction,
): CursorData {
  let data: unknown;
  try {
    data = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new BadUserInputError(argName, 'is not a cursor of this connection', cursor);
  }
  const c = data as Partial<CursorData> | null;
  if (
    !c ||
    typeof c !== 'object' ||
    !POSITION_ORDER_FIELDS.includes(c.f as PositionOrderField) ||
    (c.d !== 'ASC' && c.d !== 'DESC') ||
    (c.v !== null && typeof c.v !== 'string') ||
    typeof c.id !== 'string' ||
    !UUID.test(c.id)
  )
    throw new BadUserInputError(argName, 'is not a cursor of this connection', cursor);
  if (c.f !== field || c.d !== direction)
    throw new BadUserInputError(
      argName,
      `was made for orderBy ${c.f} ${c.d}, not ${field} ${direction}: start again without a cursor`,
    );
  if (c.v !== null && !validValue(field, c.v))
    throw new BadUserInputError(argName, 'is not a cursor of this connection', cursor);
  return c as CursorData;
}

function validValue(field: PositionOrderField, value: string): boolean {
  if (field === 'QUANTITY') return /^-?\d+(\.\d+)?$/.test(value);
  if (field === 'INSTRUMENT') return value.length <= 128;
  return !Number.isNaN(Date.parse(value));
}

const nullable = (field: PositionOrderField) => field === 'EXPIRY';

/** A `where` on the sort field. */
function onField(field: PositionOrderField, condition: unknown): Prisma.PositionWhereInput {
  switch (field) {
    case 'QUANTITY':
      return { quantity: condition as Prisma.DecimalFilter };
    case 'UPDATED_AT':
      return { updatedAt: condition as Prisma.DateTimeFilter };
    case 'CREATED_AT':
      return { createdAt: condition as Prisma.DateTimeFilter };
    case 'EXPIRY':
      return { instrument: { is: { expiry: condition as Prisma.DateTimeNullableFilter } } };
    case 'INSTRUMENT':
      return { instrument: { is: { symbol: condition as Prisma.StringFilter } } };
  }
}

const typed = (field: PositionOrderField, value: string): unknown =>
  field === 'QUANTITY' || field === 'INSTRUMENT' ? value : new Date(value);

/**
 * Rows strictly after the cursor row in the ordering (field, direction, NULLs `nulls`), ties by id
 * in `direction`.
 */
export function afterCursor(
  cursor: CursorData,
  field: PositionOrderField,
  direction: Direction,
  nulls: 'first' | 'last',
): Prisma.PositionWhereInput {
  const cmp = direction === 'ASC' ? 'gt' : 'lt';
  const idAfter: Prisma.PositionWhereInput = { id: { [cmp]: cursor.id } };
  if (cursor.v === null) {
    const inNulls: Prisma.PositionWhereInput = { AND: [onField(field, { equals: null }), idAfter] };
    return nulls === 'last' ? inNulls : { OR: [onField(field, { not: null }), inNulls] };
  }
  const value = typed(field, cursor.v);
  const or: Prisma.PositionWhereInput[] = [
    onField(field, { [cmp]: value }),
    { AND: [onField(field, { equals: value }), idAfter] },
  ];
  if (nullable(field) && nulls === 'last') or.push(onField(field, { equals: null }));
  return { OR: or };
}

/** The Prisma `orderBy` of the ordering (field, direction, NULLs `nulls`), id last. */
export function orderByOf(
  field: PositionOrderField,
  direction: Direction,
  nulls: 'first' | 'last',
): Prisma.PositionOrderByWithRelationInput[] {
  const sort = direction === 'ASC' ? 'asc' : 'desc';
  const id: Prisma.PositionOrderByWithRelationInput = { id: sort };
  switch (field) {
    case 'QUANTITY':
      return [{ quantity: sort }, id];
    case 'UPDATED_AT':
      return [{ updatedAt: sort }, id];
    case 'CREATED_AT':
      return [{ createdAt: sort }, id];
    case 'EXPIRY':
      return [{ instrument: { expiry: { sort, nulls } } }, id];
    case 'INSTRUMENT':
      return [{ instrument: { symbol: sort } }, id];
  }
}
