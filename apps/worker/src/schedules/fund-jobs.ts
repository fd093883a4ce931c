/**
 * Handlers of the per-fund scheduled jobs (queue `dte-schedules`): `risk-snapshot` stores a
 * `risk_snapshot`, `limit-check` measures the fund's limits and keeps its alerts in step. The book is
 * read in a tenant transaction; the computations run in a compute thread; the writes are another
 * tenant transaction.
 */
import { withTenant } from '@dte/db';
import { DomainError, liquidationDocument } from '@dte/domain';
import type { JobPayload, JobResult, limitCheckJob, riskSnapshotJob } from '@dte/jobs';
import type { LimitInput, Measure, PositionRef } from '../compute/fund-tasks.ts';
import { dayBefore, documentTokens, loadFundBook, loadFundHistory } from '../runs/book.ts';
import type { WorkerDeps } from '../runs/deps.ts';

type SnapshotPayload = JobPayload<typeof riskSnapshotJob>;
type SnapshotResult = JobResult<typeof riskSnapshotJob>;
type CheckPayload = JobPayload<typeof limitCheckJob>;
type CheckResult = JobResult<typeof limitCheckJob>;

/** History loaded for scheduled measures: the default 500-return window plus margin. */
const HISTORY_DAYS = 700;

const numberParam = (params: Record<string, unknown> | undefined, key: string): number | undefined =>
  typeof params?.[key] === 'number' ? (params[key] as number) : undefined;

/** Market snapshot chosen by `schedule.params.marketSnapshot` (`latest` or a snapshot id). */
function snapshotChoice(params: Record<string, unknown> | undefined): string | null {
  const v = params?.marketSnapshot;
  return typeof v === 'string' && v !== 'latest' ? v : null;
}

/** Builds the `risk-snapshot` handler. */
export function createRiskSnapshotHandler(deps: WorkerDeps) {
  const { prisma, pool, logger } = deps;
  return async (payload: SnapshotPayload): Promise<SnapshotResult> => {
    const { fundId, params } = payload;
    let loaded: Awaited<ReturnType<typeof loadFundBook>>;
    try {
      loaded = await loadFundBook(prisma, fundId, snapshotChoice(params));
    } catch (error) {
      if (error instanceof DomainError)
        return { fundId, snapshotId: null, notes: [`${error.code}: ${error.message}`] };
      throw error;
    }
    const document = loaded.mapped.document;
    const history = await loadFundHistory(
      prisma,
      fundId,
      documentTokens(document),
      typeof params?.historyAsOf === 'string' ? params.historyAsOf : dayBefore(document.valuationTime),
      (numberParam(params, 'lookback') ?? 500) + 200,
    );
    const computed = await pool.run('riskSnapshot', {
      document,
      history: history.closes,
      historyAsOf: history.asOf,
      params: {
        ...(Array.isArray(params?.confidences) ? { confidences: params.confidences as number[] } : {}),
        ...(numberParam(params, 'horizonDays') !== undefined
          ? { horizonDays: numberParam(params, 'horizonDays') }
          : {}),
        ...(numberParam(params, 'lookback') !== undefined
          ? { lookback: numberParam(params, 'lookback') }
          : {}),
      },
    });
    const risk = { ...(computed.risk as object), book: loaded.info };
    const rows = await withTenant(
      prisma,
      { fundId },
      (tx) =>
        tx.$queryRaw<{ id: string }[]>`
        INSERT INTO risk_snapshot (fund_id, as_of, market_snapshot_id, exposures, risk)
        VALUES (${fundId}::uuid, ${loaded.book.snapshot.asOf}, ${loaded.book.snapshot.id}::uuid,
          ${JSON.stringify(computed.exposures)}::jsonb, ${JSON.stringify(risk)}::jsonb)
        RETURNING id::text AS "id"`,
    );
    const snapshotId = rows[0]?.id ?? null;
    logger.info({ fundId, snapshotId, notes: computed.notes.length }, 'risk snapshot stored');
    return { fundId, snapshotId, notes: computed.notes };
  };
}

/** Largest magnitude stored in `alert.value` (numeric(38, 18)). */
const ALERT_VALUE_MAX = 9.99e19;
const clampValue = (x: number) =>
  Number.isFinite(x) ? Math.max(-ALERT_VALUE_MAX, Math.min(ALERT_VALUE_MAX, x)) : ALERT_VALUE_MAX;

