import { randomUUID } from 'node:crypto';
import { hashPassword } from '@dte/db';
import { createTestFund, createTestUser } from '@dte/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from './auth/tokens.ts';
import { codeOf, createWorld, startTestApi, type TestApi, type World } from './testing/harness.ts';

/** Accounts, sessions, cookies, API keys, members and the audit log over real HTTP. */
describe('accounts and access (real PostgreSQL as dte_app, real Redis)', () => {
  let t: TestApi;
  let world: World;
  const userIds: string[] = [];
  const fundIds: string[] = [];
  const PASSWORD = 'correct horse battery staple';

  beforeAll(async () => {
    t = await startTestApi();
    world = await createWorld(t.admin, 'api-auth');
  });
  afterAll(async () => {
    await world?.cleanup();
    if (t) {
      await t.admin.auditLog.deleteMany({ where: { userId: { in: userIds } } });
      await t.admin.user.deleteMany({ where: { id: { in: userIds } } });
      await t.admin.fund.deleteMany({ where: { id: { in: fundIds } } });
      await t.stop();
    }
  });

  const SIGN_UP = `mutation($email: String!, $slug: String!, $useCookie: Boolean) {
    signUp(email: $email, name: "Ada", password: "${PASSWORD}", fundName: "Ada Fund", fundSlug: $slug, useCookie: $useCookie) {
      token expiresAt fundId user { id email name }
    }
  }`;
  const LOGIN = `mutation($email: String!, $password: String!, $useCookie: Boolean) {
    login(email: $email, password: $password, useCookie: $useCookie) { token expiresAt user { id } }
  }`;

  async function signUp(useCookie = false) {
    const id = randomUUID();
    const email = `signup-${id}@test.invalid`;
    const response = await t.gql<{ signUp: { token: string; fundId: string; user: { id: string } } }>(
      SIGN_UP,
      {
        email,
        slug: `signup-${id}`,
        useCookie,
      },
    );
    const data = response.body.data?.signUp;
    if (data) {
      userIds.push(data.user.id);
      fundIds.push(data.fundId);
    }
    return { response, email, data };
  }

  it('signUp creates user, fund and OWNER membership in one transaction, with an audit entry', async () => {
    const { response, email, data } = await signUp();
    expect(response.body.errors).toBeUndefined();
    expect(data?.token).toMatch(/^dts_[A-Za-z0-9_-]{43}$/);
    const membership = await t.admin.membership.findFirst({ where: { fundId: data?.fundId } });
    expect(membership).toMatchObject({ userId: data?.user.id, role: 'OWNER' });
    const user = await t.admin.user.findUnique({ where: { email } });
    expect(user?.passwordHash).toMatch(/^\$argon2id\$/);
    const audit = await t.admin.auditLog.findMany({ where: { fundId: data?.fundId } });
    expect(audit.map((row) => row.action)).toEqual(['fund.create']);
    expect(JSON.stringify(audit)).not.toContain(PASSWORD);
    // The token works and selects nothing until X-Fund-Id is sent.
    const me = await t.gql<{ me: { kind: string; fundId: string | null; memberships: { role: string }[] } }>(
      '{ me { kind fundId memberships { role fund { slug } } } }',
      {},
      { token: data?.token },
    );
    expect(me.body.data?.me).toMatchObject({ kind: 'USER', fundId: null, memberships: [{ role: 'OWNER' }] });
  });

  it('signUp with a taken slug or email writes nothing (CONFLICT)', async () => {
    const before = await t.admin.user.count();
    const takenSlug = await t.gql(SIGN_UP, {
      email: `x-${randomUUID()}@test.invalid`,
      slug: world.a.fund.slug,
    });
    expect(codeOf(takenSlug)).toBe('CONFLICT');
    expect(takenSlug.body.errors?.[0]?.extensions?.field).toBe('fundSlug');
    const takenEmail = await t.gql(SIGN_UP, {
      email: world.a.members.VIEWER.email,
      slug: `s-${randomUUID()}`,
    });
    expect(codeOf(takenEmail)).toBe('CONFLICT');
    expect(await t.admin.user.count()).toBe(before);
  });

  it('validates sign-up input naming the field (BAD_USER_INPUT)', async () => {
    const response = await t.gql(SIGN_UP, { email: 'not-an-email', slug: 'ok-slug' });
    expect(codeOf(response)).toBe('BAD_USER_INPUT');
    expect(response.body.errors?.[0]?.message).toMatch(/^email: /);
    const slug = await t.gql(SIGN_UP, { email: `y-${randomUUID()}@test.invalid`, slug: 'Bad Slug!' });
    expect(slug.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'fundSlug' });
  });

  describe('login', () => {
    let email: string;
    let userId: string;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      const user = await createTestUser(t.admin, 'login', { passwordHash: await hashPassword(PASSWORD) });
      email = user.email;
      userId = user.userId;
      userIds.push(userId);
      cleanup = user.cleanup;
    });
    afterAll(async () => cleanup?.());

    it('issues a new opaque token on every login, stored only as SHA-256', async () => {
      const first = await t.gql<{ login: { token: string } }>(LOGIN, {
        email,
        password: PASSWORD,
        useCookie: false,
      });
      const second = await t.gql<{ login: { token: string } }>(LOGIN, {
        email,
        password: PASSWORD,
        useCookie: false,
      });
      const a = first.body.data?.login.token ?? '';
      const b = second.body.data?.login.token ?? '';
      expect(a).toMatch(/^dts_/);
      expect(b).not.toBe(a);
      expect(Buffer.from(a.slice(4), 'base64url').length).toBe(32);
      const sessions = await t.admin.session.findMany({ where: { userId } });
      expect(sessions.map((s) => s.tokenHash)).toEqual(expect.arrayContaining([sha256Hex(a), sha256Hex(b)]));
      expect(JSON.stringify(sessions)).not.toContain(a.slice(4));
      const audit = await t.admin.auditLog.findMany({ where: { userId, action: 'auth.login' } });
      expect(audit.length).toBeGreaterThanOrEqual(2);
      expect(audit[0]?.fundId).toBeNull();
    });

    it('sets an HttpOnly SameSite=Lax cookie (plain name on http) and rotates it, revoking the old session', async () => {
      const first = await t.gql(LOGIN, { email, password: PASSWORD });
      const cookie = first.headers.get('set-cookie') ?? '';
      expect(cookie).toMatch(
        /^dte_session=dts_[A-Za-z0-9_-]{43}; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax$/,
      );
      expect((first.body.data as { login: { token: string | null } }).login.token).toBeNull();
      const token = /dte_session=([^;]+)/.exec(cookie)?.[1] ?? '';
      const me = await t.gql('{ me { user { id } } }', {}, { headers: { cookie: `dte_session=${token}` } });
      expect(me.body.data).toEqual({ me: { user: { id: userId } } });
      // Logging in again with the cookie revokes the previous session (no fixation).
      const second = await t.gql(
        LOGIN,
        { email, password: PASSWORD },
        { headers: { cookie: `dte_session=${token}` } },
      );
      expect(second.body.errors).toBeUndefined();
      const old = await t.admin.session.findUnique({ where: { tokenHash: sha256Hex(token) } });
      expect(old?.revokedAt).not.toBeNull();
      const stale = await t.gql('{ me { kind } }', {}, { headers: { cookie: `dte_session=${token}` } });
      expect(codeOf(stale)).toBe('UNAUTHENTICATED');
      expect(stale.headers.get('set-cookie')).toMatch(/^dte_session=; .*Max-Age=0/);
    });

    it('gives the same error for an unknown email and a wrong password, and locks after 5 failures', async () => {
      const unknown = await t.gql(LOGIN, {
        email: `nobody-${randomUUID()}@test.invalid`,
        password: PASSWORD,
      });
      const wrong = await t.gql(LOGIN, { email, password: 'wrong password!!' });
      expect(codeOf(unknown)).toBe('INVALID_CREDENTIALS');
      // Same code and message: the answer does not tell whether the account exists.
      expect(codeOf(wrong)).toBe('INVALID_CREDENTIALS');
      expect(wrong.body.errors?.[0]?.message).toBe(unknown.body.errors?.[0]?.message);
      // Constant-ish time: an unknown email still pays for one argon2 verification.
      expect(unknown.ms).toBeGreaterThan(5);
      for (let i = 0; i < 4; i += 1) await t.gql(LOGIN, { email, password: 'wrong password!!' });
      const locked = await t.admin.user.findUnique({ where: { id: userId } });
      expect(locked?.lockedUntil?.getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
      // Even the right password is refused while locked, with the same error.
      const refused = await t.gql(LOGIN, { email, password: PASSWORD });
      expect(codeOf(refused)).toBe('INVALID_CREDENTIALS');
      const actions = (await t.admin.auditLog.findMany({ where: { userId } })).map((row) => row.action);
      expect(actions).toEqual(
        expect.arrayContaining(['auth.login_failed', 'auth.account_locked', 'auth.login_rejected_locked']),
      );
      await t.admin.user.update({ where: { id: userId }, data: { lockedUntil: null, failedLoginCount: 0 } });
      const ok = await t.gql(LOGIN, { email, password: PASSWORD });
      expect(ok.body.errors).toBeUndefined();
    });

    it('expires sessions when idle or past the absolute limit', async () => {
      const login = await t.gql<{ login: { token: string } }>(LOGIN, {
        email,
        password: PASSWORD,
        useCookie: false,
      });
      const token = login.body.data?.login.token ?? '';
      const where = { tokenHash: sha256Hex(token) };
      await t.admin.session.update({ where, data: { idleExpiresAt: new Date(Date.now() - 1000) } });
      expect(codeOf(await t.gql('{ me { kind } }', {}, { token }))).toBe('UNAUTHENTICATED');
      await t.admin.session.update({
        where,
        data: {
          idleExpiresAt: new Date(Date.now() + 3_600_000),
          absoluteExpiresAt: new Date(Date.now() - 1),
        },
      });
      const expired = await t.gql('{ me { kind } }', {}, { token });
      expect(codeOf(expired)).toBe('UNAUTHENTICATED');
      expect(expired.status).toBe(401);
    });

    it('slides the idle expiry on use, never past the absolute expiry', async () => {
      const login = await t.gql<{ login: { token: string } }>(LOGIN, {
        email,
        password: PASSWORD,
        useCookie: false,
      });
      const token = login.body.data?.login.token ?? '';
      const where = { tokenHash: sha256Hex(token) };
      const absolute = new Date(Date.now() + 600_000);
      await t.admin.session.update({
        where,
        data: {
          lastSeenAt: new Date(Date.now() - 120_000),
          idleExpiresAt: new Date(Date.now() + 1000),
          absoluteExpiresAt: absolute,
        },
      });
      expect((await t.gql('{ me { kind } }', {}, { token })).body.errors).toBeUndefined();
      const session = await t.admin.session.findUnique({ where });
      expect(session?.idleExpiresAt.getTime()).toBe(absolute.getTime());
    });

    it('logout revokes the session; logoutEverywhere revokes all', async () => {
      const tokens: string[] = [];
      for (let i = 0; i < 2; i += 1) {
        const login = await t.gql<{ login: { token: string } }>(LOGIN, {
          email,
          password: PASSWORD,
          useCookie: false,
        });
        tokens.push(login.body.data?.login.token ?? '');
      }
      const out = await t.gql('mutation { logout }', {}, { token: tokens[0] });
      expect(out.body.data).toEqual({ logout: true });
      expect(codeOf(await t.gql('{ me { kind } }', {}, { token: tokens[0] }))).toBe('UNAUTHENTICATED');
      expect((await t.gql('{ me { kind } }', {}, { token: tokens[1] })).body.errors).toBeUndefined();
      const all = await t.gql<{ logoutEverywhere: number }>(
        'mutation { logoutEverywhere }',
        {},
        { token: tokens[1] },
      );
      expect(all.body.data?.logoutEverywhere).toBeGreaterThanOrEqual(1);
      expect(codeOf(await t.gql('{ me { kind } }', {}, { token: tokens[1] }))).toBe('UNAUTHENTICATED');
      const live = await t.admin.session.count({ where: { userId, revokedAt: null } });
      expect(live).toBe(0);
    });

    it('changePassword needs the current password and revokes other sessions', async () => {
      const one = await t.gql<{ login: { token: string } }>(LOGIN, {
        email,
        password: PASSWORD,
        useCookie: false,
      });
      const two = await t.gql<{ login: { token: string } }>(LOGIN, {
        email,
        password: PASSWORD,
        useCookie: false,
      });
      const change = `mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }`;
      const wrong = await t.gql(
        change,
        { c: 'nope nope nope', n: 'a brand new password' },
        { token: one.body.data?.login.token },
      );
      expect(codeOf(wrong)).toBe('INVALID_CREDENTIALS');
      const short = await t.gql(change, { c: PASSWORD, n: 'short' }, { token: one.body.data?.login.token });
      expect(short.body.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'newPassword',
      });
      const ok = await t.gql(
        change,
        { c: PASSWORD, n: 'a brand new password' },
        { token: one.body.data?.login.token },
      );
      expect(ok.body.data).toEqual({ changePassword: true });
      expect(
        (await t.gql('{ me { kind } }', {}, { token: one.body.data?.login.token })).body.errors,
      ).toBeUndefined();
      expect(codeOf(await t.gql('{ me { kind } }', {}, { token: two.body.data?.login.token }))).toBe(
        'UNAUTHENTICATED',
      );
      const back = await t.gql(
        change,
        { c: 'a brand new password', n: PASSWORD },
        { token: one.body.data?.login.token },
      );
      expect(back.body.errors).toBeUndefined();
    });
  });

  describe('fund selection', () => {
    it('selects a fund with X-Fund-Id; a fund the user is not in is NOT_FOUND like a missing one', async () => {
      const { OWNER } = world.a.members;
      const me = await t.gql('{ me { fundId role } }', {}, { token: OWNER.token, fundId: world.a.fundId });
      expect(me.body.data).toEqual({ me: { fundId: world.a.fundId, role: 'OWNER' } });
      const other = await t.gql('{ me { fundId } }', {}, { token: OWNER.token, fundId: world.b.fundId });
      const missing = await t.gql('{ me { fundId } }', {}, { token: OWNER.token, fundId: randomUUID() });
      const garbage = await t.gql('{ me { fundId } }', {}, { token: OWNER.token, fundId: 'garbage' });
      for (const response of [other, missing, garbage]) {
        expect(codeOf(response)).toBe('NOT_FOUND');
        expect(response.status).toBe(404);
      }
      expect(other.body.errors?.[0]?.message.replace(world.b.fundId, 'X')).toBe(
        missing.body.errors?.[0]?.message.replace(/"[0-9a-f-]{36}"/, '"X"'),
      );
    });

    it('lets a user in several funds switch per request, and lists their funds', async () => {
      const shared = await createTestUser(t.admin, 'shared', {
        memberships: [
          { fundId: world.a.fundId, role: 'ANALYST' },
          { fundId: world.b.fundId, role: 'VIEWER' },
        ],
      });
      userIds.push(shared.userId);
      try {
        const { issueSession } = await import('./testing/harness.ts');
        const token = await issueSession(t.admin, shared.userId);
        const funds = await t.gql<{ funds: { id: string; myRole: string }[] }>(
          '{ funds { id myRole } }',
          {},
          { token },
        );
        expect(new Set(funds.body.data?.funds.map((f) => `${f.id}:${f.myRole}`))).toEqual(
          new Set([`${world.a.fundId}:ANALYST`, `${world.b.fundId}:VIEWER`]),
        );
        const inA = await t.gql('{ me { role } fund { id } }', {}, { token, fundId: world.a.fundId });
        expect(inA.body.data).toEqual({ me: { role: 'ANALYST' }, fund: { id: world.a.fundId } });
        const inB = await t.gql('{ me { role } fund { id } }', {}, { token, fundId: world.b.fundId });
        expect(inB.body.data).toEqual({ me: { role: 'VIEWER' }, fund: { id: world.b.fundId } });
        const none = await t.gql('{ fund { id } }', {}, { token });
        expect(codeOf(none)).toBe('FUND_NOT_SELECTED');
      } finally {
        await t.admin.auditLog.deleteMany({ where: { userId: shared.userId } });
        await shared.cleanup();
      }
    });
  });

  describe('API keys', () => {
    it('returns the secret once, stores only its hash, authenticates as the key’s role, and revokes', async () => {
      const { OWNER } = world.a.members;
      const created = await t.gql<{
        createApiKey: { secret: string; apiKey: { id: string; prefix: string; scope: string } };
      }>(
        'mutation { createApiKey(name: "ci", scope: READ) { secret apiKey { id prefix scope } } }',
        {},
        { token: OWNER.token, fundId: world.a.fundId },
      );
      expect(created.body.errors).toBeUndefined();
      const { secret, apiKey } = created.body.data?.createApiKey ?? {
        secret: '',
        apiKey: { id: '', prefix: '', scope: '' },
      };
      expect(secret).toMatch(/^dte_[a-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
      expect(secret.startsWith(`${apiKey.prefix}_`)).toBe(true);
      const row = await t.admin.apiKey.findUnique({ where: { id: apiKey.id } });
      expect(row?.keyHash).toBe(sha256Hex(secret));
      expect(row?.createdById).toBe(OWNER.userId);
      // The listing never shows the secret or the hash.
      const list = await t.gql(
        '{ apiKeys { id prefix } }',
        {},
        { token: OWNER.token, fundId: world.a.fundId },
      );
      expect(JSON.stringify(list.body)).not.toContain(secret.slice(13));
      expect(JSON.stringify(list.body)).not.toContain(row?.keyHash);
      // The key works for its own fund as VIEWER, without and with the matching X-Fund-Id.
      const me = await t.gql('{ me { kind role fundId user { id } } }', {}, { token: secret });
      expect(me.body.data).toEqual({
        me: { kind: 'API_KEY', role: 'VIEWER', fundId: world.a.fundId, user: null },
      });
      expect(codeOf(await t.gql('{ me { kind } }', {}, { token: secret, fundId: world.b.fundId }))).toBe(
        'NOT_FOUND',
      );
      expect((await t.admin.apiKey.findUnique({ where: { id: apiKey.id } }))?.lastUsedAt).not.toBeNull();
      // Revocation takes effect at once.
      const revoked = await t.gql(
        'mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }',
        { id: apiKey.id },
        { token: OWNER.token, fundId: world.a.fundId },
      );
      expect(revoked.body.errors).toBeUndefined();
      expect(codeOf(await t.gql('{ me { kind } }', {}, { token: secret }))).toBe('UNAUTHENTICATED');
      const actions = await t.admin.auditLog.findMany({
        where: { fundId: world.a.fundId, targetId: apiKey.id },
      });
      expect(actions.map((a) => a.action).sort()).toEqual(['api_key.create', 'api_key.revoke']);
      expect(actions.every((a) => a.userId === OWNER.userId && a.requestId)).toBe(true);
      expect(JSON.stringify(actions)).not.toContain(secret);
    });

    it('rejects a malformed, unknown or expired key with UNAUTHENTICATED (401)', async () => {
      for (const token of ['garbage', `dte_abcdefgh_${'A'.repeat(43)}`, `dts_${'B'.repeat(43)}`]) {
        const response = await t.gql('{ me { kind } }', {}, { token });
        expect(codeOf(response)).toBe('UNAUTHENTICATED');
        expect(response.status).toBe(401);
      }
      await t.admin.apiKey.update({
        where: { id: world.a.keys.READ.id },
        data: { expiresAt: new Date(Date.now() - 1) },
      });
      expect(codeOf(await t.gql('{ me { kind } }', {}, { token: world.a.keys.READ.key }))).toBe(
        'UNAUTHENTICATED',
      );
      await t.admin.apiKey.update({ where: { id: world.a.keys.READ.id }, data: { expiresAt: null } });
      expect(
        (await t.gql('{ me { kind } }', {}, { token: world.a.keys.READ.key })).body.errors,
      ).toBeUndefined();
    });

    it('records the API key as the actor of its mutations', async () => {
      // READ_WRITE keys act as ANALYST, which may not manage keys: the attempt is FORBIDDEN, unaudited.
      const response = await t.gql(
        'mutation { createApiKey(name: "x", scope: READ) { secret } }',
        {},
        { token: world.a.keys.READ_WRITE.key },
      );
      expect(codeOf(response)).toBe('FORBIDDEN');
    });
  });

  describe('members', () => {
    it('adds an existing user, creates a new one with a one-time password, changes roles, removes', async () => {
      const fund = await createTestFund(t.admin, 'api-members');
      fundIds.push(fund.fundId);
      const owner = await createTestUser(t.admin, 'm-owner', {
        memberships: [{ fundId: fund.fundId, role: 'OWNER' }],
      });
      const existing = await createTestUser(t.admin, 'm-existing');
      userIds.push(owner.userId, existing.userId);
      const { issueSession } = await import('./testing/harness.ts');
      const token = await issueSession(t.admin, owner.userId);
      const opts = { token, fundId: fund.fundId };
      const ADD = `mutation($email: String!, $role: Role!) { addMember(email: $email, role: $role) { temporaryPassword membership { role user { id email } } } }`;
      const added = await t.gql<{
        addMember: { temporaryPassword: string | null; membership: { role: string; user: { id: string } } };
      }>(ADD, { email: existing.email, role: 'ANALYST' }, opts);
      expect(added.body.errors).toBeUndefined();
      expect(added.body.data?.addMember).toMatchObject({
        temporaryPassword: null,
        membership: { role: 'ANALYST', user: { id: existing.userId } },
      });
      const again = await t.gql(ADD, { email: existing.email, role: 'VIEWER' }, opts);
      expect(codeOf(again)).toBe('CONFLICT');

      const newEmail = `new-${randomUUID()}@test.invalid`;
      const invited = await t.gql<{
        addMember: { temporaryPassword: string; membership: { user: { id: string } } };
      }>(ADD, { email: newEmail, role: 'VIEWER' }, opts);
      const temporary = invited.body.data?.addMember.temporaryPassword ?? '';
      userIds.push(invited.body.data?.addMember.membership.user.id ?? '');
      expect(temporary.length).toBeGreaterThanOrEqual(20);
      const login = await t.gql(LOGIN, { email: newEmail, password: temporary, useCookie: false });
      expect(login.body.errors).toBeUndefined();
      const audit = await t.admin.auditLog.findMany({ where: { fundId: fund.fundId, action: 'member.add' } });
      expect(audit).toHaveLength(2);
      expect(JSON.stringify(audit)).not.toContain(temporary);

      const CHANGE = 'mutation($u: ID!, $r: Role!) { changeRole(userId: $u, role: $r) { role } }';
      const REMOVE = 'mutation($u: ID!) { removeMember(userId: $u) }';
      // The last OWNER can be neither demoted nor removed.
      expect(codeOf(await t.gql(CHANGE, { u: owner.userId, r: 'VIEWER' }, opts))).toBe('LAST_OWNER');
      expect(codeOf(await t.gql(REMOVE, { u: owner.userId }, opts))).toBe('LAST_OWNER');
      expect((await t.gql(CHANGE, { u: existing.userId, r: 'OWNER' }, opts)).body.data).toEqual({
        changeRole: { role: 'OWNER' },
      });
      // With two owners, one may step down; then the other is the last again.
      expect((await t.gql(CHANGE, { u: owner.userId, r: 'RISK_MANAGER' }, opts)).body.errors).toBeUndefined();
      // The new role applies to the very next request of the same session.
      expect(codeOf(await t.gql(CHANGE, { u: existing.userId, r: 'VIEWER' }, opts))).toBe('FORBIDDEN');
      const ownerNowRm = await issueSession(t.admin, existing.userId);
      const opts2 = { token: ownerNowRm, fundId: fund.fundId };
      expect(codeOf(await t.gql(REMOVE, { u: existing.userId }, opts2))).toBe('LAST_OWNER');
      expect((await t.gql(REMOVE, { u: owner.userId }, opts2)).body.data).toEqual({
        removeMember: owner.userId,
      });
      expect(await t.admin.membership.count({ where: { fundId: fund.fundId, role: 'OWNER' } })).toBe(1);
      // The removed user no longer reaches the fund.
      expect(codeOf(await t.gql('{ fund { id } }', {}, opts))).toBe('NOT_FOUND');
      const actions = (
        await t.admin.auditLog.findMany({ where: { fundId: fund.fundId }, orderBy: { createdAt: 'asc' } })
      ).map((a) => a.action);
      expect(actions).toEqual([
        'member.add',
        'member.add',
        'member.role_change',
        'member.role_change',
        'member.remove',
      ]);
    });

    it('serialises concurrent demotions so a fund always keeps an OWNER', async () => {
      const fund = await createTestFund(t.admin, 'api-race');
      fundIds.push(fund.fundId);
      const one = await createTestUser(t.admin, 'race1', {
        memberships: [{ fundId: fund.fundId, role: 'OWNER' }],
      });
      const two = await createTestUser(t.admin, 'race2', {
        memberships: [{ fundId: fund.fundId, role: 'OWNER' }],
      });
      userIds.push(one.userId, two.userId);
      const { issueSession } = await import('./testing/harness.ts');
      const [t1, t2] = await Promise.all([
        issueSession(t.admin, one.userId),
        issueSession(t.admin, two.userId),
      ]);
      const CHANGE = 'mutation($u: ID!) { changeRole(userId: $u, role: VIEWER) { role } }';
      const results = await Promise.all([
        t.gql(CHANGE, { u: one.userId }, { token: t1, fundId: fund.fundId }),
        t.gql(CHANGE, { u: two.userId }, { token: t2, fundId: fund.fundId }),
      ]);
      expect(results.map(codeOf).filter((code) => code === 'LAST_OWNER')).toHaveLength(1);
      expect(await t.admin.membership.count({ where: { fundId: fund.fundId, role: 'OWNER' } })).toBe(1);
    });
  });

  it('lets OWNER and RISK_MANAGER page through the audit log (fund entries only)', async () => {
    const { RISK_MANAGER } = world.a.members;
    const page = await t.gql<{
      auditLogs: { edges: { node: { action: string } }[]; pageInfo: { hasNextPage: boolean } };
    }>(
      '{ auditLogs(first: 1) { edges { node { action userId requestId } } pageInfo { hasNextPage endCursor } } }',
      {},
      { token: RISK_MANAGER.token, fundId: world.a.fundId },
    );
    expect(page.body.errors).toBeUndefined();
    expect(page.body.data?.auditLogs.edges).toHaveLength(1);
    expect(page.body.data?.auditLogs.edges[0]?.node.action).toMatch(/^api_key\./);
  });
});
