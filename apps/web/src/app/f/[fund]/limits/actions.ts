'use server';
import { revalidatePath } from 'next/cache';
import { type FormState, field, formAction } from '../../../../lib/form-state.ts';
import { graphql } from '../../../../lib/graphql.ts';
import { getFundContext } from '../../../../lib/session.ts';

const CreateLimit = graphql(`
  mutation CreateLimit($input: LimitInput!) { createLimit(input: $input) { id } }
`);
const UpdateLimit = graphql(`
  mutation UpdateLimit($id: ID!, $patch: LimitPatchInput!) { updateLimit(id: $id, patch: $patch) { id enabled } }
`);
const DeleteLimit = graphql(`
  mutation DeleteLimit($id: ID!) { deleteLimit(id: $id) }
`);
const Acknowledge = graphql(`
  mutation AcknowledgeAlert($id: ID!, $note: String) { acknowledgeAlert(id: $id, note: $note) { id status } }
`);

const KINDS = [
  'NET_DELTA',
  'GROSS_NOTIONAL',
  'VAR',
  'LEVERAGE',
  'LIQUIDATION_DISTANCE',
  'STOP_LEVEL',
] as const;
type LimitKind = (typeof KINDS)[number];

async function context(form: FormData) {
  const ctx = await getFundContext(String(form.get('fund') ?? ''));
  return { ctx, path: `/f/${ctx.fund.slug}/limits` };
}

/** Creates a limit (RISK_MANAGER+). */
export async function createLimitAction(_previous: FormState, form: FormData): Promise<FormState> {
  return formAction(async () => {
    const { ctx, path } = await context(form);
    const kind = field(form, 'kind');
    const name = field(form, 'name');
    const threshold = field(form, 'threshold');
    if (!kind || !(KINDS as readonly string[]).includes(kind)) return { error: 'Choose the kind of limit.' };
    if (!name) return { error: 'Give the limit a name.' };
    if (!threshold) return { error: 'Give a threshold.' };
    const warnAt = field(form, 'warnAt');
    const token = field(form, 'token');
    const accountId = field(form, 'accountId');
    const positionId = field(form, 'positionId');
    await ctx.query(CreateLimit, {
      input: {
        kind: kind as LimitKind,
        name,
        threshold,
        ...(warnAt ? { warnAt } : {}),
        ...(token ? { token: token.toUpperCase() } : {}),
        ...(accountId ? { accountId } : {}),
        ...(positionId ? { positionId } : {}),
      },
    });
    revalidatePath(path);
    return { notice: `Limit "${name}" created.` };
  });
}

/** Enables or disables a limit. */
export async function toggleLimitAction(_previous: FormState, form: FormData): Promise<FormState> {
  return formAction(async () => {
    const { ctx, path } = await context(form);
    const enabled = form.get('enabled') === 'true';
    await ctx.query(UpdateLimit, { id: String(form.get('id') ?? ''), patch: { enabled } });
    revalidatePath(path);
    return {};
  });
}

/** Changes a limit's threshold and warning level. */
export async function updateThresholdAction(_previous: FormState, form: FormData): Promise<FormState> {
  return formAction(async () => {
    const { ctx, path } = await context(form);
    const threshold = field(form, 'threshold');
    if (!threshold) return { error: 'Give a threshold.' };
    const warnAt = field(form, 'warnAt');
    await ctx.query(UpdateLimit, {
      id: String(form.get('id') ?? ''),
      patch: { threshold, ...(warnAt ? { warnAt } : {}) },
    });
    revalidatePath(path);
    return { notice: 'Saved.' };
  });
}

/** Deletes a limit and its alerts. */
export async function deleteLimitAction(_previous: FormState, form: FormData): Promise<FormState> {
  return formAction(async () => {
    const { ctx, path } = await context(form);
    await ctx.query(DeleteLimit, { id: String(form.get('id') ?? '') });
    revalidatePath(path);
    return {};
  });
}

/** Acknowledges an open alert (ANALYST+), with an optional note. */
export async function acknowledgeAction(_previous: FormState, form: FormData): Promise<FormState> {
  return formAction(async () => {
    const { ctx, path } = await context(form);
    const note = field(form, 'note');
    await ctx.query(Acknowledge, { id: String(form.get('id') ?? ''), note: note ?? null });
    revalidatePath(path);
    return { notice: 'Acknowledged.' };
  });
}
