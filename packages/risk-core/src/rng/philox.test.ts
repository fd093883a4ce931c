import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mulHi32, philox4x32 } from './philox.ts';

// Known-answer vectors of Random123's `kat_vectors` file (D. E. Shaw Research, Random123 1.x,
// lines "philox4x32 7 ..." and "philox4x32 10 ..."): counter words c0..c3, key words k0, k1, output.
const KAT: { rounds: number; ctr: number[]; key: number[]; out: number[] }[] = [
  { rounds: 7, ctr: [0, 0, 0, 0], key: [0, 0], out: [0x5f6fb709, 0x0d893f64, 0x4f121f81, 0x4f730a48] },
  {
    rounds: 7,
    ctr: [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff],
    key: [0xffffffff, 0xffffffff],
    out: [0x5207ddc2, 0x45165e59, 0x4d8ee751, 0x8c52f662],
  },
  {
    rounds: 7,
    ctr: [0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344],
    key: [0xa4093822, 0x299f31d0],
    out: [0x4dfccaba, 0x190a87f0, 0xc47362ba, 0xb6b5242a],
  },
  { rounds: 10, ctr: [0, 0, 0, 0], key: [0, 0], out: [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8] },
  {
    rounds: 10,
    ctr: [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff],
    key: [0xffffffff, 0xffffffff],
    out: [0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd],
  },
  {
    rounds: 10,
    ctr: [0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344],
    key: [0xa4093822, 0x299f31d0],
    out: [0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1],
  },
];

describe('philox4x32', () => {
  it.each(KAT)(
    'matches the Random123 known answer (rounds $rounds, ctr $ctr)',
    ({ rounds, ctr, key, out }) => {
      const got = new Uint32Array(4);
      philox4x32(ctr[0] ?? 0, ctr[1] ?? 0, ctr[2] ?? 0, ctr[3] ?? 0, key[0] ?? 0, key[1] ?? 0, got, rounds);
      expect(Array.from(got)).toEqual(out);
    },
  );

  it('is a different permutation for different keys (no trivial key symmetry)', () => {
    const a = new Uint32Array(4);
    const b = new Uint32Array(4);
    philox4x32(1, 2, 3, 4, 5, 6, a);
    philox4x32(1, 2, 3, 4, 5, 7, b);
    expect(Array.from(a)).not.toEqual(Array.from(b));
  });
});

describe('mulHi32', () => {
  it('equals the high word of the exact 64-bit product (BigInt reference)', () => {
    fc.assert(
      fc.property(fc.nat({ max: 0xffffffff }), fc.nat({ max: 0xffffffff }), (a, b) => {
        expect(mulHi32(a, b)).toBe(Number((BigInt(a) * BigInt(b)) >> 32n));
      }),
      { numRuns: 2000 },
    );
  });

  it('handles the extremes', () => {
    expect(mulHi32(0xffffffff, 0xffffffff)).toBe(0xfffffffe);
    expect(mulHi32(0, 0xffffffff)).toBe(0);
  });
});
