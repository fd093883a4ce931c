import { Kind } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DateTimeScalar } from './date-time.ts';
import { DecimalScalar } from './decimal.ts';
import { JsonScalar } from './json.ts';

describe('Decimal scalar', () => {
  it('keeps every digit of a Decimal-like value', () => {
    const big = { toString: () => '123456789012345678.123456789012345678' };
    expect(DecimalScalar.serialize(big)).toBe('123456789012345678.123456789012345678');
    expect(DecimalScalar.serialize(0.1)).toBe('0.1');
    expect(DecimalScalar.serialize('-1e-8')).toBe('-1e-8');
  });

  it('parses strings and numeric literals to strings', () => {
    expect(DecimalScalar.parseValue(' 42.5 ')).toBe('42.5');
    expect(DecimalScalar.parseLiteral({ kind: Kind.STRING, value: '0.000123' })).toBe('0.000123');
    expect(DecimalScalar.parseLiteral({ kind: Kind.INT, value: '7' })).toBe('7');
  });

  it('rejects non-numbers with BAD_SCALAR', () => {
    for (const bad of ['abc', '1.2.3', '', 'NaN', 'Infinity']) {
      expect(() => DecimalScalar.parseValue(bad)).toThrow(expect.objectContaining({ code: 'BAD_SCALAR' }));
    }
    expect(() => DecimalScalar.serialize(Number.NaN)).toThrow(
      expect.objectContaining({ code: 'BAD_SCALAR' }),
    );
    expect(() => DecimalScalar.parseLiteral({ kind: Kind.BOOLEAN, value: true })).toThrow();
  });
});

describe('DateTime scalar', () => {
  it('serializes to ISO UTC and parses RFC 3339 with offset', () => {
    expect(DateTimeScalar.serialize(new Date(Date.UTC(2026, 0, 31, 12)))).toBe('2026-01-31T12:00:00.000Z');
    expect(DateTimeScalar.parseValue('2026-01-31T13:00:00+01:00').toISOString()).toBe(
      '2026-01-31T12:00:00.000Z',
    );
  });

  it('rejects dates without offset and invalid dates', () => {
    expect(() => DateTimeScalar.parseValue('2026-01-31T12:00:00')).toThrow(/RFC 3339/);
    expect(() => DateTimeScalar.parseValue('2026-13-45T12:00:00Z')).toThrow(/RFC 3339/);
    expect(() => DateTimeScalar.serialize('garbage')).toThrow(
      expect.objectContaining({ code: 'BAD_SCALAR' }),
    );
  });
});

describe('JSON scalar', () => {
  it('parses nested literals and variables', () => {
    const literal = {
      kind: Kind.OBJECT,
      fields: [
        {
          kind: Kind.OBJECT_FIELD,
          name: { kind: Kind.NAME, value: 'a' },
          value: { kind: Kind.INT, value: '1' },
        },
        {
          kind: Kind.OBJECT_FIELD,
          name: { kind: Kind.NAME, value: 'b' },
          value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: 'v' } },
        },
      ],
    } as const;
    expect(JsonScalar.parseLiteral(literal, { v: [true] })).toEqual({ a: 1, b: [true] });
  });
});
