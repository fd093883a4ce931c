import { verifyPassword } from '@dte/db';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { BadUserInputError, InvalidCredentialsError, UnauthenticatedError } from '../errors.ts';
import { checkEmail, checkNewPassword, checkSlug, checkText } from '../validation.ts';
import { RoleEnum } from './enums.ts';

/** A person. Visible to themselves and to members of the funds they belong to. */
export const UserRef = builder.prismaObject('User', {
  description: 'A person who logs in. One login for all the funds they belong to.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    email: t.exposeString('email'),
    name: t.exposeString('name'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

/** The user as returned by login / signUp (the request itself is still anonymous). */
interface AuthUserShape {
  id: string;
  email: string;
  name: string;
}

const AuthUser = builder.objectRef<AuthUserShape>('AuthUser').implement({
  description: 'The user a session was issued to.',
  fields: (t) => ({ id: t.exposeID('id'), email: t.exposeString('email'), name: t.exposeString('name') }),
});

interface AuthPayloadShape {
  token: string | null;
  expiresAt: Date;
  user: AuthUserShape;
  fundId: string | null;
}

const AuthPayload = builder.objectRef<AuthPayloadShape>('AuthPayload').implement({
  description:
    'A new session. With `useCookie: true` (default, for browsers) the token is set as an HttpOnly cookie and `token` is null; with `useCookie: false` (scripts) it is returned once in `token` for `Authorization: Bearer`.',
  fields: (t) => ({
    token: t.exposeString('token', { nullable: true }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', description: 'Absolute expiry of the session.' }),
    user: t.expose('user', { type: AuthUser }),
    fundId: t.exposeID('fundId', { nullable: true, description: 'signUp: the new fund.' }),
  }),
});

const PrincipalKind = builder.enumType('PrincipalKind', {
  description: 'How the caller authenticated.',
  values: ['USER', 'API_KEY'] as const,
});

interface MeShape {
  kind: 'USER' | 'API_KEY';
  userId: string | null;
}

const Me = builder.objectRef<MeShape>('Me').implement({
  description: 'The caller: user (null for API keys), memberships (fund switcher), selected fund and role.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    kind: t.expose('kind', { type: PrincipalKind }),
    user: t.prismaField({
      type: 'User',
      nullable: true,
      resolve: (query, me, _args, ctx) =>
        me.userId
          ? ctx.db.read((tx) => tx.user.findUnique({ ...query, where: { id: me.userId as string } }))
          : null,
    }),
    memberships: t.prismaField({
      type: ['Membership'],
      description: 'Every fund the user belongs to, with the role (empty for API keys).',
      resolve: (query, me, _args, ctx) =>
        me.userId
          ? ctx.db.read((tx) =>
              tx.membership.findMany({
                ...query,
                where: { userId: me.userId as string },
                orderBy: { createdAt: 'asc' },
              }),
            )
          : [],
    }),
    fundId: t.id({
      nullable: true,
      description: 'The selected fund (X-Fund-Id header, or the API key’s fund).',
      resolve: (_me, _args, ctx) => ctx.fund?.fundId ?? null,
    }),
    role: t.field({
      type: RoleEnum,
      nullable: true,
      description: 'The caller’s role in the selected fund (API keys: READ = VIEWER, READ_WRITE = ANALYST).',
      resolve: (_me, _args, ctx) => ctx.fund?.role ?? null,
    }),
  }),
});

builder.queryField('me', (t) =>
  t.field({
    type: Me,
    authScopes: { authenticated: true },
    description: 'Who is calling.',
    resolve: (_root, _args, ctx): MeShape => {
      const principal = ctx.principal;
      if (!principal) throw new UnauthenticatedError();
      return principal.kind === 'user'
        ? { kind: 'USER', userId: principal.userId }
        : { kind: 'API_KEY', userId: null };
    },
  }),
);

/** Counts one login/signUp attempt of the caller's IP (RATE_LIMIT_LOGIN_PER_MINUTE). */
const limitLogin = (ctx: Context) =>
  ctx.limiter.consume('login', ctx.client.ip, {
    limit: ctx.config.RATE_LIMIT_LOGIN_PER_MINUTE,
    windowSeconds: 60,
  });

/** Returns the session as cookie (browsers) or in the payload (scripts). */
function deliver(
  ctx: Context,
  issued: { token: string; expiresAt: Date },
  useCookie: boolean,
  user: AuthUserShape,
  fundId: string | null,
): AuthPayloadShape {
  if (useCookie) ctx.cookies.set(issued.token, issued.expiresAt);
  return { token: useCookie ? null : issued.token, expiresAt: issued.expiresAt, user, fundId };
}

builder.mutationField('signUp', (t) =>
  t.field({
    type: AuthPayload,
    authScopes: { public: true },
    description: 'Creates a user and a fund with the user as OWNER (one transaction), and logs in.',
    args: {
      email: t.arg.string({ required: true }),
      name: t.arg.string({ required: true }),
      password: t.arg.string({ required: true, description: 'At least 12 characters.' }),
      fundName: t.arg.string({ required: true }),
      fundSlug: t.arg.string({ required: true, description: "2-64 of a-z, 0-9, '-', '_'." }),
      useCookie: t.arg.boolean({ required: false, defaultValue: true }),
    },
    resolve: async (_root, args, ctx) => {
      await limitLogin(ctx);
      const input = {
        email: checkEmail('email', args.email),
        name: checkText('name', args.name, 200),
        password: checkNewPassword('password', args.password),
        fundName: checkText('fundName', args.fundName, 200),
        fundSlug: checkSlug('fundSlug', args.fundSlug),
      };
      const issued = await ctx.auth.signUp(input, ctx.client);
      return deliver(
        ctx,
        issued,
        args.useCookie ?? true,
        { id: issued.userId, email: input.email, name: input.name },
        issued.fundId,
      );
    },
  }),
);

builder.mutationField('login', (t) =>
  t.field({
    type: AuthPayload,
    authScopes: { public: true },
    description:
      'Verifies email and password and issues a NEW session (any session the caller presented is revoked). Five failures in a row lock the account for 15 minutes; unknown email, wrong password and lock-out give the same INVALID_CREDENTIALS error.',
    args: {
      email: t.arg.string({ required: true }),
      password: t.arg.string({ required: true }),
      useCookie: t.arg.boolean({ required: false, defaultValue: true }),
    },
    resolve: async (_root, args, ctx) => {
      await limitLogin(ctx);
      if (args.email.length > 320 || args.password.length > 1024) throw new InvalidCredentialsError();
      const previous = ctx.principal?.kind === 'user' ? ctx.principal.sessionId : undefined;
      const issued = await ctx.auth.login(args.email.trim(), args.password, ctx.client, previous);
      const { id, email, name } = await ctx.auth.userById(issued.userId);
      return deliver(ctx, issued, args.useCookie ?? true, { id, email, name }, null);
    },
  }),
);

builder.mutationField('logout', (t) =>
  t.boolean({
    authScopes: { user: true },
    description: 'Revokes the current session and clears the cookie.',
    resolve: async (_root, _args, ctx) => {
      const principal = ctx.principal;
      if (principal?.kind !== 'user') throw new UnauthenticatedError();
      await ctx.db.writeAsUser(async (tx, audit) => {
        await tx.session.updateMany({
          where: { id: principal.sessionId, userId: principal.userId, revokedAt: null },
          data: { revokedAt: new Date() },
        });
        audit({ action: 'auth.logout', targetType: 'Session', targetId: principal.sessionId });
      });
      ctx.cookies.clear();
      return true;
    },
  }),
);

builder.mutationField('logoutEverywhere', (t) =>
  t.int({
    authScopes: { user: true },
    description: 'Revokes every session of the user (all devices), including this one; returns how many.',
    resolve: async (_root, _args, ctx) => {
      const principal = ctx.principal;
      if (principal?.kind !== 'user') throw new UnauthenticatedError();
      const count = await ctx.db.writeAsUser(async (tx, audit) => {
        const { count } = await tx.session.updateMany({
          where: { userId: principal.userId, revokedAt: null },
          data: { revokedAt: new Date() },
        });
        audit({
          action: 'auth.logout_everywhere',
          targetType: 'User',
          targetId: principal.userId,
          details: { count },
        });
        return count;
      });
      ctx.cookies.clear();
      return count;
    },
  }),
);

builder.mutationField('changePassword', (t) =>
  t.boolean({
    authScopes: { user: true },
    description:
      'Changes the password (e.g. after logging in with the one-time password of an invitation) and revokes every other session.',
    args: {
      currentPassword: t.arg.string({ required: true }),
      newPassword: t.arg.string({ required: true, description: 'At least 12 characters.' }),
    },
    resolve: async (_root, args, ctx) => {
      const principal = ctx.principal;
      if (principal?.kind !== 'user') throw new UnauthenticatedError();
      const password = checkNewPassword('newPassword', args.newPassword);
      if (password === args.currentPassword)
        throw new BadUserInputError('newPassword', 'must differ from the current password');
      const user = await ctx.auth.userById(principal.userId);
      if (!(await verifyPassword(user.passwordHash, args.currentPassword)))
        throw new InvalidCredentialsError();
      const hash = await ctx.auth.hash(password);
      await ctx.db.writeAsUser(async (tx, audit) => {
        await tx.user.update({ where: { id: principal.userId }, data: { passwordHash: hash } });
        const { count } = await tx.session.updateMany({
          where: { userId: principal.userId, revokedAt: null, NOT: { id: principal.sessionId } },
          data: { revokedAt: new Date() },
        });
        audit({
          action: 'auth.password_change',
          targetType: 'User',
          targetId: principal.userId,
          details: { otherSessionsRevoked: count },
        });
      });
      return true;
    },
  }),
);
