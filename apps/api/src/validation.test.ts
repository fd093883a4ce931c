import { describe, expect, it } from 'vitest';
import { BadUserInputError } from './errors.ts';
import {
  checkDecimal,
  checkEmail,
  checkInt,
  checkNumber,
  checkPageArgs,
  checkPositive,
  checkProbability,
  checkSlug,
  checkText,
} from './validation.ts';

const failure = (fn: () => unknown): BadUserInputError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof BadUserInputError) return error;
    throw error;
  }
  throw new Error('expected BAD_USER_INPUT');
};

describe('number validation', () => {
  it('rejects NaN, infinities and non-numbers naming the field and value', () => {
    expect(failure(() => checkNumber('spot', Number.NaN)).message).toBe('spot: must be a number (got NaN)');
    expect(failure(() => checkNumber('spot', Number.POSITIVE_INFINITY)).message).toBe(
      'spot: must be finite (got Infinity)',
    );
    expect(failure(() => checkNumber('spot', '12')).message).toBe('spot: must be a number (got "12")');
    const error = failure(() => checkPositive('strike', -5));
    expect(error).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'strike',
      details: { field: 'strike', value: -5 },
    });
    expect(error.message).toBe('strike: must be > 0 (got -5)');
  });

  it('checks domains: inclusive, exclusive, integer', () => {
    expect(checkProbability('confidence', 0.99)).toBe(0.99);
    expect(failure(() => checkProbability('confidence', 1)).message).toBe('confidence: must be < 1 (got 1)');
    expect(failure(() => checkProbability('confidence', 0)).message).toBe('confidence: must be > 0 (got 0)');
    expect(checkInt('paths', 10, 1, 10)).toBe(10);
    expect(failure(() => checkInt('paths', 2.5, 1, 10)).message).toBe('paths: must be an integer (got 2.5)');
    expect(failure(() => checkNumber('x', 11, { max: 10 })).message).toBe('x: must be <= 10 (got 11)');
  });

  it('checks Decimal strings without losing their text', () => {
    expect(checkDecimal('quantity', ' 123456789.123456789123 ')).toBe('123456789.123456789123');
    expect(failure(() => checkDecimal('quantity', 'NaN')).message).toMatch(
      /^quantity: must be a decimal number/,
    );
    expect(failure(() => checkDecimal('price', '-1', { min: 0, minExclusive: true })).message).toBe(
      'price: must be > 0 (got -1)',
    );
  });

  it('refuses huge pages instead of clamping them', () => {
    expect(() => checkPageArgs({ first: 100 })).not.toThrow();
    expect(failure(() => checkPageArgs({ first: 1e9 })).message).toBe(
      'first: must be <= 100 (got 1000000000)',
    );
    expect(failure(() => checkPageArgs({ last: -1 })).message).toBe('last: must be >= 0 (got -1)');
  });
});

describe('text validation', () => {
  it('trims, bounds and rejects control characters', () => {
    expect(checkText('name', '  Ada  ', 10)).toBe('Ada');
    expect(failure(() => checkText('name', '   ', 10)).message).toBe('name: must not be empty');
    expect(failure(() => checkText('name', 'a'.repeat(11), 10)).message).toBe(
      'name: must be at most 10 characters (got 11)',
    );
    expect(failure(() => checkText('name', 'a\u0000b', 10)).message).toBe(
      'name: must not contain control characters',
    );
  });

  it('lower-cases emails and checks slugs', () => {
    expect(checkEmail('email', 'Ada@Example.ORG')).toBe('ada@example.org');
    expect(failure(() => checkEmail('email', 'ada')).field).toBe('email');
    expect(checkSlug('fundSlug', 'aurora-2')).toBe('aurora-2');
    expect(failure(() => checkSlug('fundSlug', '-x')).field).toBe('fundSlug');
  });
});
