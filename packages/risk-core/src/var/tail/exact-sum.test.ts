import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { minstd, statsReference as R } from '../../../test/reference/stats-reference.ts';
import { ExactSum } from './exact-sum.ts';

function exactSum(values: Iterable<number>): number {
  const s = new ExactSum();
  for (const v of values) s.add(v);
  return s.value();
}

describe('ExactSum', () => {
  it("equals Python's math.fsum bit-for-bit on ill-conditioned data (magnitudes 2^-600..2^600, exact cancellations)", () => {
    // same generator as stats_reference.py: u = s/m, value = ldexp(u - 0.5, s' mod 1200 - 600)
    const next = minstd(R.exactSum.seed);
    const values: number[] = [];
    for (let i = 0; i < R.exactSum.count; i++) {
      const u = next() / 2147483647;
      values.push((u - 0.5) * 2 ** ((next() % 1200) - 600));
    }
    for (const v of values.slice(0, R.exactSum.cancelFirst).reverse()) values.push(-v);
    expect(exactSum(values)).toBe(R.exactSum.fsum);
    expect(exactSum(values.slice(0, 100))).toBe(R.exactSum.fsumFirst100);
    expect(exactSum([...values].reverse())).toBe(R.exactSum.fsum);
  });

  it('closed forms: 1e100 + 1 - 1e100 = 1; ten 0.1 = 1; 1 + 2^-53 + 2^-53 = 1 + 2^-52', () => {
    expect(exactSum([1e100, 1, -1e100])).toBe(1);
    expect(exactSum(new Array(10).fill(0.1))).toBe(1);
    expect(exactSum([1, 2 ** -53, 2 ** -53])).toBe(1 + 2 ** -52);
    // a tie in the last place resolved to even by the correction step: 1 + 2^-53 (+ tiny below) rounds up
    expect(exactSum([1, 2 ** -53, 2 ** -200])).toBe(1 + 2 ** -52);
    expect(exactSum([1, 2 ** -53])).toBe(1);
    expect(exactSum([])).toBe(0);
  });

  it('is independent of order and grouping (merging partial sums, JSON round trip)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e30, max: 1e30, noNaN: true }), { minLength: 1, maxLength: 60 }),
        fc.nat(),
        (xs, cut0) => {
          const whole = exactSum(xs);
          const shuffled = [...xs].sort((a, b) => Math.sin(a * 7.1) - Math.sin(b * 7.1));
          expect(exactSum(shuffled)).toBe(whole);
          const cut = cut0 % (xs.length + 1);
          const a = new ExactSum();
          const b = new ExactSum();
          for (const x of xs.slice(0, cut)) a.add(x);
          for (const x of xs.slice(cut)) b.add(x);
          const merged = new ExactSum(JSON.parse(JSON.stringify(b.toJSON())) as number[]);
          merged.addSum(a);
          expect(merged.value()).toBe(whole);
        },
      ),
    );
  });

  it('sums integers exactly (against BigInt)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -(2 ** 52), max: 2 ** 52 }), { maxLength: 100 }), (xs) => {
        const big = xs.reduce((s, x) => s + BigInt(x), 0n);
        expect(exactSum(xs)).toBe(Number(big));
      }),
    );
  });
});
