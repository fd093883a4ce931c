/**
 * Tenant-scoped database access for one GraphQL request. Resolvers never see the raw Prisma client:
 *
 * - **Reads** share ONE interactive transaction per request, opened lazily by the first read, scoped
 *   with `withTenant({ fundId, userId })` (or `withUser` when no fund is selected), `READ ONLY`, and
 *   closed when the response is sent. Query operations run it at REPEATABLE READ (every field sees
 *   the same snapshot); mutation operations at READ COMMITTED (payload fields see the rows the
 *   mutations just committed). `client` exposes it as a Prisma client for `@pothos/plugin-prisma`.
 * - **Writes** (`write`, `writeAsUser`) run each in their own `withTenant` / `withUser` transaction,
 *   one per mutation field, together with the mutation's audit entries; the mutation commits or
 *   rolls back with its audit rows, independently of other mutation fields in the same operation.
 *
 * The fund is fixed when the request is authenticated; there is no way to reach fund data without
 * `app.fund_id` being set to it. See docs/api.md "Database access".
 */
import { type PrismaClient, type TenantTx, withTenant, withUser } from '@dte/db';
import { FundNotSelectedError, UnauthenticatedError } from '../errors.ts';
import { type Audit, type AuditEntry, insertAudit } from './audit.ts';

/** Whose data this request may touch. */
export interface RequestScope {
  /** The selected fund (X-Fund-Id, or an API key's fund); null: none. */
  fundId: string | null;
  /** The user behind the request (null for API keys and anonymous requests). */
  userId: string | null;
  /** The API key behind the request, if any (for the audit log). */
  apiKeyId: string | null;
  requestId: string;
}

/** Options of {@link RequestDb}. */
export interface RequestDbOptions {
  /** Interactive transaction timeout (ms): the longest a request may hold its read transaction. */
  timeoutMs?: number;
  /** Longest wait for a pooled connection (ms). */
  maxWaitMs?: number;
}

/** Thrown when a mutation's unit of work recorded no audit entry (a programming error). */
export class MissingAuditError extends Error {
  override name = 'MissingAuditError';
}

/** Counters for tests and the transaction-design measurements. */
export interface RequestDbStats {
  readTransactions: number;
  writeTransactions: number;
}

type OperationKind = 'query' | 'mutation' | 'subscription';

/** Per-request database access; see the module comment. */
export class RequestDb {
  readonly scope: Readonly<RequestScope>;
  readonly stats: RequestDbStats = { readTransactions: 0, writeTransactions: 0 };
  /** A Prisma client whose every model call runs in the request's read transaction. */
  readonly client: PrismaClient;

  readonly #prisma: PrismaClient;
  readonly #options: Required<RequestDbOptions>;
  #operation: OperationKind = 'query';
  #tx: Promise<TenantTx> | undefined;
  #finish: (() => void) | undefined;
  #done: Promise<unknown> | undefined;
  #released = false;

  constructor(prisma: PrismaClient, scope: RequestScope, options: RequestDbOptions = {}) {
    this.#prisma = prisma;
    this.scope = Object.freeze({ ...scope });
    this.#options = { timeoutMs: options.timeoutMs ?? 30_000, maxWaitMs: options.maxWaitMs ?? 5_000 };
    this.client = this.#delegateProxy();
  }

  /** Set by the Apollo plugin once the operation is known (before any resolver runs). */
  setOperation(kind: OperationKind): void {
    this.#operation = kind;
  }

