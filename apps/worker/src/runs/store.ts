/**
 * The `risk_run` row is the source of truth of a run; these are the worker's reads and writes of it
 * and of its `risk_run_chunk` rows, each in a tenant transaction (`withTenant`). Every write is
 * conditional on the run's status, so a duplicate or late job can never move a run backwards or
 * finish it twice, and chunk rows are insert-if-absent on their key (run, chunk).
 */
import { type PrismaClient, withTenant } from '@dte/db';

/** Transaction options for writes that carry megabytes (chunk summaries, plans, results). */
const WRITE_TX = { timeout: 60_000, maxWait: 10_000 } as const;

/** Statuses after which a run never changes again. */
export const TERMINAL = ['SUCCEEDED', 'FAILED', 'CANCELLED'] as const;
/** A terminal status. */
export type TerminalStatus = (typeof TERMINAL)[number];

/** What the worker needs of a run (never the large `result`). */
export interface RunRow {
  id: string;
  fundId: string;
  kind: string;
  status: string;
  params: unknown;
  chunksTotal: number;
  chunksDone: number;
  attempts: number;
  /** A plan is stored (`plan` column, while RUNNING). */
  planned: boolean;
  updatedAt: Date;
}

/** Whether `status` is terminal. */
export const isTerminal = (status: string): status is TerminalStatus =>
  (TERMINAL as readonly string[]).includes(status);

/** The run, or null when it does not exist in the fund. */
export async function loadRun(prisma: PrismaClient, fundId: string, runId: string): Promise<RunRow | null> {
  const rows = await withTenant(
    prisma,
    { fundId },
    (tx) => tx.$queryRaw<RunRow[]>`
      SELECT id::text AS "id", fund_id::text AS "fundId", kind::text AS "kind", status::text AS "status", params,
        chunks_total AS "chunksTotal", chunks_done AS "chunksDone", attempts,
        (status = 'RUNNING' AND plan IS NOT NULL) AS "planned", updated_at AS "updatedAt"
      FROM risk_run WHERE id = ${runId}::uuid AND fund_id = ${fundId}::uuid`,
  );
  return rows[0] ?? null;
}

/** Counts one more start of work on the run (`attempts`); returns the new count, or null if the run is terminal. */
export async function countAttempt(
  prisma: PrismaClient,
  fundId: string,
  runId: string,
): Promise<number | null> {
  const rows = await withTenant(
    prisma,
    { fundId },
    (tx) => tx.$queryRaw<{ attempts: number }[]>`
      UPDATE risk_run SET attempts = attempts + 1, updated_at = now()
      WHERE id = ${runId}::uuid AND fund_id = ${fundId}::uuid AND status IN ('QUEUED', 'RUNNING')
      RETURNING attempts`,
  );
  return rows[0]?.attempts ?? null;
}

/**
 * QUEUED -> RUNNING with the frozen plan in `plan` (JSON text) and `chunksTotal`; a run that is
 * already planned keeps its plan. Returns false when the run is not QUEUED (another job planned it,
 * or it was cancelled): the caller reloads it.
 */
export async function startRun(
  prisma: PrismaClient,
  fundId: string,
  runId: string,
  plan: { json: string; chunks: number } | null,
): Promise<boolean> {
  const rows = await withTenant(
    prisma,
    { fundId },
    (tx) => tx.$queryRaw<{ id: string }[]>`
      UPDATE risk_run SET status = 'RUNNING', plan = ${plan?.json ?? null},
        chunks_total = ${plan?.chunks ?? 0}, chunks_done = 0, progress = 0,
        started_at = coalesce(started_at, now()), updated_at = now()
      WHERE id = ${runId}::uuid AND fund_id = ${fundId}::uuid AND status = 'QUEUED'
      RETURNING id::text AS "id"`,
    WRITE_TX,
  );
  return rows.length === 1;
}

/** The stored plan (JSON text) of a RUNNING run; null when none. */
export async function loadPlanText(
  prisma: PrismaClient,
  fundId: string,
  runId: string,
): Promise<string | null> {
  const rows = await withTenant(
    prisma,
    { fundId },
    (tx) => tx.$queryRaw<{ plan: string | null }[]>`
      SELECT plan FROM risk_run
      WHERE id = ${runId}::uuid AND fund_id = ${fundId}::uuid AND status = 'RUNNING'`,
    WRITE_TX,
  );
  return rows[0]?.plan ?? null;
}

