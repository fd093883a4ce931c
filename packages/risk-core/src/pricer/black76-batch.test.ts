import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RiskInputError } from '../errors.ts';
import { black76 } from './black76.ts';
import type { Black76BatchInput, Black76BatchOutput } from './black76-batch.ts';
import { black76Batch } from './black76-batch.ts';

function outputs(n: number): Black76BatchOutput {
  return {
    price: new Float64Array(n),
    delta: new Float64Array(n),
    gamma: new Float64Array(n),
    vega: new Float64Array(n),
    theta: new Float64Array(n),
  };
}

const row = fc.record({
  isCall: fc.boolean(),
  forward: fc.double({ min: 1e-3, max: 1e7, noNaN: true }),
  moneyness: fc.double({ min: 0.1, max: 10, noNaN: true }),
  expiryYears: fc.double({ min: 0, max: 10, noNaN: true }),
  vol: fc.double({ min: 1e-3, max: 5, noNaN: true }),
  rate: fc.double({ min: -0.1, max: 0.3, noNaN: true }),
});

describe('black76Batch', () => {
  it('gives bit-identical results to the scalar black76 (same kernel), per-option and scalar rates', () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 40 }), fc.boolean(), (rows, scalarRate) => {
        const n = rows.length;
        const input: Black76BatchInput = {
          isCall: Uint8Array.from(rows, (r) => (r.isCall ? 1 : 0)),
          forward: Float64Array.from(rows, (r) => r.forward),
          strike: Float64Array.from(rows, (r) => r.forward * r.moneyness),
          expiryYears: Float64Array.from(rows, (r) => r.expiryYears),
          vol: Float64Array.from(rows, (r) => r.vol),
          rate: scalarRate ? 0.025 : Float64Array.from(rows, (r) => r.rate),
        };
        const out = outputs(n);
        black76Batch(input, out);
        rows.forEach((r, i) => {
          const g = black76({
            type: r.isCall ? 'call' : 'put',
            forward: r.forward,
            strike: r.forward * r.moneyness,
            expiryYears: r.expiryYears,
            vol: r.vol,
            rate: scalarRate ? 0.025 : r.rate,
          });
          expect([out.price[i], out.delta[i], out.gamma[i], out.vega[i], out.theta[i]]).toEqual([
            g.price,
            g.delta,
            g.gamma,
            g.vega,
            g.theta,
          ]);
        });
      }),
    );
  });

  it('processes only [start, end) and leaves other outputs untouched', () => {
    const n = 6;
    const input: Black76BatchInput = {
      isCall: new Uint8Array(n).fill(1),
      forward: new Float64Array(n).fill(100),
      strike: new Float64Array(n).fill(100),
      expiryYears: new Float64Array(n).fill(1),
      vol: new Float64Array(n).fill(0.5),
      rate: 0,
    };
    const out = outputs(n);
    out.price.fill(-1);
    black76Batch(input, out, 2, 4);
    expect([...out.price].map((p) => p > 0)).toEqual([false, false, true, true, false, false]);
    expect(out.price[0]).toBe(-1);
  });

  it('names the first invalid element and field, and rejects short arrays', () => {
    const n = 3;
    const make = (patch: Partial<Record<keyof Black76BatchInput, unknown>>): Black76BatchInput => ({
      isCall: new Uint8Array([1, 0, 1]),
      forward: new Float64Array([100, 100, 100]),
      strike: new Float64Array([90, 100, 110]),
      expiryYears: new Float64Array([0.1, 0.2, 0.3]),
      vol: new Float64Array([0.5, 0.5, 0.5]),
      rate: 0.01,
      ...(patch as object),
    });
    const err = (input: Black76BatchInput, out = outputs(n)): string => {
      try {
        black76Batch(input, out);
      } catch (e) {
        if (e instanceof RiskInputError) return `${e.code} ${e.field}`;
        throw e;
      }
      return 'none';
    };
    expect(err(make({ forward: new Float64Array([100, Number.NaN, 100]) }))).toBe(
      'INVALID_NUMBER forward[1]',
    );
    expect(err(make({ strike: new Float64Array([90, 100, -1]) }))).toBe('OUT_OF_DOMAIN strike[2]');
    expect(err(make({ vol: new Float64Array([0, 0.5, 0.5]) }))).toBe('OUT_OF_DOMAIN vol[0]');
    expect(err(make({ expiryYears: new Float64Array([0.1, -1, 0.3]) }))).toBe('OUT_OF_DOMAIN expiryYears[1]');
    expect(err(make({ expiryYears: new Float64Array([0.1, Number.POSITIVE_INFINITY, 0.3]) }))).toBe(
      'INVALID_NUMBER expiryYears[1]',
    );
    expect(err(make({ rate: new Float64Array([0, Number.NaN, 0]) }))).toBe('INVALID_NUMBER rate[1]');
    expect(err(make({ rate: Number.NaN }))).toBe('INVALID_NUMBER rate');
    expect(err(make({ isCall: new Uint8Array([1, 2, 1]) }))).toBe('OUT_OF_DOMAIN isCall[1]');
    expect(err(make({ strike: new Float64Array([90, 100]) }))).toBe('OUT_OF_DOMAIN strike.length');
    expect(err(make({}), { ...outputs(n), theta: new Float64Array(2) })).toBe('OUT_OF_DOMAIN theta.length');
  });
});
