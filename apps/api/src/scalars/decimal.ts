import { GraphQLScalarType, Kind } from 'graphql';
import { ApiError } from '../errors.ts';

/** A finite decimal number written in plain or scientific notation. */
const DECIMAL = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** Anything with a decimal `toString()` (Prisma's Decimal, decimal.js). */
export interface DecimalLike {
  toString(): string;
}

function fromInput(value: unknown): string {
  if (typeof value === 'string' && DECIMAL.test(value.trim())) return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new ApiError(
    'BAD_SCALAR',
    `Decimal must be a finite decimal number written as a string, got ${JSON.stringify(value)}`,
  );
}

/** Serializes a number, string or Decimal-like value to its exact decimal string. */
export function serializeDecimal(value: unknown): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new ApiError('BAD_SCALAR', `Decimal cannot represent ${value}`);
    return String(value);
  }
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string' || (typeof value === 'object' && value !== null)) {
    // Prisma's Decimal (decimal.js) prints small and large values in exponent form (`2e-7`);
    // `toFixed()` without arguments gives every digit in plain notation (`0.0000002`).
    const plain = (value as { toFixed?: unknown }).toFixed;
    const text =
      typeof value === 'object' && typeof plain === 'function' ? String(plain.call(value)) : String(value);
    if (DECIMAL.test(text)) return text;
  }
  throw new ApiError('BAD_SCALAR', `Decimal cannot represent ${String(value)}`);
}

/**
 * `Decimal`: an exact decimal number as a string (e.g. `"12345.678901234567890123"`), so no precision is
 * lost in JSON. Input accepts a string (or an Int/Float literal); output is always a string.
 */
export const DecimalScalar = new GraphQLScalarType<string, string>({
  name: 'Decimal',
  description: 'Exact decimal number, serialized as a string to keep full precision (e.g. "0.000123").',
  serialize: serializeDecimal,
  parseValue: fromInput,
  parseLiteral(ast) {
    if (ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT)
      return fromInput(ast.value);
    throw new ApiError('BAD_SCALAR', `Decimal must be a string, got a ${ast.kind} literal`);
  },
});
