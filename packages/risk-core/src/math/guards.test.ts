import { describe, expect, it } from 'vitest';
import { RiskInputError } from '../errors.ts';
import { requireFinite, requireNonNegative, requireNumber, requirePositive } from './guards.ts';

function failure(f: () => unknown): { code: string; field: string; message: string } | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof RiskInputError) return { code: e.code, field: e.field, message: e.message };
    throw e;
  }
  return undefined;
}

describe('guards', () => {
  it('accept valid numbers and return them', () => {
    expect(requireFinite('a', -1.5)).toBe(-1.5);
    expect(requirePositive('a', 2)).toBe(2);
    expect(requireNonNegative('a', 0)).toBe(0);
    expect(requireNumber('a', Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
  });

  it('name the field and the value, with stable codes', () => {
    expect(failure(() => requireFinite('forward', undefined))).toMatchObject({
      code: 'MISSING_FIELD',
      field: 'forward',
    });
    expect(failure(() => requireFinite('forward', Number.NaN))?.message).toBe(
      'forward: must be a finite number (got NaN)',
    );
    expect(failure(() => requireFinite('forward', Number.POSITIVE_INFINITY))?.code).toBe('INVALID_NUMBER');
    expect(failure(() => requireFinite('forward', '100'))?.code).toBe('INVALID_NUMBER');
    expect(failure(() => requirePositive('strike', 0))).toMatchObject({
      code: 'OUT_OF_DOMAIN',
      field: 'strike',
    });
    expect(failure(() => requirePositive('strike', -3))?.message).toBe('strike: must be > 0 (got -3)');
    expect(failure(() => requireNonNegative('expiryYears', -1e-9))?.code).toBe('OUT_OF_DOMAIN');
    expect(failure(() => requireNumber('x', Number.NaN))?.code).toBe('INVALID_NUMBER');
  });
});
