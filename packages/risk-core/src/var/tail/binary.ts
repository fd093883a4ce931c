import { RiskInputError } from '../../errors.ts';
import { parseChunkSummary } from './parse.ts';
import type { ChunkSummary } from './summary.ts';

/**
 * Compact binary form of a {@link ChunkSummary}, for storage and transport (a 1e6-path summary at
 * 99% with 13 components: ~1.3 MB instead of ~2.8 MB of JSON, and no number formatting or parsing),
 * laid out so that a merge can read only what it needs.
 *
 * Layout (little-endian):
 * - bytes 0-3: the magic `DTB2`; bytes 4-7: u32 length of the HEAD (everything before the entries);
 *   bytes 8-11: u32 byte length H of the JSON header;
 * - H bytes: UTF-8 JSON header with everything but the large arrays (format, spec, ranges, count,
 *   exact sums, min, max, histogram, tie class, `entries` = kept entry count, `batchTailLengths`),
 *   padded with spaces to a multiple of 8 bytes from the start;
 * - float64 `top.losses` (entries), then every batch tail, concatenated: the end of the HEAD;
 * - the ENTRIES: per kept entry, in canonical order, its path index and its K contributions
 *   (K + 1 float64).
 *
 * The kept entries are in canonical order, so the global top of a run is made of a prefix of each
 * chunk's entries: {@link tailPrefixLengths} finds, from the heads alone, how many entries of each
 * chunk a merge needs, and {@link completeSummary} builds the summary from the head and that prefix of
 * the entries; merging those gives bit for bit the merge of the full summaries.
 *
 * Every float is written as `v + 0`, so -0 becomes 0 exactly as in the JSON form: decoding gives the
 * summary that `parseChunkSummary(JSON.parse(JSON.stringify(s)))` gives, bit for bit.
 */
const MAGIC = [0x44, 0x54, 0x42, 0x32]; // "DTB2"
const PREAMBLE = 12;

interface Header {
  format: ChunkSummary['format'];
  spec: ChunkSummary['spec'];
  ranges: ChunkSummary['ranges'];
  count: number;
  sum: number[];
  sumSquares: number[];
  min: number;
  max: number;
  histogram: ChunkSummary['histogram'];
  tie: ChunkSummary['tie'];
  entries: number;
  batchTailLengths: number[];
}

/** The head of a binary summary: everything but the kept entries' paths and contributions. */
export interface SummaryHead {
  readonly header: Readonly<Header>;
  /** Kept losses, canonical order. */
  readonly losses: readonly number[];
  readonly batchTails: readonly number[][];
  /** Bytes of the head in the binary form (where the entries start). */
  readonly headBytes: number;
  /** Bytes per kept entry in the entries section: 8 (K + 1). */
  readonly entryBytes: number;
}

/** Encodes a chunk summary in the binary form (see the module comment). */
export function encodeChunkSummary(summary: ChunkSummary): Uint8Array {
  const { top, batchTails } = summary;
  const k = summary.spec.components;
  const entries = top.losses.length;
  const header: Header = {
    format: summary.format,
    spec: summary.spec,
    ranges: summary.ranges,
    count: summary.count,
    sum: summary.sum,
    sumSquares: summary.sumSquares,
    min: summary.min,
    max: summary.max,
    histogram: summary.histogram,
    tie: summary.tie,
    entries,
    batchTailLengths: batchTails.map((b) => b.length),
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerBytes = json.length + ((8 - ((PREAMBLE + json.length) % 8)) % 8);
  const tailFloats = batchTails.reduce((n, b) => n + b.length, 0);
  const headBytes = PREAMBLE + headerBytes + 8 * (entries + tailFloats);
  const bytes = new Uint8Array(headBytes + 8 * entries * (k + 1));
  const view = new DataView(bytes.buffer);
  bytes.set(MAGIC, 0);
  view.setUint32(4, headBytes, true);
  view.setUint32(8, headerBytes, true);
  bytes.set(json, PREAMBLE);
  bytes.fill(0x20, PREAMBLE + json.length, PREAMBLE + headerBytes);
  let offset = PREAMBLE + headerBytes;
  const put = (v: number) => {
    view.setFloat64(offset, v + 0, true);
    offset += 8;
  };
  for (const v of top.losses) put(v);
  for (const b of batchTails) for (const v of b) put(v);
  for (let i = 0; i < entries; i++) {
    put(top.paths[i] as number);
    for (let j = 0; j < k; j++) put(top.contributions[i * k + j] as number);
  }
  return bytes;
}

function malformed(field: string, value: unknown, message: string): never {
  throw new RiskInputError('MALFORMED_DOCUMENT', field, value, message);
}

/** Byte length of the head of a binary summary, from its first 8 bytes (the magic and the length). */
export function summaryHeadLength(bytes: Uint8Array): number {
  if (bytes.length < 8 || MAGIC.some((m, i) => bytes[i] !== m)) {
    malformed('summary', bytes.length, 'not a binary chunk summary (magic DTB2)');
  }
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true);
}

/**
 * Decodes the head of a binary summary (`bytes` may hold more: the entries are ignored).
 * @throws RiskInputError `MALFORMED_DOCUMENT` for a wrong magic, a truncated head or an unreadable
 *   or inconsistent header.
 */
