import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { ErrorPanel } from '../../components/states.tsx';
import { settle } from '../../lib/api.ts';
import { roleLabel } from '../../lib/roles.ts';
import { getViewer } from '../../lib/session.ts';

export const metadata: Metadata = { title: 'Your funds — DTE' };

/** After login: the user's funds (straight to the fund when there is only one). */
export default async function FundsPage() {
  const result = await settle(getViewer());
  if (!result.ok)
    return (
      <main className="narrow" id="main">
        <ErrorPanel error={result.error} />
      </main>
    );
  const viewer = result.data;
  if (!viewer) redirect('/login?next=/funds');
  const [only] = viewer.memberships;
  if (viewer.memberships.length === 1 && only) redirect(`/f/${only.fund.slug}`);
  return (
    <main className="narrow" id="main">
      <h1>Your funds</h1>
      {viewer.memberships.length === 0 ? (
        <p>You are not a member of any fund yet: ask a fund owner to add you.</p>
      ) : (
        <ul className="fund-list">
          {viewer.memberships.map((m) => (
            <li key={m.fund.id}>
              <Link href={`/f/${m.fund.slug}`}>{m.fund.name}</Link>{' '}
              <span className="badge">{roleLabel(m.role)}</span>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
