import Link from 'next/link';

/** 404 for unknown pages and for funds the user does not belong to (the same answer for both). */
export default function NotFound() {
  return (
    <main className="narrow" id="main" data-testid="not-found">
      <h1>Page not found</h1>
      <p>This page does not exist, or it belongs to a fund you are not a member of.</p>
      <p>
        <Link href="/funds">Go to your funds</Link>
      </p>
    </main>
  );
}
