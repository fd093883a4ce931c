'use client';
import { useActionState } from 'react';
import { type LoginState, loginAction } from '../actions.ts';

/** Email + password form; errors are announced (role="alert") and focusable fields keep their values. */
export function LoginForm({ next }: { next: string | null }) {
  const [state, action, pending] = useActionState<LoginState, FormData>(loginAction, {});
  return (
    <form
      action={action}
      className="stack login-form"
      aria-describedby={state.error ? 'login-error' : undefined}
    >
      {state.error ? (
        <p id="login-error" className="notice notice-bad" role="alert">
          {state.error}
        </p>
      ) : null}
      <label>
        Email
        <input name="email" type="email" autoComplete="username" required defaultValue={state.email ?? ''} />
      </label>
      <label>
        Password
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <button type="submit" disabled={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
