'use server';
import { revalidatePath } from 'next/cache';
import { type FormState, field, formAction } from '../../../../lib/form-state.ts';
import { graphql } from '../../../../lib/graphql.ts';
import { ROLES, type Role } from '../../../../lib/roles.ts';
import { getFundContext } from '../../../../lib/session.ts';

const AddMember = graphql(`
  mutation AddMember($email: String!, $role: Role!, $name: String) {
    addMember(email: $email, role: $role, name: $name) { temporaryPassword membership { id } }
  }
`);
const ChangeRole = graphql(`
  mutation ChangeRole($userId: ID!, $role: Role!) { changeRole(userId: $userId, role: $role) { id role } }
`);
const RemoveMember = graphql(`
  mutation RemoveMember($userId: ID!) { removeMember(userId: $userId) }
`);
const CreateKey = graphql(`
  mutation CreateApiKey($name: String!, $scope: ApiKeyScope!, $expiresAt: DateTime) {
    createApiKey(name: $name, scope: $scope, expiresAt: $expiresAt) { secret apiKey { id prefix } }
  }
`);
const RevokeKey = graphql(`
  mutation RevokeApiKey($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }
`);
const UpsertSchedule = graphql(`
  mutation UpsertSchedule($kind: ScheduleKind!, $everySeconds: Int, $cron: String, $enabled: Boolean) {
    upsertSchedule(kind: $kind, everySeconds: $everySeconds, cron: $cron, enabled: $enabled) { applied }
  }
`);

async function context(form: FormData) {
  const ctx = await getFundContext(String(form.get('fund') ?? ''));
  return { ctx, path: `/f/${ctx.fund.slug}/settings` };
}

function role(form: FormData): Role | null {
  const value = field(form, 'role');
  return value && (ROLES as readonly string[]).includes(value) ? (value as Role) : null;
}

/** Adds a member; a new account's one-time password is shown once. */
export async function addMemberAction(_previous: FormState, form: FormData): Promise<FormState> {
  return formAction(async () => {
    const { ctx, path } = await context(form);
    const email = field(form, 'email');
    const r = role(form);
    if (!email) return { error: 'Give the person’s email.' };
    if (!r) return { error: 'Choose a role.' };
    const data = await ctx.query(AddMember, { email, role: r, name: field(form, 'name') ?? null });
    revalidatePath(path);
    const password = data.addMember.temporaryPassword;
    return password
      ? {
          notice: `${email} added with a new account.`,
          secret: { label: `One-time password for ${email}`, value: password },
        }
      : { notice: `${email} added (existing account).` };
  });
}

/** Changes a member's role (the api refuses to demote the last owner). */
export async function changeRoleAction(_previous: FormState, form: FormData): Promise<FormState> {
  return formAction(async () => {
    const { ctx, path } = await context(form);
    const r = role(form);
    if (!r) return { error: 'Choose a role.' };
    await ctx.query(ChangeRole, { userId: String(form.get('userId') ?? ''), role: r });
    revalidatePath(path);
    return { notice: 'Role changed.' };
  });
}

/** Removes a member (the account stays). */
export async function removeMemberAction(_previous: FormState, form: FormData): Promise<FormState> {
  return formAction(async () => {
    const { ctx, path } = await context(form);
    await ctx.query(RemoveMember, { userId: String(form.get('userId') ?? '') });
    revalidatePath(path);
    return {};
  });
}

/** Creates an API key and shows its secret once. */
export async function createKeyAction(_previous: FormState, form: FormData): Promise<FormState> {
  return formAction(async () => {
    const { ctx, path } = await context(form);
    const name = field(form, 'name');
    const scope = field(form, 'scope') === 'READ_WRITE' ? 'READ_WRITE' : 'READ';
    const expires = field(form, 'expiresAt');
    if (!name) return { error: 'Give the key a name.' };
    const expiresAt = expires ? new Date(`${expires}T00:00:00Z`) : null;
    if (expiresAt && Number.isNaN(expiresAt.getTime())) return { error: 'The expiry must be a date.' };
    const data = await ctx.query(CreateKey, {
      name,
      scope,
      expiresAt: expiresAt ? expiresAt.toISOString() : null,
    });
    revalidatePath(path);
    return {
      notice: `Key ${data.createApiKey.apiKey.prefix} created.`,
      secret: { label: `Secret of "${name}"`, value: data.createApiKey.secret },
    };
  });
}

/** Revokes an API key at once. */
export async function revokeKeyAction(_previous: FormState, form: FormData): Promise<FormState> {
  return formAction(async () => {
    const { ctx, path } = await context(form);
    await ctx.query(RevokeKey, { id: String(form.get('id') ?? '') });
    revalidatePath(path);
    return { notice: 'Revoked.' };
  });
}

/** Sets a schedule: an interval in seconds or a cron pattern. */
export async function scheduleAction(_previous: FormState, form: FormData): Promise<FormState> {
  return formAction(async () => {
    const { ctx, path } = await context(form);
    const kind = field(form, 'kind') === 'LIMIT_CHECK' ? 'LIMIT_CHECK' : 'RISK_SNAPSHOT';
    const every = field(form, 'every');
    const cron = every && /^\d+$/.test(every) ? null : (every ?? null);
    const everySeconds = every && /^\d+$/.test(every) ? Number(every) : null;
    if (!every) return { error: 'Give an interval in seconds or a cron pattern.' };
    await ctx.query(UpsertSchedule, { kind, everySeconds, cron, enabled: form.get('enabled') === 'on' });
    revalidatePath(path);
    return { notice: 'Schedule saved.' };
  });
}
