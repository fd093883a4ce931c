import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RiskInputError } from '../errors.ts';
import { parsePortfolio } from './parse-document.ts';

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../../test/fixtures/${name}`, import.meta.url), 'utf8'));

function errorOf(doc: unknown): RiskInputError {
  try {
    parsePortfolio(doc);
  } catch (e) {
    if (e instanceof RiskInputError) return e;
    throw e;
  }
  throw new Error('expected a RiskInputError');
}

/** A copy of the spec example with `patch` applied to position `index`. */
function withPosition(index: number, patch: Record<string, unknown>): Record<string, unknown> {
  const doc = fixture('spec-example.json');
  const positions = doc.positions as Record<string, unknown>[];
  positions[index] = { ...positions[index], ...patch };
  return doc;
}

describe('parsePortfolio', () => {
  it('accepts the spec example and fills venue/fund defaults', () => {
    const doc = parsePortfolio(fixture('spec-example.json'));
    expect(doc.positions.map((p) => p.id)).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
    expect(doc.positions[0]).toMatchObject({ venue: 'deribit-main', fund: 'default', kind: 'option' });
    expect(doc.market.covariance?.tokens).toEqual(['BTC', 'ETH']);
  });

  it('accepts every kind of the all-kinds fixture', () => {
    const doc = parsePortfolio(fixture('all-kinds.json'));
    expect(new Set(doc.positions.map((p) => p.kind))).toEqual(
      new Set(['spot', 'collateral', 'perpetual', 'future', 'option', 'leveraged-token', 'lending']),
    );
    expect(doc.positions.find((p) => p.id === 'aave-main')?.fund).toBe('beta');
    expect(doc.positions.find((p) => p.id === 'cold-btc')?.fund).toBe('alpha');
  });

  it('names position id, field path and value for a negative strike', () => {
    const e = errorOf(withPosition(0, { strike: -5 }));
    expect(e.code).toBe('OUT_OF_DOMAIN');
    expect(e.field).toBe('positions[0].strike');
    expect(e.message).toContain('position "p1"');
    expect(e.message).toContain('got -5');
  });

  it('rejects a string where a number is expected', () => {
    const e = errorOf(withPosition(2, { quantity: '120' }));
    expect(e).toMatchObject({ code: 'INVALID_NUMBER', field: 'positions[2].quantity' });
    expect(e.message).toContain('position "p3"');
  });

  it('rejects a missing contract size, an unknown kind and an unknown settlement', () => {
    expect(errorOf(withPosition(1, { contractSize: undefined }))).toMatchObject({
      code: 'MISSING_FIELD',
      field: 'positions[1].contractSize',
    });
    expect(errorOf(withPosition(1, { kind: 'swap' }))).toMatchObject({
      code: 'UNSUPPORTED',
      field: 'positions[1].kind',
    });
    expect(errorOf(withPosition(1, { settlement: 'coin' }))).toMatchObject({
      code: 'UNSUPPORTED',
      field: 'positions[1].settlement',
    });
  });

  it('rejects a bad expiry, an expiry on a perpetual and a future without expiry', () => {
    expect(errorOf(withPosition(3, { expiry: '26/03/2027' }))).toMatchObject({
      field: 'positions[3].expiry',
    });
    expect(errorOf(withPosition(1, { expiry: '2027-03-26T08:00:00Z' }))).toMatchObject({
      field: 'positions[1].expiry',
    });
    expect(errorOf(withPosition(3, { expiry: undefined }))).toMatchObject({
      code: 'MISSING_FIELD',
      field: 'positions[3].expiry',
    });
  });

  it('rejects duplicate ids and a missing id', () => {
    expect(errorOf(withPosition(1, { id: 'p1' }))).toMatchObject({ field: 'positions[1].id' });
    expect(errorOf(withPosition(1, { id: undefined }))).toMatchObject({
      code: 'MISSING_FIELD',
      field: 'positions[1].id',
    });
  });

  it('requires market data for each position: spot, and a vol for options', () => {
    const noSol = withPosition(4, { underlying: 'SOL' });
    const e = errorOf(noSol);
    expect(e).toMatchObject({ code: 'MISSING_MARKET_DATA', field: 'positions[4].underlying', value: 'SOL' });
    expect(e.message).toContain('position "p5"');
    const doc = fixture('spec-example.json');
    (doc.market as Record<string, unknown>).vols = {};
    (doc.market as Record<string, unknown>).volSurface = {};
    expect(errorOf(doc)).toMatchObject({ code: 'MISSING_MARKET_DATA', field: 'positions[0].underlying' });
  });

  it('rejects malformed markets: zero spot, non-square covariance', () => {
    const doc = fixture('spec-example.json');
    (doc.market as Record<string, Record<string, number>>).spot = { BTC: 0, ETH: 1 };
    expect(errorOf(doc)).toMatchObject({ code: 'OUT_OF_DOMAIN', field: 'market.spot.BTC' });
    const cov = fixture('spec-example.json');
    (cov.market as Record<string, unknown>).covariance = { tokens: ['BTC', 'ETH'], daily: [[1, 0]] };
    expect(errorOf(cov)).toMatchObject({ field: 'market.covariance.daily' });
  });

  it('validates lending legs with their path', () => {
    const doc = fixture('all-kinds.json');
    const aave = (doc.positions as Record<string, unknown>[]).find((p) => p.id === 'aave-main') as Record<
      string,
      unknown
    >;
    aave.supplies = [{ token: 'ETH', amount: 1, liquidationThreshold: 1.5 }];
    const e = errorOf(doc);
    expect(e.field).toMatch(/^positions\[\d+\]\.supplies\[0\]\.liquidationThreshold$/);
    expect(e.message).toContain('position "aave-main"');
  });

  it('rejects documents that are not objects, or lack positions', () => {
    expect(errorOf(null)).toMatchObject({ code: 'MALFORMED_DOCUMENT' });
    expect(errorOf([])).toMatchObject({ code: 'MALFORMED_DOCUMENT' });
    const doc = fixture('spec-example.json');
    delete doc.positions;
    expect(errorOf(doc)).toMatchObject({ code: 'MISSING_FIELD', field: 'positions' });
  });

  it('property: any non-finite or non-positive strike gives a RiskInputError naming the field', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, -0),
          fc.double({ max: 0, noNaN: true }),
          fc.string(),
          fc.constant(null),
        ),
        (strike) => {
          const e = errorOf(withPosition(0, { strike }));
          expect(e.field).toBe('positions[0].strike');
          expect(e.message).toContain('p1');
        },
      ),
    );
  });
});