export function decodeSummaryHead(bytes: Uint8Array): SummaryHead {
  const headBytes = summaryHeadLength(bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < PREAMBLE || headBytes > bytes.length)
    malformed('summary', bytes.length, `head of ${headBytes} bytes is truncated`);
  const headerBytes = view.getUint32(8, true);
  if (PREAMBLE + headerBytes > headBytes)
    malformed('summary.header', headerBytes, 'header longer than the head');
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(PREAMBLE, PREAMBLE + headerBytes))) as Header;
  } catch (error) {
    return malformed('summary.header', headerBytes, `unreadable header: ${(error as Error).message}`);
  }
  const entries = header.entries;
  const lengths = header.batchTailLengths;
  const k = header.spec?.components;
  if (
    !Number.isSafeInteger(entries) ||
    entries < 0 ||
    !Number.isSafeInteger(k) ||
    k < 0 ||
    !Array.isArray(lengths) ||
    !lengths.every((n) => Number.isSafeInteger(n) && n >= 0)
  ) {
    malformed(
      'summary.header',
      { entries, components: k },
      'entry, component and batch tail counts must be integers >= 0',
    );
  }
  if (PREAMBLE + headerBytes + 8 * (entries + lengths.reduce((n, b) => n + b, 0)) !== headBytes)
    malformed('summary', headBytes, 'head length does not match the header');
  let offset = PREAMBLE + headerBytes;
  const read = (n: number): number[] => {
    const out = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      out[i] = view.getFloat64(offset, true);
      offset += 8;
    }
    return out;
  };
  const losses = read(entries);
  const batchTails = lengths.map((n) => read(n));
  return { header, losses, batchTails, headBytes, entryBytes: 8 * (k + 1) };
}

/**
 * Builds the summary from its head and the first m kept entries (`entries`: m x `head.entryBytes`
 * bytes). With every entry it is the full summary; with a prefix (at least every entry whose loss is
 * >= the boundary of the run's merge, {@link tailPrefixLengths}) it is a partial summary that merges
 * exactly like the full one: its tie class is dropped, since it lies below that boundary. Validated
 * as {@link parseChunkSummary} does (the entry count may be short for a partial summary).
 * @throws RiskInputError `MALFORMED_DOCUMENT` for entries that are not whole or too many, or a
 *   summary that fails validation (naming the field).
 */
export function completeSummary(head: SummaryHead, entries: Uint8Array): ChunkSummary {
  const { header, entryBytes } = head;
  const k = header.spec.components;
  const m = entries.length / entryBytes;
  if (!Number.isInteger(m) || m > header.entries)
    malformed(
      'summary.entries',
      entries.length,
      `must hold whole entries of ${entryBytes} bytes, at most ${header.entries}`,
    );
  const view = new DataView(entries.buffer, entries.byteOffset, entries.byteLength);
  const paths = new Array<number>(m);
  const contributions = new Array<number>(m * k);
  let offset = 0;
  for (let i = 0; i < m; i++) {
    paths[i] = view.getFloat64(offset, true);
    offset += 8;
    for (let j = 0; j < k; j++) {
      contributions[i * k + j] = view.getFloat64(offset, true);
      offset += 8;
    }
  }
  const partial = m < header.entries;
  const { entries: _entries, batchTailLengths: _lengths, ...rest } = header;
  return parseChunkSummary(
    {
      ...rest,
      tie: partial ? null : header.tie,
      top: { losses: head.losses.slice(0, m), paths, contributions },
      batchTails: head.batchTails,
    },
    { partialTop: partial },
  );
}

/**
 * Decodes a whole binary summary and validates it as {@link parseChunkSummary} does.
 * @throws RiskInputError `MALFORMED_DOCUMENT` for a wrong magic, a truncated or oversized buffer,
 *   an unreadable header, or a summary that fails validation (naming the field).
 */
export function decodeChunkSummary(bytes: Uint8Array): ChunkSummary {
  const head = decodeSummaryHead(bytes);
  const expected = head.headBytes + head.header.entries * head.entryBytes;
  if (bytes.length !== expected)
    malformed('summary', bytes.length, `binary summary must hold ${expected} bytes`);
  return completeSummary(head, bytes.subarray(head.headBytes));
}

/**
 * For the heads of summaries to be merged, how many leading kept entries of each a merge needs: those
 * with loss >= B, where B is the `keep`-th largest kept loss over all of them (every entry when they
 * keep `keep` entries or fewer in total). The merge of the summaries then only ever looks at these:
 * its top `keep` entries all have loss >= B, and its tie class is at loss B.
 */
export function tailPrefixLengths(heads: readonly SummaryHead[]): number[] {
  const keep = heads[0]?.header.spec.keep ?? 0;
  const total = heads.reduce((n, h) => n + h.losses.length, 0);
  if (total <= keep) return heads.map((h) => h.losses.length);
  // The keep-th largest of the union of descending lists, by a k-way walk of the list heads.
  const at = heads.map(() => 0);
  let boundary = Number.NEGATIVE_INFINITY;
  for (let taken = 0; taken < keep; taken++) {
    let best = -1;
    for (let c = 0; c < heads.length; c++) {
      const loss = (heads[c] as SummaryHead).losses[at[c] as number];
      if (
        loss !== undefined &&
        (best < 0 || loss > ((heads[best] as SummaryHead).losses[at[best] as number] as number))
      )
        best = c;
    }
    boundary = (heads[best] as SummaryHead).losses[at[best] as number] as number;
    at[best] = (at[best] as number) + 1;
  }
  return heads.map((h, c) => {
    let n = at[c] as number;
    while (n < h.losses.length && (h.losses[n] as number) >= boundary) n++;
    return n;
  });
}
