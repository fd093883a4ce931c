import { createPrismaClient } from '@dte/db';
import { createTestClients, createTestFund, type TestFund, testUrls } from '@dte/db/testing';
import {
  createTailSpec,
  decodeChunkSummary,
  encodeChunkSummary,
  summaryHeadLength,
  TailAccumulator,
} from '@dte/risk-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summaryPrefixesTask } from '../src/compute/tasks.ts';
import {
  loadChunkHeads,
  loadChunkSlices,
  loadPlanText,
  loadRun,
  startRun,
  storeChunk,
} from '../src/runs/store.ts';
import { insertRun } from './support.ts';

const { admin, close } = createTestClients();
const prisma = createPrismaClient({ url: testUrls().appUrl, max: 2 });
let fund: TestFund;

beforeAll(async () => {
  fund = await createTestFund(admin, 'worker-store');
});

afterAll(async () => {
  await fund?.cleanup();
  await prisma.$disconnect();
  await close();
});

/** Summaries of 3 chunks of 3,000 paths (2 components), as chunk jobs would store them. */
function summaries() {
  const spec = createTailSpec({
    totalPaths: 3000,
    minConfidence: 0.95,
    components: 2,
    contributionWindow: 3,
  });
  return [0, 1000, 2000].map((start) => {
    const acc = new TailAccumulator(spec, { start, count: 1000 });
    for (let p = start; p < start + 1000; p++) {
      const a = Math.sin(p * 12.9898) * 1000;
      const b = Math.cos(p * 78.233) * 500;
      acc.add(a + b, [a, b]);
    }
    return acc.finish();
  });
}

describe('run store: plan column, binary chunk rows, partial reads', () => {
  it('keeps the plan apart from the result and reads heads and entry prefixes of binary rows, JSON rows whole', async () => {
    const runId = await insertRun(admin, fund.fundId, 'MONTE_CARLO_VAR', {});
    const plan = JSON.stringify({ format: 'test-plan', values: [1, 0.1, 1e-300] });
    expect(await startRun(prisma, fund.fundId, runId, { json: plan, chunks: 3 })).toBe(true);
    expect(await loadPlanText(prisma, fund.fundId, runId)).toBe(plan); // verbatim text, not jsonb
    expect((await loadRun(prisma, fund.fundId, runId))?.planned).toBe(true);

    const [s0, s1, s2] = summaries();
    const bytes = [s0, s1].map((s) => encodeChunkSummary(s as never));
    expect(await storeChunk(prisma, fund.fundId, runId, 0, bytes[0] as Uint8Array)).toBe('stored');
    expect(await storeChunk(prisma, fund.fundId, runId, 1, bytes[1] as Uint8Array)).toBe('stored');
    expect(await storeChunk(prisma, fund.fundId, runId, 1, bytes[0] as Uint8Array)).toBe('present');
    // A row of an older version: JSON in `result`.
    await admin.$executeRaw`INSERT INTO risk_run_chunk (run_id, chunk_index, fund_id, result)
      VALUES (${runId}::uuid, 2, ${fund.fundId}::uuid, ${JSON.stringify(s2)}::jsonb)`;

    const heads = await loadChunkHeads(prisma, fund.fundId, runId);
    expect(heads.map((h) => [h.chunkIndex, h.head === null, h.json === null])).toEqual([
      [0, false, true],
      [1, false, true],
      [2, true, false],
    ]);
    for (const [i, h] of heads.slice(0, 2).entries()) {
      const whole = bytes[i] as Uint8Array;
      expect(Buffer.from(h.head as Uint8Array)).toEqual(
        Buffer.from(whole.subarray(0, summaryHeadLength(whole))),
      );
    }
    expect(JSON.parse(heads[2]?.json ?? 'null')).toEqual(JSON.parse(JSON.stringify(s2)));

    const { slices } = summaryPrefixesTask({ heads: heads.slice(0, 2).map((h) => h.head as Uint8Array) });
    // The two binary chunks keep 153 entries each; the merge needs fewer of them in all.
    const allEntries = slices.reduce((n, sl, i) => n + (bytes[i] as Uint8Array).length - sl.offset, 0);
    expect(slices.reduce((n, sl) => n + sl.length, 0)).toBeLessThan(allEntries);
    const read = await loadChunkSlices(
      prisma,
      fund.fundId,
      runId,
      slices.map((s, i) => ({ chunkIndex: i, ...s })),
    );
    for (const [i, s] of slices.entries()) {
      const whole = bytes[i] as Uint8Array;
      expect(Buffer.from(read.get(i) as Uint8Array)).toEqual(
        Buffer.from(whole.subarray(s.offset, s.offset + s.length)),
      );
    }
    expect(decodeChunkSummary(bytes[0] as Uint8Array).count).toBe(1000);
  });
});