  /**
   * Runs `fn` with the request's read-only tenant transaction (opened on first use). Concurrent
   * resolvers share it; their statements queue on its one connection.
   * @throws FundNotSelectedError / UnauthenticatedError when the request has neither fund nor user.
   */
  async read<T>(fn: (tx: TenantTx) => Promise<T>): Promise<T> {
    return fn(await this.#open());
  }

  /**
   * Runs a mutation's unit of work in a new read-write transaction of the selected fund, then
   * writes the entries it recorded with `audit(...)` in the same transaction. At least one entry is
   * required.
   */
  async write<T>(fn: (tx: TenantTx, audit: Audit) => Promise<T>): Promise<T> {
    const fundId = this.scope.fundId;
    if (fundId === null) throw new FundNotSelectedError();
    const entries: AuditEntry[] = [];
    this.stats.writeTransactions += 1;
    return withTenant(
      this.#prisma,
      { fundId, userId: this.scope.userId },
      async (tx) => {
        const result = await fn(tx, (entry) => entries.push(entry));
        await this.#audit(tx, fundId, entries);
        return result;
      },
      { timeout: this.#options.timeoutMs, maxWait: this.#options.maxWaitMs },
    );
  }

  /**
   * Like {@link write} but on behalf of the user without a fund (`app.fund_id` empty): only
   * user-level rows (no fund data); audit entries have no fund.
   */
  async writeAsUser<T>(fn: (tx: TenantTx, audit: Audit) => Promise<T>): Promise<T> {
    const userId = this.scope.userId;
    if (userId === null) throw new UnauthenticatedError();
    const entries: AuditEntry[] = [];
    this.stats.writeTransactions += 1;
    return withUser(
      this.#prisma,
      userId,
      async (tx) => {
        const result = await fn(tx, (entry) => entries.push(entry));
        await this.#audit(tx, null, entries);
        return result;
      },
      { timeout: this.#options.timeoutMs, maxWait: this.#options.maxWaitMs },
    );
  }

  /** Ends the read transaction (if one was opened). Called once when the response is sent. */
  async release(): Promise<void> {
    this.#released = true;
    if (this.#finish) this.#finish();
    if (this.#done) await this.#done;
  }

  async #audit(tx: TenantTx, fundId: string | null, entries: readonly AuditEntry[]): Promise<void> {
    if (entries.length === 0) throw new MissingAuditError('a mutation must record at least one audit entry');
    const { userId, apiKeyId, requestId } = this.scope;
    await insertAudit(tx, { fundId, userId, apiKeyId, requestId }, entries);
  }

  #open(): Promise<TenantTx> {
    if (this.#released) return Promise.reject(new Error('request database access used after the response'));
    if (this.#tx) return this.#tx;
    const { fundId, userId } = this.scope;
    if (fundId === null && userId === null) {
      return Promise.reject(this.scope.apiKeyId ? new FundNotSelectedError() : new UnauthenticatedError());
    }
    const isolationLevel = this.#operation === 'query' ? 'RepeatableRead' : 'ReadCommitted';
    const finished = new Promise<void>((resolve) => {
      this.#finish = resolve;
    });
    this.stats.readTransactions += 1;
    this.#tx = new Promise<TenantTx>((resolveTx, rejectTx) => {
      const body = async (tx: TenantTx) => {
        resolveTx(tx);
        await finished;
      };
      // READ ONLY is set with the fund and user, in the transaction's first statement.
      const options = {
        timeout: this.#options.timeoutMs,
        maxWait: this.#options.maxWaitMs,
        isolationLevel,
        readOnly: true,
      } as const;
      this.#done = (
        fundId === null
          ? withUser(this.#prisma, userId as string, body, options)
          : withTenant(this.#prisma, { fundId, userId }, body, options)
      ).catch((error: unknown) => {
        rejectTx(error);
      });
    });
    return this.#tx;
  }

  /** `client.model.operation(args)` = `read((tx) => tx.model.operation(args))`. */
  #delegateProxy(): PrismaClient {
    const delegates = new Map<string, unknown>();
    const delegate = (model: string) => {
      let proxy = delegates.get(model);
      if (!proxy) {
        proxy = new Proxy(
          {},
          {
            get: (_target, operation) =>
              typeof operation !== 'string' || operation === 'then'
                ? undefined
                : (...args: unknown[]) =>
                    this.read((tx) => {
                      const models = tx as unknown as Record<
                        string,
                        Record<string, (...a: unknown[]) => Promise<unknown>>
                      >;
                      const call = models[model]?.[operation];
                      if (!call) throw new Error(`no Prisma operation ${model}.${operation}`);
                      return call.apply(models[model], args);
                    }),
          },
        );
        delegates.set(model, proxy);
      }
      return proxy;
    };
    return new Proxy({} as PrismaClient, {
      has: (_target, key) => typeof key === 'string' && !key.startsWith('$') && key !== 'then',
      get: (_target, key) =>
        typeof key !== 'string' || key.startsWith('$') || key === 'then' ? undefined : delegate(key),
    });
  }
}
