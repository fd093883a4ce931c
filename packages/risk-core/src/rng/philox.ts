/**
 * Philox4x32 block function (Salmon, Moraes, Dror & Shaw, "Parallel random numbers: as easy as
 * 1, 2, 3", SC'11, section 3.2; Random123 `philox.h`): a keyed bijection of a 128-bit counter,
 * 4 x 32-bit words in, 4 x 32-bit words out, key of 2 x 32-bit words. Ten rounds is the
 * Crush-resistant default (Philox4x32-10).
 *
 * One round, with multipliers M0 = 0xD2511F53, M1 = 0xCD9E8D57:
 *   (hi0, lo0) = M0 * c0, (hi1, lo1) = M1 * c2 (full 64-bit products),
 *   c' = (hi1 ^ c1 ^ k0, lo1, hi0 ^ c3 ^ k1, lo0);
 * between rounds the key is bumped by the Weyl constants W0 = 0x9E3779B9, W1 = 0xBB67AE85 (mod 2^32).
 * Checked against the known-answer vectors of Random123's `kat_vectors` in philox.test.ts.
 */

const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;

/** High 32 bits of the 64-bit product of two uint32 values, from 16-bit limbs (exact in int32 arithmetic). */
export function mulHi32(a: number, b: number): number {
  const al = a & 0xffff;
  const ah = a >>> 16;
  const bl = b & 0xffff;
  const bh = b >>> 16;
  const ll = Math.imul(al, bl) >>> 0;
  const lh = Math.imul(al, bh) >>> 0;
  const hl = Math.imul(ah, bl) >>> 0;
  const hh = Math.imul(ah, bh) >>> 0;
  const mid = (ll >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  return (hh + (lh >>> 16) + (hl >>> 16) + (mid >>> 16)) >>> 0;
}

/**
 * Philox4x32-R: writes the 4 output words for counter (c0..c3) and key (k0, k1) into `out[0..3]`.
 * All words are uint32 (numbers 0..2^32-1). Allocation-free.
 * @param rounds number of rounds, 10 for Philox4x32-10 (7 only for the published 7-round vectors).
 */
export function philox4x32(
  c0: number,
  c1: number,
  c2: number,
  c3: number,
  k0: number,
  k1: number,
  out: Uint32Array,
  rounds = 10,
): void {
  let x0 = c0 >>> 0;
  let x1 = c1 >>> 0;
  let x2 = c2 >>> 0;
  let x3 = c3 >>> 0;
  let key0 = k0 >>> 0;
  let key1 = k1 >>> 0;
  for (let r = 0; r < rounds; r++) {
    if (r > 0) {
      key0 = (key0 + W0) >>> 0;
      key1 = (key1 + W1) >>> 0;
    }
    const hi0 = mulHi32(M0, x0);
    const lo0 = Math.imul(M0, x0) >>> 0;
    const hi1 = mulHi32(M1, x2);
    const lo1 = Math.imul(M1, x2) >>> 0;
    x0 = (hi1 ^ x1 ^ key0) >>> 0;
    x1 = lo1;
    x2 = (hi0 ^ x3 ^ key1) >>> 0;
    x3 = lo0;
  }
  out[0] = x0;
  out[1] = x1;
  out[2] = x2;
  out[3] = x3;
}
