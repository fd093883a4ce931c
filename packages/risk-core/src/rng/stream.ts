import { RiskInputError } from '../errors.ts';
import { normInv } from '../stats/normal.ts';
import { philox4x32 } from './philox.ts';
import type { RandomSource } from './source.ts';

/**
 * Counter-based random stream for one Monte Carlo chunk: Philox4x32-10 keyed by the 64-bit run
 * `seed`, with the 128-bit counter laid out as
 *
 *   word 0, 1: block number inside the chunk (0 .. 2^53 - 1, low word first)
 *   word 2, 3: chunk index (0 .. 2^53 - 1, low word first)
 *
 * Each block yields 4 x 32-bit words. The numbers of chunk c are therefore a pure function of
 * (seed, c): chunks never share a counter, so their streams are disjoint pieces of one bijective
 * Philox permutation and do not depend on which worker computes them or in which order
 * (Salmon et al. 2011, section 2: counter-based parallel streams need no state passing).
 *
 * Uniforms take two words: u = (floor(a / 2^6) * 2^26 + floor(b / 2^6) + 1/2) / 2^52, the midpoints
 * of a 52-bit grid: never 0 or 1 (range [2^-53, 1 - 2^-53]), every value exact, and the grid is
 * symmetric (1 - u is again a grid point, computed exactly).
 *
 * Normals use the inverse distribution function, z = Phi^-1(u) (one uniform per normal), rather
 * than Marsaglia's polar method: the number of words consumed per normal is fixed (2), so path p of
 * a chunk drawing d normals always starts at word 2 d p and can be regenerated alone with
 * {@link PhiloxStream.at} (drill-down into a tail scenario), antithetic and stratified variants
 * stay monotone maps of u, and no rejection loop makes the cost data-dependent. The tails reach
 * |z| = 8.21 (u = 2^-53); accuracy is that of `normInv` (full double precision).
 */
export class PhiloxStream implements RandomSource {
  private readonly k0: number;
  private readonly k1: number;
  private readonly c2: number;
  private readonly c3: number;
  private block: number;
  private readonly buffer = new Uint32Array(4);
  private word = 4;

  /**
   * @param seed run seed: a safe integer >= 0 or a bigint in [0, 2^64).
   * @param chunkIndex chunk number, a safe integer >= 0.
   * @param startBlock first counter block (default 0); each block is 4 words, 2 uniforms or normals.
   * @throws RiskInputError `INVALID_NUMBER`/`OUT_OF_DOMAIN` for a seed, chunk index or block outside those ranges.
   */
  constructor(seed: number | bigint, chunkIndex: number, startBlock = 0) {
    [this.k0, this.k1] = splitSeed(seed);
    checkIndex('chunkIndex', chunkIndex);
    checkIndex('startBlock', startBlock);
    this.c2 = chunkIndex % 0x100000000;
    this.c3 = Math.floor(chunkIndex / 0x100000000);
    this.block = startBlock;
  }

  /**
   * Stream positioned at uniform/normal number `drawIndex` of chunk `chunkIndex` (2 draws per
   * block): `at(seed, c, 2 * d * p)` starts path p of a chunk whose paths draw d normals each.
   * @throws RiskInputError as the constructor, or for a negative or non-integer drawIndex.
   */
  static at(seed: number | bigint, chunkIndex: number, drawIndex: number): PhiloxStream {
    checkIndex('drawIndex', drawIndex);
    const stream = new PhiloxStream(seed, chunkIndex, Math.floor(drawIndex / 2));
    if (drawIndex % 2 === 1) stream.uniform();
    return stream;
  }

  /** Next 32-bit word (0 .. 2^32 - 1). */
  nextUint32(): number {
    if (this.word === 4) this.refill();
    const v = this.buffer[this.word] as number;
    this.word++;
    return v;
  }

  uniform(): number {
    const a = this.nextUint32() >>> 6;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b + 0.5) * 2.220446049250313e-16;
  }

  normal(): number {
    return normInv(this.uniform());
  }

  fillUniform(out: Float64Array, offset = 0, length = out.length - offset): void {
    const end = offset + length;
    for (let i = offset; i < end; i++) out[i] = this.uniform();
  }

  fillNormal(out: Float64Array, offset = 0, length = out.length - offset): void {
    const end = offset + length;
    for (let i = offset; i < end; i++) out[i] = normInv(this.uniform());
  }

  private refill(): void {
    const b = this.block;
    if (b >= Number.MAX_SAFE_INTEGER) {
      throw new RiskInputError('OUT_OF_DOMAIN', 'block', b, 'chunk stream exhausted (2^53 blocks)');
    }
    philox4x32(b % 0x100000000, Math.floor(b / 0x100000000), this.c2, this.c3, this.k0, this.k1, this.buffer);
    this.block = b + 1;
    this.word = 0;
  }
}

/**
 * Random stream of chunk `chunkIndex` of the run `seed` (see {@link PhiloxStream}).
 * @throws RiskInputError for an invalid seed or chunk index.
 */
export function chunkStream(seed: number | bigint, chunkIndex: number): PhiloxStream {
  return new PhiloxStream(seed, chunkIndex);
}

function checkIndex(field: string, v: number): void {
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) {
    throw new RiskInputError('INVALID_NUMBER', field, v, 'must be a safe integer');
  }
  if (v < 0) throw new RiskInputError('OUT_OF_DOMAIN', field, v, 'must be >= 0');
}

/** Splits a seed into the Philox key words (low, high). */
function splitSeed(seed: number | bigint): [number, number] {
  if (typeof seed === 'bigint') {
    if (seed < 0n || seed >= 1n << 64n) {
      throw new RiskInputError('OUT_OF_DOMAIN', 'seed', seed.toString(), 'must be in [0, 2^64)');
    }
    return [Number(seed & 0xffffffffn), Number(seed >> 32n)];
  }
  checkIndex('seed', seed);
  return [seed % 0x100000000, Math.floor(seed / 0x100000000)];
}
