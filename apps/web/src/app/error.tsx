'use client';

/** Last-resort error boundary: something failed while rendering; offers a retry. */
export default function ErrorBoundary({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <main className="narrow" id="main">
      <section className="notice notice-bad" role="alert">
        <h1>Something went wrong</h1>
        <p>The page could not be shown. The API may be unavailable or restarting.</p>
        {error.digest ? (
          <p className="muted">
            Reference <code>{error.digest}</code>
          </p>
        ) : null}
        <button type="button" onClick={reset}>
          Try again
        </button>
      </section>
    </main>
  );
}
