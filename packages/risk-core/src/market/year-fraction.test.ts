import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RiskInputError } from '../errors.ts';
import { yearFraction } from './year-fraction.ts';

describe('yearFraction (ACT/365)', () => {
  it('counts actual days over 365, including leap days and the time of day', () => {
    expect(yearFraction('2025-01-01', '2026-01-01')).toBe(1);
    expect(yearFraction('2024-01-01', '2025-01-01')).toBe(366 / 365); // leap year: ACT counts 366 days
    expect(yearFraction('2025-03-28T08:00:00Z', '2025-03-29T08:00:00Z')).toBe(1 / 365);
    expect(yearFraction('2025-03-28T08:00:00Z', '2025-03-28T20:00:00Z')).toBe(0.5 / 365);
    expect(yearFraction(new Date('2025-06-27T08:00:00Z'), '2025-03-28T08:00:00Z')).toBe(-91 / 365);
  });

  it('reads ISO strings without an offset as UTC and honours explicit offsets', () => {
    expect(yearFraction('2025-03-28T08:00:00', '2025-03-28T08:00:00Z')).toBe(0);
    expect(yearFraction('2025-03-28T10:00:00+02:00', '2025-03-28T08:00:00Z')).toBe(0);
    expect(yearFraction('2025-03-28', '2025-03-28T00:00:00.000Z')).toBe(0);
  });

  it('is additive and antisymmetric', () => {
    const day = fc.integer({ min: 0, max: 20000 });
    fc.assert(
      fc.property(day, day, day, (a, b, c) => {
        const d = (n: number) => new Date(Date.UTC(2000, 0, 1) + n * 3_600_000);
        expect(yearFraction(d(a), d(c))).toBeCloseTo(yearFraction(d(a), d(b)) + yearFraction(d(b), d(c)), 12);
        expect(yearFraction(d(a), d(b)) + yearFraction(d(b), d(a))).toBe(0);
      }),
    );
  });

  it('rejects unreadable instants with MALFORMED_DOCUMENT naming from/to', () => {
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof RiskInputError ? `${e.code} ${e.field}` : 'other';
      }
      return 'none';
    };
    expect(err(() => yearFraction('28/03/2025', '2025-03-28'))).toBe('MALFORMED_DOCUMENT from');
    expect(err(() => yearFraction('2025-03-28', 'tomorrow'))).toBe('MALFORMED_DOCUMENT to');
    expect(err(() => yearFraction('2025-02-30T25:00:00Z', '2025-03-28'))).toBe('MALFORMED_DOCUMENT from');
    expect(err(() => yearFraction('2025-02-29', '2025-03-28'))).toBe('MALFORMED_DOCUMENT from');
    expect(err(() => yearFraction('2024-02-29', '2025-13-01'))).toBe('MALFORMED_DOCUMENT to');
    expect(yearFraction('2024-02-29', '2024-03-01')).toBe(1 / 365);
    expect(err(() => yearFraction(new Date(Number.NaN), '2025-03-28'))).toBe('MALFORMED_DOCUMENT from');
    expect(err(() => yearFraction(undefined as unknown as string, '2025-03-28'))).toBe('MISSING_FIELD from');
  });
});
