import type { RiskInputErrorCode } from '../errors.ts';
import { RiskInputError } from '../errors.ts';
import { instantMillis } from '../market/index.ts';

/**
 * Where a value sits in the document: `path` is the dotted path (`positions[2]`), `positionId`
 * the position's id when known, so every error names both.
 */
export interface ReadContext {
  path: string;
  positionId?: string;
}

type Json = Record<string, unknown>;

/** Throws a `RiskInputError` whose field is `ctx.path.key` and whose message names the position id. */
export function fail(
  code: RiskInputErrorCode,
  ctx: ReadContext,
  key: string,
  value: unknown,
  msg: string,
): never {
  const field = key === '' ? ctx.path : ctx.path === '' ? key : `${ctx.path}.${key}`;
  const prefix = ctx.positionId === undefined ? '' : `position "${ctx.positionId}": `;
  throw new RiskInputError(code, field, value, `${prefix}${msg}`);
}

/** The value as a plain JSON object, or a `MALFORMED_DOCUMENT` error. */
export function asObject(value: unknown, ctx: ReadContext, key = ''): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail('MALFORMED_DOCUMENT', ctx, key, value, 'must be a JSON object');
  }
  return value as Json;
}

/** The value as an array, or a `MALFORMED_DOCUMENT` error. */
export function asArray(value: unknown, ctx: ReadContext, key = ''): unknown[] {
  if (!Array.isArray(value)) fail('MALFORMED_DOCUMENT', ctx, key, value, 'must be a JSON array');
  return value;
}

/** A required non-empty string field. */
export function readString(o: Json, key: string, ctx: ReadContext): string {
  const v = o[key];
  if (v === undefined || v === null) fail('MISSING_FIELD', ctx, key, v, 'is required');
  if (typeof v !== 'string' || v.trim() === '')
    fail('MALFORMED_DOCUMENT', ctx, key, v, 'must be a non-empty string');
  return v;
}

/** An optional non-empty string field (`undefined` when absent or null). */
export function readOptionalString(o: Json, key: string, ctx: ReadContext): string | undefined {
  const v = o[key];
  return v === undefined || v === null ? undefined : readString(o, key, ctx);
}

/** A required string field restricted to `allowed`. */
export function readEnum<T extends string>(o: Json, key: string, allowed: readonly T[], ctx: ReadContext): T {
  const v = readString(o, key, ctx);
  if (!(allowed as readonly string[]).includes(v)) {
    fail('UNSUPPORTED', ctx, key, v, `must be one of ${allowed.join(' | ')}`);
  }
  return v as T;
}

export type NumberDomain = 'finite' | 'positive' | 'nonNegative' | 'nonZero' | 'unit';

const DOMAIN_TEXT: Record<NumberDomain, string> = {
  finite: 'a finite number',
  positive: 'a finite number > 0',
  nonNegative: 'a finite number >= 0',
  nonZero: 'a finite non-zero number',
  unit: 'a number in [0, 1]',
};

/** Checks a number against a domain; the error says which domain was expected. */
export function checkNumber(v: unknown, domain: NumberDomain, ctx: ReadContext, key: string): number {
  if (v === undefined || v === null) fail('MISSING_FIELD', ctx, key, v, 'is required');
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    fail('INVALID_NUMBER', ctx, key, v, `must be ${DOMAIN_TEXT[domain]}`);
  }
  const ok =
    domain === 'finite' ||
    (domain === 'positive' && v > 0) ||
    (domain === 'nonNegative' && v >= 0) ||
    (domain === 'nonZero' && v !== 0) ||
    (domain === 'unit' && v >= 0 && v <= 1);
  if (!ok) fail('OUT_OF_DOMAIN', ctx, key, v, `must be ${DOMAIN_TEXT[domain]}`);
  return v;
}

/** A required number field in `domain`. */
export function readNumber(o: Json, key: string, domain: NumberDomain, ctx: ReadContext): number {
  return checkNumber(o[key], domain, ctx, key);
}

/** An optional number field in `domain` (`undefined` when absent or null). */
export function readOptionalNumber(
  o: Json,
  key: string,
  domain: NumberDomain,
  ctx: ReadContext,
): number | undefined {
  const v = o[key];
  return v === undefined || v === null ? undefined : checkNumber(v, domain, ctx, key);
}

/**
 * A required ISO-8601 date-time (or date) string, read like the market layer's `instantMillis`
 * (no offset = UTC); returns the string as given.
 */
export function readTime(o: Json, key: string, ctx: ReadContext): string {
  const v = readString(o, key, ctx);
  try {
    instantMillis(key, v);
  } catch {
    fail('MALFORMED_DOCUMENT', ctx, key, v, 'must be an ISO-8601 time such as 2026-12-25T08:00:00Z');
  }
  return v;
}

/** Rejects a field that must not be present (e.g. `expiry` on a perpetual). */
export function rejectField(o: Json, key: string, ctx: ReadContext, why: string): void {
  const v = o[key];
  if (v !== undefined && v !== null) fail('MALFORMED_DOCUMENT', ctx, key, v, why);
}
