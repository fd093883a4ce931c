'use server';
import { redirect } from 'next/navigation';
import { ApiError } from '../../../../lib/api.ts';
import { graphql } from '../../../../lib/graphql.ts';
import { getFundContext } from '../../../../lib/session.ts';
import { readVarForm } from '../../../../lib/var-result.ts';

const SubmitRun = graphql(`
  mutation SubmitRun($kind: VarRunKind!, $params: VarParamsInput) {
    submitRiskRun(kind: $kind, params: $params) { id status }
  }
`);

const CancelRun = graphql(`
  mutation CancelRun($id: ID!) { cancelRiskRun(id: $id) { id status } }
`);

/** Errors of the run form (the field is the form's input name). */
export interface RunFormState {
  error?: string;
  field?: string;
}

/** Starts a VaR run (ANALYST+) and goes to its page, where the progress is shown live. */
export async function submitRunAction(_previous: RunFormState, form: FormData): Promise<RunFormState> {
  const read = readVarForm(form);
  if (!read.ok) return { error: read.message, field: read.field };
  const ctx = await getFundContext(String(form.get('fund') ?? ''));
  let id: string;
  try {
    const data = await ctx.query(SubmitRun, { kind: read.kind, params: read.params });
    id = data.submitRiskRun.id;
  } catch (error) {
    if (error instanceof ApiError) {
      // The api names fields as `params.paths`, `params.confidences[1]`: map to the form's input.
      const field = error.field?.replace(/^params\./, '').replace(/\[\d+\]$/, '');
      return { error: error.message, ...(field ? { field } : {}) };
    }
    throw error;
  }
  redirect(`/f/${ctx.fund.slug}/var/runs/${id}`);
}

/** Cancels a queued or running run, then shows it again. */
export async function cancelRunAction(form: FormData): Promise<void> {
  const ctx = await getFundContext(String(form.get('fund') ?? ''));
  const id = String(form.get('id') ?? '');
  try {
    await ctx.query(CancelRun, { id });
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
  }
  redirect(`/f/${ctx.fund.slug}/var/runs/${id}`);
}
