import Link from 'next/link';
import type { ReactNode } from 'react';
import { NavLinks } from '../../../components/nav-links.tsx';
import { ErrorPanel } from '../../../components/states.tsx';
import { settle } from '../../../lib/api.ts';
import { navFor, roleLabel } from '../../../lib/roles.ts';
import { getFundContext } from '../../../lib/session.ts';
import { logoutAction } from '../../actions.ts';

/**
 * Shell of a fund's pages: fund switcher (a disclosure of links, no script needed), role-aware
 * navigation, the user and sign-out. An unknown or foreign fund is a 404 (see getFundContext).
 */
export default async function FundLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ fund: string }>;
}) {
  const { fund: fundParam } = await params;
  const result = await settle(getFundContext(fundParam));
  if (!result.ok) {
    return (
      <main className="narrow" id="main">
        <ErrorPanel error={result.error} />
      </main>
    );
  }
  const { viewer, fund, role } = result.data;
  const base = `/f/${fund.slug}`;
  const others = viewer.memberships.filter((m) => m.fund.id !== fund.id);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link href={base} className="brand" aria-label="DTE home of this fund">
          DTE
        </Link>
        {others.length > 0 ? (
          <details className="switcher" data-testid="fund-switcher">
            <summary>
              <span className="visually-hidden">Fund: </span>
              {fund.name} <span className="badge">{roleLabel(role)}</span>
            </summary>
            <ul aria-label="Switch fund">
              {viewer.memberships.map((m) => (
                <li key={m.fund.id}>
                  <Link href={`/f/${m.fund.slug}`} aria-current={m.fund.id === fund.id ? 'true' : undefined}>
                    {m.fund.name} <span className="badge">{roleLabel(m.role)}</span>
                  </Link>
                </li>
              ))}
            </ul>
          </details>
        ) : (
          <span className="fund-name" data-testid="fund-name">
            {fund.name} <span className="badge">{roleLabel(role)}</span>
          </span>
        )}
        <span className="spacer" />
        <span className="user" data-testid="user-name">
          {viewer.user.name}
        </span>
        <form action={logoutAction}>
          <button type="submit" className="link-button">
            Sign out
          </button>
        </form>
      </header>
      <nav className="fund-nav" aria-label="Fund sections">
        <NavLinks base={base} items={navFor(role).map(({ path, label }) => ({ path, label }))} />
      </nav>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
