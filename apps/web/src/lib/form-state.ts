import { ApiError } from './api.ts';

/** What a server action behind an {@link ActionForm} answers. */
export interface FormState {
  error?: string;
  notice?: string;
  /** A value shown once (API key secret, temporary password). */
  secret?: { label: string; value: string };
}

/** Runs a server action body; api errors become `{ error }` (the message names the field). */
export async function formAction(run: () => Promise<FormState>): Promise<FormState> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ApiError) return { error: error.message };
    throw error;
  }
}

/** A trimmed text field of a form, or undefined when empty. */
export function field(form: FormData, name: string): string | undefined {
  const value = form.get(name);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}
