import type { Role, TenantTx } from '@dte/db';
import { AuthService } from '../auth/service.ts';
import { builder } from '../builder.ts';
import { ConflictError, LastOwnerError, NotFoundError } from '../errors.ts';
import { checkEmail, checkText } from '../validation.ts';
import { RoleEnum } from './enums.ts';
import { idOrNotFound, selectedFund } from './guards.ts';

/** A user's role in a fund. */
export const MembershipRef = builder.prismaObject('Membership', {
  description: 'A user’s role in a fund.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    role: t.expose('role', { type: RoleEnum }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    user: t.relation('user'),
    fund: t.relation('fund'),
  }),
});

builder.queryField('members', (t) =>
  t.prismaField({
    type: ['Membership'],
    authScopes: { member: true },
    description: 'Members of the selected fund.',
    resolve: (query, _root, _args, ctx) => {
      const { fundId } = selectedFund(ctx);
      return ctx.db.read((tx) =>
        tx.membership.findMany({
          ...query,
          where: { fundId },
          orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        }),
      );
    },
  }),
);

builder.queryField('member', (t) =>
  t.prismaField({
    type: 'Membership',
    authScopes: { member: true },
    description: 'The membership of a user in the selected fund (NOT_FOUND when they are not a member).',
    args: { userId: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const { fundId } = selectedFund(ctx);
      const userId = idOrNotFound('member', String(args.userId));
      const membership = await ctx.db.read((tx) =>
        tx.membership.findUnique({ ...query, where: { fundId_userId: { fundId, userId } } }),
      );
      if (!membership) throw new NotFoundError('member', userId);
      return membership;
    },
  }),
);

/**
 * Throws LAST_OWNER when the fund's OWNER rows (locked FOR UPDATE, so concurrent demotions take
 * turns) would drop to zero by demoting or removing `userId`.
 */
async function assertOtherOwner(tx: TenantTx, fundId: string, userId: string): Promise<void> {
  const owners = await tx.$queryRaw<{ user_id: string }[]>`
    select user_id from membership where fund_id = ${fundId}::uuid and role = 'OWNER' for update`;
  if (!owners.some((owner) => owner.user_id !== userId)) throw new LastOwnerError();
}

interface AddMemberShape {
  membershipId: string;
  temporaryPassword: string | null;
}

const AddMemberPayload = builder.objectRef<AddMemberShape>('AddMemberPayload').implement({
  description:
    'The new membership. `temporaryPassword` is set only when a new account was created: give it to the person (once; it is not stored in clear) to log in and `changePassword`.',
  fields: (t) => ({
    membership: t.prismaField({
      type: 'Membership',
      resolve: (query, payload, _args, ctx) =>
        ctx.db.read((tx) =>
          tx.membership.findUniqueOrThrow({ ...query, where: { id: payload.membershipId } }),
        ),
    }),
    temporaryPassword: t.exposeString('temporaryPassword', { nullable: true }),
  }),
});

builder.mutationField('addMember', (t) =>
  t.field({
    type: AddMemberPayload,
    authScopes: { role: 'OWNER' },
    description:
      'Adds a person to the selected fund with a role. An existing account (by email) is added as is; otherwise an account is created with a one-time password returned in the payload.',
    args: {
      email: t.arg.string({ required: true }),
      role: t.arg({ type: RoleEnum, required: true }),
      name: t.arg.string({
        required: false,
        description: 'For a new account (default: the email’s local part).',
      }),
    },
    resolve: async (_root, args, ctx) => {
      const { fundId } = selectedFund(ctx);
      const email = checkEmail('email', args.email);
      const name = args.name == null ? (email.split('@')[0] ?? email) : checkText('name', args.name, 200);
      const exists = await ctx.auth.emailExists(email);
      const temporaryPassword = exists ? null : AuthService.temporaryPassword();
      const passwordHash = temporaryPassword ? await ctx.auth.hash(temporaryPassword) : null;
      return ctx.db.write(async (tx, audit) => {
        let user = await tx.user.findUnique({ where: { email }, select: { id: true } });
        let created = false;
        if (!user) {
          if (!passwordHash) throw new ConflictError('the account changed meanwhile: try again', 'email');
          user = await tx.user.create({ data: { email, name, passwordHash }, select: { id: true } });
          created = true;
        }
        const existing = await tx.membership.findUnique({
          where: { fundId_userId: { fundId, userId: user.id } },
          select: { id: true },
        });
        if (existing) throw new ConflictError('this person is already a member of the fund', 'email');
        const membership = await tx.membership.create({
          data: { fundId, userId: user.id, role: args.role },
          select: { id: true },
        });
        audit({
          action: 'member.add',
          targetType: 'User',
          targetId: user.id,
          details: { email, role: args.role, accountCreated: created },
        });
        return { membershipId: membership.id, temporaryPassword: created ? temporaryPassword : null };
      });
    },
  }),
);

builder.mutationField('changeRole', (t) =>
  t.prismaField({
    type: 'Membership',
    authScopes: { role: 'OWNER' },
    description: 'Changes a member’s role. The last OWNER cannot be demoted (LAST_OWNER).',
    args: { userId: t.arg.id({ required: true }), role: t.arg({ type: RoleEnum, required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const { fundId } = selectedFund(ctx);
      const userId = idOrNotFound('member', String(args.userId));
      const role: Role = args.role;
      return ctx.db.write(async (tx, audit) => {
        const membership = await tx.membership.findUnique({ where: { fundId_userId: { fundId, userId } } });
        if (!membership) throw new NotFoundError('member', userId);
        if (membership.role === 'OWNER' && role !== 'OWNER') await assertOtherOwner(tx, fundId, userId);
        const updated = await tx.membership.update({
          ...query,
          where: { id: membership.id },
          data: { role },
        });
        audit({
          action: 'member.role_change',
          targetType: 'User',
          targetId: userId,
          details: { from: membership.role, to: role },
        });
        return updated;
      });
    },
  }),
);

builder.mutationField('removeMember', (t) =>
  t.id({
    authScopes: { role: 'OWNER' },
    description:
      'Removes a member from the selected fund (the account stays); returns the user id. The last OWNER cannot be removed (LAST_OWNER).',
    args: { userId: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const { fundId } = selectedFund(ctx);
      const userId = idOrNotFound('member', String(args.userId));
      return ctx.db.write(async (tx, audit) => {
        const membership = await tx.membership.findUnique({ where: { fundId_userId: { fundId, userId } } });
        if (!membership) throw new NotFoundError('member', userId);
        if (membership.role === 'OWNER') await assertOtherOwner(tx, fundId, userId);
        await tx.membership.delete({ where: { id: membership.id } });
        audit({
          action: 'member.remove',
          targetType: 'User',
          targetId: userId,
          details: { role: membership.role },
        });
        return userId;
      });
    },
  }),
);
