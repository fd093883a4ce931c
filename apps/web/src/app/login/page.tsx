import type { Metadata } from 'next';
import { LoginForm } from './login-form.tsx';

export const metadata: Metadata = { title: 'Sign in — DTE' };

/** Sign-in page. `?next=/f/...` returns there afterwards; `?signedOut=1` confirms a logout. */
export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const next = typeof params.next === 'string' ? params.next : null;
  return (
    <main className="narrow" id="main">
      <h1>Sign in to DTE</h1>
      {params.signedOut ? (
        <p className="notice" role="status">
          You are signed out.
        </p>
      ) : null}
      <LoginForm next={next} />
      <p className="muted">Demo accounts and the password are listed in docs/demo-data.md.</p>
    </main>
  );
}
