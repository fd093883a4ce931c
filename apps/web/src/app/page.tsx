import Link from 'next/link';
import { loadEnv } from '../env.ts';
import { fetchPlatformStatus } from '../lib/platform-status.ts';
import { sessionToken } from '../lib/session.ts';
import { StatusPanel } from './status-panel.tsx';

/** Rendered per request: the status is live, never baked in at build time. */
export const dynamic = 'force-dynamic';

/** Home page (server component): what DTE is, and the live platform status from the api. */
export default async function HomePage() {
  const env = loadEnv();
  const status = await fetchPlatformStatus(env.API_URL);
  const signedIn = Boolean(await sessionToken());
  return (
    <main className="narrow" id="main">
      <header>
        <h1>DTE</h1>
        <p className="tagline">Derivative Token Exposure</p>
      </header>
      <p className="intro">
        How much of each token your fund is really exposed to, across futures, perpetuals, options, leveraged
        tokens and lending positions on every venue, and what it can lose under stress.
      </p>
      <p>
        <Link className="button" href={signedIn ? '/funds' : '/login'}>
          {signedIn ? 'Open your funds' : 'Sign in'}
        </Link>
      </p>
      <StatusPanel status={status} apiUrl={env.API_URL} />
    </main>
  );
}
