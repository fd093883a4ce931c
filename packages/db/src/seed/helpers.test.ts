import { describe, expect, it } from 'vitest';
import { black76, normCdf } from './black76.ts';
import { createRng, seedFromString } from './prng.ts';

describe('createRng', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });

  it('keeps helpers in range and shuffles to a permutation', () => {
    const r = createRng(seedFromString('aurora'));
    for (let i = 0; i < 200; i++) {
      const n = r.int(3, 5);
      expect(n >= 3 && n <= 5).toBe(true);
      const l = r.logUniform(10, 1000);
      expect(l >= 10 && l < 1000).toBe(true);
    }
    expect(
      r
        .shuffle([1, 2, 3, 4, 5])
        .slice()
        .sort((x, y) => x - y),
    ).toEqual([1, 2, 3, 4, 5]);
    expect(() => r.pick([])).toThrow(/must not be empty/);
    expect(() => createRng(1.5)).toThrow(/seed: must be an integer, got 1.5/);
  });
});

describe('black76', () => {
  it('matches the ATM closed form F (2 N(sigma sqrt(T) / 2) - 1)', () => {
    // N(0.1) = 0.539827837277029 (tables); ATM call = 100 * (2 * 0.539827837... - 1).
    expect(normCdf(0.1)).toBeCloseTo(0.539827837277029, 6);
    const atm = black76({ forward: 100, strike: 100, vol: 0.2, years: 1, rate: 0, type: 'CALL' });
    // The erf approximation's error (< 1.5e-7 per N) times 2F bounds the price error to 3e-5.
    expect(Math.abs(atm - 7.965567455405804)).toBeLessThan(3e-5);
  });

  it('satisfies put-call parity C - P = e^{-rT} (F - K)', () => {
    const base = { forward: 96000, strike: 110000, vol: 0.6, years: 1.85, rate: 0.04 };
    const c = black76({ ...base, type: 'CALL' });
    const p = black76({ ...base, type: 'PUT' });
    expect(c - p).toBeCloseTo(Math.exp(-0.04 * 1.85) * (96000 - 110000), 2);
  });

  it('rejects non-positive inputs naming the field', () => {
    expect(() => black76({ forward: 1, strike: 1, vol: 0, years: 1, rate: 0, type: 'PUT' })).toThrow(
      'vol: must be a finite number > 0, got 0',
    );
  });
});
