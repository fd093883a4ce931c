import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { correlation, ksCritical, ksStatistic, meanVar } from '../../test/reference/sample-checks.ts';
import { RiskInputError } from '../errors.ts';
import { normCdf } from '../stats/normal.ts';
import { philox4x32 } from './philox.ts';
import { chunkStream, PhiloxStream } from './stream.ts';

const N = 200_000;

describe('PhiloxStream words', () => {
  it('are Philox4x32-10 of counter (block, 0, chunk lo, chunk hi) under key (seed lo, seed hi)', () => {
    const seed = 0x1234_5678_9abc; // 2^32 * 0x1234 + 0x56789abc
    const chunk = 2 ** 32 + 5;
    const s = new PhiloxStream(seed, chunk);
    const expected = new Uint32Array(4);
    for (let block = 0; block < 3; block++) {
      philox4x32(block, 0, 5, 1, 0x56789abc, 0x1234, expected);
      for (let w = 0; w < 4; w++) expect(s.nextUint32()).toBe(expected[w]);
    }
  });

  it('accept a bigint seed equal to the number seed, and full 64-bit seeds', () => {
    const a = new PhiloxStream(123456789, 3);
    const b = new PhiloxStream(123456789n, 3);
    for (let i = 0; i < 10; i++) expect(a.nextUint32()).toBe(b.nextUint32());
    const c = new PhiloxStream(0xffff_ffff_ffff_ffffn, 0);
    const expected = new Uint32Array(4);
    philox4x32(0, 0, 0, 0, 0xffffffff, 0xffffffff, expected);
    expect(c.nextUint32()).toBe(expected[0]);
  });
});

describe('determinism and chunk independence', () => {
  it('gives the same numbers for (seed, chunk) whatever the order chunks are computed in', () => {
    fc.assert(
      fc.property(
        fc.nat(),
        fc.shuffledSubarray([0, 1, 2, 3, 4, 5, 6, 7], { minLength: 8 }),
        (seed, order) => {
          const reference = [0, 1, 2, 3, 4, 5, 6, 7].map((c) => {
            const out = new Float64Array(16);
            chunkStream(seed, c).fillNormal(out);
            return out;
          });
          for (const c of order) {
            const out = new Float64Array(16);
            chunkStream(seed, c).fillNormal(out);
            expect(out).toEqual(reference[c]);
          }
        },
      ),
      { numRuns: 50 },
    );
  });

  it('at(seed, chunk, draw) starts at draw number `draw` of the chunk', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat({ max: 1000 }), fc.nat({ max: 40 }), (seed, chunk, draw) => {
        const all = new Float64Array(50);
        chunkStream(seed, chunk).fillUniform(all);
        const tail = new Float64Array(50 - draw);
        PhiloxStream.at(seed, chunk, draw).fillUniform(tail);
        expect(tail).toEqual(all.subarray(draw));
      }),
      { numRuns: 100 },
    );
  });

  it('streams of different chunks and seeds are uncorrelated (|corr| < 4.5 / sqrt(n))', () => {
    // Under independence the sample correlation is ~ N(0, 1/n); 4.5 sigma keeps false alarms < 1e-5.
    const n = 100_000;
    const tol = 4.5 / Math.sqrt(n);
    const streams = [
      chunkStream(42, 0),
      chunkStream(42, 1),
      chunkStream(42, 2 ** 32),
      chunkStream(43, 0),
    ].map((s) => {
      const u = new Float64Array(n);
      s.fillUniform(u);
      return u;
    });
    for (let i = 0; i < streams.length; i++) {
      for (let j = i + 1; j < streams.length; j++) {
        expect(Math.abs(correlation(streams[i] as Float64Array, streams[j] as Float64Array))).toBeLessThan(
          tol,
        );
      }
    }
    // lag-1 autocorrelation within a stream
    const u = streams[0] as Float64Array;
    expect(Math.abs(correlation(u.subarray(0, n - 1), u.subarray(1)))).toBeLessThan(tol);
  });
});

describe('uniform()', () => {
  it('lies in (0, 1) on the 52-bit midpoint grid, symmetric under u -> 1 - u', () => {
    const s = chunkStream(7, 0);
    let bad = 0;
    for (let i = 0; i < 100_000; i++) {
      const u = s.uniform();
      const k = u * 2 ** 52 - 0.5;
      if (!(u > 0 && u < 1) || !Number.isInteger(k) || 1 - (1 - u) !== u) bad++;
    }
    expect(bad).toBe(0);
  });

  it('passes a Kolmogorov-Smirnov test at alpha = 1e-4 and has mean 1/2, variance 1/12', () => {
    const u = new Float64Array(N);
    chunkStream(2024, 11).fillUniform(u);
    expect(ksStatistic(u, (x) => x)).toBeLessThan(ksCritical(N));
    const { mean, variance } = meanVar(u);
    // standard errors: sqrt(1/12/N) for the mean, sqrt(1/180/N) for the variance (4th central moment 1/80)
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / N));
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(5 * Math.sqrt((1 / 80 - 1 / 144) / N));
  });
});

describe('normal()', () => {
  it('passes KS against Phi and has moments 0, 1, skew 0, kurtosis 3 within 5 standard errors', () => {
    const z = new Float64Array(N);
    chunkStream(99, 3).fillNormal(z);
    expect(ksStatistic(z, normCdf)).toBeLessThan(ksCritical(N));
    const { mean, variance } = meanVar(z);
    let m3 = 0;
    let m4 = 0;
    for (const v of z) {
      m3 += (v - mean) ** 3;
      m4 += (v - mean) ** 4;
    }
    m3 /= N;
    m4 /= N;
    // asymptotic standard errors for normal data: mean 1/sqrt(N), variance sqrt(2/N), m3 sqrt(6/N), m4 sqrt(96/N)
    expect(Math.abs(mean)).toBeLessThan(5 / Math.sqrt(N));
    expect(Math.abs(variance - 1)).toBeLessThan(5 * Math.sqrt(2 / N));
    expect(Math.abs(m3)).toBeLessThan(5 * Math.sqrt(6 / N));
    expect(Math.abs(m4 - 3)).toBeLessThan(5 * Math.sqrt(96 / N));
  });

  it('fills a sub-range of an array without touching the rest', () => {
    const out = new Float64Array(10).fill(-99);
    chunkStream(1, 1).fillNormal(out, 2, 5);
    expect(out[0]).toBe(-99);
    expect(out[1]).toBe(-99);
    expect(out[7]).toBe(-99);
    expect(out.subarray(2, 7).every((v) => Number.isFinite(v) && v !== -99)).toBe(true);
  });
});

describe('invalid input', () => {
  it.each([
    [-1, 0, 'seed'],
    [1.5, 0, 'seed'],
    [Number.NaN, 0, 'seed'],
    [1, -1, 'chunkIndex'],
    [1, 0.5, 'chunkIndex'],
    [1, 2 ** 53, 'chunkIndex'],
  ])('seed %s chunk %s -> RiskInputError on %s', (seed, chunk, field) => {
    expect(() => new PhiloxStream(seed, chunk)).toThrow(RiskInputError);
    try {
      new PhiloxStream(seed, chunk);
    } catch (e) {
      expect((e as RiskInputError).field).toBe(field);
    }
  });

  it('rejects bigint seeds outside [0, 2^64)', () => {
    expect(() => new PhiloxStream(-1n, 0)).toThrow(/seed/);
    expect(() => new PhiloxStream(1n << 64n, 0)).toThrow(/seed/);
  });
});