/** Builds the `limit-check` handler. */
export function createLimitCheckHandler(deps: WorkerDeps) {
  const { prisma, pool, logger } = deps;
  return async (payload: CheckPayload): Promise<CheckResult> => {
    const { fundId, params } = payload;
    const limitRows = await withTenant(
      prisma,
      { fundId },
      (tx) =>
        tx.$queryRaw<
          {
            id: string;
            name: string;
            kind: LimitInput['kind'];
            token: string | null;
            accountId: string | null;
            positionId: string | null;
            threshold: number;
            warnAt: number | null;
            params: Record<string, unknown> | null;
          }[]
        >`
        SELECT id::text AS "id", name, kind::text AS "kind", token, account_id::text AS "accountId",
          position_id::text AS "positionId", threshold::float8 AS "threshold", warn_at::float8 AS "warnAt", params
        FROM risk_limit WHERE fund_id = ${fundId}::uuid AND enabled ORDER BY created_at, id`,
    );
    const empty: CheckResult = {
      fundId,
      limits: limitRows.length,
      opened: 0,
      refreshed: 0,
      cleared: 0,
      notes: [],
    };
    let measures: Measure[] = [];
    let failed: string[] = [];
    let notes: string[] = [];
    if (limitRows.length > 0) {
      let loaded: Awaited<ReturnType<typeof loadFundBook>>;
      try {
        loaded = await loadFundBook(prisma, fundId, snapshotChoice(params));
      } catch (error) {
        if (error instanceof DomainError) return { ...empty, notes: [`${error.code}: ${error.message}`] };
        throw error;
      }
      const { book, mapped } = loaded;
      const accountName = new Map(book.accounts.map((a) => [a.id, a.name]));
      const positionRow = new Map(book.positions.map((p) => [p.id, p]));
      const refs: PositionRef[] = [...mapped.refs].map(([docId, ref]) => {
        const row = ref.source === 'POSITION' ? positionRow.get(ref.rowIds[0] ?? '') : undefined;
        return {
          docId,
          source: ref.source,
          rowIds: ref.rowIds,
          account: accountName.get(ref.accountId) ?? ref.accountId,
          ...(row ? { quantity: row.quantity, stopPrice: row.stopPrice } : {}),
        };
      });
      const limits: LimitInput[] = limitRows.map((l) => ({
        id: l.id,
        name: l.name,
        kind: l.kind,
        token: l.token,
        account: l.accountId === null ? null : (accountName.get(l.accountId) ?? l.accountId),
        positionId: l.positionId,
        threshold: l.threshold,
        warnAt: l.warnAt,
        params: l.params ?? {},
      }));
      const needsHistory = limits.some((l) => l.kind === 'VAR');
      const history = needsHistory
        ? await loadFundHistory(
            prisma,
            fundId,
            documentTokens(mapped.document),
            dayBefore(mapped.document.valuationTime),
            HISTORY_DAYS,
          )
        : { closes: [], asOf: null };
      const computed = await pool.run('limitMeasures', {
        document: mapped.document,
        liquidationDocument: liquidationDocument(mapped, book),
        refs,
        limits,
        history: history.closes,
        historyAsOf: history.asOf,
      });
      measures = computed.measures;
      failed = computed.failed;
      notes = computed.notes;
    }
    const counts = await applyAlerts(deps, fundId, measures, failed);
    if (counts.opened || counts.cleared) logger.info({ fundId, ...counts }, 'limit check changed alerts');
    return { ...empty, ...counts, notes };
  };
}

/**
 * Writes the alerts of one limit check in one tenant transaction: every (limit, subject) in breach or
 * warning is upserted against the partial unique index (limit_id, subject) WHERE status <> 'CLEARED':
 * a new breach opens an alert, a persisting one only gets `last_seen_at`, value, severity and message
 * refreshed (an ACKNOWLEDGED alert stays acknowledged). Every other open alert of the fund is
 * cleared, except those of limits that could not be measured this time.
 */
export async function applyAlerts(
  deps: Pick<WorkerDeps, 'prisma'>,
  fundId: string,
  measures: readonly Measure[],
  unmeasured: readonly string[],
): Promise<{ opened: number; refreshed: number; cleared: number }> {
  const active = measures.filter((m) => m.status !== 'ok');
  return withTenant(
    deps.prisma,
    { fundId },
    async (tx) => {
      let opened = 0;
      let refreshed = 0;
      for (const m of active) {
        const severity = m.status === 'breach' ? 'CRITICAL' : 'WARNING';
        const rows = await tx.$queryRaw<{ inserted: boolean }[]>`
          INSERT INTO alert (fund_id, limit_id, subject, status, severity, message, value, threshold, opened_at, last_seen_at)
          SELECT ${fundId}::uuid, l.id, ${m.subject}, 'OPEN', ${severity}::"AlertSeverity", ${m.message},
            ${String(clampValue(m.value))}::numeric, l.threshold, now(), now()
          FROM risk_limit l WHERE l.id = ${m.limitId}::uuid
          ON CONFLICT (limit_id, subject) WHERE status <> 'CLEARED' DO UPDATE
            SET last_seen_at = now(), value = EXCLUDED.value, severity = EXCLUDED.severity,
              message = EXCLUDED.message, threshold = EXCLUDED.threshold
          RETURNING (xmax = 0) AS "inserted"`;
        if (rows[0]?.inserted) opened += 1;
        else if (rows.length > 0) refreshed += 1;
      }
      const keep = active.map((m) => `${m.limitId}|${m.subject}`);
      const cleared = await tx.$executeRaw`
        UPDATE alert SET status = 'CLEARED', cleared_at = now()
        WHERE fund_id = ${fundId}::uuid AND status <> 'CLEARED'
          AND NOT (limit_id::text || '|' || subject = ANY(${keep}::text[]))
          AND NOT (limit_id::text = ANY(${[...unmeasured]}::text[]))`;
      return { opened, refreshed, cleared };
    },
    { timeout: 30_000, maxWait: 10_000 },
  );
}