/** Chunk indices that have a stored summary, ascending. */
export async function storedChunks(prisma: PrismaClient, fundId: string, runId: string): Promise<number[]> {
  const rows = await withTenant(
    prisma,
    { fundId },
    (tx) => tx.$queryRaw<{ chunkIndex: number }[]>`
      SELECT chunk_index AS "chunkIndex" FROM risk_run_chunk
      WHERE run_id = ${runId}::uuid AND fund_id = ${fundId}::uuid ORDER BY chunk_index`,
  );
  return rows.map((r) => r.chunkIndex);
}

/** Whether chunk `chunkIndex` of the run is stored. */
export async function hasChunk(
  prisma: PrismaClient,
  fundId: string,
  runId: string,
  chunkIndex: number,
): Promise<boolean> {
  const rows = await withTenant(
    prisma,
    { fundId },
    (tx) => tx.$queryRaw<{ one: number }[]>`
      SELECT 1 AS "one" FROM risk_run_chunk
      WHERE run_id = ${runId}::uuid AND fund_id = ${fundId}::uuid AND chunk_index = ${chunkIndex}`,
  );
  return rows.length > 0;
}

/** What {@link storeChunk} did. */
export type ChunkOutcome = 'stored' | 'present' | 'skipped';

/**
 * Stores a chunk summary (risk-core's binary form) if absent and the run is RUNNING, then refreshes the run's
 * `chunksDone` and `progress` from the rows. Two transactions: the insert (megabytes; concurrent
 * chunks of a run write in parallel) and a short one that locks the run row and recounts. Each chunk
 * recounts after its own insert committed, and the recounts are serialised by the lock, so the last
 * one sees every row: the count is exact. `skipped` when the run is no longer RUNNING.
 */
export async function storeChunk(
  prisma: PrismaClient,
  fundId: string,
  runId: string,
  chunkIndex: number,
  summary: Uint8Array,
): Promise<ChunkOutcome> {
  const inserted = await withTenant(
    prisma,
    { fundId },
    (tx) => tx.$queryRaw<{ one: number }[]>`
      INSERT INTO risk_run_chunk (run_id, chunk_index, fund_id, summary)
      SELECT ${runId}::uuid, ${chunkIndex}, ${fundId}::uuid, ${summary}
      WHERE EXISTS (SELECT 1 FROM risk_run WHERE id = ${runId}::uuid AND fund_id = ${fundId}::uuid AND status = 'RUNNING')
      ON CONFLICT (run_id, chunk_index) DO NOTHING
      RETURNING 1 AS "one"`,
    WRITE_TX,
  );
  const status = await withTenant(prisma, { fundId }, async (tx) => {
    const run = await tx.$queryRaw<{ status: string }[]>`
      SELECT status::text AS "status" FROM risk_run
      WHERE id = ${runId}::uuid AND fund_id = ${fundId}::uuid FOR UPDATE`;
    if (run[0]?.status !== 'RUNNING') return run[0]?.status ?? 'MISSING';
    await tx.$executeRaw`
      UPDATE risk_run r SET chunks_done = c.n,
        progress = CASE WHEN r.chunks_total > 0 THEN least(1.0, c.n::float8 / r.chunks_total) ELSE 0 END,
        updated_at = now()
      FROM (SELECT count(*)::int AS n FROM risk_run_chunk WHERE run_id = ${runId}::uuid) c
      WHERE r.id = ${runId}::uuid`;
    return 'RUNNING';
  });
  if (inserted.length > 0) return 'stored';
  return status === 'RUNNING' ? 'present' : 'skipped';
}

/** A stored chunk row as the merge reads it first: the head of a binary summary, or a JSON summary. */
export interface ChunkHead {
  chunkIndex: number;
  /** The head of the binary summary (risk-core `summaryHeadLength` bytes), or null for a JSON row. */
  head: Uint8Array | null;
  /** The summary of a row written before binary summaries (JSON text), else null. */
  json: string | null;
}

/**
 * The heads of the run's stored chunk summaries (a few dozen kB each: the header, the kept losses and
 * the batch tails; PostgreSQL reads only those bytes of the uncompressed, out-of-line column), and
 * the JSON summaries of older rows, in chunk order.
 */
