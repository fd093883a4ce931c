/**
 * Accounts, sessions and API-key authentication. Runs on the raw app-role client only for the
 * tables without row-level security (`app_user`, `session`) and the SECURITY DEFINER lookup
 * `dte_api_key_lookup`; everything touching a fund goes through `withTenant`. See docs/security.md.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import {
  type ApiKeyScope,
  hashPassword,
  needsRehash,
  type PrismaClient,
  postgresErrorCode,
  type Role,
  type TenantTx,
  verifyPassword,
  withTenant,
  withUser,
} from '@dte/db';
import type { Logger } from 'pino';
import { insertAudit } from '../db/audit.ts';
import { ConflictError, InvalidCredentialsError, NotFoundError, UnauthenticatedError } from '../errors.ts';
import { isUuid } from '../validation.ts';
import { apiKeyRole } from './roles.ts';
import { newSessionToken, parseCredential } from './tokens.ts';

/** Failed logins in a row that lock an account. */
export const MAX_FAILED_LOGINS = 5;
/** How long a locked account stays locked. */
export const LOCK_MINUTES = 15;
/** A session's `last_seen_at` / idle expiry is written at most this often (ms). */
const TOUCH_INTERVAL_MS = 60_000;

/** Who is calling. */
export type Principal =
  | { kind: 'user'; userId: string; sessionId: string }
  | { kind: 'apiKey'; apiKeyId: string; fundId: string; scope: ApiKeyScope };

/** The fund a request acts for and the caller's role in it. */
export interface FundScope {
  fundId: string;
  role: Role;
}

/** A user's role in a fund as read with the session (null: not a member). */
export interface KnownMembership {
  fundId: string;
  role: Role | null;
  /** The fund's `book_version` in the same statement (null when not a member). */
  bookVersion: string | null;
}

interface SessionRow {
  id: string;
  userId: string;
  revokedAt: Date | null;
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
  lastSeenAt: Date;
  role: Role | null;
  bookVersion: string | null;
}

/** Session lifetimes. */
export interface SessionPolicy {
  idleTtlSeconds: number;
  absoluteTtlSeconds: number;
}

/** Client information recorded with sessions and audit entries. */
export interface ClientInfo {
  ip: string;
  userAgent: string | undefined;
  requestId: string;
}

/** A freshly issued session: the token is returned to the client once and never stored. */
export interface IssuedSession {
  token: string;
  userId: string;
  sessionId: string;
  expiresAt: Date;
}

/** Accounts and credentials. */
export class AuthService {
  readonly #prisma: PrismaClient;
  readonly #policy: SessionPolicy;
  readonly #logger: Logger;
  #dummyHash: Promise<string> | undefined;

  constructor(prisma: PrismaClient, policy: SessionPolicy, logger: Logger) {
    this.#prisma = prisma;
    this.#policy = policy;
    this.#logger = logger;
  }

  /**
   * Resolves a presented credential (session token or API key) to a principal.
   * @throws UnauthenticatedError for an unknown, malformed, revoked or expired credential.
   */
  async authenticate(credential: string, options: { sessionOnly?: boolean } = {}): Promise<Principal> {
    return (await this.authenticateFor(credential, undefined, options)).principal;
  }

