import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RiskInputError } from '../../errors.ts';
import {
  completeSummary,
  decodeChunkSummary,
  decodeSummaryHead,
  encodeChunkSummary,
  summaryHeadLength,
  tailPrefixLengths,
} from './binary.ts';
import { tailRisk } from './evaluate.ts';
import { mergeChunks } from './merge.ts';
import { parseChunkSummary } from './parse.ts';
import { createTailSpec } from './spec.ts';
import type { ChunkSummary } from './summary.ts';
import { chunkBounds, chunkSummary, randomPaths } from './test-support.ts';

/** Chunks [bounds[i], bounds[i+1]) of random paths (K contributions per path, some of them -0). */
function chunks(n: number, k: number, bounds: number[], seed: number, ties: boolean): ChunkSummary[] {
  const { losses, contrib } = randomPaths(n, k, seed, { ties, negativeZero: true });
  const spec = createTailSpec({
    totalPaths: n,
    minConfidence: 0.9,
    components: k,
    batches: 5,
    histogramEdges: [-20, 0, 20],
    contributionWindow: 2,
  });
  return bounds.slice(1).map((end, i) => chunkSummary(spec, losses, contrib, bounds[i] as number, end));
}

const viaJson = (s: ChunkSummary) => parseChunkSummary(JSON.parse(JSON.stringify(s)));

describe('binary chunk summaries', () => {
  it('decode(encode(s)) is the JSON round trip of s, bit for bit, and merges identically', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 20, max: 300 }),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 1, max: 2147483646 }),
        fc.boolean(),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 }),
        (n, k, seed, ties, cuts) => {
          const parts = chunks(n, k, chunkBounds(cuts, n), seed, ties);
          const decoded = parts.map((c) => decodeChunkSummary(encodeChunkSummary(c)));
          const json = parts.map(viaJson);
          // toStrictEqual tells 0 from -0 (Object.is), so the sign of zeros is checked too.
          expect(decoded).toStrictEqual(json);
          for (const a of [0.9, 0.99])
            expect(tailRisk(mergeChunks([...decoded].reverse()), a)).toStrictEqual(
              tailRisk(mergeChunks(json), a),
            );
        },
      ),
      { numRuns: 100 },
    );
  });

  it('is smaller than JSON and decodes from an unaligned view of a larger buffer', () => {
    const [summary] = chunks(2000, 6, [0, 2000], 11, false);
    const bytes = encodeChunkSummary(summary as ChunkSummary);
    expect(bytes.length).toBeLessThan(JSON.stringify(summary).length);
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    expect(decodeChunkSummary(shifted.subarray(3))).toStrictEqual(viaJson(summary as ChunkSummary));
  });

  it('refuses what is not a complete, valid binary summary', () => {
    const [summary] = chunks(200, 2, [0, 200], 5, true);
    const bytes = encodeChunkSummary(summary as ChunkSummary);
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        return error instanceof RiskInputError ? `${error.code} ${error.field}` : String(error);
      }
      return 'no error';
    };
    expect(code(() => decodeChunkSummary(new TextEncoder().encode('{"format":1}')))).toBe(
      'MALFORMED_DOCUMENT summary',
    );
    expect(code(() => decodeChunkSummary(bytes.subarray(0, bytes.length - 8)))).toBe(
      'MALFORMED_DOCUMENT summary',
    );
    const broken = bytes.slice();
    broken[9] = 0x7b; // corrupts the header JSON
    expect(code(() => decodeChunkSummary(broken))).toBe('MALFORMED_DOCUMENT summary.header');
    // a kept loss swapped out of canonical order is caught by the validation of parseChunkSummary
    const lossesAt = 12 + new DataView(bytes.buffer).getUint32(8, true);
    const unsorted = bytes.slice();
    const view = new DataView(unsorted.buffer);
    const first = view.getFloat64(lossesAt, true);
    view.setFloat64(lossesAt, view.getFloat64(lossesAt + 8, true) - 1, true);
    expect(first).toBeGreaterThan(view.getFloat64(lossesAt, true));
    expect(code(() => decodeChunkSummary(unsorted))).toMatch(/MALFORMED_DOCUMENT summary\.top\.losses\[1\]/);
  });
});

describe('merging from the heads and a prefix of the entries', () => {
  it('gives bit for bit the merge of the full summaries, with far fewer entries read', () => {
    let truncated = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 40, max: 600 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 1, max: 2147483646 }),
        fc.boolean(),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 10 }),
        (n, k, seed, ties, cuts) => {
          const parts = chunks(n, k, chunkBounds(cuts, n), seed, ties);
          const stored = parts.map(encodeChunkSummary);
          // what a database read of the heads returns: the first summaryHeadLength bytes
          const heads = stored.map((b) => decodeSummaryHead(b.subarray(0, summaryHeadLength(b))));
          const lengths = tailPrefixLengths(heads);
          const partial = heads.map((h, c) =>
            completeSummary(
              h,
              (stored[c] as Uint8Array).subarray(
                h.headBytes,
                h.headBytes + (lengths[c] as number) * h.entryBytes,
              ),
            ),
          );
          const read = lengths.reduce((a, b) => a + b, 0);
          const all = heads.reduce((a, h) => a + h.losses.length, 0);
          if (read < all) truncated++;
          const want = mergeChunks(parts.map(viaJson));
          const merged = mergeChunks(partial);
          expect(merged).toStrictEqual(want);
          // In another order the exact sums may come out as another expansion of the same value
          // (expansions are not canonical), so the order check is on what is reported.
          const reversed = mergeChunks([...partial].reverse());
          for (const a of [0.9, 0.95, 0.999]) {
            expect(tailRisk(merged, a)).toStrictEqual(tailRisk(want, a));
            expect(tailRisk(reversed, a)).toStrictEqual(tailRisk(want, a));
          }
        },
      ),
      { numRuns: 200 },
    );
    expect(truncated).toBeGreaterThan(10);
  });

  it('a prefix that leaves out an entry at or above the boundary changes the merge (the lengths are tight)', () => {
    const parts = chunks(400, 2, [0, 100, 200, 300, 400], 3, true);
    const stored = parts.map(encodeChunkSummary);
    const heads = stored.map((b) => decodeSummaryHead(b));
    const lengths = tailPrefixLengths(heads);
    const want = mergeChunks(parts.map(viaJson));
    const c = lengths.findIndex((m) => m > 0);
    const short = heads.map((h, i) =>
      completeSummary(
        h,
        (stored[i] as Uint8Array).subarray(
          h.headBytes,
          h.headBytes + ((lengths[i] as number) - (i === c ? 1 : 0)) * h.entryBytes,
        ),
      ),
    );
    expect(mergeChunks(short)).not.toStrictEqual(want);
    expect(() => completeSummary(heads[0] as never, new Uint8Array(5))).toThrow(RiskInputError);
  });
});
