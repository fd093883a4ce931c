'use client';
import { type ReactNode, useActionState } from 'react';
import type { FormState } from '../lib/form-state.ts';

/**
 * A form bound to a server action that answers with a {@link FormState}: shows the error
 * (role="alert") or the notice (role="status"), and a once-shown secret (API key, temporary
 * password) with a warning that it will not be shown again. Works without JavaScript too (the page
 * re-renders with the action's answer).
 */
export function ActionForm({
  action,
  children,
  className,
  label,
  submit,
  pendingLabel,
  danger,
  testId,
}: {
  action: (previous: FormState, form: FormData) => Promise<FormState>;
  children?: ReactNode;
  className?: string;
  label: string;
  submit: string;
  pendingLabel?: string;
  danger?: boolean;
  testId?: string;
}) {
  const [state, formAction, pending] = useActionState<FormState, FormData>(action, {});
  return (
    <form action={formAction} className={className ?? 'row'} aria-label={label} data-testid={testId}>
      {children}
      <button type="submit" disabled={pending} className={danger ? 'danger' : undefined}>
        {pending ? (pendingLabel ?? 'Saving…') : submit}
      </button>
      {state.error ? (
        <p className="field-error" role="alert">
          {state.error}
        </p>
      ) : null}
      {state.notice ? (
        <p className="muted" role="status">
          {state.notice}
        </p>
      ) : null}
      {state.secret ? (
        <div className="notice notice-warn" role="status" data-testid="secret">
          <p>
            <strong>{state.secret.label}</strong>: shown this once, copy it now.
          </p>
          <p>
            <code className="secret">{state.secret.value}</code>
          </p>
        </div>
      ) : null}
    </form>
  );
}
