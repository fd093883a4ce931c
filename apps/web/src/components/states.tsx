import type { ReactNode } from 'react';
import type { ApiError } from '../lib/api.ts';

const TITLES: Record<ApiError['kind'], string> = {
  unavailable: 'The API is unavailable',
  unauthenticated: 'Your session has ended',
  'not-found': 'Not found',
  forbidden: 'Not allowed for your role',
  'bad-input': 'Invalid input',
  'rate-limited': 'Too many requests',
  error: 'The API reported an error',
};

/** An api error shown in place of the data it prevented (role="alert" so it is announced). */
export function ErrorPanel({ error, what }: { error: ApiError; what?: string }) {
  return (
    <section className="notice notice-bad" role="alert" data-testid="api-error" data-kind={error.kind}>
      <h2>{TITLES[error.kind]}</h2>
      <p>
        {what ? `Could not load ${what}. ` : ''}
        {error.message}
      </p>
      {error.kind === 'unavailable' ? (
        <p>
          The rest of the page still works; reload when the API is back (<code>pnpm start</code> runs it).
        </p>
      ) : null}
      {error.requestId ? (
        <p className="muted">
          Request id <code>{error.requestId}</code>
        </p>
      ) : null}
    </section>
  );
}

/** Nothing to show yet, with what to do about it. */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <section className="notice" data-testid="empty-state">
      <h2>{title}</h2>
      {children}
    </section>
  );
}

/** A page heading with an optional lead paragraph. */
export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <header className="page-header">
      <h1>{title}</h1>
      {children ? <div className="lead">{children}</div> : null}
    </header>
  );
}
