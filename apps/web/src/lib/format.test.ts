import { describe, expect, it } from 'vitest';
import {
  formatAge,
  formatDate,
  formatDateTime,
  formatDecimal,
  formatNumber,
  formatPercent,
  formatPrice,
  formatTokens,
  formatUsd,
  MISSING,
} from './format.ts';

describe('formatUsd', () => {
  it('shows whole dollars from 1,000 up and cents below', () => {
    expect(formatUsd(1234567.89)).toBe('$1,234,568');
    expect(formatUsd(12.345)).toBe('$12.35');
    expect(formatUsd(-0.5)).toBe('-$0.50');
    expect(formatUsd(0)).toBe('$0');
  });
  it('compacts and signs', () => {
    expect(formatUsd(96_072_794.94, { compact: true })).toBe('$96.1M');
    expect(formatUsd(-2103.6, { compact: true })).toBe('-$2.1K');
    expect(formatUsd(1500, { signed: true })).toBe('+$1,500');
    expect(formatUsd(-1500, { signed: true })).toBe('-$1,500');
    expect(formatUsd(0, { signed: true })).toBe('$0');
  });
  it('renders missing and non-finite values as a dash', () => {
    for (const v of [null, undefined, Number.NaN, Number.POSITIVE_INFINITY])
      expect(formatUsd(v)).toBe(MISSING);
  });
});

describe('formatTokens', () => {
  it('picks the precision by size', () => {
    expect(formatTokens(18_616_266.48, 'DOGE')).toBe('18,616,266 DOGE');
    expect(formatTokens(524.66732, 'BTC')).toBe('524.67 BTC');
    expect(formatTokens(0.0123456, 'BTC')).toBe('0.01235 BTC');
    expect(formatTokens(0.000001, 'BTC')).toBe('0.000001 BTC');
    expect(formatTokens(0, 'ETH')).toBe('0 ETH');
    expect(formatTokens(-18_491.26)).toBe('-18,491');
  });
  it('signs and compacts', () => {
    expect(formatTokens(2.5, 'ETH', { signed: true })).toBe('+2.5 ETH');
    expect(formatTokens(4_415_650, 'ADA', { compact: true })).toBe('4.42M ADA');
    expect(formatTokens(Number.NaN, 'ADA')).toBe(MISSING);
  });
});

describe('formatPercent and formatNumber', () => {
  it('formats fractions as percentages', () => {
    expect(formatPercent(0.1234)).toBe('12.34%');
    expect(formatPercent(0.99, 1)).toBe('99.0%');
    expect(formatPercent(-0.192, 1, { signed: true })).toBe('-19.2%');
    expect(formatPercent(0.16, 0, { signed: true })).toBe('+16%');
    expect(formatPercent(null)).toBe(MISSING);
  });
  it('formats plain numbers', () => {
    expect(formatNumber(1234.5678)).toBe('1,234.57');
    expect(formatNumber(1.65, 3)).toBe('1.65');
    expect(formatNumber(undefined)).toBe(MISSING);
  });
});

describe('formatDecimal and formatPrice', () => {
  it('groups exact decimal strings without losing digits', () => {
    expect(formatDecimal('-25000')).toBe('-25,000');
    expect(formatDecimal('1234567.000000000000000001')).toBe('1,234,567.000000000000000001');
    expect(formatDecimal('0.5')).toBe('0.5');
    expect(formatDecimal(null)).toBe(MISSING);
    expect(formatDecimal('n/a')).toBe('n/a');
  });
  it('gives prices precision by size', () => {
    expect(formatPrice(96635.6123)).toBe('$96,635.61');
    expect(formatPrice(2.7)).toBe('$2.70');
    expect(formatPrice(0.254812)).toBe('$0.254812');
    expect(formatPrice(null)).toBe(MISSING);
  });
});

describe('dates and ages', () => {
  it('formats instants in UTC', () => {
    expect(formatDateTime('2025-02-20T00:00:00.000Z')).toBe('2025-02-20 00:00 UTC');
    expect(formatDate('2025-02-20T23:59:00Z')).toBe('2025-02-20');
    expect(formatDateTime('not a date')).toBe(MISSING);
    expect(formatDateTime(null)).toBe(MISSING);
  });
  it('formats ages', () => {
    expect(formatAge(42_000)).toBe('42 s');
    expect(formatAge(5 * 60_000)).toBe('5 min');
    expect(formatAge((3 * 60 + 20) * 60_000)).toBe('3 h 20 min');
    expect(formatAge((641 * 24 + 6) * 3_600_000)).toBe('641 d 6 h');
    expect(formatAge(-5000)).toBe('0 s');
  });
});
