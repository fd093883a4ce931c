import { GraphQLScalarType, Kind } from 'graphql';
import { ApiError } from '../errors.ts';

/** RFC 3339 date-time with an explicit offset, e.g. `2026-01-31T12:00:00Z`. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

function parse(value: unknown): Date {
  if (typeof value === 'string' && RFC3339.test(value)) {
    const date = new Date(value);
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw new ApiError(
    'BAD_SCALAR',
    `DateTime must be an RFC 3339 string with offset, got ${JSON.stringify(value)}`,
  );
}

/** Serializes a Date (or an ISO string) as an ISO 8601 UTC string. */
export function serializeDateTime(value: unknown): string {
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime()))
    throw new ApiError('BAD_SCALAR', `DateTime cannot represent ${String(value)}`);
  return date.toISOString();
}

/** `DateTime`: an instant, as an RFC 3339 string in UTC on output. */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description:
    'An instant, as an RFC 3339 / ISO 8601 string (UTC on output), e.g. "2026-01-31T12:00:00.000Z".',
  serialize: serializeDateTime,
  parseValue: parse,
  parseLiteral(ast) {
    if (ast.kind === Kind.STRING) return parse(ast.value);
    throw new ApiError('BAD_SCALAR', `DateTime must be a string, got a ${ast.kind} literal`);
  },
});
