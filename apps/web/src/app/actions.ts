'use server';
import { redirect } from 'next/navigation';
import { ApiError, apiRequest } from '../lib/api.ts';
import { graphql } from '../lib/graphql.ts';
import { clearSessionCookie, clientAddress, sessionToken, setSessionCookie } from '../lib/session.ts';

const LoginMutation = graphql(`
  mutation Login($email: String!, $password: String!) {
    login(email: $email, password: $password, useCookie: false) { token expiresAt }
  }
`);

const FundsQuery = graphql(`
  query LoginFunds { me { memberships { fund { slug } } } }
`);

const LogoutMutation = graphql(`
  mutation Logout { logout }
`);

/** State of the login form. */
export interface LoginState {
  error?: string;
  email?: string;
}

/** Only same-site paths are followed after login (no open redirect). */
function safeNext(value: FormDataEntryValue | null): string | null {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.includes('\\'))
    return null;
  return value;
}

/**
 * Logs in through the api (`login(useCookie: false)` returns the session token), keeps the token in
 * the web app's HttpOnly cookie and goes to `next` or the first fund.
 */
export async function loginAction(_previous: LoginState, form: FormData): Promise<LoginState> {
  const email = String(form.get('email') ?? '').trim();
  const password = String(form.get('password') ?? '');
  if (!email || !password) return { error: 'Enter your email and password.', email };
  let target: string;
  try {
    const forwardedFor = await clientAddress();
    const data = await apiRequest(LoginMutation, { email, password }, { forwardedFor });
    const token = data.login.token;
    if (!token) return { error: 'The API did not return a session token.', email };
    await setSessionCookie(token, new Date(data.login.expiresAt));
    const next = safeNext(form.get('next'));
    if (next) target = next;
    else {
      // Straight to the fund when there is only one; otherwise the fund list.
      const me = await apiRequest(FundsQuery, {}, { token, forwardedFor });
      const [only] = me.me.memberships;
      target = me.me.memberships.length === 1 && only ? `/f/${only.fund.slug}` : '/funds';
    }
  } catch (error) {
    if (error instanceof ApiError) {
      if (error.code === 'INVALID_CREDENTIALS')
        return {
          error: 'Wrong email or password (or the account is locked for 15 minutes after 5 failures).',
          email,
        };
      if (error.kind === 'rate-limited')
        return { error: 'Too many login attempts: wait a minute and try again.', email };
      return { error: error.message, email };
    }
    throw error;
  }
  redirect(target);
}

/** Revokes the api session and removes the cookie. */
export async function logoutAction(): Promise<void> {
  const token = await sessionToken();
  if (token) {
    try {
      await apiRequest(LogoutMutation, {}, { token, forwardedFor: await clientAddress() });
    } catch {
      // The session may already be gone or the api down: the cookie is removed either way.
    }
  }
  await clearSessionCookie();
  redirect('/login?signedOut=1');
}