  /**
   * {@link authenticate}, and for a session also the user's membership of the `requested` fund
   * (X-Fund-Id) read in the SAME statement (`dte_session_lookup`: session and role, fresh on every
   * request, so a logout or a role change applies to the next one). Pass `membership` to
   * {@link selectFund}, which then needs no query of its own.
   */
  async authenticateFor(
    credential: string,
    requested: string | undefined,
    options: { sessionOnly?: boolean } = {},
  ): Promise<{ principal: Principal; membership?: KnownMembership }> {
    const parsed = parseCredential(credential);
    if (options.sessionOnly && parsed.kind !== 'session')
      throw new UnauthenticatedError('the session cookie holds no session token');
    if (parsed.kind === 'session') {
      const now = new Date();
      const fundId = requested !== undefined && isUuid(requested) ? requested.toLowerCase() : null;
      const rows = await this.#prisma.$queryRaw<SessionRow[]>`
        select id::text as "id", user_id::text as "userId", revoked_at as "revokedAt",
          idle_expires_at as "idleExpiresAt", absolute_expires_at as "absoluteExpiresAt",
          last_seen_at as "lastSeenAt", role::text as "role", book_version::text as "bookVersion"
        from dte_session_lookup(${parsed.hash}, ${fundId}::uuid)`;
      const session = rows[0];
      if (!session || session.revokedAt || session.idleExpiresAt <= now || session.absoluteExpiresAt <= now)
        throw new UnauthenticatedError('session expired or unknown: log in again');
      if (now.getTime() - session.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS) {
        const idle = new Date(now.getTime() + this.#policy.idleTtlSeconds * 1000);
        await this.#prisma.session.update({
          where: { id: session.id },
          data: {
            lastSeenAt: now,
            idleExpiresAt: idle < session.absoluteExpiresAt ? idle : session.absoluteExpiresAt,
          },
        });
      }
      const principal: Principal = { kind: 'user', userId: session.userId, sessionId: session.id };
      return fundId === null
        ? { principal }
        : { principal, membership: { fundId, role: session.role, bookVersion: session.bookVersion } };
    }
    return { principal: await this.#authenticateApiKey(parsed) };
  }

  async #authenticateApiKey(parsed: ReturnType<typeof parseCredential>): Promise<Principal> {
    if (parsed.kind === 'apiKey') {
      const rows = await this.#prisma.$queryRaw<
        {
          id: string;
          fund_id: string;
          scope: ApiKeyScope;
          expires_at: Date | null;
          revoked_at: Date | null;
        }[]
      >`select id, fund_id, scope, expires_at, revoked_at from dte_api_key_lookup(${parsed.hash})`;
      const key = rows[0];
      const now = new Date();
      if (!key || key.revoked_at || (key.expires_at && key.expires_at <= now))
        throw new UnauthenticatedError('API key revoked, expired or unknown');
      await withTenant(this.#prisma, { fundId: key.fund_id }, (tx) =>
        tx.apiKey.updateMany({
          where: {
            id: key.id,
            OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now.getTime() - TOUCH_INTERVAL_MS) } }],
          },
          data: { lastUsedAt: now },
        }),
      );
      return { kind: 'apiKey', apiKeyId: key.id, fundId: key.fund_id, scope: key.scope };
    }
    throw new UnauthenticatedError('malformed credential: expected a session token or an API key');
  }

  /**
   * The fund a request acts for. API keys: their own fund (a different `X-Fund-Id` is NOT_FOUND).
   * Users: the fund named by `X-Fund-Id` if they are a member (else NOT_FOUND, exactly as for a
   * fund that does not exist); none when the header is absent.
   */
  async selectFund(
    principal: Principal | null,
    requested: string | undefined,
    known?: KnownMembership,
  ): Promise<FundScope | null> {
    if (principal?.kind === 'apiKey') {
      if (requested !== undefined && requested.toLowerCase() !== principal.fundId)
        throw new NotFoundError('fund', requested);
      return { fundId: principal.fundId, role: apiKeyRole(principal.scope) };
    }
    if (requested === undefined) return null;
    if (!principal || !isUuid(requested)) throw new NotFoundError('fund', requested);
    const fundId = requested.toLowerCase();
    if (known && known.fundId === fundId && principal.kind === 'user') {
      if (known.role === null) throw new NotFoundError('fund', requested);
      return { fundId, role: known.role };
    }
    const membership = await withTenant(this.#prisma, { fundId, userId: principal.userId }, (tx) =>
      tx.membership.findUnique({
        where: { fundId_userId: { fundId, userId: principal.userId } },
        select: { role: true },
      }),
    );
    if (!membership) throw new NotFoundError('fund', requested);
    return { fundId, role: membership.role };
  }

  /**
   * Verifies email and password and issues a NEW session (rotation; the caller's previous session,
   * if any, is revoked). Unknown email, wrong password and a locked account all throw the same
   * {@link InvalidCredentialsError}, after the same argon2 work. {@link MAX_FAILED_LOGINS} failures
   * in a row lock the account for {@link LOCK_MINUTES} minutes.
   */
  async login(
    email: string,
    password: string,
    client: ClientInfo,
    previousSessionId?: string,
  ): Promise<IssuedSession> {
    const user = await this.#prisma.user.findUnique({ where: { email: email.toLowerCase() } });
    const now = new Date();
    if (!user) {
      await verifyPassword(await this.#dummy(), password);
      throw new InvalidCredentialsError();
    }
    if (user.lockedUntil && user.lockedUntil > now) {
      await verifyPassword(await this.#dummy(), password);
      await withUser(this.#prisma, user.id, (tx) =>
        insertAudit(tx, this.#actor(user.id, client), [
          {
            action: 'auth.login_rejected_locked',
            targetType: 'User',
            targetId: user.id,
            details: { ip: client.ip },
          },
        ]),
      );
      throw new InvalidCredentialsError();
    }
    if (!(await verifyPassword(user.passwordHash, password))) {
      await withUser(this.#prisma, user.id, async (tx) => {
        const rows = await tx.$queryRaw<{ locked: boolean }[]>`
          update app_user set
            failed_login_count = case when failed_login_count + 1 >= ${MAX_FAILED_LOGINS} then 0 else failed_login_count + 1 end,
            locked_until = case when failed_login_count + 1 >= ${MAX_FAILED_LOGINS}
              then now() + make_interval(mins => ${LOCK_MINUTES}) else locked_until end,
            updated_at = now()
          where id = ${user.id}::uuid
          returning (locked_until is not null and locked_until > now()) as locked`;
        await insertAudit(tx, this.#actor(user.id, client), [
          {
            action: rows[0]?.locked ? 'auth.account_locked' : 'auth.login_failed',
            targetType: 'User',
            targetId: user.id,
            details: { ip: client.ip },
          },
        ]);
      });
      throw new InvalidCredentialsError();
    }
    const rehash = needsRehash(user.passwordHash) ? await hashPassword(password) : undefined;
    return withUser(this.#prisma, user.id, async (tx) => {
      await tx.user.update({
        where: { id: user.id },
        data: { failedLoginCount: 0, lockedUntil: null, ...(rehash ? { passwordHash: rehash } : {}) },
      });
      if (previousSessionId)
        await tx.session.updateMany({
          where: { id: previousSessionId, userId: user.id, revokedAt: null },
          data: { revokedAt: now },
        });
      // Housekeeping: sessions of this user that ended more than a day ago.
      await tx.session.deleteMany({
        where: {
          userId: user.id,
          OR: [
            { absoluteExpiresAt: { lt: new Date(now.getTime() - 86_400_000) } },
            { idleExpiresAt: { lt: new Date(now.getTime() - 86_400_000) } },
            { revokedAt: { lt: new Date(now.getTime() - 86_400_000) } },
          ],
        },
      });
      const issued = await this.#createSession(tx, user.id, client);
      await insertAudit(tx, this.#actor(user.id, client), [
        {
          action: 'auth.login',
          targetType: 'Session',
          targetId: issued.sessionId,
          details: { ip: client.ip },
        },
      ]);
      return issued;
    });
  }

  /**
   * Creates a user, a fund and the user's OWNER membership, and logs the user in, all in ONE
   * transaction (nothing is half-written). Inputs must be validated by the caller.
   * @throws ConflictError when the email or the fund slug is taken.
   */
  async signUp(
    input: { email: string; name: string; password: string; fundName: string; fundSlug: string },
    client: ClientInfo,
  ): Promise<IssuedSession & { fundId: string }> {
    const passwordHash = await hashPassword(input.password);
    const fundId = randomUUID();
    const userId = randomUUID();
    if (await this.#prisma.user.findUnique({ where: { email: input.email }, select: { id: true } }))
      throw new ConflictError('an account with this email already exists: log in instead', 'email');
    try {
      return await withTenant(this.#prisma, { fundId, userId }, async (tx) => {
        await tx.user.create({ data: { id: userId, email: input.email, name: input.name, passwordHash } });
        await tx.fund.create({ data: { id: fundId, name: input.fundName, slug: input.fundSlug } });
        await tx.membership.create({ data: { fundId, userId, role: 'OWNER' } });
        const issued = await this.#createSession(tx, userId, client);
        await insertAudit(tx, { ...this.#actor(userId, client), fundId }, [
          {
            action: 'fund.create',
            targetType: 'Fund',
            targetId: fundId,
            details: { slug: input.fundSlug, name: input.fundName, owner: input.email },
          },
        ]);
        return { ...issued, fundId };
      });
    } catch (error) {
      if (postgresErrorCode(error) === '23505' || (error as { code?: string }).code === 'P2002') {
        const text = `${String((error as Error).message)} ${JSON.stringify((error as { meta?: unknown }).meta ?? {})}`;
        if (/slug/.test(text)) throw new ConflictError('this fund slug is taken: choose another', 'fundSlug');
        throw new ConflictError('an account with this email already exists: log in instead', 'email');
      }
      throw error;
    }
  }

  /** The user row (no RLS on `app_user`); UNAUTHENTICATED when it is gone. */
  async userById(id: string): Promise<{ id: string; email: string; name: string; passwordHash: string }> {
    const user = await this.#prisma.user.findUnique({
      where: { id },
      select: { id: true, email: true, name: true, passwordHash: true },
    });
    if (!user) throw new UnauthenticatedError('user no longer exists');
    return user;
  }

  /** True when an account with this (lower-case) email exists. */
  async emailExists(email: string): Promise<boolean> {
    return (await this.#prisma.user.findUnique({ where: { email }, select: { id: true } })) !== null;
  }

  /** argon2id hash of a new password (work done outside any transaction). */
  hash(password: string): Promise<string> {
    return hashPassword(password);
  }

  /** A random one-time password for invited users (returned to the inviting OWNER once). */
  static temporaryPassword(): string {
    return randomBytes(18).toString('base64url');
  }

  /** Issues a session row inside `tx` (user-level; no RLS on `session`). */
  async #createSession(tx: TenantTx, userId: string, client: ClientInfo): Promise<IssuedSession> {
    const { token, hash } = newSessionToken();
    const now = Date.now();
    const absolute = new Date(now + this.#policy.absoluteTtlSeconds * 1000);
    const idle = new Date(Math.min(now + this.#policy.idleTtlSeconds * 1000, absolute.getTime()));
    const session = await tx.session.create({
      data: {
        userId,
        tokenHash: hash,
        idleExpiresAt: idle,
        absoluteExpiresAt: absolute,
        ip: client.ip.slice(0, 64),
        userAgent: client.userAgent?.slice(0, 512) ?? null,
      },
      select: { id: true },
    });
    return { token, userId, sessionId: session.id, expiresAt: absolute };
  }

  #actor(userId: string, client: ClientInfo) {
    return { fundId: null, userId, apiKeyId: null, requestId: client.requestId };
  }

  /** A hash of a random password, verified against when there is no real hash (same argon2 cost). */
  #dummy(): Promise<string> {
    this.#dummyHash ??= hashPassword(randomBytes(16).toString('hex')).catch((error: unknown) => {
      this.#logger.error({ err: error }, 'dummy hash failed');
      this.#dummyHash = undefined;
      throw error;
    });
    return this.#dummyHash;
  }
}
