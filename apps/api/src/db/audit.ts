/**
 * The audit log: one append-only `audit_log` row per mutation, written in the SAME transaction as
 * the change it records (so there is never a change without its entry, nor an entry for a change
 * that rolled back). The application role may only INSERT and SELECT the table.
 */
import type { TenantTx } from '@dte/db';

/** What happened, to what. `details` must not contain secrets (they are stripped anyway). */
export interface AuditEntry {
  /** `<area>.<verb>`, e.g. `api_key.create`, `member.role_change`, `auth.login`. */
  action: string;
  targetType?: string;
  targetId?: string;
  details?: Record<string, unknown>;
}

/** Who did it, for which fund (null: a user-level entry such as a login), in which request. */
export interface AuditActor {
  fundId: string | null;
  userId: string | null;
  apiKeyId: string | null;
  requestId: string;
}

/** Records an entry; passed to every mutation's unit of work. */
export type Audit = (entry: AuditEntry) => void;

const SECRET_KEY = /pass(word)?|secret|token|hash|^key$|apikey|authorization|cookie/i;

/** Removes secret-looking keys (recursively) so that a careless `details` cannot leak a credential. */
export function redactDetails(value: unknown, depth = 0): unknown {
  if (depth > 5 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redactDetails(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) ? '[redacted]' : redactDetails(item, depth + 1);
  }
  return out;
}

/** Inserts the entries (no RETURNING, so no SELECT policy is involved). */
export async function insertAudit(
  tx: TenantTx,
  actor: AuditActor,
  entries: readonly AuditEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  await tx.auditLog.createMany({
    data: entries.map((entry) => ({
      fundId: actor.fundId,
      userId: actor.userId,
      apiKeyId: actor.apiKeyId,
      requestId: actor.requestId.slice(0, 64),
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      details: entry.details === undefined ? undefined : (redactDetails(entry.details) as object),
    })),
  });
}