export async function loadChunkHeads(
  prisma: PrismaClient,
  fundId: string,
  runId: string,
): Promise<ChunkHead[]> {
  return withTenant(
    prisma,
    { fundId },
    (tx) => tx.$queryRaw<ChunkHead[]>`
      SELECT chunk_index AS "chunkIndex", result::text AS "json",
        substring(summary FROM 1 FOR
          get_byte(p, 4) + (get_byte(p, 5) << 8) + (get_byte(p, 6) << 16) + (get_byte(p, 7) << 24)) AS "head"
      FROM (SELECT chunk_index, summary, result, substring(summary FROM 1 FOR 8) AS p FROM risk_run_chunk
        WHERE run_id = ${runId}::uuid AND fund_id = ${fundId}::uuid) c
      ORDER BY chunk_index`,
    WRITE_TX,
  );
}

/** Bytes [offset, offset + length) of the binary summaries of the given chunks, by chunk index. */
export async function loadChunkSlices(
  prisma: PrismaClient,
  fundId: string,
  runId: string,
  slices: readonly { chunkIndex: number; offset: number; length: number }[],
): Promise<Map<number, Uint8Array>> {
  const rows = await withTenant(
    prisma,
    { fundId },
    (tx) => tx.$queryRaw<{ chunkIndex: number; bytes: Uint8Array }[]>`
      SELECT c.chunk_index AS "chunkIndex", substring(c.summary FROM w.o + 1 FOR w.l) AS "bytes"
      FROM risk_run_chunk c
      JOIN unnest(${slices.map((s) => s.chunkIndex)}::int[], ${slices.map((s) => s.offset)}::int[],
        ${slices.map((s) => s.length)}::int[]) AS w(i, o, l) ON c.chunk_index = w.i
      WHERE c.run_id = ${runId}::uuid AND c.fund_id = ${fundId}::uuid`,
    WRITE_TX,
  );
  return new Map(rows.map((r) => [r.chunkIndex, r.bytes]));
}

/** RUNNING -> SUCCEEDED with the result (JSON text); the plan is dropped. False when the run was not RUNNING (already finished): exactly once. */
export async function finishRun(
  prisma: PrismaClient,
  fundId: string,
  runId: string,
  resultJson: string,
): Promise<boolean> {
  const rows = await withTenant(
    prisma,
    { fundId },
    (tx) => tx.$queryRaw<{ id: string }[]>`
      UPDATE risk_run SET status = 'SUCCEEDED', result = ${resultJson}::jsonb, plan = NULL, progress = 1,
        chunks_done = chunks_total, error = NULL, error_code = NULL, finished_at = now(), updated_at = now()
      WHERE id = ${runId}::uuid AND fund_id = ${fundId}::uuid AND status = 'RUNNING'
      RETURNING id::text AS "id"`,
    WRITE_TX,
  );
  return rows.length === 1;
}

/** QUEUED/RUNNING -> FAILED with a stable code and a message (the plan is dropped). False when already terminal. */
export async function failRun(
  prisma: PrismaClient,
  fundId: string,
  runId: string,
  errorCode: string,
  message: string,
): Promise<boolean> {
  const rows = await withTenant(
    prisma,
    { fundId },
    (tx) => tx.$queryRaw<{ id: string }[]>`
      UPDATE risk_run SET status = 'FAILED', error = ${message.slice(0, 4000)}, error_code = ${errorCode.slice(0, 64)},
        result = NULL, plan = NULL, finished_at = now(), updated_at = now()
      WHERE id = ${runId}::uuid AND fund_id = ${fundId}::uuid AND status IN ('QUEUED', 'RUNNING')
      RETURNING id::text AS "id"`,
  );
  return rows.length === 1;
}

/** Runs of the fund the worker computes that are not finished, oldest first. */
export async function openRuns(prisma: PrismaClient, fundId: string): Promise<RunRow[]> {
  return withTenant(
    prisma,
    { fundId },
    (tx) => tx.$queryRaw<RunRow[]>`
      SELECT id::text AS "id", fund_id::text AS "fundId", kind::text AS "kind", status::text AS "status", NULL::jsonb AS params,
        chunks_total AS "chunksTotal", chunks_done AS "chunksDone", attempts,
        (status = 'RUNNING' AND plan IS NOT NULL) AS "planned", updated_at AS "updatedAt"
      FROM risk_run
      WHERE fund_id = ${fundId}::uuid AND status IN ('QUEUED', 'RUNNING')
        AND kind IN ('MONTE_CARLO_VAR', 'HISTORICAL_VAR')
      ORDER BY created_at`,
  );
}
